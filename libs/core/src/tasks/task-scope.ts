import { AuthUser, hasAnyRole } from '../auth/auth-user';

/**
 * What the caller can act on now (待办), alias `t`: as the owner, assignments to sign for and work
 * to feed back on; as the issuer, submissions to review and extensions to decide on another unit's
 * work; as a supervisor, submissions where the issuing unit is the owner (separation of duties).
 */
export function todoScope(user: AuthUser): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (user.unitId !== null && hasAnyRole(user, 'UNIT_LIAISON', 'LEAD_UNIT')) {
    // A split task is its sub-tasks' container: its owner acts on the sub-tasks, not on it.
    clauses.push(`t.owner_unit_id = ? AND t.state IN ('ASSIGNED', 'IN_PROGRESS') AND NOT EXISTS (SELECT 1 FROM tasks sub WHERE sub.parent_id = t.id)`);
    params.push(user.unitId);
  }
  if (user.unitId !== null && hasAnyRole(user, 'LEAD_UNIT')) {
    clauses.push(
      `t.issuer_unit_id = ? AND t.owner_unit_id <> ? AND (t.state = 'SUBMITTED' OR (t.extension_due_at IS NOT NULL AND t.state IN ('ASSIGNED', 'IN_PROGRESS', 'SUBMITTED')))`,
    );
    params.push(user.unitId, user.unitId);
  }
  if (hasAnyRole(user, 'SUPERVISOR')) {
    clauses.push(`t.issuer_unit_id = t.owner_unit_id AND (t.state = 'SUBMITTED' OR (t.extension_due_at IS NOT NULL AND t.state IN ('ASSIGNED', 'IN_PROGRESS', 'SUBMITTED')))`);
  }
  return { sql: clauses.length ? `(${clauses.map((c) => `(${c})`).join(' OR ')})` : '1 = 0', params };
}
