import { INestApplication } from '@nestjs/common';
import { http, sql, tableCounts, virtualClockSuite } from './support/harness';

/*
 * Henan's meetings as 豫政办〔2021〕61号 二(一) has them, over a quarter on the virtual clock (July–
 * September 2026), with Zhengzhou's loaded beside it and unchanged: the half-year 总群链长例会 of all
 * thirty chains, the quarterly 群链长例会 once per 重大集群 (convened by its 群链长), the monthly 调度会议
 * once per 群链长责任单位 over the chains it is responsible for; and the ad-hoc meetings their
 * conveners call (联席会议, 联盟会商, Zhengzhou's 专题会), whose minutes create decision tasks.
 */
describe("Henan's meetings per convener, and ad-hoc meetings (e2e)", () => {
  const suite = virtualClockSuite('convened_meetings', {
    start: '2026-07-01T08:00:00+08:00',
    profiles: ['henan-2021', 'zhengzhou-2021'],
    units: ['省农业农村厅', '省政府办公厅'],
    chains: ['电力装备产业链', '农机装备产业链', '新型显示和智能终端产业链', '节能环保装备产业链', '智能传感器'],
    people: {
      gongxin: { roles: ['LEAD_UNIT'], unit: '省工业和信息化厅' },
      fagai: { roles: ['LEAD_UNIT'], unit: '省发展改革委' },
      alliance: { roles: ['UNIT_LIAISON'], unit: '许继集团有限公司' },
      zzLead: { roles: ['LEAD_UNIT'], unit: '市工信局' },
      zzLiaison: { roles: ['UNIT_LIAISON'], unit: '高新区' },
    },
  });
  const { who, unit, chain, as, advance } = suite;
  let api: INestApplication;

  interface Meeting {
    id: number;
    title: string;
    type: string | null;
    chainId: number | null;
    chainIds: number[];
    cluster: string | null;
    convenerRole: string | null;
    convenerUnitId: number | null;
    convenerName: string | null;
    scheduledAt: string;
    state: string;
  }

  beforeAll(async () => {
    api = suite.api;
    // The leaders hold chains the profile groups: 周霁 the equipment cluster's, 王凯 every Henan chain.
    const chains = async (where: string, param: string) =>
      (await sql<{ id: number }>(api, `SELECT id FROM chains WHERE ${where} = ? ORDER BY id`, [param])).map((c) => Number(c.id));
    const equipment = await chains('cluster', '装备制造');
    const henan = await chains('profile', 'henan-2021');
    who.zhouji = await suite.user({ roles: ['CHAIN_LEADER'], displayName: '周霁', chains: equipment.map((c) => ({ chainId: c, role: 'LEADER' })) });
    who.wangkai = await suite.user({ roles: ['CHAIN_LEADER'], displayName: '王凯', chains: henan.map((c) => ({ chainId: c, role: 'GENERAL_LEADER' })) });
  });

  const meetingsIn = async (from: string, to: string, query: Record<string, unknown> = {}): Promise<Meeting[]> =>
    (
      await http(api)
        .get('/api/v1/meetings')
        .query({ from, to, pageSize: 100, ...query })
        .set(as(who.gongxin))
        .expect(200)
    ).body.items;
  const named = (meetings: Meeting[], prefix: string) => meetings.filter((m) => m.title.startsWith(prefix));
  const leadChains = async (unitName: string) =>
    (await sql<{ id: number }>(api, `SELECT chain_id AS id FROM chain_roles WHERE role = 'LEAD_UNIT' AND unit_id = ? ORDER BY chain_id`, [unit[unitName]])).map((r) =>
      Number(r.id),
    );

  let dispatch: Meeting;

  it("schedules July's dispatch meetings, one per 责任单位 over the chains it is responsible for; Zhengzhou's chain meetings still one per chain", async () => {
    await advance('2026-07-02T09:00:00+08:00');
    const july = await meetingsIn('2026-07-01', '2026-07-31');

    const dispatches = named(july, '群链长责任单位调度会议');
    expect(dispatches.map((m) => [m.title, m.convenerRole, m.convenerUnitId, m.chainIds.length, m.scheduledAt])).toEqual([
      ['群链长责任单位调度会议（省工业和信息化厅，2026-07）', 'LEAD_UNIT', unit['省工业和信息化厅'], 24, '2026-07-15T01:00:00.000Z'],
      ['群链长责任单位调度会议（省农业农村厅，2026-07）', 'LEAD_UNIT', unit['省农业农村厅'], 2, '2026-07-15T01:00:00.000Z'],
      ['群链长责任单位调度会议（省发展改革委，2026-07）', 'LEAD_UNIT', unit['省发展改革委'], 10, '2026-07-15T01:00:00.000Z'],
    ]);
    dispatch = dispatches[0];
    expect(dispatch.chainIds).toEqual(await leadChains('省工业和信息化厅'));
    expect(dispatch.chainId).toBeNull();
    // 节能环保装备 has two 责任单位: both dispatch it.
    expect(dispatches.filter((m) => m.chainIds.includes(chain['节能环保装备产业链']))).toHaveLength(2);
    // The quarterly and half-year meetings fall in the last month of their period.
    expect(named(july, '群链长例会')).toEqual([]);
    expect(named(july, '总群链长例会')).toEqual([]);

    // Zhengzhou's monthly chain meetings are as they were: one per chain, on the chain.
    const zz = named(july, '产业链月度工作例会');
    expect(zz).toHaveLength(15);
    expect(zz.every((m) => m.chainIds.length === 1 && m.chainId === m.chainIds[0])).toBe(true);
    // A chain's meetings include the grouped meetings that cover it.
    const onPower = await meetingsIn('2026-07-01', '2026-07-31', { chainId: chain['电力装备产业链'] });
    expect(onPower.map((m) => m.id)).toEqual([dispatch.id]);
  });

  it("prefills a dispatch meeting's agenda from every chain it covers; its 责任单位 records the minutes, decisions on the chain they name", async () => {
    const add = (chainName: string, name: string) =>
      http(api).post(`/api/v1/chains/${chain[chainName]}/list-items`).set(as(who.gongxin)).send({ type: 'MATTER', name, reason: '7月调度新增' }).expect(201);
    await add('电力装备产业链', '特高压装备首台套推广');
    await add('农机装备产业链', '大马力拖拉机关键部件攻关');
    const agenda = await http(api).get(`/api/v1/meetings/${dispatch.id}/agenda`).set(as(who.gongxin)).expect(200);
    expect(agenda.body.lists.map((i: { name: string }) => i.name)).toEqual(['特高压装备首台套推广', '大马力拖拉机关键部件攻关']);
    expect(agenda.body.listChanges).toMatchObject({ month: '2026-07', summary: { MATTER: { added: 2, removed: 0 } } });
    // The 发改委's own dispatch meeting does not list the 工信厅's chains.
    const other = await http(api)
      .get(`/api/v1/meetings/${named(await meetingsIn('2026-07-01', '2026-07-31'), '群链长责任单位调度会议').find((m) => m.convenerUnitId === unit['省发展改革委'])!.id}/agenda`)
      .set(as(who.fagai))
      .expect(200);
    expect(other.body.lists).toEqual([]);

    await advance('2026-07-15T11:00:00+08:00');
    const record = (p: { token: string }, body: object) => http(api).post(`/api/v1/meetings/${dispatch.id}/minutes`).set(as(p)).send(body);
    await record(who.fagai, { summary: '越权', decisions: [] }).expect(403);
    const before = await tableCounts(api);
    const outside = await record(who.gongxin, { summary: '调度', decisions: [{ title: '链外事项', ownerUnitId: unit['省工业和信息化厅'], chainId: chain['智能传感器'] }] }).expect(
      400,
    );
    expect(outside.body.message).toContain('decisions.0.chainId');
    expect(await tableCounts(api)).toEqual(before);
    const minutes = await record(who.gongxin, {
      summary: '调度装备制造各链7月进展。',
      decisions: [{ title: '农机装备链8月底前形成关键部件攻关清单', ownerUnitId: unit['省工业和信息化厅'], chainId: chain['农机装备产业链'] }],
    }).expect(200);
    expect(minutes.body).toMatchObject({ state: 'HELD', tasks: [{ state: 'ASSIGNED' }] });
    const task = await http(api).get(`/api/v1/tasks/${minutes.body.tasks[0].id}`).set(as(who.gongxin)).expect(200);
    expect(task.body).toMatchObject({ chainId: chain['农机装备产业链'], issuerUnitId: unit['省工业和信息化厅'], source: { kind: 'MEETING', ref: String(dispatch.id) } });
  });

  it('lets conveners call ad-hoc meetings as their profile allows, prefilled the same way, whose minutes create decision tasks', async () => {
    const call = (p: { token: string }, body: object) => http(api).post('/api/v1/meetings').set(as(p)).send(body);
    const at = '2026-07-28T15:00:00+08:00';
    const before = await tableCounts(api);
    // 联盟会商: only the 盟会长单位 of every chain named.
    await call(who.alliance, { type: 'ALLIANCE', chainIds: [chain['农机装备产业链']], scheduledAt: at }).expect(403);
    await call(who.gongxin, { type: 'ALLIANCE', chainIds: [chain['电力装备产业链']], scheduledAt: at }).expect(403);
    expect((await call(who.alliance, { type: 'TOPICAL', chainIds: [chain['电力装备产业链']], scheduledAt: at }).expect(400)).body.message).toContain('type');
    expect((await call(who.alliance, { type: 'ALLIANCE', chainIds: [], scheduledAt: at }).expect(400)).body.message.join()).toContain('chainIds');
    expect((await call(who.alliance, { type: 'ALLIANCE', chainIds: [999_999], scheduledAt: at }).expect(400)).body.message).toContain('chainIds');
    expect((await call(who.alliance, { type: 'ALLIANCE', chainIds: [chain['电力装备产业链']], scheduledAt: 'soon' }).expect(400)).body.message.join()).toContain('scheduledAt');
    expect((await call(who.gongxin, { type: 'JOINT', chainIds: [chain['电力装备产业链'], chain['智能传感器']], scheduledAt: at }).expect(400)).body.message).toContain('chainIds');
    expect(await tableCounts(api)).toEqual(before);

    const alliance = await call(who.alliance, { type: 'ALLIANCE', chainIds: [chain['电力装备产业链']], scheduledAt: at }).expect(201);
    expect(alliance.body).toMatchObject({
      type: 'ALLIANCE',
      title: '联盟会商（电力装备产业链）',
      chainId: chain['电力装备产业链'],
      chainIds: [chain['电力装备产业链']],
      convenerUnitId: unit['许继集团有限公司'],
      state: 'SCHEDULED',
    });
    const [audit] = await sql<{ n: number }>(api, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'meeting.create' AND target_id = ?`, [String(alliance.body.id)]);
    expect(Number(audit.n)).toBe(1);

    // 联席会议 by a 责任单位 over two of its chains: the agenda covers both.
    const joint = await call(who.gongxin, { type: 'JOINT', chainIds: [chain['农机装备产业链'], chain['电力装备产业链']], scheduledAt: at }).expect(201);
    expect(joint.body).toMatchObject({ title: '联席会议（装备制造）', cluster: '装备制造', convenerRole: 'LEAD_UNIT', convenerUnitId: unit['省工业和信息化厅'] });
    const agenda = await http(api).get(`/api/v1/meetings/${joint.body.id}/agenda`).set(as(who.gongxin)).expect(200);
    expect(agenda.body.lists).toHaveLength(2);
    await http(api).post(`/api/v1/meetings/${joint.body.id}/minutes`).set(as(who.gongxin)).send({ summary: '提前', decisions: [] }).expect(409);

    await advance('2026-07-28T17:00:00+08:00');
    await http(api).post(`/api/v1/meetings/${alliance.body.id}/minutes`).set(as(who.fagai)).send({ summary: '越权', decisions: [] }).expect(403);
    const minutes = await http(api)
      .post(`/api/v1/meetings/${alliance.body.id}/minutes`)
      .set(as(who.alliance))
      .send({ summary: '联盟会商电力装备供需对接。', decisions: [{ title: '组织上下游供需对接会', ownerUnitId: unit['许继集团有限公司'] }] })
      .expect(200);
    const [decision] = minutes.body.tasks;
    const task = await http(api).get(`/api/v1/tasks/${decision.id}`).set(as(who.alliance)).expect(200);
    expect(task.body).toMatchObject({
      state: 'ASSIGNED',
      chainId: chain['电力装备产业链'],
      issuerUnitId: unit['许继集团有限公司'],
      source: { kind: 'MEETING', ref: String(alliance.body.id) },
    });
    expect((await http(api).get(`/api/v1/meetings/${alliance.body.id}`).set(as(who.alliance)).expect(200)).body.decisions.map((d: { id: number }) => d.id)).toEqual([decision.id]);

    // Zhengzhou's 专题会: by the chain's lead department, not a participating district.
    await call(who.zzLiaison, { type: 'TOPICAL', chainIds: [chain['智能传感器']], scheduledAt: at }).expect(403);
    expect((await call(who.zzLead, { type: 'JOINT', chainIds: [chain['智能传感器']], scheduledAt: at }).expect(400)).body.message).toContain('type');
    const topical = await call(who.zzLead, { type: 'TOPICAL', chainIds: [chain['智能传感器']], scheduledAt: '2026-07-29T09:00:00+08:00', title: '传感谷二期用地专题会' }).expect(
      201,
    );
    expect(topical.body).toMatchObject({ title: '传感谷二期用地专题会', chainId: chain['智能传感器'], convenerUnitId: unit['市工信局'] });
  });

  it('schedules the quarterly 群链长例会 once per 重大集群, convened by its 群链长, who records the minutes (the 总群链长 does not)', async () => {
    await advance('2026-09-01T09:00:00+08:00');
    const clusters = named(await meetingsIn('2026-09-01', '2026-09-30'), '群链长例会');
    expect(clusters.map((m) => [m.cluster, m.convenerName, m.chainIds.length])).toEqual([
      ['装备制造', '周霁', 6],
      ['绿色食品', null, 2],
      ['新型材料', '何金平', 4],
      ['电子信息', '费东斌', 6],
      ['节能环保', '王战营', 4],
      ['现代轻纺', '霍金花', 2],
      ['绿色建材', '陈星', 1],
      ['汽车制造', '费东斌', 2],
      ['生物医药', '刘玉江', 2],
      ['现代化工', '戴柏华', 1],
    ]);
    // The 25th of September 2026 is the Mid-Autumn Festival: the meeting moves back to Thursday.
    expect(new Set(clusters.map((m) => [m.scheduledAt, m.convenerRole, m.title.slice(-8)].join()))).toEqual(new Set(['2026-09-24T01:00:00.000Z,LEADER,2026-Q3）']));
    const cluster = clusters[0];
    expect(cluster).toMatchObject({ title: '群链长例会（装备制造，2026-Q3）', chainId: null });
    expect((await http(api).get(`/api/v1/meetings/${cluster.id}`).set(as(who.zhouji)).expect(200)).body.mayRecordMinutes).toBe(true);
    expect((await http(api).get(`/api/v1/meetings/${cluster.id}`).set(as(who.wangkai)).expect(200)).body.mayRecordMinutes).toBe(false);
    // Only a meeting the general leader convenes is delegated.
    await http(api).post(`/api/v1/meetings/${cluster.id}/delegate`).set(as(who.wangkai)).send({ userId: who.zhouji.id }).expect(409);

    await advance('2026-09-24T11:00:00+08:00');
    await http(api).post(`/api/v1/meetings/${cluster.id}/minutes`).set(as(who.wangkai)).send({ summary: '越权', decisions: [] }).expect(403);
    const held = await http(api)
      .post(`/api/v1/meetings/${cluster.id}/minutes`)
      .set(as(who.zhouji))
      .send({ summary: '装备制造集群三季度例会。', decisions: [{ title: '电力装备链梳理首台套需求', ownerUnitId: unit['省工业和信息化厅'], chainId: chain['电力装备产业链'] }] })
      .expect(200);
    expect(held.body.tasks).toHaveLength(1);
    // Issued by the 责任单位 all the cluster's chains share.
    expect((await http(api).get(`/api/v1/tasks/${held.body.tasks[0].id}`).set(as(who.gongxin)).expect(200)).body.issuerUnitId).toBe(unit['省工业和信息化厅']);
  });

  it('holds the quarter: three dispatch meetings a month and ten cluster meetings, never one per Henan chain', async () => {
    await advance('2026-09-30T18:00:00+08:00');
    const quarter = await meetingsIn('2026-07-01', '2026-09-30');
    const byMonth = (month: string) => named(quarter, '群链长责任单位调度会议').filter((m) => m.title.includes(month));
    for (const month of ['2026-07', '2026-08', '2026-09'])
      expect(byMonth(month).map((m) => m.convenerUnitId)).toEqual([unit['省工业和信息化厅'], unit['省农业农村厅'], unit['省发展改革委']]);
    expect(named(quarter, '群链长例会')).toHaveLength(10);
    expect(quarter.filter((m) => m.type !== null).map((m) => m.type)).toEqual(['ALLIANCE', 'JOINT', 'TOPICAL']);
    const [cadences] = await sql<{ n: number }>(api, `SELECT COUNT(*) AS n FROM cadences WHERE profile = 'henan-2021' AND deleted_at IS NULL AND kind = 'MEETING'`);
    expect(Number(cadences.n)).toBe(3);
  });

  it('schedules the half-year 总群链长例会 once, of all thirty chains; the 总群链长 may delegate it to a 群链长, who then records it', async () => {
    await advance('2026-11-20T09:00:00+08:00');
    const halves = named(await meetingsIn('2026-12-01', '2026-12-31'), '总群链长例会');
    expect(halves).toHaveLength(1);
    const halfYear = halves[0];
    // The 28th of December is a Monday.
    expect(halfYear).toMatchObject({
      title: '总群链长例会（王凯，2026-H2）',
      convenerRole: 'GENERAL_LEADER',
      convenerName: '王凯',
      chainId: null,
      scheduledAt: '2026-12-28T01:00:00.000Z',
    });
    expect(halfYear.chainIds).toHaveLength(30);
    expect((await http(api).get(`/api/v1/meetings/${halfYear.id}`).set(as(who.zhouji)).expect(200)).body.mayRecordMinutes).toBe(false);
    expect((await http(api).get(`/api/v1/meetings/${halfYear.id}`).set(as(who.wangkai)).expect(200)).body.mayRecordMinutes).toBe(true);

    const before = await tableCounts(api);
    await http(api).post(`/api/v1/meetings/${halfYear.id}/delegate`).set(as(who.zhouji)).send({ userId: who.zhouji.id }).expect(403);
    const notLeader = await http(api).post(`/api/v1/meetings/${halfYear.id}/delegate`).set(as(who.wangkai)).send({ userId: who.gongxin.id }).expect(400);
    expect(notLeader.body.message).toContain('userId');
    expect(await tableCounts(api)).toEqual(before);
    const delegated = await http(api).post(`/api/v1/meetings/${halfYear.id}/delegate`).set(as(who.wangkai)).send({ userId: who.zhouji.id }).expect(200);
    expect(delegated.body.delegateUserId).toBe(who.zhouji.id);
    expect((await http(api).get(`/api/v1/meetings/${halfYear.id}`).set(as(who.zhouji)).expect(200)).body.mayRecordMinutes).toBe(true);

    await advance('2026-12-28T11:00:00+08:00');
    const held = await http(api)
      .post(`/api/v1/meetings/${halfYear.id}/minutes`)
      .set(as(who.zhouji))
      .send({ summary: '受总群链长委托召集下半年总群链长例会。', decisions: [{ title: '各集群梳理明年重点项目', ownerUnitId: unit['省发展改革委'] }] })
      .expect(200);
    // No 责任单位 is shared by all thirty chains: the decisions are issued by the recording leader's unit, or the supervising office.
    const task = await http(api).get(`/api/v1/tasks/${held.body.tasks[0].id}`).set(as(who.fagai)).expect(200);
    expect(task.body).toMatchObject({ state: 'ASSIGNED', chainId: null, issuerUnitId: unit['省政府办公厅'] });
  });
});
