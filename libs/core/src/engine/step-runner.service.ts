import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, cursorAt, LEVEL_AFTER, localMinute, MONTHLY_REPORT_POLICY, PolicyStep, recipientsOf, StepAction, stepNotificationParts } from '@duban/domain';
import { DEFAULT_ZONE } from '../cadences/cadences.service';
import { CalendarService } from '../calendar/calendar.service';
import { NotificationsRepository, RAISE_OPEN_ENTRY, SubjectTable, SUBJECTS } from '@duban/persistence';

export const DEFAULT_POLICY_NAME = '默认督办规则';
/** Subjects per transaction: DESIGN.md's 2,000–5,000 rows. */
const BATCH = 5000;

interface DueRow {
  id: number;
  policy_id: number | null;
  due_at: Date;
  next_step: number;
}

export interface SweepResult {
  /** Steps run. */
  steps: number;
  /** Distinct instants at which the subjects touched have their next step. */
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
  private readonly logger = new Logger(StepRunnerService.name);
  private defaultPolicyId: number | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly notifications: NotificationsRepository,
  ) {}

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
      // Until nothing is due: a step run may bring the subject's next step due too.
      for (;;) {
        const batch = await this.runBatch(subject, now);
        total.steps += batch.steps;
        total.nextAt.push(...batch.nextAt);
        if (batch.steps === 0) break;
      }
    }
    total.nextAt = uniqueTimes(total.nextAt);
    return total;
  }

  /** The default policy's id, created on first use (DESIGN.md's monthly-report timings). */
  async defaultPolicy(): Promise<number> {
    if (this.defaultPolicyId !== null) return this.defaultPolicyId;
    await this.db.query('INSERT IGNORE INTO escalation_policies (name, steps) VALUES (?, ?)', [DEFAULT_POLICY_NAME, JSON.stringify(MONTHLY_REPORT_POLICY)]);
    const [row] = await this.db.query('SELECT id FROM escalation_policies WHERE name = ?', [DEFAULT_POLICY_NAME]);
    this.defaultPolicyId = Number(row.id);
    return this.defaultPolicyId;
  }

  async policySteps(policyId: number | null, em: EntityManager = this.db.manager): Promise<PolicyStep[]> {
    const id = policyId ?? (await this.defaultPolicy());
    const [row] = await em.query('SELECT steps FROM escalation_policies WHERE id = ?', [id]);
    return row ? (typeof row.steps === 'string' ? JSON.parse(row.steps) : row.steps) : [];
  }

  private async runBatch(subject: SubjectTable, now: Date): Promise<SweepResult> {
    const calendar = await this.calendars.calendar();
    return this.db.transaction(async (em) => {
      // Lock only subject rows (no joins), so concurrent workers take disjoint batches.
      const rows: DueRow[] = await em.query(
        `SELECT s.id, s.policy_id, s.due_at, s.next_step FROM ${subject.table} s
          WHERE s.next_step_at <= ? AND ${subject.active}
          ORDER BY s.next_step_at, s.id LIMIT ${BATCH}
          FOR UPDATE SKIP LOCKED`,
        [now],
      );
      if (rows.length === 0) return { steps: 0, nextAt: [] };

      const policies = new Map<number | null, PolicyStep[]>();
      for (const policyId of new Set(rows.map((r) => r.policy_id))) policies.set(policyId, await this.policySteps(policyId, em));
      const groups = new Map<string, DueRow[]>();
      for (const row of rows) {
        const key = `${row.policy_id}|${row.next_step}|${row.due_at.getTime()}`;
        groups.set(key, [...(groups.get(key) ?? []), row]);
      }

      let steps = 0;
      const nextAt: Date[] = [];
      for (const group of groups.values()) {
        const { policy_id, next_step: index, due_at: dueAt } = group[0];
        const policy = policies.get(policy_id)!;
        const step = policy[index];
        const ids = group.map((r) => r.id);
        if (!step) {
          // The policy lost steps since this subject was scheduled: nothing is left to run.
          await em.query(`UPDATE ${subject.table} SET next_step_at = NULL WHERE id IN (?)`, [ids]);
          continue;
        }
        const following = cursorAt(dueAt, policy, index + 1, calendar, DEFAULT_ZONE);
        if (following.nextStepAt) nextAt.push(following.nextStepAt);
        await this.runStep(em, subject, ids, index, step, following.nextStepAt, policy[index + 1], dueAt, now);
        steps += ids.length;
      }
      return { steps, nextAt: uniqueTimes(nextAt) };
    });
  }

  /** One step for a group of locked subjects sharing policy, step and due instant. */
  private async runStep(
    em: EntityManager,
    subject: SubjectTable,
    ids: number[],
    index: number,
    step: PolicyStep,
    nextAt: Date | null,
    nextStep: PolicyStep | undefined,
    dueAt: Date,
    now: Date,
  ): Promise<void> {
    const { table } = subject;
    // The primary key makes a step happen once: a repeat aborts the whole batch.
    await em.query(
      `INSERT INTO step_runs (subject_type, subject_id, schedule_gen, step_index, action, due_at, ran_at)
       SELECT ?, id, schedule_gen, ?, ?, due_at, ? FROM ${table} WHERE id IN (?)`,
      [subject.type, index, step.action, now, ids],
    );
    const level = LEVEL_AFTER[step.action];
    await em.query(
      `UPDATE ${table} SET next_step = next_step + 1, next_step_at = ?, version = version + 1
         ${level !== null ? ', escalation_level = GREATEST(escalation_level, ?)' : ''}
         ${timelinessUpdate(subject, step.action)}
       WHERE id IN (?) AND next_step = ?`,
      [nextAt, ...(level !== null ? [level] : []), ids, index],
    );
    await em.query(
      `INSERT INTO events (subject_type, subject_id, at, actor_id, action, from_state, to_state, comment, data)
       SELECT ?, id, ?, NULL, ?, NULL, NULL, NULL, JSON_OBJECT('step', ?, 'level', escalation_level, 'dueAt', ?) FROM ${table} WHERE id IN (?)`,
      [subject.type, now, step.action, index, dueAt.toISOString(), ids],
    );
    if (step.action === 'supervise' || step.action === 'escalate') {
      await em.query(
        `INSERT INTO supervision_entries (subject_type, subject_id, level, reason, owner_unit_id, chain_id, opened_at)
         SELECT ?, s.id, ?, LEFT(CONCAT(${subject.label}, ?), 500), s.${subject.ownerColumn}, s.chain_id, ? FROM ${table} s ${subject.join} WHERE s.id IN (?)
         ${RAISE_OPEN_ENTRY}`,
        [subject.type, level, step.action === 'escalate' ? '逾期未办结（挂牌督办）' : '逾期未办结（督办）', now, ids],
      );
    }
    await this.notify(em, subject, ids, index, step, nextStep && nextAt ? { action: nextStep.action, at: nextAt } : null, dueAt, now);
  }

  /** Inbox notifications for each recipient, composed in SQL; then deliveries for channels. */
  private async notify(
    em: EntityManager,
    subject: SubjectTable,
    ids: number[],
    index: number,
    step: PolicyStep,
    next: { action: StepAction; at: Date } | null,
    dueAt: Date,
    now: Date,
  ): Promise<void> {
    const parts = stepNotificationParts(step.action, localMinute(dueAt, DEFAULT_ZONE), next ? { action: next.action, atLocal: localMinute(next.at, DEFAULT_ZONE) } : null);
    await this.notifications.notifySubjects(em, subject, ids, { kind: step.action.toUpperCase(), key: { step: index }, parts, roles: recipientsOf(step), at: now });
  }
}

/** What a step marks: obligations store their light; a task's is derived, a reminder noted. */
function timelinessUpdate(subject: SubjectTable, action: StepAction): string {
  if (subject.type === 'TASK') return action === 'remind' ? ', reminded = 1' : '';
  if (subject.type === 'PROBLEM') return '';
  if (action === 'remind') return `, timeliness = IF(timeliness = 'ON_TRACK', 'DUE_SOON', timeliness)`;
  return `, timeliness = 'OVERDUE'`;
}

function uniqueTimes(times: Date[]): Date[] {
  return [...new Set(times.map((t) => t.getTime()))].sort((a, b) => a - b).map((t) => new Date(t));
}
