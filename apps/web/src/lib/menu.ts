import type { Schemas } from '../api/client';

export type Role = Schemas['UserRole'];
export type MenuKey = 'workbench' | 'my-work' | 'tasks' | 'supervision' | 'problems' | 'chains' | 'evaluations' | 'assessments';

/**
 * The side menu, per role (DESIGN.md "Who uses it"). Pages of later phases (配置 for admins)
 * join this table when they exist.
 */
const MENU: { key: MenuKey; roles: readonly Role[] }[] = [
  { key: 'workbench', roles: ['UNIT_LIAISON', 'LEAD_UNIT', 'CHAIN_LEADER', 'SUPERVISOR', 'ADMIN'] },
  { key: 'my-work', roles: ['UNIT_LIAISON', 'LEAD_UNIT', 'CHAIN_LEADER', 'SUPERVISOR', 'ADMIN'] },
  { key: 'tasks', roles: ['LEAD_UNIT', 'CHAIN_LEADER', 'SUPERVISOR', 'ADMIN'] },
  { key: 'supervision', roles: ['SUPERVISOR', 'ADMIN'] },
  // The ledger, the chains and the notices are everyone's to read (the api scopes what each sees).
  { key: 'problems', roles: ['UNIT_LIAISON', 'LEAD_UNIT', 'CHAIN_LEADER', 'SUPERVISOR', 'ADMIN'] },
  { key: 'chains', roles: ['UNIT_LIAISON', 'LEAD_UNIT', 'CHAIN_LEADER', 'SUPERVISOR', 'ADMIN'] },
  { key: 'evaluations', roles: ['UNIT_LIAISON', 'LEAD_UNIT', 'CHAIN_LEADER', 'SUPERVISOR', 'ADMIN'] },
  { key: 'assessments', roles: ['UNIT_LIAISON', 'LEAD_UNIT', 'CHAIN_LEADER', 'SUPERVISOR', 'ADMIN'] },
];

/** The menu entries a user with these roles sees, in menu order. */
export function menuFor(roles: readonly Role[]): MenuKey[] {
  return MENU.filter((entry) => entry.roles.some((role) => roles.includes(role))).map((entry) => entry.key);
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
