import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TalliesService } from '@duban/core';
import { adminToken, chainId, createUser, http, inDays, loadProfile, sql, startApi, tableCounts, tallyDrift, unitId } from './support/harness';

/*
 * A task's life over HTTP on real MariaDB: created by the lead department, signed for and
 * submitted by the owner, returned, completed; every change an event; illegal moves 409,
 * wrong roles 403, other units' tasks 404.
 */
describe('tasks (e2e)', () => {
  let app: INestApplication;
  let admin: string;
  let issuer: { id: number; token: string };
  let owner: { id: number; token: string };
  let coUnitLiaison: { id: number; token: string };
  let stranger: { id: number; token: string };
  let supervisor: { id: number; token: string };
  let chainLeader: { id: number; token: string };
  let units: Record<string, number>;
  let sensorChain: number;

  beforeAll(async () => {
    app = await startApi();
    await loadProfile(app, 'zhengzhou-2021');
    admin = await adminToken(app);
    units = {
      gxj: await unitId(app, '市工信局'),
      jk: await unitId(app, '经开区'),
      gx: await unitId(app, '高新区'),
      zy: await unitId(app, '中原区'),
      office: await unitId(app, '市政府办公厅'),
    };
    sensorChain = await chainId(app, '智能传感器');
    issuer = await createUser(app, admin, { roles: ['LEAD_UNIT'], unitId: units.gxj });
    owner = await createUser(app, admin, { roles: ['UNIT_LIAISON'], unitId: units.jk });
    coUnitLiaison = await createUser(app, admin, { roles: ['UNIT_LIAISON'], unitId: units.gx });
    stranger = await createUser(app, admin, { roles: ['UNIT_LIAISON'], unitId: units.zy });
    supervisor = await createUser(app, admin, { roles: ['SUPERVISOR'], unitId: units.office });
    chainLeader = await createUser(app, admin, { roles: ['CHAIN_LEADER'], chains: [{ chainId: sensorChain, role: 'LEADER' }] });
  });

  afterAll(() => app.close());

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  async function newTask(overrides: Record<string, unknown> = {}) {
    const res = await http(app)
      .post('/api/v1/tasks')
      .set(as(issuer.token))
      .send({
        title: '编制智能传感器产业链图谱',
        issuerUnitId: units.gxj,
        ownerUnitId: units.jk,
        coUnitIds: [units.gx],
        chainId: sensorChain,
        dueAt: inDays(10),
        ...overrides,
      })
      .expect(201);
    return res.body;
  }

  const act = (token: string, id: number, body: Record<string, unknown>) => http(app).post(`/api/v1/tasks/${id}/transitions`).set(as(token)).send(body);

  it('walks assign → accept → submit → return → submit → complete, with one event per change', async () => {
    const task = await newTask();
    expect(task).toMatchObject({ state: 'DRAFT', version: 1, timeliness: 'ON_TRACK', escalationLevel: 0, coUnitIds: [units.gx] });

    await act(issuer.token, task.id, { action: 'assign' }).expect(200);
    await act(owner.token, task.id, { action: 'accept' }).expect(200);
    await act(owner.token, task.id, { action: 'submit', comment: '已完成初稿' }).expect(200);
    await act(issuer.token, task.id, { action: 'return', comment: '请补充上下游企业名单' }).expect(200);
    await act(owner.token, task.id, { action: 'submit', comment: '已补充' }).expect(200);
    const done = await act(supervisor.token, task.id, { action: 'complete' }).expect(200);
    expect(done.body).toMatchObject({ state: 'DONE', timeliness: 'ON_TIME', version: 7 });
    expect(done.body.completedAt).toEqual(expect.any(String));

    const events = await http(app).get(`/api/v1/tasks/${task.id}/events`).set(as(owner.token)).expect(200);
    expect(events.body.items.map((e: { action: string; from: string; to: string }) => [e.action, e.from, e.to])).toEqual([
      ['create', null, 'DRAFT'],
      ['assign', 'DRAFT', 'ASSIGNED'],
      ['accept', 'ASSIGNED', 'IN_PROGRESS'],
      ['submit', 'IN_PROGRESS', 'SUBMITTED'],
      ['return', 'SUBMITTED', 'IN_PROGRESS'],
      ['submit', 'IN_PROGRESS', 'SUBMITTED'],
      ['complete', 'SUBMITTED', 'DONE'],
    ]);
    expect(events.body.items[4]).toMatchObject({ actorId: issuer.id, comment: '请补充上下游企业名单' });
  });

  it('answers 409 for an illegal move and 403 for a wrong role, changing nothing', async () => {
    const task = await newTask();
    const before = await tableCounts(app);
    const illegal = await act(issuer.token, task.id, { action: 'complete' }).expect(409);
    expect(illegal.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(illegal.body.message).toContain('DRAFT');
    await act(owner.token, task.id, { action: 'assign' }).expect(403);
    await act(coUnitLiaison.token, task.id, { action: 'cancel', comment: 'x' }).expect(403);
    await act(chainLeader.token, task.id, { action: 'assign' }).expect(403);
    const missingReason = await act(issuer.token, task.id, { action: 'cancel' }).expect(400);
    expect(missingReason.body.message).toContain('comment');
    expect(await tableCounts(app)).toEqual(before);
    const unchanged = await http(app).get(`/api/v1/tasks/${task.id}`).set(as(issuer.token)).expect(200);
    expect(unchanged.body).toMatchObject({ state: 'DRAFT', version: 1 });
  });

  it('rejects a stale version with 409, and lets exactly one of two racing transitions win', async () => {
    const task = await newTask();
    await act(issuer.token, task.id, { action: 'assign', version: 1 }).expect(200);
    const stale = await act(issuer.token, task.id, { action: 'cancel', comment: '重复', version: 1 }).expect(409);
    expect(stale.body.message).toContain('version');

    // All three saw version 2; whichever lands first wins, the others are stale.
    const race = await Promise.all([
      act(owner.token, task.id, { action: 'accept', version: 2 }),
      act(owner.token, task.id, { action: 'accept', version: 2 }),
      act(issuer.token, task.id, { action: 'cancel', comment: '撤销', version: 2 }),
    ]);
    const statuses = race.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(2);
    const events = await app.get(DataSource).query(`SELECT COUNT(*) AS n FROM events WHERE subject_type = 'TASK' AND subject_id = ?`, [task.id]);
    expect(Number(events[0].n)).toBe(3); // create, assign, and the one winner
  });

  it('handles an extension: requested by the owner, approved by the issuer, due date moved', async () => {
    const task = await newTask({ dueAt: inDays(5) });
    await act(issuer.token, task.id, { action: 'assign' }).expect(200);
    const newDue = inDays(20);
    const requested = await act(owner.token, task.id, { action: 'request_extension', dueAt: newDue, comment: '设备进口清关延迟' }).expect(200);
    expect(requested.body).toMatchObject({ state: 'ASSIGNED', extension: { dueAt: newDue, reason: '设备进口清关延迟', requestedBy: owner.id } });
    await act(owner.token, task.id, { action: 'request_extension', dueAt: inDays(30), comment: '再次申请' }).expect(409);
    const approved = await act(issuer.token, task.id, { action: 'approve_extension' }).expect(200);
    expect(approved.body).toMatchObject({ state: 'ASSIGNED', dueAt: newDue, extension: null });
    await act(issuer.token, task.id, { action: 'reject_extension' }).expect(409);
    const earlier = await act(owner.token, task.id, { action: 'request_extension', dueAt: inDays(1), comment: '提前' }).expect(400);
    expect(earlier.body.message).toContain('dueAt');
  });

  it('scopes reads: owner, co-unit, issuer, chain leader and supervisor see it; another unit gets 404', async () => {
    const task = await newTask({ title: '范围测试任务' });
    for (const who of [owner, coUnitLiaison, issuer, chainLeader, supervisor]) {
      await http(app).get(`/api/v1/tasks/${task.id}`).set(as(who.token)).expect(200);
    }
    const hidden = await http(app).get(`/api/v1/tasks/${task.id}`).set(as(stranger.token)).expect(404);
    expect(hidden.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    await http(app).get(`/api/v1/tasks/${task.id}/events`).set(as(stranger.token)).expect(404);
    await act(stranger.token, task.id, { action: 'accept' }).expect(404);
    const list = await http(app).get('/api/v1/tasks').query({ q: '范围测试' }).set(as(stranger.token)).expect(200);
    expect(list.body).toEqual({ items: [], total: 0 });
    const visible = await http(app).get('/api/v1/tasks').query({ q: '范围测试' }).set(as(coUnitLiaison.token)).expect(200);
    expect(visible.body.items.map((t: { id: number }) => t.id)).toEqual([task.id]);
  });

  it('filters and pages lists', async () => {
    const marker = `分页${Date.now()}`;
    const created = [];
    const days = [1, 2, 4, 5, 6]; // the first two inside the 3-day window
    for (let i = 0; i < 5; i++) created.push(await newTask({ title: `${marker}-${i}`, dueAt: inDays(days[i]) }));
    const page1 = await http(app).get('/api/v1/tasks').query({ q: marker, pageSize: 2, page: 1 }).set(as(admin)).expect(200);
    const page3 = await http(app).get('/api/v1/tasks').query({ q: marker, pageSize: 2, page: 3 }).set(as(admin)).expect(200);
    expect(page1.body.total).toBe(5);
    expect(page1.body.items.map((t: { id: number }) => t.id)).toEqual([created[0].id, created[1].id]);
    expect(page3.body.items.map((t: { id: number }) => t.id)).toEqual([created[4].id]);
    expect(page3.body.total).toBe(5);
    // A page past the end is empty and still says how many there are (the page and its total are one statement).
    const page9 = await http(app).get('/api/v1/tasks').query({ q: marker, pageSize: 2, page: 9 }).set(as(admin)).expect(200);
    expect(page9.body).toMatchObject({ items: [], total: 5 });
    const none = await http(app)
      .get('/api/v1/tasks')
      .query({ q: `${marker}-无此任务` })
      .set(as(admin))
      .expect(200);
    expect(none.body).toMatchObject({ items: [], total: 0 });

    const soon = await http(app).get('/api/v1/tasks').query({ q: marker, timeliness: 'DUE_SOON' }).set(as(admin)).expect(200);
    expect(soon.body.items.map((t: { title: string }) => t.title).sort()).toEqual([`${marker}-0`, `${marker}-1`]);
    expect(soon.body.items.every((t: { timeliness: string }) => t.timeliness === 'DUE_SOON')).toBe(true);
    // The scope and the light's filter keep their own parameters: the owner's liaison sees the same yellow tasks.
    const ownSoon = await http(app).get('/api/v1/tasks').query({ q: marker, timeliness: 'DUE_SOON' }).set(as(owner.token)).expect(200);
    expect(ownSoon.body.items.map((t: { title: string }) => t.title).sort()).toEqual([`${marker}-0`, `${marker}-1`]);

    await act(issuer.token, created[2].id, { action: 'assign' }).expect(200);
    const assigned = await http(app).get('/api/v1/tasks').query({ q: marker, state: 'ASSIGNED', ownerUnitId: units.jk }).set(as(admin)).expect(200);
    expect(assigned.body.items.map((t: { id: number }) => t.id)).toEqual([created[2].id]);
    const byChain = await http(app).get('/api/v1/tasks').query({ q: marker, chainId: sensorChain, escalationLevel: 0 }).set(as(admin)).expect(200);
    expect(byChain.body.total).toBe(5);
  });

  it("answers list totals from the tasks' tallies where scope and filters allow, as many as it lists, before and after the workers fold", async () => {
    const assigned = await newTask({ title: '计数-已交办' });
    await act(issuer.token, assigned.id, { action: 'assign' }).expect(200);
    const accepted = await newTask({ title: '计数-办理中', ownerUnitId: units.gx, coUnitIds: [] });
    await act(issuer.token, accepted.id, { action: 'assign' }).expect(200);
    await act(coUnitLiaison.token, accepted.id, { action: 'accept' }).expect(200);
    await newTask({ title: '计数-无产业链', chainId: undefined });
    // As a sweep escalates it: the level is a key of the tallies.
    await sql(app, 'UPDATE tasks SET escalation_level = 2 WHERE id = ?', [assigned.id]);

    const lists: [Record<string, unknown>, string][] = [
      [{}, admin],
      [{ state: 'IN_PROGRESS', ownerUnitId: units.gx }, admin],
      [{ state: 'DRAFT,ASSIGNED' }, admin],
      [{ escalationLevel: 2 }, admin],
      [{ issuerUnitId: units.gxj, chainId: sensorChain }, supervisor.token],
      [{}, chainLeader.token],
      [{ state: 'ASSIGNED' }, issuer.token],
      // Counted from the tasks: a liaison's scope names the co-units, a title is no key.
      [{}, coUnitLiaison.token],
      [{ q: '计数' }, admin],
    ];
    const totals = async () => {
      const seen: number[] = [];
      for (const [query, token] of lists) {
        const list = async (page: number) =>
          (
            await http(app)
              .get('/api/v1/tasks')
              .query({ ...query, page, pageSize: 200 })
              .set(as(token))
              .expect(200)
          ).body;
        const first = await list(1);
        let listed = first.items.length;
        for (let page = 2; listed < first.total && page <= 20; page++) listed += (await list(page)).items.length;
        expect([query, first.total]).toEqual([query, listed]);
        seen.push(first.total);
      }
      return seen;
    };
    const before = await totals();
    expect(before.slice(1, 4).every((n) => n > 0)).toBe(true);
    expect(before[0]).toBeGreaterThan(before[4]);
    expect(await tallyDrift(app)).toEqual({});
    await app.get(TalliesService).fold();
    expect(Number((await sql<{ n: string }>(app, 'SELECT COUNT(*) AS n FROM task_tally_changes'))[0].n)).toBe(0);
    expect(await totals()).toEqual(before);
    expect(await tallyDrift(app)).toEqual({});
  });

  it('stores text verbatim: Chinese, quotes, SQL-looking strings', async () => {
    const title = `关于"链长制"的'督办'; DROP TABLE tasks; -- 100% _完成_ 😀`;
    const task = await newTask({ title, description: '<script>alert(1)</script>\n第二行' });
    const read = await http(app).get(`/api/v1/tasks/${task.id}`).set(as(owner.token)).expect(200);
    expect(read.body.title).toBe(title);
    expect(read.body.description).toBe('<script>alert(1)</script>\n第二行');
    const found = await http(app).get('/api/v1/tasks').query({ q: '100% _完成_' }).set(as(admin)).expect(200);
    expect(found.body.items.map((t: { id: number }) => t.id)).toEqual([task.id]);
  });

  it('lets a lead unit issue only from its own unit, and a liaison not at all', async () => {
    const body = { title: '越权交办', issuerUnitId: units.jk, ownerUnitId: units.gx, dueAt: inDays(3) };
    const foreign = await http(app).post('/api/v1/tasks').set(as(issuer.token)).send(body).expect(403);
    expect(foreign.body.message).toContain('issuerUnitId');
    await http(app).post('/api/v1/tasks').set(as(owner.token)).send(body).expect(403);
    await http(app).post('/api/v1/tasks').set(as(supervisor.token)).send(body).expect(201);
  });
});
