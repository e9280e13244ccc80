import { ChainRole, UserRole } from '../org/org.types';
import { ChainRoleHolder, mayConvene, mayRecordMinutes, meetingGroups } from './meetings';

/* Henan's 分工表 in small: two clusters, one leader leading both, a cluster whose leader is unnamed, two lead departments. */
const CHAINS = [
  { id: 1, name: '电力装备产业链', cluster: '装备制造' },
  { id: 2, name: '农机装备产业链', cluster: '装备制造' },
  { id: 3, name: '新型显示和智能终端产业链', cluster: '电子信息' },
  { id: 4, name: '整车及零部件产业链', cluster: '汽车制造' },
  { id: 5, name: '绿色食品（含冷链、休闲）产业链', cluster: '绿色食品' },
  { id: 6, name: '节能环保装备产业链', cluster: '节能环保' },
];
const holder = (chainId: number, role: ChainRole, unitId: number | null, label: string): ChainRoleHolder => ({ chainId, role, unitId, label });
const UNITS: Record<number, string> = { 10: '省工业和信息化厅', 11: '省发展改革委', 12: '省农业农村厅' };
const HOLDERS: ChainRoleHolder[] = [
  ...CHAINS.map((c) => holder(c.id, 'GENERAL_LEADER', null, '王凯')),
  ...(
    [
      [1, '周霁'],
      [2, '周霁'],
      [3, '费东斌'],
      [4, '费东斌'],
      [6, '王战营'],
    ] as const
  ).map(([chain, name]) => holder(chain, 'LEADER', null, name)),
  ...(
    [
      [1, 10],
      [2, 10],
      [3, 11],
      [4, 10],
      [5, 12],
      [5, 10],
      [6, 11],
      [6, 10],
    ] as const
  ).map(([chain, unit]) => holder(chain, 'LEAD_UNIT', unit, UNITS[unit])),
];
const summary = (groups: ReturnType<typeof meetingGroups>) => groups.map((g) => [g.key, g.chainIds, g.convenerName, g.convenerUnitId]);

describe('meetingGroups', () => {
  it('per cluster: one meeting per 集群 convened by its 群链长; a leader of two clusters holds two; an unnamed leader leaves the cluster its meeting', () => {
    expect(summary(meetingGroups('CLUSTER', 'LEADER', CHAINS, HOLDERS))).toEqual([
      ['cluster:装备制造', [1, 2], '周霁', null],
      ['cluster:电子信息', [3], '费东斌', null],
      ['cluster:汽车制造', [4], '费东斌', null],
      ['cluster:绿色食品', [5], null, null],
      ['cluster:节能环保', [6], '王战营', null],
    ]);
  });

  it('per convener: one meeting per leader over the chains they lead; chains without one meet per cluster', () => {
    expect(summary(meetingGroups('CONVENER', 'LEADER', CHAINS, HOLDERS))).toEqual([
      ['leader:周霁', [1, 2], '周霁', null],
      ['leader:费东斌', [3, 4], '费东斌', null],
      ['cluster:绿色食品', [5], null, null],
      ['leader:王战营', [6], '王战营', null],
    ]);
  });

  it('per lead department: each dispatches every chain it is responsible for, a chain with two in both; the general leader holds one meeting of all', () => {
    expect(summary(meetingGroups('CONVENER', 'LEAD_UNIT', CHAINS, HOLDERS))).toEqual([
      ['unit:10', [1, 2, 4, 5, 6], '省工业和信息化厅', 10],
      ['unit:11', [3, 6], '省发展改革委', 11],
      ['unit:12', [5], '省农业农村厅', 12],
    ]);
    expect(summary(meetingGroups('CONVENER', 'GENERAL_LEADER', CHAINS, HOLDERS))).toEqual([['leader:王凯', [1, 2, 3, 4, 5, 6], '王凯', null]]);
    // The login later given the same role, under the same name, convenes the same meeting.
    const login = CHAINS.map((c) => holder(c.id, 'GENERAL_LEADER', null, '王凯'));
    expect(meetingGroups('CONVENER', 'GENERAL_LEADER', CHAINS, [...HOLDERS, ...login])).toHaveLength(1);
  });

  it('names the cluster of a meeting whose chains share one, and none otherwise', () => {
    const groups = meetingGroups('CONVENER', 'LEAD_UNIT', CHAINS, HOLDERS);
    expect(groups.map((g) => g.cluster)).toEqual([null, null, '绿色食品']);
    expect(meetingGroups('CONVENER', 'LEADER', CHAINS, HOLDERS)[0]).toMatchObject({ cluster: '装备制造', label: '周霁' });
  });
});

const held =
  (table: Record<number, ChainRole[]>) =>
  (chainId: number): ChainRole[] =>
    table[chainId] ?? [];

describe('mayConvene', () => {
  const alliance = { type: 'ALLIANCE' as const, name: '联盟会商', convenerRoles: ['ALLIANCE' as ChainRole] };
  const joint = { type: 'JOINT' as const, name: '联席会议', convenerRoles: ['LEAD_UNIT' as ChainRole] };

  it('needs the convener role on every chain named (an alliance unit through its unit; a lead department with its login role)', () => {
    const ally = { roles: ['UNIT_LIAISON'] as UserRole[], holds: held({ 1: ['ALLIANCE'], 2: [] }) };
    expect(mayConvene(alliance, ally, [1])).toBe(true);
    expect(mayConvene(alliance, ally, [1, 2])).toBe(false);
    const lead = { roles: ['LEAD_UNIT'] as UserRole[], holds: held({ 1: ['LEAD_UNIT'], 2: ['LEAD_UNIT'] }) };
    expect(mayConvene(joint, lead, [1, 2])).toBe(true);
    expect(mayConvene(joint, { ...lead, roles: ['UNIT_LIAISON'] }, [1, 2])).toBe(false);
    expect(mayConvene(joint, lead, [])).toBe(false);
  });

  it('lets supervisors and admins convene any; a leader role needs the CHAIN_LEADER login', () => {
    expect(mayConvene(joint, { roles: ['SUPERVISOR'], holds: held({}) }, [1])).toBe(true);
    const topical = { type: 'TOPICAL' as const, name: '专题会', convenerRoles: ['LEADER' as ChainRole] };
    expect(mayConvene(topical, { roles: ['CHAIN_LEADER'], holds: held({ 1: ['LEADER'] }) }, [1])).toBe(true);
    expect(mayConvene(topical, { roles: ['UNIT_LIAISON'], holds: held({ 1: ['LEADER'] }) }, [1])).toBe(false);
  });
});

describe('mayRecordMinutes', () => {
  const base = { type: null, convenerRole: 'LEADER', convenerUnitId: null, delegateUserId: null };
  const caller = (roles: UserRole[], table: Record<number, ChainRole[]>, unitId: number | null = null, id = 7) => ({ id, unitId, roles, holds: held(table) });

  it("keeps a one-chain meeting the chain's: its leaders and its lead department", () => {
    const m = { ...base, chainIds: [1] };
    expect(mayRecordMinutes(m, caller(['CHAIN_LEADER'], { 1: ['GENERAL_LEADER'] }))).toBe(true);
    expect(mayRecordMinutes(m, caller(['LEAD_UNIT'], { 1: ['LEAD_UNIT'] }, 10))).toBe(true);
    expect(mayRecordMinutes(m, caller(['UNIT_LIAISON'], { 1: ['PARTICIPANT'] }, 30))).toBe(false);
  });

  it("gives a cluster's meeting to its 群链长, not the general leader; a unit's to that unit; a delegated meeting to its delegate", () => {
    const cluster = { ...base, chainIds: [1, 2] };
    expect(mayRecordMinutes(cluster, caller(['CHAIN_LEADER'], { 2: ['LEADER'] }))).toBe(true);
    expect(mayRecordMinutes(cluster, caller(['CHAIN_LEADER'], { 1: ['GENERAL_LEADER'], 2: ['GENERAL_LEADER'] }))).toBe(false);
    expect(mayRecordMinutes(cluster, caller(['LEAD_UNIT'], { 1: ['LEAD_UNIT'] }, 10))).toBe(false);
    const dispatch = { ...base, convenerRole: 'LEAD_UNIT', convenerUnitId: 10, chainIds: [1, 2] };
    expect(mayRecordMinutes(dispatch, caller(['LEAD_UNIT'], {}, 10))).toBe(true);
    expect(mayRecordMinutes(dispatch, caller(['LEAD_UNIT'], { 1: ['LEAD_UNIT'] }, 11))).toBe(false);
    const half = { ...base, convenerRole: 'GENERAL_LEADER', chainIds: [1, 2], delegateUserId: 8 };
    expect(mayRecordMinutes(half, caller(['CHAIN_LEADER'], { 1: ['LEADER'] }, null, 8))).toBe(true);
    expect(mayRecordMinutes(half, caller(['CHAIN_LEADER'], { 2: ['LEADER'] }, null, 9))).toBe(false);
  });
});
