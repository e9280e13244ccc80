import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { adminToken, chainId, createUser, http, isolatedEnvironment, loadProfile, sql, startApi, startWorker, unitId } from './support/harness';
import { HttpsReceiver, selfSignedCertificate, startHttpsReceiver, TestCertificate, webhookEnvironment } from './support/https-receiver';

/*
 * What the console needs from the api, over HTTP on real MariaDB and Redis: the dashboard's
 * counts in one call, each agreeing with the list it opens; list filters the console's pages use
 * (several states, 待办, due dates as plain dates); list rows without long texts; plain dates in
 * range filters; a policy's timeline before it is saved; a channel's test message.
 */
describe('console API conveniences (e2e)', () => {
  let cleanup: () => Promise<void>;
  let certificate: TestCertificate;
  let receiver: HttpsReceiver;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let admin: string;
  const unit: Record<string, number> = {};
  const people: Record<string, { id: number; token: string }> = {};
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    certificate = selfSignedCertificate();
    receiver = await startHttpsReceiver(certificate);
    cleanup = await isolatedEnvironment('consoleapi', { DUBAN_TIME_TRAVEL: '1', DUBAN_CLOCK_START: '2026-07-01T09:00:00+08:00', ...webhookEnvironment(certificate) });
    api = await startApi();
    worker = await startWorker();
    await loadProfile(api, 'zhengzhou-2021');
    admin = await adminToken(api);
    for (const name of ['市工信局', '高新区', '经开区', '市政府办公厅']) unit[name] = await unitId(api, name);
    people.lead = await createUser(api, admin, { roles: ['LEAD_UNIT'], unitId: unit['市工信局'] });
    people.liaison = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: unit['高新区'] });
    people.supervisor = await createUser(api, admin, { roles: ['SUPERVISOR'], unitId: unit['市政府办公厅'] });

    // Tasks in several states: one to sign for, one submitted for review, one overdue, one done on time.
    const task = async (title: string, dueAt: string) =>
      (
        await http(api)
          .post('/api/v1/tasks')
          .set(as(people.lead.token))
          .send({ title, description: '很长的说明'.repeat(50), issuerUnitId: unit['市工信局'], ownerUnitId: unit['高新区'], dueAt })
          .expect(201)
      ).body.id as number;
    const act = (token: string, id: number, action: string) => http(api).post(`/api/v1/tasks/${id}/transitions`).set(as(token)).send({ action }).expect(200);
    const toSign = await task('待签收任务', '2026-07-20T18:00:00+08:00');
    await act(people.lead.token, toSign, 'assign');
    const toReview = await task('待审核任务', '2026-07-25T18:00:00+08:00');
    for (const [who, action] of [
      [people.lead, 'assign'],
      [people.liaison, 'accept'],
      [people.liaison, 'submit'],
    ] as const)
      await act(who.token, toReview, action);
    const late = await task('将逾期任务', '2026-07-03T18:00:00+08:00');
    await act(people.lead.token, late, 'assign');
    const onTime = await task('按时办结任务', '2026-07-10T18:00:00+08:00');
    for (const [who, action] of [
      [people.lead, 'assign'],
      [people.liaison, 'accept'],
      [people.liaison, 'submit'],
      [people.lead, 'complete'],
    ] as const)
      await act(who.token, onTime, action);
    await http(api).post('/api/v1/admin/clock').set(as(admin)).send({ now: '2026-07-05T09:00:00+08:00' }).expect(200);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await cleanup?.();
    await receiver?.close();
    certificate?.remove();
  });

  it('answers each role’s dashboard, every card agreeing with the list it opens', async () => {
    for (const who of ['liaison', 'lead', 'supervisor'] as const) {
      const summary = await http(api).get('/api/v1/me/summary').set(as(people[who].token)).expect(200);
      expect(summary.body).toMatchObject({ month: '2026-07', year: '2026' });
      expect(summary.body.cards.map((c: { key: string }) => c.key)).toEqual([
        'todo',
        'dueSoon',
        'overdue',
        'reportsThisMonth',
        'completionRate',
        'onTimeCompletionRate',
        'supervision',
      ]);
      for (const card of summary.body.cards as {
        key: string;
        count: number;
        total?: number;
        link: { path: string; query: Record<string, string> };
        totalLink?: { path: string; query: Record<string, string> };
      }[]) {
        const list = await http(api).get(`/api/v1${card.link.path}`).query(card.link.query).set(as(people[who].token)).expect(200);
        expect({ who, card: card.key, count: list.body.total }).toEqual({ who, card: card.key, count: card.count });
        if (card.totalLink) {
          const whole = await http(api).get(`/api/v1${card.totalLink.path}`).query(card.totalLink.query).set(as(people[who].token)).expect(200);
          expect({ who, card: card.key, total: whole.body.total }).toEqual({ who, card: card.key, total: card.total });
        }
      }
    }
    const cards = async (who: 'liaison' | 'lead') =>
      Object.fromEntries(
        ((await http(api).get('/api/v1/me/summary').set(as(people[who].token)).expect(200)).body.cards as { key: string; count: number }[]).map((c) => [c.key, c.count]),
      );
    // The liaison signs for one and works on the overdue one; the lead reviews one.
    expect(await cards('liaison')).toMatchObject({ todo: 2, overdue: 1, completionRate: 1 });
    expect(await cards('lead')).toMatchObject({ todo: 1, overdue: 1 });
  });

  it('filters tasks by several states, by what is to do, and by due dates given as plain dates', async () => {
    const list = (token: string, query: Record<string, string>) => http(api).get('/api/v1/tasks').query(query).set(as(token)).expect(200);
    const titles = (res: { body: { items: { title: string }[] } }) => res.body.items.map((t) => t.title).sort();
    expect(titles(await list(people.liaison.token, { state: 'ASSIGNED,SUBMITTED' }))).toEqual(['将逾期任务', '待审核任务', '待签收任务'].sort());
    expect(titles(await list(people.liaison.token, { todo: 'true' }))).toEqual(['将逾期任务', '待签收任务'].sort());
    expect(titles(await list(people.lead.token, { todo: 'true' }))).toEqual(['待审核任务']);
    expect(titles(await list(people.lead.token, { dueFrom: '2026-07-10', dueTo: '2026-07-20' }))).toEqual(['按时办结任务', '待签收任务'].sort());
    const rows = (await list(people.lead.token, { q: '任务', pageSize: '200' })).body.items as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).not.toHaveProperty('description');
    const mine = rows.find((r) => r.title === '待签收任务')!;
    const one = await http(api).get(`/api/v1/tasks/${mine.id}`).set(as(people.lead.token)).expect(200);
    expect(one.body.description).toContain('很长的说明');
    const bad = await http(api).get('/api/v1/tasks').query({ state: 'ASSIGNED,NOPE' }).set(as(admin)).expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('state');
    await http(api).get('/api/v1/tasks').query({ dueFrom: '2026-02-30' }).set(as(admin)).expect(400);
    await http(api).get('/api/v1/tasks').query({ todo: 'yes' }).set(as(admin)).expect(400);
  });

  it('takes plain dates in the meetings’ and the occurrences’ ranges, read in Asia/Shanghai', async () => {
    const sensors = await chainId(api, '智能传感器');
    const meetings = await http(api).get('/api/v1/meetings').query({ chainId: sensors, from: '2026-07-01', to: '2026-07-31' }).set(as(admin)).expect(200);
    expect(meetings.body.items.map((m: { scheduledAt: string }) => m.scheduledAt)).toEqual(['2026-07-27T01:00:00.000Z']);
    const [cadence] = await sql<{ id: number }>(api, `SELECT id FROM cadences WHERE name = '产业链月度工作进展报送（智能传感器）'`);
    const occurrences = await http(api).get(`/api/v1/cadences/${cadence.id}/occurrences`).query({ from: '2026-07-20', to: '2026-07-20' }).set(as(admin)).expect(200);
    expect(occurrences.body.items).toEqual([{ period: '2026-07', localDate: '2026-07-20', dueAt: '2026-07-20T15:59:59.000Z' }]);
  });

  it('lays out a policy’s steps on the work calendar before it is saved', async () => {
    const res = await http(api)
      .post('/api/v1/escalation-policies/preview')
      .set(as(people.supervisor.token))
      .send({
        dueAt: '2026-09-30T18:00:00+08:00',
        steps: [
          { offset: -1, calendar: 'workday', action: 'remind' },
          { offset: 'PT0S', calendar: 'natural', action: 'due' },
          { offset: 1, calendar: 'workday', action: 'urge' },
        ],
      })
      .expect(200);
    // National Day 2026 (1–7 October in the work calendar): the first working day after 30 September is 8 October.
    expect(res.body.items.map((i: { action: string; at: string }) => [i.action, i.at])).toEqual([
      ['remind', '2026-09-29T10:00:00.000Z'],
      ['due', '2026-09-30T10:00:00.000Z'],
      ['urge', '2026-10-08T10:00:00.000Z'],
    ]);
    const disordered = await http(api)
      .post('/api/v1/escalation-policies/preview')
      .set(as(admin))
      .send({
        dueAt: '2026-09-30T18:00:00+08:00',
        steps: [
          { offset: 'P1D', calendar: 'natural', action: 'urge' },
          { offset: 'PT0S', calendar: 'natural', action: 'due' },
        ],
      })
      .expect(400);
    expect(disordered.body.message).toContain('time order');
    await http(api)
      .post('/api/v1/escalation-policies/preview')
      .set(as(people.lead.token))
      .send({ dueAt: '2026-09-30T18:00:00+08:00', steps: [{ offset: 'PT0S', calendar: 'natural', action: 'due' }] })
      .expect(403);
    expect(await sql(api, `SELECT id FROM audit_log WHERE action LIKE 'escalation-policy.%'`)).toEqual([]);
  });

  it('sends a channel’s test message and says whether it arrived', async () => {
    const channel = (
      await http(api)
        .post('/api/v1/notification-channels')
        .set(as(admin))
        .send({ kind: 'WEBHOOK', target: receiver.url('/test-hook?sig=s3cret'), unitId: unit['高新区'] })
        .expect(201)
    ).body.id;
    const sent = await http(api).post(`/api/v1/notification-channels/${channel}/test`).set(as(admin)).expect(200);
    expect(sent.body).toEqual({ delivered: true, error: null });
    expect(receiver.received.at(-1)).toMatchObject({ url: '/test-hook?sig=s3cret', body: expect.objectContaining({ title: '督办系统测试消息' }) });
    await receiver.close();
    const failed = await http(api).post(`/api/v1/notification-channels/${channel}/test`).set(as(admin)).expect(200);
    expect(failed.body.delivered).toBe(false);
    expect(failed.body.error).not.toContain('s3cret');
    await http(api).post(`/api/v1/notification-channels/4294967295/test`).set(as(admin)).expect(404);
    await http(api).post(`/api/v1/notification-channels/${channel}/test`).set(as(people.supervisor.token)).expect(403);
  });

  it('pages the channels on the server, their targets masked', async () => {
    for (const key of ['a1', 'b2', 'c3']) {
      await http(api)
        .post('/api/v1/notification-channels')
        .set(as(admin))
        .send({ kind: 'WEBHOOK', target: receiver.url(`/duban/${key}?sig=${key}`), unitId: unit['经开区'] })
        .expect(201);
    }
    const all = await http(api).get('/api/v1/notification-channels').set(as(admin)).expect(200);
    const second = await http(api).get('/api/v1/notification-channels').query({ page: 2, pageSize: 2 }).set(as(admin)).expect(200);
    expect(second.body.total).toBe(all.body.total);
    expect(second.body.items).toEqual(all.body.items.slice(2, 4));
    expect(JSON.stringify(all.body)).not.toMatch(/sig=(a1|b2|c3)/);
    await http(api).get('/api/v1/notification-channels').query({ pageSize: 201 }).set(as(admin)).expect(400);
  });

  it('names the actor of each audit entry, and none for the system', async () => {
    const page = await http(api).get('/api/v1/audit').query({ target: 'channel', pageSize: 200 }).set(as(people.supervisor.token)).expect(200);
    expect(page.body.items.length).toBeGreaterThan(0);
    for (const entry of page.body.items) expect(entry).toMatchObject({ actorName: '系统管理员', target: 'channel' });
    const loads = await http(api).get('/api/v1/audit').query({ target: 'profile' }).set(as(admin)).expect(200);
    expect(loads.body.items[0]).toMatchObject({ actorId: null, actorName: null });
  });
});
