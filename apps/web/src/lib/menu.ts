import type { Schemas } from '../api/client';

export type Role = Schemas['UserRole'];
export type MenuKey =
  | 'workbench'
  | 'my-work'
  | 'tasks'
  | 'reports'
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
 * their unit's tasks, and the 工作台's cards open that list. Pages of the supervisors and chain
 * leaders (督办看板, 产业链, …) join this table from their own branch.
 */
const MENU: { key: MenuKey; roles: readonly Role[]; group?: MenuGroup }[] = [
  { key: 'workbench', roles: EVERYONE },
  { key: 'my-work', roles: EVERYONE },
  { key: 'tasks', roles: EVERYONE },
  { key: 'reports', roles: EVERYONE },
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
