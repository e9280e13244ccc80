import { INestApplication } from '@nestjs/common';
import { Clock } from '@duban/domain';
import { MaterialiserService, ReconcilerService, VirtualClock } from '@duban/core';
import { adminToken, createUser, http, isolatedEnvironment, sql, startApi } from './support/harness';

/*
 * Changing a cadence, a policy or a due date moves the steps still to come; steps armed for
 * the old schedule find nothing to do. Occurrences missed while nothing ran are caught up,
 * straight to their due steps. Driven on the virtual clock, the engine called directly.
 */
describe('rescheduling and catch-up (e2e)', () => {
  let cleanup: () => Promise<void>;
  let api: INestApplication;
  let admin: string;
  let receiver: number;
  let owing: number;

  beforeAll(async () => {
    cleanup = await isolatedEnvironment('resched', { DUBAN_TIME_TRAVEL: '1', DUBAN_CLOCK_START: '2026-07-01T09:00:00+08:00' });
    api = await startApi();
    admin = await adminToken(api);
    receiver = (await http(api).post('/api/v1/units').set(as(admin)).send({ name: '市工信局', kind: 'DEPARTMENT' }).expect(201)).body.id;
    owing = (await http(api).post('/api/v1/units').set(as(admin)).send({ name: '中牟县', kind: 'DISTRICT' }).expect(201)).body.id;
    await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: owing });
  });
  afterAll(async () => {
    await api?.close();
    await cleanup?.();
  });

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const cadence = (extra: Record<string, unknown>) => ({
    kind: 'REPORT',
    frequency: 'MONTHLY',
    time: '23:59:59',
    shift: 'NONE',
    owingUnitIds: [owing],
    receiverUnitId: receiver,
    ...extra,
  });
  const obligation = async (cadenceId: number, period: string) =>
    (
      await sql<{ id: number; due_at: Date; schedule_gen: number; next_step: number; next_step_at: Date | null }>(
        api,
        'SELECT id, due_at, schedule_gen, next_step, next_step_at FROM obligations WHERE cadence_id = ? AND period = ?',
        [cadenceId, period],
      )
    )[0];

  it('moves an occurrence still to come when its cadence changes, and stale steps do nothing', async () => {
    const created = await http(api)
      .post('/api/v1/cadences')
      .set(as(admin))
      .send(cadence({ name: '月报（改期）', dayOfMonth: 20, activeFrom: '2026-07-01T00:00:00+08:00' }))
      .expect(201);
    await api.get(MaterialiserService).materialise();
    const before = await obligation(created.body.id, '2026-07');
    expect(before.due_at.toISOString()).toBe('2026-07-20T15:59:59.000Z');
    expect(before.next_step_at!.toISOString()).toBe('2026-07-15T15:59:59.000Z'); // 3 working days before

    await http(api)
      .put(`/api/v1/cadences/${created.body.id}`)
      .set(as(admin))
      .send(cadence({ name: '月报（改期）', dayOfMonth: 25, activeFrom: '2026-07-01T00:00:00+08:00' }))
      .expect(200);
    await api.get(MaterialiserService).materialise();
    const after = await obligation(created.body.id, '2026-07');
    expect(after.id).toBe(before.id);
    expect(after.due_at.toISOString()).toBe('2026-07-25T15:59:59.000Z');
    expect(after.schedule_gen).toBe(before.schedule_gen + 1);
    expect(after.next_step_at!.toISOString()).toBe('2026-07-22T15:59:59.000Z');

    // A sweep armed for the old reminder time (15 July) finds nothing due then.
    await (api.get(Clock) as VirtualClock).advance(new Date('2026-07-16T00:00:00+08:00'));
    const { steps } = await api.get(ReconcilerService).onSweep();
    expect(steps).toBe(0);
    const runs = await sql(api, `SELECT * FROM step_runs WHERE subject_type = 'OBLIGATION' AND subject_id = ?`, [before.id]);
    expect(runs).toHaveLength(0);
  });

  it('reschedules the steps still to come when a policy changes; steps already run stay done', async () => {
    const policy = await http(api)
      .post('/api/v1/escalation-policies')
      .set(as(admin))
      .send({
        name: '可修改规则',
        steps: [
          { offset: -1, calendar: 'workday', action: 'remind' },
          { offset: 'PT0S', calendar: 'natural', action: 'due' },
          { offset: 2, calendar: 'workday', action: 'urge' },
        ],
      })
      .expect(201);
    const created = await http(api)
      .post('/api/v1/cadences')
      .set(as(admin))
      .send(cadence({ name: '月报（改规则）', dayOfMonth: 28, activeFrom: '2026-07-01T00:00:00+08:00', policyId: policy.body.id }))
      .expect(201);
    await api.get(MaterialiserService).materialise();
    const before = await obligation(created.body.id, '2026-07');
    expect(before.next_step_at!.toISOString()).toBe('2026-07-27T15:59:59.000Z');

    await http(api)
      .put(`/api/v1/escalation-policies/${policy.body.id}`)
      .set(as(admin))
      .send({
        name: '可修改规则',
        steps: [
          { offset: -3, calendar: 'workday', action: 'remind' },
          { offset: 'PT0S', calendar: 'natural', action: 'due' },
          { offset: 5, calendar: 'workday', action: 'urge' },
        ],
      })
      .expect(200);
    const after = await obligation(created.body.id, '2026-07');
    expect(after.schedule_gen).toBe(before.schedule_gen + 1);
    expect(after.next_step).toBe(0);
    expect(after.next_step_at!.toISOString()).toBe('2026-07-23T15:59:59.000Z');
  });

  it('catches up a cadence whose occurrences passed while nothing ran: straight to the due step, no late reminders', async () => {
    const created = await http(api)
      .post('/api/v1/cadences')
      .set(as(admin))
      .send(cadence({ name: '月报（补建）', dayOfMonth: 5, activeFrom: '2026-06-01T00:00:00+08:00' }))
      .expect(201);
    await api.get(MaterialiserService).materialise();
    const june = await obligation(created.body.id, '2026-06');
    const july = await obligation(created.body.id, '2026-07');
    expect(june.due_at.toISOString()).toBe('2026-06-05T15:59:59.000Z');
    expect(july.due_at.toISOString()).toBe('2026-07-05T15:59:59.000Z');
    // Both are past by now (16 July on the virtual clock): their cursors skip the reminders.
    expect(june.next_step).toBe(2);
    expect(july.next_step).toBe(2);
    await api.get(ReconcilerService).reconcile();
    const actions = await sql<{ action: string }>(api, `SELECT action FROM step_runs WHERE subject_type = 'OBLIGATION' AND subject_id = ? ORDER BY step_index`, [june.id]);
    expect(actions.map((a) => a.action)).toEqual(['due', 'urge', 'supervise', 'escalate']);
    const [entry] = await sql<{ level: number }>(api, `SELECT level FROM supervision_entries WHERE subject_type = 'OBLIGATION' AND subject_id = ?`, [june.id]);
    expect(entry.level).toBe(3);
  });
});
