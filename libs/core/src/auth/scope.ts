import { AuthUser, seesEverything } from './auth-user';

/** A WHERE fragment and its positional parameters. */
export interface ScopeSql {
  sql: string;
  params: unknown[];
}

const LEADER_CHAINS = `SELECT sl.chain_id FROM chain_roles sl WHERE sl.user_id = ? AND sl.role IN ('GENERAL_LEADER', 'LEADER', 'SUB_LEADER')`;
const LED_CHAINS = `SELECT su.chain_id FROM chain_roles su WHERE su.unit_id = ? AND su.role = 'LEAD_UNIT'`;

/**
 * What a caller may see (API.md, "Scope"): admins and supervisors everything; a chain leader
 * their chains; lead-unit staff what their unit issues or owns and the chains it leads; a
 * liaison what their unit owns or co-owns. Roles add up. `unitSide` says, for a kind of
 * record, which columns make it "their unit's" for each role.
 */
function scope(user: AuthUser, a: string, unitSide: { lead: string[]; liaison: string[]; liaisonExtra?: string }): ScopeSql {
  if (seesEverything(user)) return { sql: '1 = 1', params: [] };
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (user.roles.includes('CHAIN_LEADER')) {
    clauses.push(`${a}.chain_id IN (${LEADER_CHAINS})`);
    params.push(user.id);
  }
  if (user.unitId !== null && user.roles.includes('LEAD_UNIT')) {
    clauses.push(...unitSide.lead.map((c) => `${a}.${c} = ?`), `${a}.chain_id IN (${LED_CHAINS})`);
    params.push(...unitSide.lead.map(() => user.unitId), user.unitId);
  }
  if (user.unitId !== null && user.roles.includes('UNIT_LIAISON')) {
    clauses.push(...unitSide.liaison.map((c) => `${a}.${c} = ?`));
    params.push(...unitSide.liaison.map(() => user.unitId));
    if (unitSide.liaisonExtra) {
      clauses.push(unitSide.liaisonExtra.replaceAll('{a}', a));
      params.push(user.unitId);
    }
  }
  return { sql: clauses.length ? `(${clauses.map((c) => `(${c})`).join(' OR ')})` : '1 = 0', params };
}

export const taskScope = (user: AuthUser, a = 't') =>
  scope(user, a, {
    lead: ['issuer_unit_id', 'owner_unit_id'],
    liaison: ['owner_unit_id'],
    liaisonExtra: 'EXISTS (SELECT 1 FROM task_co_units sc WHERE sc.task_id = {a}.id AND sc.unit_id = ?)',
  });

/** An obligation is the owing unit's; its receiver stands where a task's issuer does. */
export const obligationScope = (user: AuthUser, a = 't') => scope(user, a, { lead: ['unit_id', 'receiver_unit_id'], liaison: ['unit_id'] });

/** A problem is the routed unit's, and the raising unit's too. */
export const problemScope = (user: AuthUser, a = 'p') => scope(user, a, { lead: ['routed_to_unit_id', 'raised_by_unit_id'], liaison: ['routed_to_unit_id', 'raised_by_unit_id'] });

export const supervisionScope = (user: AuthUser, a = 'e') => scope(user, a, { lead: ['owner_unit_id'], liaison: ['owner_unit_id'] });
