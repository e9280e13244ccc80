import { INestApplication, INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { adminToken, chainId, createUser, http, isolatedEnvironment, loadProfile, sql, startApi, startWorker, tallyDrift, unitId } from './support/harness';

/*
 * Supervisors acting by hand, and what the console shows of it (the console issue): 催办 now and
 * 督办/挂牌督办 by decision, each in the subject's timeline with the engine's own steps; the
 * steps each subject shows, done and to come; the supervision board with its filters and export.
 * On the virtual clock from 1 July 2026 (zhengzhou-2021, its July reports falling due on the 20th).
 */
describe('supervision by hand, timelines, steps and the board (e2e)', () => {
  let cleanup: () => Promise<void>;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let admin: string;
  type Person = { id: number; token: string };
  const who: Record<string, Person> = {};
  const unit: Record<string, number> = {};
  let sensors: number;
  let equipment: number;

  beforeAll(async () => {
    cleanup = await isolatedEnvironment('supervision', { DUBAN_TIME_TRAVEL: '1', DUBAN_CLOCK_START: '2026-07-01T09:00:00+08:00', DUBAN_WEBHOOK_ALLOW: '127.0.0.1' });
    api = await startApi();
    worker = await startWorker();
    await loadProfile(api, 'zhengzhou-2021');
    admin = await adminToken(api);
    for (const name of ['高新区', '经开区', '二七区', '市工信局', '市发展改革委', '市政府办公厅']) unit[name] = await unitId(api, name);
    sensors = await chainId(api, '智能传感器');
    equipment = await chainId(api, '智能装备');
    who.supervisor = await createUser(api, admin, { roles: ['SUPERVISOR'], unitId: unit['市政府办公厅'], displayName: '督查处王督查' });
    who.liaison = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: unit['高新区'] });
    who.zoneStaff = await createUser(api, admin, { roles: ['LEAD_UNIT'], unitId: unit['高新区'] });
    who.otherLiaison = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: unit['经开区'] });
    who.lead = await createUser(api, admin, { roles: ['LEAD_UNIT'], unitId: unit['市工信局'] }); // leads 智能传感器 and 智能装备
    who.otherLead = await createUser(api, admin, { roles: ['LEAD_UNIT'], unitId: unit['市发展改革委'] });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await cleanup?.();
  });

  const as = (p: Person | string) => ({ authorization: `Bearer ${typeof p === 'string' ? p : p.token}` });
  const advance = (now: string) => http(api).post('/api/v1/admin/clock').set(as(admin)).send({ now }).expect(200);
  const urge = (p: Person, body: object) => http(api).post('/api/v1/supervision/urge').set(as(p)).send(body);
  const decide = (p: Person, body: object) => http(api).post('/api/v1/supervision/decide').set(as(p)).send(body);
  const transition = (p: Person, id: number, body: object) => http(api).post(`/api/v1/tasks/${id}/transitions`).set(as(p)).send(body).expect(200);
  const newTask = async (title: string, dueAt: string, assign = true) => {
    const task = await http(api)
      .post('/api/v1/tasks')
      .set(as(who.supervisor))
      .send({ title, issuerUnitId: unit['市政府办公厅'], ownerUnitId: unit['高新区'], dueAt, chainId: sensors })
      .expect(201);
    if (assign) await transition(who.supervisor, task.body.id, { action: 'assign' });
    return task.body.id as number;
  };
  const inbox = async (p: Person, subjectType: string, subjectId: number) =>
    ((await http(api).get('/api/v1/notifications').query({ pageSize: 200 }).set(as(p)).expect(200)).body.items as Record<string, unknown>[]).filter(
      (n) => n.subjectType === subjectType && n.subjectId === subjectId,
    );
  const timeline = async (p: Person, path: string) => (await http(api).get(`/api/v1/${path}/events`).set(as(p)).expect(200)).body.items as Record<string, unknown>[];
  const counts = async () =>
    (
      await sql<Record<string, string>>(
        api,
        'SELECT (SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(*) FROM notifications) AS notifications, (SELECT COUNT(*) FROM supervision_entries) AS entries, (SELECT COUNT(*) FROM audit_log) AS audit',
      )
    )[0];
  const july = async (unitName: string, chain: number) => {
    const items = (await http(api).get('/api/v1/obligations').query({ period: '2026-07', unitId: unit[unitName], pageSize: 200 }).set(as(who.supervisor)).expect(200)).body
      .items as {
      id: number;
      chainId: number;
      cadenceId: number;
    }[];
    return items.find((o) => o.chainId === chain)!;
  };
  /** Wall time in Shanghai as an instant. */
  const at = (local: string) => new Date(`${local}+08:00`).toISOString();

  let urged: number;

  it('urges by hand: the owner unit’s liaisons and staff are told, the level is 1, the timeline and the audit log show it; once an hour', async () => {
    urged = await newTask('报送传感谷二期用地台账', '2026-07-10T18:00:00+08:00');
    const body = { subjectType: 'TASK', subjectId: urged, message: '请于7月5日前反馈用地台账进展。' };
    await urge(who.liaison, body).expect(403);
    await urge(who.lead, body).expect(403);

    const before = await counts();
    const refused = [
      [{ ...body, subjectType: 'MEETING' }, 'subjectType'],
      [{ ...body, message: '  ' }, 'message'],
      [{ ...body, subjectId: '12' }, 'subjectId'],
      [{ ...body, message: 'x'.repeat(501) }, 'message'],
      [{ ...body, level: 2 }, 'level'],
      [{ subjectType: 'TASK', subjectId: urged }, 'message'],
    ] as const;
    for (const [wrong, field] of refused) expect((await urge(who.supervisor, wrong).expect(400)).body.message.join(' ')).toContain(field);
    expect((await urge(who.supervisor, { ...body, subjectId: 4_294_967_295 }).expect(404)).body.message).toBe('subjectId: task 4294967295 not found');
    expect(await counts()).toEqual(before);

    const channel = await http(api)
      .post('/api/v1/notification-channels')
      .set(as(admin))
      .send({ kind: 'WEBHOOK', target: 'https://127.0.0.1:9/supervision', userId: who.zoneStaff.id })
      .expect(201);
    const event = await urge(who.supervisor, body).expect(200);
    await http(api).delete(`/api/v1/notification-channels/${channel.body.id}`).set(as(admin)).expect(204);
    expect(event.body).toMatchObject({
      subjectType: 'TASK',
      subjectId: urged,
      action: 'urge',
      actorId: who.supervisor.id,
      comment: body.message,
      data: { manual: true, level: 1 },
    });

    expect((await http(api).get(`/api/v1/tasks/${urged}`).set(as(who.liaison)).expect(200)).body.escalationLevel).toBe(1);
    expect((await timeline(who.liaison, `tasks/${urged}`)).map((e) => e.action)).toEqual(['create', 'assign', 'urge']);
    expect((await timeline(who.liaison, `tasks/${urged}`)).at(-1)).toEqual(expect.objectContaining({ id: event.body.id, comment: body.message, actorId: who.supervisor.id }));

    for (const p of [who.liaison, who.zoneStaff]) {
      const [told, ...more] = await inbox(p, 'TASK', urged);
      expect(more).toEqual([]);
      expect(told).toMatchObject({ kind: 'URGE', title: '【催办】任务“报送传感谷二期用地台账”现予催办' });
      expect(told.body).toBe('高新区：任务“报送传感谷二期用地台账”，截止时间2026-07-10 18:00。督查处王督查催办：请于7月5日前反馈用地台账进展。请尽快办理并反馈。');
    }
    for (const p of [who.otherLiaison, who.lead]) expect(await inbox(p, 'TASK', urged)).toEqual([]);
    const deliveries = await sql(api, `SELECT id FROM deliveries WHERE subject_type = 'TASK' AND subject_id = ? AND step_key = ?`, [urged, `event@${event.body.id}`]);
    expect(deliveries).toHaveLength(1);

    const audit = await http(api)
      .get('/api/v1/audit')
      .query({ target: 'task', targetId: String(urged) })
      .set(as(who.supervisor))
      .expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'supervision.urge', actorId: who.supervisor.id, before: { escalationLevel: 0 } })]);

    // Within the hour: 429, saying when; an hour later it goes through.
    const again = await urge(who.supervisor, body).expect(429);
    const retryAt = new Date(Date.parse(event.body.at) + 3_600_000).toISOString();
    expect(again.body.message).toContain(retryAt);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(3500);
    expect(Number(again.headers['retry-after'])).toBeLessThanOrEqual(3600);
    // A minute before (the virtual clock runs on in real time, so not a second before) and just after.
    await advance(new Date(Date.parse(retryAt) - 60_000).toISOString());
    await urge(who.supervisor, body).expect(429);
    await advance(new Date(Date.parse(retryAt) + 1000).toISOString());
    await urge(who.supervisor, { ...body, message: '仍未反馈，请今日内报送' }).expect(200);
    expect(await inbox(who.liaison, 'TASK', urged)).toHaveLength(2);
    expect((await http(api).get(`/api/v1/tasks/${urged}`).set(as(who.liaison)).expect(200)).body.escalationLevel).toBe(1);
  });

  let problem: number;
  let submitted: { id: number };

  it('refuses what is settled (409) or not yet assigned (409), and what the caller may not see (404)', async () => {
    await transition(who.liaison, urged, { action: 'accept' });
    await transition(who.liaison, urged, { action: 'submit', comment: '已报送' });
    await transition(who.supervisor, urged, { action: 'complete' });
    const done = await urge(who.supervisor, { subjectType: 'TASK', subjectId: urged, message: '催办' }).expect(409);
    expect(done.body.message).toBe(`subjectId: task ${urged} is DONE; nothing is left to supervise`);
    await decide(who.supervisor, { subjectType: 'TASK', subjectId: urged, level: 2, reason: '督办' }).expect(409);

    const draft = await newTask('尚未交办的任务', '2026-07-31T18:00:00+08:00', false);
    expect((await urge(who.supervisor, { subjectType: 'TASK', subjectId: draft, message: '催办' }).expect(409)).body.message).toContain('DRAFT');

    // 高新区 reports July on 智能传感器, with a matter needing coordination (a problem for 市工信局).
    submitted = await july('高新区', sensors);
    await http(api)
      .post(`/api/v1/obligations/${submitted.id}/report`)
      .set(as(who.liaison))
      .send({ progress: '7月进展', coordinationMatters: [{ title: '传感谷二期用地指标未落实' }] })
      .expect(200);
    expect((await urge(who.supervisor, { subjectType: 'OBLIGATION', subjectId: submitted.id, message: '催办' }).expect(409)).body.message).toContain('SUBMITTED');
    problem = (await http(api).get('/api/v1/problems').query({ chainId: sensors }).set(as(who.lead)).expect(200)).body.items[0].id;
  });

  let listed: number;
  let supervisedReport: { id: number; cadenceId: number };

  it('decides 督办 then 挂牌督办: one entry raised, events with the reason and actor, the owner unit told; never lower', async () => {
    listed = await newTask('传感谷二期用地报批', '2026-07-05T18:00:00+08:00');
    const body = { subjectType: 'TASK', subjectId: listed, level: 2, reason: '用地报批进度滞后' };
    await decide(who.liaison, body).expect(403);
    expect((await decide(who.supervisor, { ...body, level: 1 }).expect(400)).body.message.join(' ')).toContain('level');
    expect((await decide(who.supervisor, { ...body, reason: '' }).expect(400)).body.message.join(' ')).toContain('reason');

    const entry = await decide(who.supervisor, body).expect(200);
    expect(entry.body).toMatchObject({
      subjectType: 'TASK',
      subjectId: listed,
      subjectTitle: '传感谷二期用地报批',
      level: 2,
      reason: '用地报批进度滞后',
      ownerUnitId: unit['高新区'],
      ownerUnitName: '高新区',
      chainId: sensors,
      chainName: '智能传感器',
      dueAt: '2026-07-05T10:00:00.000Z',
      overdueDays: 0,
      closedAt: null,
    });
    const raised = await decide(who.supervisor, { ...body, level: 3, reason: '长期滞后，挂牌督办' }).expect(200);
    expect(raised.body).toMatchObject({ id: entry.body.id, level: 3, reason: '长期滞后，挂牌督办', openedAt: entry.body.openedAt });
    expect((await decide(who.supervisor, body).expect(409)).body.message).toContain('levels only go up');
    await decide(who.supervisor, { ...body, level: 3 }).expect(409);

    expect((await http(api).get(`/api/v1/tasks/${listed}`).set(as(who.liaison)).expect(200)).body.escalationLevel).toBe(3);
    const events = (await timeline(who.liaison, `tasks/${listed}`)).slice(2);
    expect(events).toEqual([
      expect.objectContaining({ action: 'supervise', actorId: who.supervisor.id, comment: '用地报批进度滞后', data: { manual: true, level: 2, entryId: entry.body.id } }),
      expect.objectContaining({ action: 'escalate', actorId: who.supervisor.id, comment: '长期滞后，挂牌督办', data: { manual: true, level: 3, entryId: entry.body.id } }),
    ]);
    const told = await inbox(who.liaison, 'TASK', listed);
    expect(told.map((n) => [n.kind, n.title])).toEqual([
      ['ESCALATE', '【挂牌督办】任务“传感谷二期用地报批”已挂牌督办'],
      ['SUPERVISE', '【督办】任务“传感谷二期用地报批”已列入督办清单'],
    ]);
    expect(told[1].body).toContain('经督查处王督查决定列入督办清单（督办）。督办事由：用地报批进度滞后。');
    const board = await http(api).get('/api/v1/supervision').query({ subjectType: 'TASK', level: 3 }).set(as(who.liaison)).expect(200);
    expect(board.body.items).toEqual([expect.objectContaining({ id: entry.body.id, subjectTitle: '传感谷二期用地报批' })]);

    // A report, by its cadence and period.
    supervisedReport = await july('高新区', equipment);
    const cadence = await http(api).get(`/api/v1/cadences/${supervisedReport.cadenceId}`).set(as(who.supervisor)).expect(200);
    const report = await decide(who.supervisor, { subjectType: 'OBLIGATION', subjectId: supervisedReport.id, level: 2, reason: '上月报送质量不高，本月重点督办' }).expect(200);
    expect(report.body).toMatchObject({ subjectTitle: `${cadence.body.name}（2026-07）`, ownerUnitName: '高新区', chainName: '智能装备', level: 2 });
    const audit = await http(api)
      .get('/api/v1/audit')
      .query({ target: 'obligation', targetId: String(supervisedReport.id) })
      .set(as(admin))
      .expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'supervision.decide', after: expect.objectContaining({ level: 2, entryId: report.body.id }) })]);
  });

  it('shows reports’ and problems’ timelines within the caller’s scope', async () => {
    await urge(who.supervisor, { subjectType: 'PROBLEM', subjectId: problem, message: '请当日研究部署' }).expect(200);
    // A problem belongs to the unit it is routed to (its staff are told) and the unit that raised it.
    expect((await inbox(who.lead, 'PROBLEM', problem)).map((n) => n.kind)).toEqual(['URGE']);
    for (const p of [who.lead, who.liaison]) {
      expect((await timeline(p, `problems/${problem}`)).map((e) => [e.action, e.actorId])).toEqual([
        ['raise', null],
        ['urge', who.supervisor.id],
      ]);
    }
    await http(api).get(`/api/v1/problems/${problem}/events`).set(as(who.otherLead)).expect(404);
    await http(api).get(`/api/v1/problems/${problem}/events`).set(as(who.otherLiaison)).expect(404);
    expect((await timeline(who.lead, `obligations/${supervisedReport.id}`)).map((e) => e.action)).toEqual(['supervise']);
    await http(api).get(`/api/v1/obligations/${supervisedReport.id}/events`).set(as(who.otherLead)).expect(404);
    await http(api).get(`/api/v1/obligations/${supervisedReport.id}/events`).set(as(who.otherLiaison)).expect(404);
    await http(api).get('/api/v1/obligations/4294967295/events').set(as(who.supervisor)).expect(404);
    expect((await http(api).get('/api/v1/problems/abc/events').set(as(who.supervisor)).expect(400)).body.message).toContain('id');
  });

  let stepped: number;
  const steps = async (path: string) =>
    (await http(api).get(`/api/v1/${path}`).set(as(who.liaison)).expect(200)).body.steps as { action: string; at: string; doneAt: string | null }[];
  const coming = (...rows: [string, string][]) => rows.map(([action, local]) => ({ action, at: at(local), doneAt: null }));

  it('shows each subject’s steps, done and to come, at the engine’s times on the work calendar', async () => {
    stepped = await newTask('编制传感器产业链招商图谱', '2026-07-24T18:00:00+08:00', false);
    expect(await steps(`tasks/${stepped}`)).toEqual([]);
    await transition(who.supervisor, stepped, { action: 'assign' });
    // The default policy around Friday 24 July 18:00: working days before and after.
    expect(await steps(`tasks/${stepped}`)).toEqual(
      coming(
        ['remind', '2026-07-21T18:00:00'],
        ['remind', '2026-07-23T18:00:00'],
        ['due', '2026-07-24T18:00:00'],
        ['urge', '2026-07-27T18:00:00'],
        ['supervise', '2026-07-29T18:00:00'],
        ['escalate', '2026-08-07T18:00:00'],
      ),
    );
    // The monthly report: due Monday 20 July 23:59:59 on 月报督办规则.
    expect(await steps(`obligations/${supervisedReport.id}`)).toEqual(
      coming(
        ['remind', '2026-07-15T23:59:59'],
        ['remind', '2026-07-17T23:59:59'],
        ['due', '2026-07-20T23:59:59'],
        ['urge', '2026-07-21T23:59:59'],
        ['supervise', '2026-07-23T23:59:59'],
        ['escalate', '2026-08-03T23:59:59'],
      ),
    );
    // A problem not yet acknowledged (13710 "1"): urged at the end of the working day it was raised (Wednesday 1 July), then working days.
    const p = (await http(api).get(`/api/v1/problems/${problem}`).set(as(who.lead)).expect(200)).body;
    expect(p.steps).toEqual(coming(['urge', '2026-07-01T23:59:59'], ['supervise', '2026-07-02T23:59:59'], ['escalate', '2026-07-06T23:59:59']));

    await advance('2026-07-22T09:00:00+08:00');
    const now = Date.parse(at('2026-07-22T09:00:00'));
    const task = await steps(`tasks/${stepped}`);
    expect(task[0]).toMatchObject({ action: 'remind', at: at('2026-07-21T18:00:00') });
    expect(Date.parse(task[0].doneAt!)).toBeGreaterThanOrEqual(now);
    expect(task.slice(1)).toEqual(
      coming(
        ['remind', '2026-07-23T18:00:00'],
        ['due', '2026-07-24T18:00:00'],
        ['urge', '2026-07-27T18:00:00'],
        ['supervise', '2026-07-29T18:00:00'],
        ['escalate', '2026-08-07T18:00:00'],
      ),
    );
    const report = await steps(`obligations/${supervisedReport.id}`);
    expect(report.map((s) => [s.action, s.doneAt !== null])).toEqual([
      ['remind', true],
      ['remind', true],
      ['due', true],
      ['urge', true],
      ['supervise', false],
      ['escalate', false],
    ]);
    // The timeline holds the supervisor's decision and the engine's steps, in order.
    expect((await timeline(who.liaison, `obligations/${supervisedReport.id}`)).map((e) => [e.action, e.actorId === null ? 'engine' : 'person'])).toEqual([
      ['supervise', 'person'],
      ['remind', 'engine'],
      ['remind', 'engine'],
      ['due', 'engine'],
      ['urge', 'engine'],
    ]);

    // An approved extension starts a new schedule: the reminder that ran belongs to the old one.
    await transition(who.liaison, stepped, { action: 'accept' });
    await transition(who.liaison, stepped, { action: 'request_extension', dueAt: '2026-07-31T18:00:00+08:00', comment: '招商对接需补充材料' });
    await transition(who.supervisor, stepped, { action: 'approve_extension' });
    expect(await steps(`tasks/${stepped}`)).toEqual(
      coming(
        ['remind', '2026-07-28T18:00:00'],
        ['remind', '2026-07-30T18:00:00'],
        ['due', '2026-07-31T18:00:00'],
        ['urge', '2026-08-03T18:00:00'],
        ['supervise', '2026-08-05T18:00:00'],
        ['escalate', '2026-08-14T18:00:00'],
      ),
    );

    // Settled: what ran stays, nothing is to come.
    await advance('2026-07-29T09:00:00+08:00');
    await transition(who.liaison, stepped, { action: 'submit', comment: '图谱已编制' });
    await transition(who.supervisor, stepped, { action: 'complete' });
    expect((await steps(`tasks/${stepped}`)).map((s) => [s.action, s.at, s.doneAt !== null])).toEqual([['remind', at('2026-07-28T18:00:00'), true]]);
  });

  it('filters the board by the day an entry opened (in Shanghai), chain, unit and level, with overdue days; exports it', async () => {
    await advance('2026-07-30T07:00:00+08:00'); // 29 July 23:00 UTC
    const fresh = await newTask('新增用地需求摸底', '2026-08-10T18:00:00+08:00');
    const opened = (await decide(who.supervisor, { subjectType: 'TASK', subjectId: fresh, level: 2, reason: '市领导批示，纳入督办' }).expect(200)).body;
    const board = async (query: Record<string, string | number>, p: Person = who.supervisor) =>
      (
        await http(api)
          .get('/api/v1/supervision')
          .query({ pageSize: 200, ...query })
          .set(as(p))
          .expect(200)
      ).body as { items: { id: number; openedAt: string; subjectType: string; ownerUnitName: string; [field: string]: unknown }[]; total: number };

    expect((await board({ from: '2026-07-30', to: '2026-07-30' })).items.map((e) => e.id)).toEqual([opened.id]);
    expect((await board({ from: '2026-07-29', to: '2026-07-29' })).items.map((e) => e.id)).not.toContain(opened.id);
    expect((await board({ from: '2026-07-29T23:00:00Z' })).items.map((e) => e.id)).toEqual([opened.id]);
    // The engine put July's missing reports under supervision when the clock reached 29 July 09:00.
    const herd = await board({ from: '2026-07-29', to: '2026-07-29', unitId: unit['二七区'] });
    expect(herd.total).toBeGreaterThan(0);
    const day29 = [Date.parse(at('2026-07-29T00:00:00')), Date.parse(at('2026-07-30T00:00:00'))];
    expect(herd.items.every((e) => Date.parse(e.openedAt) >= day29[0] && Date.parse(e.openedAt) < day29[1] && e.subjectType === 'OBLIGATION' && e.ownerUnitName === '二七区')).toBe(
      true,
    );
    const first = await board({ from: '2026-07-01', to: '2026-07-01', unitId: unit['高新区'] });
    expect(first.items.map((e) => e.subjectId)).toEqual([listed, supervisedReport.id]); // level 3 first

    const mine = await board({ chainId: sensors, unitId: unit['高新区'] });
    expect(mine.items.every((e) => e.chainId === sensors && e.ownerUnitId === unit['高新区'])).toBe(true);
    expect(mine.items.map((e) => e.id)).toEqual(expect.arrayContaining([opened.id]));
    const high = await board({ level: 3, unitId: unit['高新区'] });
    expect(high.items.every((e) => e.level === 3)).toBe(true);
    const listedRow = high.items.find((e) => e.subjectType === 'TASK' && e.subjectId === listed)!;
    // Due 5 July 18:00; now 30 July 07:00: 24 days and 13 hours.
    expect(listedRow).toMatchObject({ dueAt: at('2026-07-05T18:00:00'), overdueDays: 24, chainName: '智能传感器' });
    const reportRow = (await board({ subjectType: 'OBLIGATION', unitId: unit['高新区'], chainId: equipment })).items.find((e) => e.subjectId === supervisedReport.id)!;
    expect(reportRow).toMatchObject({ level: 2, reason: '上月报送质量不高，本月重点督办', overdueDays: 9 }); // due 20 July 23:59:59
    expect(opened.overdueDays).toBe(0);
    // Others see only their own.
    expect((await board({ unitId: unit['高新区'] }, who.otherLiaison)).total).toBe(0);

    for (const [query, field] of [
      [{ from: '2026-02-30' }, 'from'],
      [{ to: '2026-07-30T07:00:00' }, 'to'],
      [{ from: '2026-07-30', to: '2026-07-29' }, 'to'],
      [{ level: 4 }, 'level'],
    ] as const) {
      const res = await http(api).get('/api/v1/supervision').query(query).set(as(who.supervisor)).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    }

    // The export: same filters and scope, Chinese headers, one row per entry.
    const download = (query: object, p: Person = who.supervisor) =>
      http(api)
        .get('/api/v1/supervision/export.xlsx')
        .query(query)
        .set(as(p))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
    const res: Response = await download({ unitId: unit['高新区'], chainId: sensors });
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="supervision-2026-07-30.xlsx"; filename*=UTF-8''${encodeURIComponent('督办清单-2026-07-30.xlsx')}`);
    expect(res.headers['x-total-count']).toBe(String(mine.total));
    const rows = await sheetRows(res.body as Buffer);
    expect(rows[0]).toEqual(['督办级别', '事项', '类型', '责任单位', '产业链', '截止时间', '逾期天数', '督办事由', '开始时间', '销号时间']);
    expect(rows).toHaveLength(mine.total + 1);
    expect(rows.slice(1).map((r) => r[1])).toEqual(mine.items.map((e) => e.subjectTitle));
    expect(rows.find((r) => r[1] === '传感谷二期用地报批')).toEqual([
      '挂牌督办',
      '传感谷二期用地报批',
      '任务',
      '高新区',
      '智能传感器',
      '2026-07-05 18:00',
      24,
      listedRow.reason,
      expect.stringMatching(/^2026-07-01 \d\d:\d\d$/),
      null,
    ]);
    expect(await sheetRows((await download({ unitId: unit['高新区'] }, who.otherLiaison)).body as Buffer)).toHaveLength(1);
    await http(api).get('/api/v1/supervision/export.xlsx').query({ page: 2 }).set(as(who.supervisor)).expect(400);

    // Closing: the task done, its entry is 销号 and stays in the history.
    await transition(who.liaison, fresh, { action: 'accept' });
    await transition(who.liaison, fresh, { action: 'submit', comment: '摸底完成' });
    await transition(who.supervisor, fresh, { action: 'complete' });
    const closed = (await board({ open: 'false', unitId: unit['高新区'] })).items.find((e) => e.id === opened.id)!;
    expect(closed.closedAt).toEqual(expect.any(String));
    expect(closed.overdueDays).toBe(0);

    // The open board's totals are read from the tallies the entries' triggers keep: under every filter
    // and scope they match the rows, the close included.
    const totals: number[] = [];
    for (const [query, p] of [
      [{}, who.supervisor],
      [{ unitId: unit['高新区'] }, who.supervisor],
      [{ level: 3 }, who.supervisor],
      [{ chainId: sensors, subjectType: 'TASK' }, who.supervisor],
      [{}, who.liaison],
      [{}, who.otherLiaison],
    ] as const) {
      const open = await board({ ...query, open: 'true' }, p);
      let listed = open.items.length;
      for (let page = 2; listed < open.total && page <= 10; page++) listed += (await board({ ...query, open: 'true', page }, p)).items.length;
      expect(open.total).toBe(listed);
      totals.push(open.total);
    }
    expect(totals[0]).toBeGreaterThan(totals[1]);
    expect(totals[1]).toBeGreaterThan(0);
    expect(await tallyDrift(api)).toEqual({});
  });
});

/** Every row of the first sheet as plain values (null for an empty cell). */
async function sheetRows(buffer: Buffer): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  book.worksheets[0].eachRow({ includeEmpty: false }, (row) => {
    rows.push(Array.from({ length: 10 }, (_, i) => row.getCell(i + 1).value ?? null));
  });
  return rows;
}
