import type { Schemas } from '../../api/client';

type Chain = Pick<Schemas['ChainDto'], 'leaders' | 'leadUnits' | 'participantUnits'>;
type MeetingType = Schemas['MeetingTypeDto'];
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

/**
 * The ad-hoc meetings (联席会议, 联盟会商, 专题会) the user may call on the chain, as its profile lets
 * holders of its roles (the api's rule): a leader in person, a lead department with its login
 * role, a 盟会长单位 through its unit; supervisors and admins any.
 */
export function conveningTypes(chain: Chain & Pick<Schemas['ChainDetailDto'], 'allianceUnits' | 'meetingTypes'>, user: User): MeetingType[] {
  if (seesEverything(user)) return chain.meetingTypes;
  const held = new Set<Role>();
  if (user.roles.includes('CHAIN_LEADER')) for (const l of chain.leaders) if (l.userId === user.id && LEADING.includes(l.role)) held.add(l.role);
  if (leadsAsUnit(user, chain)) held.add('LEAD_UNIT');
  if (user.unitId !== null && chain.allianceUnits.some((u) => u.id === user.unitId)) held.add('ALLIANCE');
  return chain.meetingTypes.filter((t) => t.convenerRoles.some((r) => held.has(r)));
}
