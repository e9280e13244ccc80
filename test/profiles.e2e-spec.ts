import { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { parse } from 'yaml';
import { adminToken, chainId, createUser, http, loadProfile, startApi, unitId } from './support/harness';

/*
 * The shipped mechanisms on real MariaDB: both profiles load side by side, a reload changes
 * no row, and the chain directory answers what the documents say — who leads each chain,
 * which department, which participants and alliance units, and the task force.
 */
describe('profiles (e2e)', () => {
  let app: INestApplication;
  let db: DataSource;
  let admin: string;

  interface UnitRef {
    id: number;
    name: string;
  }
  interface ChainItem {
    id: number;
    name: string;
    category: string;
    cluster: string | null;
    future: boolean;
    leaders: { role: string; name: string; userId?: number | null }[];
    leadUnits: UnitRef[];
    participantUnits: UnitRef[];
    allianceUnits: UnitRef[];
  }

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);
    await loadProfile(app, 'zhengzhou-2021');
    await loadProfile(app, 'henan-2021');
    admin = await adminToken(app);
  });

  afterAll(() => app.close());

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  /** Every column of every row the profiles write, hashed per table. */
  async function snapshot(): Promise<Record<string, { rows: number; sha256: string }>> {
    const tables: [string, string][] = [
      ['units', 'id'],
      ['chains', 'id'],
      ['chain_roles', 'id'],
      ['profiles', 'name'],
      ['escalation_policies', 'id'],
      ['cadences', 'id'],
      ['tasks', 'id'],
      ['task_co_units', 'task_id, unit_id'],
    ];
    const out: Record<string, { rows: number; sha256: string }> = {};
    for (const [table, key] of tables) {
      const rows = await db.query(`SELECT * FROM ${table} ORDER BY ${key}`);
      out[table] = { rows: rows.length, sha256: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
    }
    return out;
  }

  async function listChains(query: Record<string, string | number> = {}): Promise<{ items: ChainItem[]; total: number }> {
    const res = await http(app)
      .get('/api/v1/chains')
      .query({ pageSize: 200, ...query })
      .set(as(admin))
      .expect(200);
    return res.body;
  }

  const names = (refs: UnitRef[]) => refs.map((r) => r.name);
  /** The leaders the profile names (other suites may link user accounts as leaders too). */
  const namedLeaders = (chain: ChainItem) => chain.leaders.filter((l) => !l.userId).map((l) => [l.role, l.name]);

  it('loading each profile a second time changes no row, and keeps when the mechanism started', async () => {
    const profilesBefore = await db.query(`SELECT name, loaded_at FROM profiles ORDER BY name`);
    expect(profilesBefore.map((p: { name: string }) => p.name)).toEqual(['henan-2021', 'zhengzhou-2021']);
    const before = await snapshot();
    expect(before.chains.rows).toBe(45);

    const again = [await loadProfile(app, 'zhengzhou-2021'), await loadProfile(app, 'henan-2021')];
    expect(again.map((s) => [s.profile, s.chains, s.firstLoad])).toEqual([
      ['zhengzhou-2021', 15, false],
      ['henan-2021', 30, false],
    ]);

    expect(await snapshot()).toEqual(before);
    const profilesAfter = await db.query(`SELECT name, loaded_at FROM profiles ORDER BY name`);
    expect(profilesAfter).toEqual(profilesBefore);
  });

  it("creates its tasks through the tasks' one creation path: each a DRAFT with one create event, every work point's title whole", async () => {
    const rows: { title: string; kind: string; creates: string }[] = await db.query(
      `SELECT t.title, t.source_kind AS kind,
              (SELECT COUNT(*) FROM events e WHERE e.subject_type = 'TASK' AND e.subject_id = t.id AND e.action = 'create' AND e.from_state IS NULL AND e.to_state = 'DRAFT') AS creates
         FROM tasks t WHERE t.source_kind IN ('WORK_POINT', 'CHAIN_PLAN')`,
    );
    expect(rows.filter((r) => r.kind === 'CHAIN_PLAN').length).toBeGreaterThan(0);
    expect(rows.filter((r) => Number(r.creates) !== 1)).toEqual([]);
    const file = parse(readFileSync('config/profiles/zhengzhou-2021.work-points.yaml', 'utf8')) as { workPoints: { title: string }[] };
    const titles = new Set(rows.filter((r) => r.kind === 'WORK_POINT').map((r) => r.title));
    expect(file.workPoints.filter((wp) => !titles.has(wp.title)).map((wp) => wp.title)).toEqual([]);
  });

  it('lists the 45 chains of both mechanisms with leaders, lead units and participants', async () => {
    const { items, total } = await listChains();
    expect(total).toBe(45);
    expect(items).toHaveLength(45);
    for (const chain of items) {
      expect(chain).toEqual(
        expect.objectContaining({
          id: expect.anything(),
          name: expect.any(String),
          category: expect.stringMatching(/^(EMERGING|TRADITIONAL|CLUSTER)$/),
          leaders: expect.any(Array),
          leadUnits: expect.any(Array),
          participantUnits: expect.any(Array),
        }),
      );
      // Every chain has one lead department at least (四个一), named with its unit id.
      expect(chain.leadUnits.length).toBeGreaterThan(0);
      for (const unit of [...chain.leadUnits, ...chain.participantUnits]) expect(unit).toEqual({ id: expect.anything(), name: expect.any(String) });
    }
    const byName = new Map(items.map((c) => [c.name, c]));

    const sensor = byName.get('智能传感器')!;
    expect(sensor).toMatchObject({ id: await chainId(app, '智能传感器'), category: 'EMERGING' });
    expect(namedLeaders(sensor)).toEqual([
      ['GENERAL_LEADER', '侯红'],
      ['LEADER', '史占勇'],
      ['SUB_LEADER', '开发区、区县（市）主要领导'],
    ]);
    expect(sensor.leadUnits).toEqual([{ id: await unitId(app, '市工信局'), name: '市工信局' }]);
    expect(names(sensor.participantUnits)).toEqual(['市发展改革委', '市科技局', '市商务局']);

    const bio = byName.get('生物医药')!;
    expect(bio.leaders).toContainEqual(expect.objectContaining({ role: 'LEADER', name: '万正峰' }));
    expect(names(bio.leadUnits)).toEqual(['市发展改革委']);
    expect(names(bio.participantUnits)).toEqual(['航空港区', '市工信局', '市科技局', '市卫健委', '市市场监管局']);

    // A traditional chain: the vice mayor is general leader, zones' and districts' leaders lead it.
    const food = byName.get('现代食品')!;
    expect(food.category).toBe('TRADITIONAL');
    expect(namedLeaders(food)).toEqual([
      ['GENERAL_LEADER', '史占勇'],
      ['LEADER', '相关开发区、区县（市）主要领导'],
      ['SUB_LEADER', '相关开发区、区县（市）分管领导'],
    ]);
    expect(names(food.leadUnits)).toEqual(['市工信局']);
    expect(names(food.participantUnits)).toEqual(['市农委', '市市场监管局', '市科技局']);

    // Henan: a cluster chain with two alliance units (盟会长单位) and no participants.
    const mining = byName.get('矿山机械产业链')!;
    expect(mining).toMatchObject({ category: 'CLUSTER', cluster: '装备制造', participantUnits: [] });
    expect(namedLeaders(mining)).toEqual([
      ['GENERAL_LEADER', '王凯'],
      ['LEADER', '周霁'],
    ]);
    expect(names(mining.leadUnits)).toEqual(['省工业和信息化厅']);
    expect(names(mining.allianceUnits)).toEqual(['郑州煤矿机械集团股份有限公司', '中信重工机械股份有限公司']);

    const savingEquipment = byName.get('节能环保装备产业链')!;
    expect(names(savingEquipment.leadUnits)).toEqual(['省发展改革委', '省工业和信息化厅']);
    expect(byName.get('尼龙新材料产业链')).toMatchObject({ cluster: '新型材料' });
    expect(byName.get('氢能及储能产业链')).toMatchObject({ future: true });
    expect(items.filter((c) => c.category === 'CLUSTER').every((c) => c.leaders.some((l) => l.role === 'GENERAL_LEADER' && l.name === '王凯'))).toBe(true);
  });

  it('filters by category', async () => {
    const clusters = await listChains({ category: 'CLUSTER' });
    expect(clusters.total).toBe(30);
    expect(clusters.items).toHaveLength(30);
    expect(clusters.items.every((c) => c.category === 'CLUSTER')).toBe(true);
    expect((await listChains({ category: 'EMERGING' })).total).toBe(10);
    expect((await listChains({ category: 'TRADITIONAL' })).total).toBe(5);

    const bad = await http(app).get('/api/v1/chains').query({ category: 'FUTURE' }).set(as(admin)).expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('category');
  });

  it('pages the list: pageSize 20 by default, the rest on page 3', async () => {
    const first = await http(app).get('/api/v1/chains').set(as(admin)).expect(200);
    expect(first.body).toMatchObject({ total: 45 });
    expect(first.body.items).toHaveLength(20);
    const third = await http(app).get('/api/v1/chains').query({ page: 3 }).set(as(admin)).expect(200);
    expect(third.body.items).toHaveLength(5);
    await http(app).get('/api/v1/chains').query({ pageSize: 201 }).set(as(admin)).expect(400);
  });

  it('shows one chain with its task force, set up in the lead department', async () => {
    const id = await chainId(app, '智能传感器');
    const res = await http(app).get(`/api/v1/chains/${id}`).set(as(admin)).expect(200);
    expect(res.body).toMatchObject({
      id,
      name: '智能传感器',
      leadUnits: [{ name: '市工信局' }],
      taskForce: { unit: { id: await unitId(app, '市工信局'), name: '市工信局' }, members: expect.any(Array) },
    });

    const henan = await http(app)
      .get(`/api/v1/chains/${await chainId(app, '绿色食品（含冷链、休闲）产业链')}`)
      .set(as(admin))
      .expect(200);
    expect(henan.body.taskForce.unit).toEqual({ id: await unitId(app, '省农业农村厅'), name: '省农业农村厅' });
    expect(names(henan.body.leadUnits)).toEqual(['省农业农村厅', '省工业和信息化厅']);

    const missing = await http(app).get('/api/v1/chains/987654').set(as(admin)).expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404 });
    await http(app).get(`/api/v1/chains/${id}`).expect(401);
  });

  it('lists the 4 development zones', async () => {
    const res = await http(app).get('/api/v1/units').query({ kind: 'ZONE' }).set(as(admin)).expect(200);
    const zones = res.body.items as { id: number; name: string; kind: string; parentId: number | null }[];
    expect(zones.every((u) => u.kind === 'ZONE')).toBe(true);
    expect(zones.map((u) => u.name)).toEqual(expect.arrayContaining(['航空港区', '经开区', '高新区', '郑东新区']));
    expect(zones.map((u) => u.name)).not.toContain('金水区');
    expect(res.body.total).toBe(zones.length);
    const [{ n }] = await db.query(`SELECT COUNT(*) AS n FROM units WHERE kind = 'ZONE'`);
    expect(zones).toHaveLength(Number(n));
  });

  it('keeps a user’s task-force membership through a profile reload', async () => {
    const chain = await chainId(app, '智能传感器');
    const member = await createUser(app, admin, {
      roles: ['LEAD_UNIT'],
      unitId: await unitId(app, '市工信局'),
      displayName: '专班成员张三',
      chains: [{ chainId: chain, role: 'TASK_FORCE' }],
    });
    const taskForceOf = async () => (await http(app).get(`/api/v1/chains/${chain}`).set(as(admin)).expect(200)).body.taskForce;

    const before = await taskForceOf();
    expect(before.members).toContainEqual(expect.objectContaining({ userId: member.id, name: '专班成员张三' }));
    expect(before.unit).toMatchObject({ name: '市工信局' });

    await loadProfile(app, 'zhengzhou-2021');
    const after = await taskForceOf();
    expect(after.members).toContainEqual(expect.objectContaining({ userId: member.id, name: '专班成员张三' }));
    expect(after).toEqual(before);

    // The membership is personal: it is not listed as a lead or participant unit.
    const listed = (await listChains()).items.find((c) => c.id === chain)!;
    expect(names(listed.leadUnits)).toEqual(['市工信局']);
    expect(listed.leaders.map((l) => l.name)).not.toContain('专班成员张三');
  });
});
