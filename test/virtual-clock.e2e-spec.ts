import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { adminToken, createUser, http, isolatedEnvironment, loadProfile, reportBody, sql, startApi, startWorker, unitId } from './support/harness';

/*
 * July 2026 of the zhengzhou-2021 mechanism on the virtual clock: every unit's progress
 * report (one per chain) and its 工业经济指标月报 fall due on the 20th at 23:59:59; reminders come before, escalation after, and
 * submitting closes what was opened.
 */
describe('virtual clock: July of zhengzhou-2021 (e2e)', () => {
  let cleanup: () => Promise<void>;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let admin: string;
  const people: Record<string, { id: number; token: string }> = {};
  const units: Record<string, number> = {};

  beforeAll(async () => {
    cleanup = await isolatedEnvironment('vclock', { DUBAN_TIME_TRAVEL: '1', DUBAN_CLOCK_START: '2026-07-01T00:00:00+08:00' });
    api = await startApi();
    worker = await startWorker();
    await loadProfile(api, 'zhengzhou-2021');
    admin = await adminToken(api);
    for (const name of ['经开区', '金水区', '二七区', '市工信局']) units[name] = await unitId(api, name);
    people.onTime = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: units['经开区'] });
    people.late = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: units['金水区'] });
    people.never = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: units['二七区'] });
    people.lead = await createUser(api, admin, { roles: ['LEAD_UNIT'], unitId: units['市工信局'] });
    people.supervisor = await createUser(api, admin, { roles: ['SUPERVISOR'] });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await cleanup?.();
  });

  const as = (who: { token: string }) => ({ authorization: `Bearer ${who.token}` });
  const advance = (now: string) =>
    http(api)
      .post('/api/v1/admin/clock')
      .set({ authorization: `Bearer ${admin}` })
      .send({ now })
      .expect(200);
  const july = (who: { token: string }, unit: string) =>
    http(api).get('/api/v1/obligations').query({ period: '2026-07', unitId: units[unit], pageSize: 200 }).set(as(who)).expect(200);
  const inbox = async (who: { token: string }, kind: string) =>
    (await http(api).get('/api/v1/notifications').query({ pageSize: 200 }).set(as(who)).expect(200)).body.items.filter((n: { kind: string }) => n.kind === kind);

  it('starts where DUBAN_CLOCK_START says, and moves only forward', async () => {
    const clock = await http(api)
      .get('/api/v1/admin/clock')
      .set({ authorization: `Bearer ${admin}` })
      .expect(200);
    expect(Math.abs(new Date(clock.body.now).getTime() - Date.parse('2026-06-30T16:00:00Z'))).toBeLessThan(60_000);
    await http(api)
      .post('/api/v1/admin/clock')
      .set({ authorization: `Bearer ${admin}` })
      .send({ now: '2026-06-01T00:00:00Z' })
      .expect(400);
    await http(api).post('/api/v1/admin/clock').set(as(people.onTime)).send({ now: '2026-07-02T00:00:00Z' }).expect(403);
  });

  it('materialises July: one report per chain and the indicator report from every zone and district, due 20 July 23:59:59', async () => {
    await advance('2026-07-02T09:00:00+08:00');
    const reports = await july(people.onTime, '经开区');
    expect(reports.body.total).toBe(16); // 15 chains' progress reports and the 工业经济指标月报
    expect(reports.body.items.filter((o: { chainId: number | null }) => o.chainId === null)).toHaveLength(1);
    expect(new Set(reports.body.items.map((o: { dueAt: string }) => o.dueAt))).toEqual(new Set(['2026-07-20T15:59:59.000Z']));
    expect(reports.body.items.every((o: { state: string; timeliness: string }) => o.state === 'OPEN' && o.timeliness === 'ON_TRACK')).toBe(true);
    // A lead department receives its chains' reports and owes none to itself.
    const received = await http(api).get('/api/v1/obligations').query({ period: '2026-07', pageSize: 1 }).set(as(people.lead)).expect(200);
    expect(received.body.total).toBeGreaterThan(16);
    const [own] = await sql<{ n: number }>(api, `SELECT COUNT(*) AS n FROM obligations WHERE unit_id = receiver_unit_id`);
    expect(Number(own.n)).toBe(0);
  });

  it('reminds three and one working days before the 20th', async () => {
    await advance('2026-07-16T09:00:00+08:00');
    expect((await inbox(people.never, 'REMIND')).length).toBe(16);
    const reports = await july(people.never, '二七区');
    expect(reports.body.items.every((o: { timeliness: string }) => o.timeliness === 'DUE_SOON')).toBe(true);
    for (const o of (await july(people.onTime, '经开区')).body.items) {
      await http(api).post(`/api/v1/obligations/${o.id}/report`).set(as(people.onTime)).send(reportBody(o, '7月完成智能传感器项目签约2个。')).expect(200);
    }
    await advance('2026-07-18T09:00:00+08:00');
    expect((await inbox(people.never, 'REMIND')).length).toBe(32);
    expect((await inbox(people.onTime, 'REMIND')).length).toBe(16); // none after reporting
  });

  it('marks the unreported overdue after the 20th and urges them the next working day', async () => {
    await advance('2026-07-21T09:00:00+08:00');
    expect((await july(people.never, '二七区')).body.items.every((o: { timeliness: string }) => o.timeliness === 'OVERDUE')).toBe(true);
    expect((await july(people.onTime, '经开区')).body.items.every((o: { state: string; timeliness: string }) => o.state === 'SUBMITTED' && o.timeliness === 'ON_TIME')).toBe(true);
    expect(await inbox(people.onTime, 'DUE')).toHaveLength(0);

    await advance('2026-07-22T09:00:00+08:00');
    expect((await july(people.never, '二七区')).body.items.every((o: { escalationLevel: number }) => o.escalationLevel === 1)).toBe(true);
    expect((await inbox(people.never, 'URGE')).length).toBe(16);
    for (const o of (await july(people.late, '金水区')).body.items) {
      await http(api).post(`/api/v1/obligations/${o.id}/report`).set(as(people.late)).send(reportBody(o, '补报：7月进展。')).expect(200);
    }
    expect((await july(people.late, '金水区')).body.items.every((o: { timeliness: string }) => o.timeliness === 'LATE')).toBe(true);
  });

  it('puts the still-unreported on the supervision list after three working days; reporting closes the entries', async () => {
    await advance('2026-07-24T09:00:00+08:00');
    const open = await http(api).get('/api/v1/supervision').query({ open: true, unitId: units['二七区'], pageSize: 200 }).set(as(people.supervisor)).expect(200);
    expect(open.body.total).toBe(16);
    expect(open.body.items.every((e: { level: number; subjectType: string }) => e.level === 2 && e.subjectType === 'OBLIGATION')).toBe(true);
    for (const unit of ['经开区', '金水区']) {
      const none = await http(api).get('/api/v1/supervision').query({ unitId: units[unit] }).set(as(people.supervisor)).expect(200);
      expect(none.body.total).toBe(0);
    }
    const summary = await http(api).get('/api/v1/supervision/summary').set(as(people.supervisor)).expect(200);
    expect(summary.body.byUnit.find((u: { unitName: string }) => u.unitName === '二七区')).toMatchObject({ count: 16, maxLevel: 2 });

    for (const o of (await july(people.never, '二七区')).body.items) {
      await http(api).post(`/api/v1/obligations/${o.id}/report`).set(as(people.never)).send(reportBody(o, '补报。')).expect(200);
    }
    const after = await http(api).get('/api/v1/supervision').query({ unitId: units['二七区'], pageSize: 200 }).set(as(people.supervisor)).expect(200);
    expect(after.body.total).toBe(16);
    expect(after.body.items.every((e: { closedAt: string | null }) => e.closedAt !== null)).toBe(true);

    // Exactly one supervision entry and one supervise event per obligation, however the jumps fell.
    const [dup] = await sql<{ n: number }>(api, `SELECT COUNT(*) AS n FROM (SELECT subject_id FROM supervision_entries GROUP BY subject_type, subject_id HAVING COUNT(*) > 1) d`);
    expect(Number(dup.n)).toBe(0);
    const [events] = await sql<{ n: number }>(
      api,
      `SELECT COUNT(*) AS n FROM (SELECT subject_id FROM events WHERE action = 'supervise' GROUP BY subject_type, subject_id HAVING COUNT(*) > 1) d`,
    );
    expect(Number(events.n)).toBe(0);
  });
});
