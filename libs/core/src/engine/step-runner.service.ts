import { Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { Clock, cursorAt, groupBy, LEVEL_AFTER, localMinute, MONTHLY_REPORT_POLICY, PolicyStep, recipientsOf, StepAction, stepNotificationParts } from '@duban/domain';
import { EngineRepository, EscalationPoliciesRepository, NotificationsRepository, StepGroup, SubjectTable, SUBJECTS, Transactions, Tx } from '@duban/persistence';
import { AppConfig } from '@duban/config';
import { Metrics } from '@duban/platform';
import { CalendarService } from '../calendar/calendar.service';
import { Semaphore } from '../common/semaphore';
import { ZoneService } from '../profiles/zone.service';

export const DEFAULT_POLICY_NAME = '默认督办规则';
/** Subjects per transaction: DESIGN.md's 2,000–5,000 rows. */
export const STEP_BATCH = 5000;
/**
 * How soon a sweep runs again when a due subject was held by another transaction (its claim skips
 * locked rows): whoever held it may commit without arming anything, or arm the instant of the very
 * sweep that passed it over, which the queue takes for that job and drops.
 */
export const LOCKED_RETRY_MS = 1000;
/** How a sweep's batch runs (see runBatch). */
const SWEEP_TRANSACTION = { isolation: 'READ COMMITTED' } as const;

/** Why a supervision entry is opened or raised by a step (after the subject's label). */
const SUPERVISION_REASON: Partial<Record<StepAction, string>> = {
  supervise: '逾期未办结（督办）',
  escalate: '逾期未办结（挂牌督办）',
};

export interface SweepResult {
  /** Steps run. */
  steps: number;
  /**
   * Distinct instants at which to sweep again: when the subjects touched have their next step, and
   * {@link LOCKED_RETRY_MS} after `now` when a due subject was left because another transaction held it.
   */
  nextAt: Date[];
}

/**
 * Runs every escalation step whose time has come, set-wise. A batch of due subjects is
 * locked (FOR UPDATE SKIP LOCKED, so workers share a herd) and grouped by (policy, step,
 * due). Each group is one conditional UPDATE plus INSERT … SELECTs of step runs (their key
 * makes a step happen once), events, supervision entries and notifications, composed by the
 * database from the subject rows; one transaction per batch.
 */
@Injectable()
export class StepRunnerService implements OnApplicationBootstrap {
  private defaultPolicyId: number | null = null;
  /** Batches run at once by each sweep (DUBAN_SWEEP_LANES). */
  private readonly lanes: number;
  /** Batches run at once by all of this process's sweeps together: as many as one sweep's lanes. */
  private readonly batches: Semaphore;

  constructor(
    private readonly transactions: Transactions,
    private readonly engine: EngineRepository,
    private readonly policies: EscalationPoliciesRepository,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly zones: ZoneService,
    private readonly notifications: NotificationsRepository,
    @Optional() private readonly metrics?: Metrics,
    @Optional() config?: AppConfig,
  ) {
    this.lanes = config?.queue.sweepLanes ?? 1;
    this.batches = new Semaphore(this.lanes, Number.MAX_SAFE_INTEGER);
  }

  /**
   * Creates the default policy before any transaction needs it: a row inserted outside a
   * transaction whose snapshot is already taken would be invisible inside it.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.defaultPolicy();
  }

  /** Runs due steps of every kind of subject until none is left at `now`. */
  async sweep(now = this.clock.now()): Promise<SweepResult> {
    const total: SweepResult = { steps: 0, nextAt: [] };
    for (const subject of Object.values(SUBJECTS)) {
      // Lanes claim disjoint batches (SKIP LOCKED), each until nothing is due: a step run may bring
      // the subject's next step due too.
      const lane = async () => {
        for (;;) {
          const batch = await this.batches.run(() => this.runBatch(subject, now));
          total.steps += batch.steps;
          total.nextAt.push(...batch.nextAt);
          if (batch.steps === 0) return;
        }
      };
      await Promise.all(Array.from({ length: this.lanes }, lane));
      if (await this.engine.anyDue(subject, now)) total.nextAt.push(new Date(now.getTime() + LOCKED_RETRY_MS));
    }
    total.nextAt = uniqueTimes(total.nextAt);
    return total;
  }

  /** The default policy's id, created on first use (DESIGN.md's monthly-report timings). */
  async defaultPolicy(): Promise<number> {
    this.defaultPolicyId ??= await this.policies.ensure(DEFAULT_POLICY_NAME, MONTHLY_REPORT_POLICY);
    return this.defaultPolicyId;
  }

  /** A policy's steps; the default policy's when none is given. */
  async policySteps(policyId: number | null, tx?: Tx): Promise<PolicyStep[]> {
    return this.policies.stepsOf(policyId ?? (await this.defaultPolicy()), tx);
  }

  private async runBatch(subject: SubjectTable, now: Date): Promise<SweepResult> {
    const calendar = await this.calendars.calendar();
    const zone = await this.zones.zone();
    const started = performance.now();
    const ran: { action: string; scheduled: Date[] }[] = [];
    let claimed = 0;
    // Lanes (and other workers) may deadlock on the rows their inserts share; the victim's batch
    // was rolled back whole and is run again. READ COMMITTED: the batch's own subjects are locked by
    // its claim, and everything else it reads (recipients, units, cadences) it reads without locks.
    // Under REPEATABLE READ each INSERT … SELECT would hold shared locks on every recipient's and
    // unit's row until commit, and the claim's next-key locks would make the other lane's UPDATE
    // wait for gaps it moves its subjects into.
    const result = await this.transactions.runRetryingDeadlocks(async (tx) => {
      ran.length = 0; // what a rolled-back try ran did not happen
      const rows = await this.engine.claimDueBatch(tx, subject, now, STEP_BATCH);
      claimed = rows.length;
      if (rows.length === 0) return { steps: 0, nextAt: [] };

      const policies = new Map<number | null, PolicyStep[]>();
      for (const policyId of new Set(rows.map((r) => r.policyId))) policies.set(policyId, await this.policySteps(policyId, tx));
      const groups = groupBy(rows, (row) => `${row.policyId}|${row.nextStep}|${row.dueAt.getTime()}`);

      let steps = 0;
      const nextAt: Date[] = [];
      for (const group of groups.values()) {
        const { policyId, nextStep: index, dueAt } = group[0];
        const policy = policies.get(policyId)!;
        const step = policy[index];
        const ids = group.map((r) => r.id);
        if (!step) {
          // The policy lost steps since this subject was scheduled: nothing is left to run.
          await this.engine.stopSteps(tx, subject, ids);
          continue;
        }
        const following = cursorAt(dueAt, policy, index + 1, calendar, zone);
        if (following.nextStepAt) nextAt.push(following.nextStepAt);
        const run: StepGroup = { subject, ids, index, action: step.action, level: LEVEL_AFTER[step.action], dueAt, now };
        await this.runStep(tx, run, step, following.nextStepAt, policy[index + 1], zone);
        ran.push({ action: step.action, scheduled: group.map((r) => r.nextStepAt) });
        steps += ids.length;
      }
      return { steps, nextAt: uniqueTimes(nextAt) };
    }, SWEEP_TRANSACTION);
    // Counted once the batch has committed.
    if (claimed > 0 && this.metrics) {
      this.metrics.sweepBatch.observe(claimed);
      this.metrics.sweepDuration.observe((performance.now() - started) / 1000);
      for (const { action, scheduled } of ran) for (const at of scheduled) this.metrics.stepRan(action, subject.type, at, now);
    }
    return result;
  }

  /** One step for a group of locked subjects sharing policy, step and due instant. */
  private async runStep(tx: Tx, run: StepGroup, step: PolicyStep, nextAt: Date | null, nextStep: PolicyStep | undefined, zone: string): Promise<void> {
    // The primary key makes a step happen once: a repeat aborts the whole batch.
    await this.engine.recordStepRuns(tx, run);
    await this.engine.advanceCursors(tx, run, nextAt);
    await this.engine.appendStepEvents(tx, run);
    const reason = SUPERVISION_REASON[step.action];
    if (reason && run.level !== null) await this.engine.raiseSupervision(tx, { ...run, level: run.level }, reason);
    // Inbox notifications for each recipient, composed in SQL; then deliveries for channels.
    const next = nextStep && nextAt ? { action: nextStep.action, atLocal: localMinute(nextAt, zone) } : null;
    const parts = stepNotificationParts(step.action, localMinute(run.dueAt, zone), next);
    await this.notifications.notifySubjects(tx, run.subject, run.ids, { kind: step.action.toUpperCase(), key: { step: run.index }, parts, roles: recipientsOf(step), at: run.now });
  }
}

function uniqueTimes(times: Date[]): Date[] {
  return [...new Set(times.map((t) => t.getTime()))].sort((a, b) => a - b).map((t) => new Date(t));
}
