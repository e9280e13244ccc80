import { ChainRole, LEADER_ROLES, UserRole } from '../org/org.types';

/**
 * How a meeting cadence that covers several chains is divided into meetings:
 * - CONVENER: one meeting per holder of the cadence's convener role (a leader in person, or a
 *   lead department), covering the chains that holder holds the role on;
 * - CLUSTER: one meeting per cluster (集群), convened by the holders of the role on its chains.
 * A cadence without it is one meeting (of its chain, or of none).
 */
export const CONVENE_PER = ['CONVENER', 'CLUSTER'] as const;
export type ConvenePer = (typeof CONVENE_PER)[number];

/** The roles a meeting's convener may hold on its chains. */
export const CONVENER_ROLES = ['GENERAL_LEADER', 'LEADER', 'SUB_LEADER', 'LEAD_UNIT'] as const;
export type ConvenerRole = (typeof CONVENER_ROLES)[number];

/** A role held on a chain, as the grouping reads it. */
export interface ChainRoleHolder {
  chainId: number;
  role: ChainRole;
  unitId: number | null;
  /** The holder's name as a person reads it (the unit's, the user's, or the named holder's). */
  label: string;
}

/** One meeting of a cadence's occurrence: its chains, and who convenes it. */
export interface MeetingGroup {
  /** Stable within a cadence: `cluster:<name>`, `chain:<id>`, `unit:<id>` or `leader:<name>`. */
  key: string;
  chainIds: number[];
  cluster: string | null;
  /** The convening lead department, when a unit convenes. */
  convenerUnitId: number | null;
  /** Who convenes, by name (several for a cluster with several leaders); null when none is named. */
  convenerName: string | null;
  /** What the title adds to the cadence's name: the cluster, or the convener. */
  label: string;
}

/**
 * Divides chains into meetings. `chains` lists every chain the cadence covers (with its cluster);
 * `holders` the roles held on them. A chain on which nobody holds the convener role is not left
 * without a meeting: with CONVENER it joins a meeting of its cluster (or of itself), convened by no
 * one named, so that an unnamed leader (a gap in the source) never silences a chain.
 */
export function meetingGroups(
  per: ConvenePer,
  convenerRole: ConvenerRole,
  chains: readonly { id: number; name: string; cluster: string | null }[],
  holders: readonly ChainRoleHolder[],
): MeetingGroup[] {
  const ofRole = holders.filter((h) => h.role === convenerRole);
  const groups = new Map<string, MeetingGroup & { names: string[] }>();
  const join = (key: string, chainId: number, held: readonly ChainRoleHolder[], init: () => Pick<MeetingGroup, 'cluster' | 'convenerUnitId' | 'label'>) => {
    const group = groups.get(key) ?? { key, chainIds: [], convenerName: null, names: [], ...init() };
    groups.set(key, group);
    if (!group.chainIds.includes(chainId)) group.chainIds.push(chainId);
    for (const h of held) if (!group.names.includes(h.label)) group.names.push(h.label);
  };
  for (const chain of [...chains].sort((a, b) => a.id - b.id)) {
    const held = ofRole.filter((h) => h.chainId === chain.id);
    if (per === 'CLUSTER' || held.length === 0) {
      const key = chain.cluster === null ? `chain:${chain.id}` : `cluster:${chain.cluster}`;
      join(key, chain.id, held, () => ({ cluster: chain.cluster, convenerUnitId: null, label: chain.cluster ?? chain.name }));
    } else {
      for (const h of held) join(convenerKey(h), chain.id, [h], () => ({ cluster: null, convenerUnitId: h.unitId, label: h.label }));
    }
  }
  return [...groups.values()].map(({ names, ...g }) => ({
    ...g,
    convenerName: names.length ? names.join('、') : null,
    // A convener's meeting names its cluster when all its chains share one.
    cluster: g.cluster ?? commonCluster(g.chainIds, chains),
  }));
}

/**
 * A unit convenes as itself; a person by name, so that the leader the notice names and the login
 * later given the same role (under the same name) are one convener, not two meetings.
 */
function convenerKey(h: ChainRoleHolder): string {
  return h.unitId !== null ? `unit:${h.unitId}` : `leader:${h.label}`;
}

function commonCluster(chainIds: number[], chains: readonly { id: number; cluster: string | null }[]): string | null {
  const clusters = new Set(chains.filter((c) => chainIds.includes(c.id)).map((c) => c.cluster));
  return clusters.size === 1 ? [...clusters][0] : null;
}

/** Meetings called when needed (适时召开), not by a cadence. */
export const AD_HOC_MEETING_TYPES = ['JOINT', 'ALLIANCE', 'TOPICAL'] as const;
export type AdHocMeetingType = (typeof AD_HOC_MEETING_TYPES)[number];

/** A profile's ad-hoc meeting: its name (联席会议, 联盟会商, 专题会) and the chain roles whose holders may convene it. */
export interface AdHocMeetingRule {
  type: AdHocMeetingType;
  name: string;
  convenerRoles: ChainRole[];
}

/** The caller as the convening rule reads them. */
export interface Convener {
  roles: readonly UserRole[];
  /** The chain roles the caller holds on each chain named (in person, or through their unit). */
  holds: (chainId: number) => readonly ChainRole[];
}

/**
 * Whether the caller may convene an ad-hoc meeting on these chains: supervisors and admins always;
 * anyone else must hold one of the rule's convener roles on every chain named — a leader role in
 * person (with the CHAIN_LEADER login role), a lead department with the LEAD_UNIT login role, any
 * other unit role (an alliance's 盟会长单位) through their unit.
 */
export function mayConvene(rule: AdHocMeetingRule, caller: Convener, chainIds: readonly number[]): boolean {
  if (caller.roles.includes('SUPERVISOR') || caller.roles.includes('ADMIN')) return true;
  if (chainIds.length === 0) return false;
  return chainIds.every((chainId) => caller.holds(chainId).some((role) => rule.convenerRoles.includes(role) && loginAllows(caller.roles, role)));
}

function loginAllows(roles: readonly UserRole[], role: ChainRole): boolean {
  if (LEADER_ROLES.includes(role)) return roles.includes('CHAIN_LEADER');
  if (role === 'LEAD_UNIT') return roles.includes('LEAD_UNIT');
  return true;
}

/** What of a meeting decides who records its minutes. */
export interface MeetingConvening {
  chainIds: readonly number[];
  type: AdHocMeetingType | null;
  convenerRole: string | null;
  convenerUnitId: number | null;
  delegateUserId: number | null;
}

/**
 * Who records a meeting's minutes: supervisors and admins; the leader the convener delegated it
 * to; the convening unit (its lead department staff, or anyone of an alliance's 盟会长单位). A
 * meeting of one chain is the chain's, as it always was: its lead department or any of its
 * leaders. A meeting of several chains that a person convenes is recorded by a holder of the
 * convener role on one of them (the 群链长 of a cluster, the 总群链长).
 */
export function mayRecordMinutes(m: MeetingConvening, caller: Convener & { id: number; unitId: number | null }): boolean {
  if (caller.roles.includes('SUPERVISOR') || caller.roles.includes('ADMIN')) return true;
  if (m.delegateUserId !== null && m.delegateUserId === caller.id) return true;
  if (m.convenerUnitId !== null && caller.unitId === m.convenerUnitId) return m.type === 'ALLIANCE' || caller.roles.includes('LEAD_UNIT');
  const leads = (role: ChainRole) => LEADER_ROLES.includes(role) && caller.roles.includes('CHAIN_LEADER');
  if (m.chainIds.length === 1) {
    const held = caller.holds(m.chainIds[0]);
    return held.some((role) => leads(role) || (role === 'LEAD_UNIT' && caller.roles.includes('LEAD_UNIT')));
  }
  if (m.convenerUnitId !== null) return false;
  return m.chainIds.some((chainId) => caller.holds(chainId).some((role) => leads(role) && (m.convenerRole === null || role === m.convenerRole)));
}
