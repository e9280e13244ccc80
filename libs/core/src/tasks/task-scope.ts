import { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { AuthUser, seesEverything } from '../auth/auth-user';

/**
 * Restricts a task query (alias `t`) to what the caller may see (API.md, "Scope"):
 * a chain leader their chains; lead-unit staff what their unit issues or owns and the
 * chains it leads; a liaison what their unit owns or co-owns. Roles add up.
 */
export function applyTaskScope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, user: AuthUser): SelectQueryBuilder<T> {
  if (seesEverything(user)) return qb;
  const clauses: string[] = [];
  if (user.roles.includes('CHAIN_LEADER')) {
    clauses.push(
      `t.chain_id IN (SELECT sl.chain_id FROM chain_roles sl WHERE sl.user_id = :scopeUser AND sl.role IN ('GENERAL_LEADER', 'LEADER', 'SUB_LEADER'))`,
    );
  }
  if (user.unitId !== null && user.roles.includes('LEAD_UNIT')) {
    clauses.push(
      `t.issuer_unit_id = :scopeUnit OR t.owner_unit_id = :scopeUnit OR t.chain_id IN (SELECT su.chain_id FROM chain_roles su WHERE su.unit_id = :scopeUnit AND su.role = 'LEAD_UNIT')`,
    );
  }
  if (user.unitId !== null && user.roles.includes('UNIT_LIAISON')) {
    clauses.push(`t.owner_unit_id = :scopeUnit OR EXISTS (SELECT 1 FROM task_co_units sc WHERE sc.task_id = t.id AND sc.unit_id = :scopeUnit)`);
  }
  return qb.andWhere(clauses.length > 0 ? `(${clauses.map((c) => `(${c})`).join(' OR ')})` : '1 = 0', {
    scopeUser: user.id,
    scopeUnit: user.unitId,
  });
}
