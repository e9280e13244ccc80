import type { Schemas } from '../api/client';

export type Role = Schemas['UserRole'];
export type MenuKey =
  | 'workbench'
  | 'my-work'
  | 'tasks'
  | 'imports'
  | 'reports'
  | 'supervision'
  | 'problems'
  | 'chains'
  | 'evaluations'
  | 'assessments'
  | 'indicators'
  | 'cadences'
  | 'policies'
  | 'calendar'
  | 'units'
  | 'users'
  | 'channels'
  | 'audit';

/** 配置: the administrators' pages (the audit log is the supervisors' too), under one menu group. */
export type MenuGroup = 'config';

const EVERYONE: readonly Role[] = ['UNIT_LIAISON', 'LEAD_UNIT', 'CHAIN_LEADER', 'SUPERVISOR', 'ADMIN'];

/**
 * The side menu, per role (DESIGN.md "Who uses it"). Liaisons open 任务 too: the api shows them
 * their unit's tasks, and the 工作台's cards open that list. The ledger, the chains and the notices
 * are everyone's to read (the api scopes what each sees).
 */
const MENU: { key: MenuKey; roles: readonly Role[]; group?: MenuGroup }[] = [
  { key: 'workbench', roles: EVERYONE },
  { key: 'my-work', roles: EVERYONE },
  { key: 'tasks', roles: EVERYONE },
  // 导入: the roles POST /imports allows (a notice's tasks are issued by an office).
  { key: 'imports', roles: ['LEAD_UNIT', 'SUPERVISOR', 'ADMIN'] },
  { key: 'reports', roles: EVERYONE },
  { key: 'supervision', roles: ['SUPERVISOR', 'ADMIN'] },
  { key: 'problems', roles: EVERYONE },
  { key: 'chains', roles: EVERYONE },
  { key: 'evaluations', roles: EVERYONE },
  { key: 'assessments', roles: EVERYONE },
  // 指标完成: everyone; the api shows a liaison their own unit, the city's roles every unit.
  { key: 'indicators', roles: EVERYONE },
  { key: 'cadences', roles: ['ADMIN'], group: 'config' },
  { key: 'policies', roles: ['ADMIN'], group: 'config' },
  { key: 'calendar', roles: ['ADMIN'], group: 'config' },
  { key: 'units', roles: ['ADMIN'], group: 'config' },
  { key: 'users', roles: ['ADMIN'], group: 'config' },
  { key: 'channels', roles: ['ADMIN'], group: 'config' },
  { key: 'audit', roles: ['ADMIN', 'SUPERVISOR'], group: 'config' },
];

/** The menu entries a user with these roles sees, in menu order. */
export function menuFor(roles: readonly Role[]): MenuKey[] {
  return MENU.filter((entry) => entry.roles.some((role) => roles.includes(role))).map((entry) => entry.key);
}

export function groupOf(key: MenuKey): MenuGroup | null {
  return MENU.find((entry) => entry.key === key)?.group ?? null;
}

export function mayOpen(roles: readonly Role[], key: MenuKey): boolean {
  return menuFor(roles).includes(key);
}

/** Who issues tasks from the console: the lead department for its own unit, supervisors and admins for any. */
export function mayIssueTasks(roles: readonly Role[]): boolean {
  return roles.some((role) => role === 'LEAD_UNIT' || role === 'SUPERVISOR' || role === 'ADMIN');
}

export function picksIssuer(roles: readonly Role[]): boolean {
  return roles.some((role) => role === 'SUPERVISOR' || role === 'ADMIN');
}

/** 催办 and 督办/挂牌督办 by hand: supervisors and admins (the api's roles for urge and decide). */
export function maySupervise(roles: readonly Role[]): boolean {
  return roles.some((role) => role === 'SUPERVISOR' || role === 'ADMIN');
}
