import type { Schemas } from '../../api/client';

type Chain = Pick<Schemas['ChainDto'], 'leaders' | 'leadUnits' | 'participantUnits'>;
type User = Pick<Schemas['MeDto'], 'id' | 'roles' | 'unitId'>;
type Role = Schemas['ChainRole'];

const LEADING: readonly Role[] = ['GENERAL_LEADER', 'LEADER', 'SUB_LEADER'];
const seesEverything = (user: User) => user.roles.includes('SUPERVISOR') || user.roles.includes('ADMIN');
const leadsAsUnit = (user: User, chain: Chain) => user.roles.includes('LEAD_UNIT') && user.unitId !== null && chain.leadUnits.some((u) => u.id === user.unitId);

/** The user's parts in a chain, as its roles name them: 链长 (of any rank), 牵头部门, 参与部门. */
export function rolesIn(chain: Chain, user: User): Role[] {
  const roles = new Set<Role>(chain.leaders.filter((l) => l.userId === user.id).map((l) => l.role));
  if (user.unitId !== null && chain.leadUnits.some((u) => u.id === user.unitId)) roles.add('LEAD_UNIT');
  if (user.unitId !== null && chain.participantUnits.some((u) => u.id === user.unitId)) roles.add('PARTICIPANT');
  return [...roles];
}

/** Who adjusts the four lists: the chain's lead department, supervisors, admins (the api's rule). */
export function mayEditLists(chain: Chain, user: User): boolean {
  return seesEverything(user) || leadsAsUnit(user, chain);
}

/** Who records a meeting's minutes: the chain's leaders, its lead department, supervisors, admins. */
export function mayRecordMinutes(chain: Chain | null, user: User): boolean {
  if (seesEverything(user)) return true;
  if (!chain) return false;
  if (leadsAsUnit(user, chain)) return true;
  return user.roles.includes('CHAIN_LEADER') && chain.leaders.some((l) => l.userId === user.id && LEADING.includes(l.role));
}
