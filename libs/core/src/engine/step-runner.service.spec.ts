import { AppConfig } from '@duban/config';
import { FixedClock, PolicyStep, WorkCalendar } from '@duban/domain';
import {
  SUBJECTS,
  type DueSubjectRow,
  type EngineRepository,
  type EscalationPoliciesRepository,
  type NotificationsRepository,
  type SubjectTable,
  type Transactions,
  type Tx,
} from '@duban/persistence';
import type { CalendarService } from '../calendar/calendar.service';
import type { ZoneService } from '../profiles/zone.service';
import { DEFAULT_POLICY_NAME, LOCKED_RETRY_MS, StepRunnerService, STEP_BATCH } from './step-runner.service';
import { Metrics } from '@duban/platform';

/*
 * StepRunnerService over mocked repositories: a due batch is claimed in one transaction, grouped
 * by (policy, step, due instant), and each group is a handful of set-wise statements; the times in
 * its notifications are read in the profile's zone.
 */
const NOW = new Date('2026-07-21T00:00:00Z');
const DUE = new Date('2026-07-20T15:59:59Z');
const OTHER_DUE = new Date('2026-07-20T09:00:00Z');
const TX = { tx: 'the batch' } as unknown as Tx;
const POLICY: PolicyStep[] = [
  { offset: '-P1D', calendar: 'natural', action: 'remind' },
  { offset: 'PT0S', calendar: 'natural', action: 'due' },
  { offset: 'P1D', calendar: 'natural', action: 'supervise', notify: ['OWNER', 'SUPERVISOR'] },
];
const row = (id: number, patch: Partial<DueSubjectRow> = {}): DueSubjectRow => ({ id, policyId: 5, dueAt: DUE, nextStep: 1, nextStepAt: DUE, ...patch });

function setup(due: Partial<Record<SubjectTable['type'], DueSubjectRow[]>>, zone = 'Asia/Shanghai', metrics?: Metrics) {
  const batches = new Map(Object.entries(due).map(([type, rows]) => [type, [rows]]));
  const engine = {
    // Each kind of subject answers its batch once, then nothing is due.
    claimDueBatch: jest.fn(async (_tx: Tx, subject: SubjectTable) => batches.get(subject.type)?.shift() ?? []),
    anyDue: jest.fn(async () => false),
    stopSteps: jest.fn(async () => undefined),
    recordStepRuns: jest.fn(async () => undefined),
    advanceCursors: jest.fn(async () => undefined),
    appendStepEvents: jest.fn(async () => undefined),
    raiseSupervision: jest.fn(async () => undefined),
  } as unknown as jest.Mocked<EngineRepository>;
  const policies = {
    stepsOf: jest.fn(async (id: number) => (id === 5 ? POLICY : id === 1 ? POLICY.slice(0, 1) : [])),
    ensure: jest.fn(async () => 1),
  } as unknown as jest.Mocked<EscalationPoliciesRepository>;
  const run = jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX));
  const transactions = { run, runRetryingDeadlocks: run } as unknown as jest.Mocked<Transactions>;
  const calendars = { calendar: jest.fn(async () => new WorkCalendar(new Map())) } as unknown as jest.Mocked<CalendarService>;
  const zones = { zone: jest.fn(async () => zone) } as unknown as jest.Mocked<ZoneService>;
  const notifications = { notifySubjects: jest.fn(async () => undefined) } as unknown as jest.Mocked<NotificationsRepository>;
  const service = new StepRunnerService(transactions, engine, policies, new FixedClock(NOW), calendars, zones, notifications, metrics);
  return { service, engine, policies, transactions, notifications };
}

/** A service with two lanes whose transactions yield once and count how many are open at once. */
function withTwoLanes({ engine, policies, transactions, notifications }: Omit<ReturnType<typeof setup>, 'service'>) {
  let open = 0;
  let most = 0;
  transactions.runRetryingDeadlocks.mockImplementation(async (work) => {
    most = Math.max(most, ++open);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return await work(TX);
    } finally {
      open--;
    }
  });
  const calendars = { calendar: jest.fn(async () => new WorkCalendar(new Map())) } as unknown as jest.Mocked<CalendarService>;
  const zones = { zone: jest.fn(async () => 'Asia/Shanghai') } as unknown as jest.Mocked<ZoneService>;
  const config = { queue: { sweepLanes: 2 } } as AppConfig;
  const service = new StepRunnerService(transactions, engine, policies, new FixedClock(NOW), calendars, zones, notifications, undefined, config);
  return { service, most: () => most };
}

describe('StepRunnerService', () => {
  it('runs DUBAN_SWEEP_LANES batches at once, each in its own transaction, until every lane finds nothing due', async () => {
    const { engine, policies, transactions, notifications } = setup({});
    const batches = [[row(1)], [row(2)], [row(3)]];
    engine.claimDueBatch.mockImplementation(async (_tx, subject) => (subject.type === 'OBLIGATION' ? (batches.shift() ?? []) : []));
    const { service, most } = withTwoLanes({ engine, policies, transactions, notifications });

    expect((await service.sweep(NOW)).steps).toBe(3);
    expect(most()).toBe(2);
    // Every batch at READ COMMITTED: recipients and units are read without locks.
    expect(transactions.runRetryingDeadlocks.mock.calls.every(([, options]) => options?.isolation === 'READ COMMITTED')).toBe(true);
    expect(engine.recordStepRuns.mock.calls.map(([, g]) => g.ids)).toEqual([[1], [2], [3]]);
  });

  it('runs no more batches at once than the lanes of one sweep when sweeps of two instants overlap, and finishes both', async () => {
    const { engine, policies, transactions, notifications } = setup({});
    const LATER = new Date(NOW.getTime() + 1000);
    const due = new Map([
      [NOW.getTime(), [[row(1)], [row(2)], [row(3)]]],
      [LATER.getTime(), [[row(4)], [row(5)], [row(6)]]],
    ]);
    engine.claimDueBatch.mockImplementation(async (_tx, subject, now) => (subject.type === 'OBLIGATION' ? (due.get(now.getTime())!.shift() ?? []) : []));
    const { service, most } = withTwoLanes({ engine, policies, transactions, notifications });

    const [first, second] = await Promise.all([service.sweep(NOW), service.sweep(LATER)]);
    expect([first.steps, second.steps]).toEqual([3, 3]);
    expect(most()).toBe(2);
  });

  it('counts the steps it ran and how late each ran, once the batch has committed; a failed batch counts nothing', async () => {
    const metrics = new Metrics('test');
    const late = new Date(NOW.getTime() - 90_000);
    await setup({ OBLIGATION: [row(1, { nextStepAt: late }), row(2, { nextStepAt: NOW })] }, 'Asia/Shanghai', metrics).service.sweep(NOW);
    const steps = (await metrics.steps.get()).values;
    expect(steps).toEqual([{ labels: { action: 'due', subject_type: 'OBLIGATION' }, value: 2 }]);
    const lateness = (await metrics.stepLateness.get()).values;
    expect(lateness.find((v) => v.metricName === 'duban_step_lateness_seconds_sum')?.value).toBe(90);
    expect(lateness.find((v) => v.metricName === 'duban_step_lateness_seconds_count')?.value).toBe(2);
    expect((await metrics.sweepBatch.get()).values.find((v) => v.metricName === 'duban_sweep_batch_size_sum')?.value).toBe(2);

    const failing = new Metrics('test');
    const broken = setup({ OBLIGATION: [row(1)] }, 'Asia/Shanghai', failing);
    broken.engine.recordStepRuns.mockRejectedValueOnce(new Error('deadlock'));
    await expect(broken.service.sweep(NOW)).rejects.toThrow('deadlock');
    expect((await failing.steps.get()).values).toEqual([]);
  });

  it('runs a due batch set-wise: one set of statements per (policy, step, due) group, in one transaction, until nothing is due', async () => {
    const { service, engine, transactions, notifications } = setup({ OBLIGATION: [row(1), row(2), row(3, { dueAt: OTHER_DUE })] });
    const result = await service.sweep(NOW);

    expect(result.steps).toBe(3);
    // Next: the supervise step, a day after each due instant.
    expect(result.nextAt).toEqual([new Date('2026-07-21T09:00:00Z'), new Date('2026-07-21T15:59:59Z')]);
    for (const subject of Object.values(SUBJECTS)) expect(engine.claimDueBatch).toHaveBeenCalledWith(TX, subject, NOW, STEP_BATCH);
    // One transaction per claim: the obligations' batch, then one empty claim per kind.
    expect(transactions.run).toHaveBeenCalledTimes(4);

    const group = { subject: SUBJECTS.OBLIGATION, ids: [1, 2], index: 1, action: 'due', level: null, dueAt: DUE, now: NOW };
    expect(engine.recordStepRuns).toHaveBeenCalledWith(TX, group);
    expect(engine.advanceCursors).toHaveBeenCalledWith(TX, group, new Date('2026-07-21T15:59:59Z'));
    expect(engine.appendStepEvents).toHaveBeenCalledWith(TX, group);
    expect(engine.advanceCursors).toHaveBeenCalledWith(TX, { ...group, ids: [3], dueAt: OTHER_DUE }, new Date('2026-07-21T09:00:00Z'));
    expect(engine.recordStepRuns).toHaveBeenCalledTimes(2);
    expect(engine.raiseSupervision).not.toHaveBeenCalled();

    // The step run is recorded before the cursor moves (its key makes the step happen once).
    expect(engine.recordStepRuns.mock.invocationCallOrder[0]).toBeLessThan(engine.advanceCursors.mock.invocationCallOrder[0]);
    expect(notifications.notifySubjects).toHaveBeenCalledWith(TX, SUBJECTS.OBLIGATION, [1, 2], {
      kind: 'DUE',
      key: { step: 1 },
      parts: expect.objectContaining({ titlePrefix: '【到期】', bodySuffix: expect.stringContaining('截止时间2026-07-20 23:59') }),
      roles: ['OWNER'],
      at: NOW,
    });
    expect(notifications.notifySubjects.mock.calls[0][3].parts.bodySuffix).toContain('如2026-07-21 23:59前仍未办理');
  });

  it('sweeps again shortly when a due subject was held by another transaction (its claim skipped it), and only then', async () => {
    const { service, engine } = setup({ OBLIGATION: [row(1)] });
    engine.anyDue.mockImplementation(async (subject) => subject.type === 'TASK');
    const result = await service.sweep(NOW);
    expect(result.steps).toBe(1);
    for (const subject of Object.values(SUBJECTS)) expect(engine.anyDue).toHaveBeenCalledWith(subject, NOW);
    expect(result.nextAt).toEqual([new Date(NOW.getTime() + LOCKED_RETRY_MS), new Date('2026-07-21T15:59:59Z')]);

    engine.anyDue.mockResolvedValue(false);
    expect((await service.sweep(NOW)).nextAt).toEqual([]);
  });

  it('opens or raises supervision at a supervise step, with its level and reason, and notifies the roles the step names', async () => {
    const { service, engine, notifications } = setup({ TASK: [row(7, { nextStep: 2 })] });
    expect((await service.sweep(NOW)).steps).toBe(1);
    const group = { subject: SUBJECTS.TASK, ids: [7], index: 2, action: 'supervise', level: 2, dueAt: DUE, now: NOW };
    expect(engine.advanceCursors).toHaveBeenCalledWith(TX, group, null);
    expect(engine.raiseSupervision).toHaveBeenCalledWith(TX, group, '逾期未办结（督办）');
    expect(notifications.notifySubjects).toHaveBeenCalledWith(TX, SUBJECTS.TASK, [7], expect.objectContaining({ kind: 'SUPERVISE', roles: ['OWNER', 'SUPERVISOR'] }));
    // The last step: nothing follows, nothing to arm.
    expect(notifications.notifySubjects.mock.calls[0][3].parts.bodySuffix).toContain('请尽快办理并反馈');
  });

  it('stops subjects whose policy lost the step they wait for, and runs nothing for them', async () => {
    const { service, engine, notifications } = setup({ PROBLEM: [row(40, { nextStep: 3 }), row(41, { nextStep: 3 })] });
    expect(await service.sweep(NOW)).toEqual({ steps: 0, nextAt: [] });
    expect(engine.stopSteps).toHaveBeenCalledWith(TX, SUBJECTS.PROBLEM, [40, 41]);
    expect(engine.recordStepRuns).not.toHaveBeenCalled();
    expect(notifications.notifySubjects).not.toHaveBeenCalled();
  });

  it('follows the default policy, created once, for subjects without one', async () => {
    const { service, policies, engine } = setup({ TASK: [row(8, { policyId: null, nextStep: 0 })] });
    await service.onApplicationBootstrap();
    await service.sweep(NOW);
    expect(policies.ensure).toHaveBeenCalledTimes(1);
    expect(policies.ensure).toHaveBeenCalledWith(DEFAULT_POLICY_NAME, expect.arrayContaining([expect.objectContaining({ action: 'escalate' })]));
    expect(policies.stepsOf).toHaveBeenCalledWith(1, TX);
    expect(engine.recordStepRuns).toHaveBeenCalledWith(TX, expect.objectContaining({ ids: [8], action: 'remind' }));
  });

  it("writes the times of its notifications in the profile's zone", async () => {
    const { service, notifications } = setup({ OBLIGATION: [row(1)] }, 'Europe/Berlin');
    await service.sweep(NOW);
    const { parts } = notifications.notifySubjects.mock.calls[0][3];
    expect(parts.bodySuffix).toContain('截止时间2026-07-20 17:59');
    expect(parts.bodySuffix).toContain('如2026-07-21 17:59前仍未办理');
  });
});
