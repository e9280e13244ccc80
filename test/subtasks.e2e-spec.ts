import { INestApplication } from '@nestjs/common';
import { http, type Person, sql, tableCounts, virtualClockSuite } from './support/harness';

/*
 * 任务分解 on the virtual clock from 1 July 2026: a task split into one sub-task per unit, each
 * with its own owner, due date and escalation; supervision reaches the late sub-task only, never
 * the parent, whose state and progress roll up from its children (done when all are done).
 * And the seeds' work points as they are loaded: several leads → a parent with a sub-task per
 * lead; issued by the notice's issuer; 2019 deadlines loaded as history, not as overdue work.
 */
describe('tasks split per unit (e2e)', () => {
  const suite = virtualClockSuite('subtasks', {
    start: '2026-07-01T09:00:00+08:00',
    profiles: ['zhengzhou-2021'],
    chains: ['智能传感器'],
    people: {
      issuer: { roles: ['LEAD_UNIT'], unit: '市工信局' }, // leads 智能传感器
      supervisor: { roles: ['SUPERVISOR'], unit: '市政府办公厅' },
      gx: { roles: ['UNIT_LIAISON'], unit: '高新区' },
      jk: { roles: ['UNIT_LIAISON'], unit: '经开区' },
      hkg: { roles: ['UNIT_LIAISON'], unit: '航空港区' },
      stranger: { roles: ['UNIT_LIAISON'], unit: '中原区' },
    },
  });
  const { who, unit, as, advance } = suite;
  let api: INestApplication;
  let sensors: number;
  beforeAll(() => {
    [api, sensors] = [suite.api, suite.chain['智能传感器']];
  });

  const act = (p: Person, id: number, body: object) => http(api).post(`/api/v1/tasks/${id}/transitions`).set(as(p)).send(body);
  const split = (p: Person, id: number, body: object) => http(api).post(`/api/v1/tasks/${id}/subtasks`).set(as(p)).send(body);
  const get = async (id: number, p: Person = who.issuer) => (await http(api).get(`/api/v1/tasks/${id}`).set(as(p)).expect(200)).body;
  const finish = async (owner: Person, id: number) => {
    await act(owner, id, { action: 'accept' }).expect(200);
    await act(owner, id, { action: 'submit', comment: '已完成' }).expect(200);
    return act(who.issuer, id, { action: 'complete' }).expect(200);
  };
  const newTask = async (title: string, dueAt = '2026-07-24T18:00:00+08:00') =>
    (await http(api).post('/api/v1/tasks').set(as(who.issuer)).send({ title, issuerUnitId: unit['市工信局'], ownerUnitId: unit['经开区'], chainId: sensors, dueAt }).expect(201))
      .body as { id: number; dueAt: string };
  const openEntries = (ids: number[]) =>
    sql<{ subjectId: number; level: number }>(
      api,
      `SELECT subject_id AS subjectId, level FROM supervision_entries WHERE subject_type = 'TASK' AND subject_id IN (?) AND closed_at IS NULL ORDER BY subject_id`,
      [ids],
    );

  let parent: number;
  let children: Record<string, number>;

  it('splits a task into one assigned sub-task per unit; the parent stops escalating and rolls up to IN_PROGRESS', async () => {
    const task = await newTask('建设智能传感器产业园配套设施');
    await act(who.issuer, task.id, { action: 'assign' }).expect(200);
    parent = task.id;

    const res = await split(who.issuer, parent, { ownerUnitIds: [unit['高新区'], unit['经开区']] }).expect(201);
    expect(res.body).toMatchObject({ id: parent, parentId: null, state: 'IN_PROGRESS', progress: 0 });
    expect(res.body.steps).toEqual([]); // its own schedule is stopped: nothing to come
    expect(res.body.children).toEqual([
      { id: expect.any(Number), ownerUnitId: unit['高新区'], state: 'ASSIGNED', timeliness: 'ON_TRACK', escalationLevel: 0, dueAt: task.dueAt, progress: 0 },
      { id: expect.any(Number), ownerUnitId: unit['经开区'], state: 'ASSIGNED', timeliness: 'ON_TRACK', escalationLevel: 0, dueAt: task.dueAt, progress: 0 },
    ]);
    // A third unit joins later, with a later due date of its own (no later than the parent's).
    const later = await split(who.issuer, parent, { ownerUnitIds: [unit['航空港区']], dueAt: '2026-07-24T10:00:00+08:00' }).expect(201);
    expect(later.body.children).toHaveLength(3);
    const [gx, jk, hkg] = later.body.children.map((c: { id: number }) => c.id);
    children = { gx, jk, hkg };

    const child = await get(gx, who.gx);
    expect(child).toMatchObject({
      parentId: parent,
      issuerUnitId: unit['市工信局'],
      ownerUnitId: unit['高新区'],
      chainId: sensors,
      state: 'ASSIGNED',
      children: [],
      progress: null,
    });
    expect(child.steps.map((s: { action: string }) => s.action)).toEqual(['remind', 'remind', 'due', 'urge', 'supervise', 'escalate']);
    // The parent is a container: no step armed, and no lifecycle action but cancel.
    const [row] = await sql<{ nextStepAt: Date | null }>(api, 'SELECT next_step_at AS nextStepAt FROM tasks WHERE id = ?', [parent]);
    expect(row.nextStepAt).toBeNull();
    expect((await act(who.jk, parent, { action: 'accept' }).expect(409)).body.message).toContain('split into sub-tasks');
    const listed = await http(api).get('/api/v1/tasks').query({ parentId: parent }).set(as(who.issuer)).expect(200);
    expect(listed.body.items.map((t: { id: number }) => t.id).sort()).toEqual([gx, jk, hkg].sort());

    const events = (await http(api).get(`/api/v1/tasks/${parent}/events`).set(as(who.issuer)).expect(200)).body.items;
    expect(events.map((e: { action: string; from: string; to: string }) => [e.action, e.from, e.to])).toEqual([
      ['create', null, 'DRAFT'],
      ['assign', 'DRAFT', 'ASSIGNED'],
      ['split', 'ASSIGNED', 'ASSIGNED'],
      ['rollup', 'ASSIGNED', 'IN_PROGRESS'],
      ['split', 'IN_PROGRESS', 'IN_PROGRESS'],
    ]);
  });

  it('supervises the late sub-task only: neither its done sibling nor the parent', async () => {
    await finish(who.gx, children.gx);
    await act(who.hkg, children.hkg, { action: 'accept' }).expect(200);
    // 经开区 does nothing; its sub-task falls due on Friday 24 July and is supervised three working days on.
    await advance('2026-07-30T09:00:00+08:00');
    const [jk, hkg, gx, top] = [await get(children.jk), await get(children.hkg), await get(children.gx), await get(parent)];
    expect(jk).toMatchObject({ escalationLevel: 2, timeliness: 'OVERDUE' });
    expect(gx).toMatchObject({ state: 'DONE', escalationLevel: 0 });
    expect(top).toMatchObject({ state: 'IN_PROGRESS', escalationLevel: 0, progress: 1 / 3 });
    expect(top.children.map((c: { id: number; escalationLevel: number }) => [c.id, c.escalationLevel])).toEqual([
      [children.gx, 0],
      [children.jk, 2],
      [children.hkg, hkg.escalationLevel],
    ]);
    const entries = await openEntries([parent, children.gx, children.jk, children.hkg]);
    expect(entries.map((e) => e.subjectId)).toEqual(expect.arrayContaining([children.jk]));
    expect(entries.map((e) => e.subjectId)).not.toContain(parent);
    expect(entries.map((e) => e.subjectId)).not.toContain(children.gx);
    const notices = await sql<{ n: number }>(api, `SELECT COUNT(*) AS n FROM notifications WHERE subject_type = 'TASK' AND subject_id = ?`, [parent]);
    expect(Number(notices[0].n)).toBe(0);
  });

  it('closes the parent when its last sub-task is done: DONE, with its rollup event, progress 1', async () => {
    await finish(who.jk, children.jk);
    expect(await get(parent)).toMatchObject({ state: 'IN_PROGRESS' });
    await act(who.hkg, children.hkg, { action: 'submit', comment: '已完成' }).expect(200);
    await act(who.issuer, children.hkg, { action: 'complete' }).expect(200);
    const top = await get(parent);
    expect(top).toMatchObject({ state: 'DONE', progress: 1, completedAt: expect.any(String) });
    const events = (await http(api).get(`/api/v1/tasks/${parent}/events`).set(as(who.issuer)).expect(200)).body.items;
    expect(events.at(-1)).toMatchObject({ action: 'rollup', from: 'IN_PROGRESS', to: 'DONE', actorId: who.issuer.id, comment: '子任务均已办结' });
    expect(await openEntries([children.jk])).toEqual([]);
    // The assessment counts the sub-tasks, each for its unit, not the parent (owned by 经开区 too).
    const q3 = (await http(api).get('/api/v1/assessments/2026-Q3').set(as(who.supervisor)).expect(200)).body;
    expect(q3.chains.find((c: { name: string }) => c.name === '智能传感器')).toMatchObject({ tasks: 3, completionRate: 1 });
    expect(q3.units.find((u: { name: string }) => u.name === '经开区')).toMatchObject({ tasks: 1, overdueCount: 1 });
    // So does 经开区's 工作台: its sub-task is one piece of work done, not two with the split task it owns; each card's list agrees.
    const cards = (await http(api).get('/api/v1/me/summary').set(as(who.jk)).expect(200)).body.cards as { key: string; count: number; total?: number; link: { query: object } }[];
    const done = cards.find((c) => c.key === 'completionRate')!;
    expect(done).toMatchObject({ count: 1, total: 1, rate: 1 });
    const ids = async (query: object) => (await http(api).get('/api/v1/tasks').query(query).set(as(who.jk)).expect(200)).body.items.map((t: { id: number }) => t.id);
    expect(await ids(done.link.query)).toEqual([children.jk]);
    expect(await ids({ state: 'DONE', split: 'true' })).toEqual([parent]);
    expect(JSON.stringify((await http(api).get('/api/v1/tasks').query({ split: 'maybe' }).set(as(who.jk)).expect(400)).body.message)).toContain('split');
  });

  it('lets the issuer (not the owner) split, one level deep, naming the field of a bad request, changing nothing', async () => {
    const task = await newTask('绘制智能传感器产业链图谱', '2026-08-31T18:00:00+08:00');
    const before = await tableCounts(api);
    await split(who.jk, task.id, { ownerUnitIds: [unit['高新区']] }).expect(403);
    await split(who.stranger, task.id, { ownerUnitIds: [unit['高新区']] }).expect(404);
    const cases: [object, string][] = [
      [{}, 'ownerUnitIds'],
      [{ ownerUnitIds: [] }, 'ownerUnitIds'],
      [{ ownerUnitIds: [unit['高新区'], unit['高新区']] }, 'ownerUnitIds'],
      [{ ownerUnitIds: [999_999] }, 'ownerUnitIds'],
      [{ ownerUnitIds: ['高新区'] }, 'ownerUnitIds'],
      [{ ownerUnitIds: [unit['高新区']], dueAt: '2026-09-01T18:00:00+08:00' }, 'dueAt'],
      [{ ownerUnitIds: [unit['高新区']], dueAt: '2026-06-30T18:00:00+08:00' }, 'dueAt'],
      [{ ownerUnitIds: [unit['高新区']], dueAt: 'next week' }, 'dueAt'],
    ];
    for (const [body, field] of cases) {
      const res = await split(who.issuer, task.id, body).expect(400);
      expect([body, JSON.stringify(res.body.message)]).toEqual([body, expect.stringContaining(field)]);
    }
    expect(await tableCounts(api)).toEqual(before);

    const res = await split(who.supervisor, task.id, { ownerUnitIds: [unit['高新区'], unit['航空港区']] }).expect(201);
    const child = res.body.children[0].id;
    expect((await split(who.issuer, child, { ownerUnitIds: [unit['经开区']] }).expect(409)).body.message).toContain('one level only');
    expect((await split(who.issuer, task.id, { ownerUnitIds: [unit['高新区']] }).expect(400)).body.message).toContain('ownerUnitIds');
    await split(who.issuer, parent, { ownerUnitIds: [unit['中原区']] }).expect(409); // done

    // Cancelling the parent cancels its open sub-tasks, with its reason.
    await finish(who.gx, child);
    await act(who.issuer, task.id, { action: 'cancel', comment: '方案调整，另行部署' }).expect(200);
    const top = await get(task.id);
    expect(top).toMatchObject({ state: 'CANCELLED' });
    expect(top.children.map((c: { state: string }) => c.state)).toEqual(['DONE', 'CANCELLED']);
    const cancelled = (await http(api).get(`/api/v1/tasks/${top.children[1].id}/events`).set(as(who.hkg)).expect(200)).body.items.at(-1);
    expect(cancelled).toMatchObject({ action: 'cancel', from: 'ASSIGNED', to: 'CANCELLED', comment: '方案调整，另行部署' });
  });

  it('loads multi-lead work points as a parent with a sub-task per lead, issued by the notice’s issuer, and 2019 points as history', async () => {
    const byRef = async (ref: string) =>
      (
        await sql<{ id: number; issuer: string; owner: string; state: string }>(
          api,
          `SELECT t.id, i.name AS issuer, o.name AS owner, t.state FROM tasks t JOIN units i ON i.id = t.issuer_unit_id JOIN units o ON o.id = t.owner_unit_id
            WHERE t.source_kind = 'WORK_POINT' AND t.source_ref = ?`,
          [ref],
        )
      )[0];
    for (const item of [49, 53]) {
      const point = await byRef(`002-${item}`);
      expect(point).toMatchObject({ issuer: '市政府办公厅', owner: '市政府办公厅', state: 'DRAFT' });
      const detail = await get(point.id, who.supervisor);
      expect(detail.children).toHaveLength(18);
      expect(new Set(detail.children.map((c: { ownerUnitId: number }) => c.ownerUnitId)).size).toBe(18);
      expect(detail.children).toContainEqual(expect.objectContaining({ ownerUnitId: unit['高新区'], state: 'DRAFT' }));
    }
    expect(await byRef('002-49-市金融局')).toMatchObject({ issuer: '市政府办公厅', owner: '市金融局' });
    expect(await byRef('002-3')).toMatchObject({ issuer: '市政府办公厅', owner: '市工信局' });
    const issuers = await sql<{ issuer: string }>(
      api,
      `SELECT DISTINCT i.name AS issuer FROM tasks t JOIN units i ON i.id = t.issuer_unit_id WHERE t.source_kind = 'WORK_POINT' AND t.source_ref LIKE '002-%'`,
    );
    expect(issuers).toEqual([{ issuer: '市政府办公厅' }]);

    // 004's 2019 tasks: every one cancelled as history, with the reason, none open or overdue.
    const history = await sql<{ state: string; n: number; reasons: number }>(
      api,
      `SELECT t.state, COUNT(*) AS n,
              SUM(EXISTS (SELECT 1 FROM events e WHERE e.subject_type = 'TASK' AND e.subject_id = t.id AND e.action = 'cancel' AND e.comment LIKE '%历史记录%')) AS reasons
         FROM tasks t WHERE t.source_kind = 'WORK_POINT' AND t.source_ref LIKE '004-%' GROUP BY t.state`,
    );
    expect(history.map((h) => [h.state, Number(h.n) === Number(h.reasons)])).toEqual([['CANCELLED', true]]);
    const cluster = await byRef('004-1');
    expect((await get(cluster.id, who.supervisor)).children).toHaveLength(16);
    const overdue = await http(api).get('/api/v1/tasks').query({ timeliness: 'OVERDUE', q: '产业集聚区', pageSize: 200 }).set(as(who.supervisor)).expect(200);
    expect(overdue.body.items.filter((t: { source: { ref: string } | null }) => t.source?.ref.startsWith('004-'))).toEqual([]);
  });
});
