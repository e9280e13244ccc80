import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import {
  Clock,
  cursorAt,
  LEVEL_AFTER,
  MONTHLY_REPORT_POLICY,
  NotifyRole,
  PolicyStep,
  recipientsOf,
  StepAction,
  stepNotificationText,
} from '@duban/domain';
import { appendEvents, NewEvent } from '@duban/persistence';
import { DEFAULT_ZONE } from '../cadences/cadences.service';
import { CalendarService } from '../calendar/calendar.service';
import { SubjectTable, SUBJECTS } from './subjects';

export const DEFAULT_POLICY_NAME = '默认督办规则';
const BATCH = 2000;

interface DueRow {
  id: number;
  policy_id: number | null;
  due_at: Date;
  next_step: number;
  schedule_gen: number;
  escalation_level: number;
  owner_unit_id: number;
  issuer_unit_id: number | null;
  chain_id: number | null;
  label: string;
  owner_name: string;
}

export interface SweepResult {
  /** Steps run. */
  steps: number;
  /** Distinct instants at which the subjects touched have their next step. */
  nextAt: Date[];
}

/**
 * Runs every escalation step whose time has come, set-wise: a batch of due subjects is
 * locked (SKIP LOCKED, so workers share the herd), grouped by (policy, step, due), and each
 * group is applied with one conditional UPDATE and bulk INSERTs of step runs, events,
 * supervision entries and notifications, all in one transaction per batch.
 */
@Injectable()
export class StepRunnerService implements OnApplicationBootstrap {
  private readonly logger = new Logger(StepRunnerService.name);
  private defaultPolicyId: number | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
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
        `SELECT s.id, s.policy_id, s.due_at, s.next_step, s.schedule_gen, s.escalation_level,
                s.${subject.ownerColumn} AS owner_unit_id, s.${subject.issuerColumn} AS issuer_unit_id, s.chain_id
           FROM ${subject.table} s
          WHERE s.next_step_at <= ? AND ${subject.active}
          ORDER BY s.next_step_at, s.id
          LIMIT ${BATCH}
          FOR UPDATE SKIP LOCKED`,
        [now],
      );
      if (rows.length === 0) return { steps: 0, nextAt: [] };
      const labels: { id: number; label: string; owner_name: string }[] = await em.query(
        `SELECT s.id, ${subject.label} AS label, u.name AS owner_name
           FROM ${subject.table} s ${subject.join} JOIN units u ON u.id = s.${subject.ownerColumn}
          WHERE s.id IN (?)`,
        [rows.map((r) => r.id)],
      );
      const labelOf = new Map(labels.map((l) => [l.id, l]));
      for (const row of rows) Object.assign(row, { label: labelOf.get(row.id)?.label ?? '', owner_name: labelOf.get(row.id)?.owner_name ?? '' });

      const policies = new Map<number | null, PolicyStep[]>();
      for (const policyId of new Set(rows.map((r) => r.policy_id))) policies.set(policyId, await this.policySteps(policyId, em));

      const groups = new Map<string, DueRow[]>();
      for (const row of rows) {
        const key = `${row.policy_id}|${row.next_step}|${row.due_at.getTime()}`;
        groups.set(key, [...(groups.get(key) ?? []), row]);
      }

      const nextAt: Date[] = [];
      const events: NewEvent[] = [];
      const runs: unknown[][] = [];
      const supervision: unknown[][] = [];
      const notices: { rows: DueRow[]; action: StepAction; roles: readonly NotifyRole[]; stepKey: (r: DueRow) => string; next: { action: StepAction; at: Date } | null }[] = [];

      for (const group of groups.values()) {
        const { policy_id, next_step, due_at } = group[0];
        const steps = policies.get(policy_id)!;
        const step = steps[next_step];
        const following = cursorAt(due_at, steps, next_step + 1, calendar, DEFAULT_ZONE);
        if (following.nextStepAt) nextAt.push(following.nextStepAt);
        if (!step) {
          // The policy lost steps since this subject was scheduled: nothing left to run.
          await em.query(`UPDATE ${subject.table} SET next_step_at = NULL WHERE id IN (?)`, [group.map((r) => r.id)]);
          continue;
        }
        const level = LEVEL_AFTER[step.action];
        const ids = group.map((r) => r.id);
        await em.query(
          `UPDATE ${subject.table} SET next_step = next_step + 1, next_step_at = ?, version = version + 1
             ${level !== null ? ', escalation_level = GREATEST(escalation_level, ?)' : ''}
             ${subject.type === 'OBLIGATION' ? timelinessUpdate(step.action) : ''}
           WHERE id IN (?) AND next_step = ?`,
          [following.nextStepAt, ...(level !== null ? [level] : []), ids, next_step],
        );
        for (const r of group) {
          runs.push([subject.type, r.id, r.schedule_gen, next_step, step.action, due_at, now]);
          events.push({
            subjectType: subject.type,
            subjectId: r.id,
            at: now,
            actorId: null,
            action: step.action,
            fromState: null,
            toState: null,
            data: { step: next_step, level: level ?? r.escalation_level, dueAt: due_at.toISOString() },
          });
          if (step.action === 'supervise' || step.action === 'escalate') {
            supervision.push([subject.type, r.id, level, `${r.label}逾期未办结（${step.action === 'escalate' ? '挂牌督办' : '督办'}）`, r.owner_unit_id, r.chain_id, now]);
          }
        }
        const nextStep = steps[next_step + 1];
        notices.push({
          rows: group,
          action: step.action,
          roles: recipientsOf(step),
          stepKey: (r) => `${r.schedule_gen}-${next_step}`,
          next: nextStep && following.nextStepAt ? { action: nextStep.action, at: following.nextStepAt } : null,
        });
      }

      if (runs.length > 0) {
        // The primary key makes a step happen once; a duplicate here aborts the batch.
        await em.query('INSERT INTO step_runs (subject_type, subject_id, schedule_gen, step_index, action, due_at, ran_at) VALUES ?', [runs]);
      }
      await appendEvents(em, events);
      if (supervision.length > 0) {
        await em.query(
          `INSERT INTO supervision_entries (subject_type, subject_id, level, reason, owner_unit_id, chain_id, opened_at) VALUES ?
           ON DUPLICATE KEY UPDATE reason = IF(VALUES(level) > level, VALUES(reason), reason), level = GREATEST(level, VALUES(level))`,
          [supervision],
        );
      }
      for (const notice of notices) await this.notify(em, subject, notice, now);
      return { steps: runs.length, nextAt: uniqueTimes(nextAt) };
    });
  }

  private async notify(
    em: EntityManager,
    subject: SubjectTable,
    notice: { rows: DueRow[]; action: StepAction; roles: readonly NotifyRole[]; stepKey: (r: DueRow) => string; next: { action: StepAction; at: Date } | null },
    now: Date,
  ): Promise<void> {
    const units = new Set<number>();
    for (const r of notice.rows) {
      if (notice.roles.includes('OWNER')) units.add(r.owner_unit_id);
      if (notice.roles.includes('ISSUER') && r.issuer_unit_id !== null) units.add(r.issuer_unit_id);
    }
    const users: { id: number; unit_id: number | null; roles: string }[] = await em.query(
      `SELECT id, unit_id, roles FROM users WHERE ${units.size ? 'unit_id IN (?)' : '1 = 0'} ${notice.roles.includes('SUPERVISOR') ? "OR FIND_IN_SET('SUPERVISOR', roles)" : ''}`,
      units.size ? [[...units]] : [],
    );
    const byUnit = new Map<number, { id: number; roles: string[] }[]>();
    const supervisors = users.filter((u) => u.roles.split(',').includes('SUPERVISOR')).map((u) => u.id);
    for (const u of users) if (u.unit_id !== null) byUnit.set(u.unit_id, [...(byUnit.get(u.unit_id) ?? []), { id: u.id, roles: u.roles.split(',') }]);

    const values: unknown[][] = [];
    for (const r of notice.rows) {
      const recipients = new Set<number>();
      if (notice.roles.includes('OWNER')) {
        for (const u of byUnit.get(r.owner_unit_id) ?? []) if (u.roles.includes('UNIT_LIAISON') || u.roles.includes('LEAD_UNIT')) recipients.add(u.id);
      }
      if (notice.roles.includes('ISSUER') && r.issuer_unit_id !== null) {
        for (const u of byUnit.get(r.issuer_unit_id) ?? []) if (u.roles.includes('LEAD_UNIT')) recipients.add(u.id);
      }
      if (notice.roles.includes('SUPERVISOR')) for (const id of supervisors) recipients.add(id);
      if (recipients.size === 0) continue;
      const text = stepNotificationText(
        notice.action,
        { label: r.label, unitName: r.owner_name, dueLocal: localMinute(r.due_at) },
        notice.next ? { action: notice.next.action, atLocal: localMinute(notice.next.at) } : null,
      );
      for (const userId of recipients) values.push([userId, notice.action.toUpperCase(), subject.type, r.id, notice.stepKey(r), text.title, text.body, now]);
    }
    if (values.length === 0) return;
    await em.query('INSERT IGNORE INTO notifications (user_id, kind, subject_type, subject_id, step_key, title, body, created_at) VALUES ?', [values]);
    // Beyond the inbox: one delivery per channel (a unit's group robot, a person's e-mail) and step.
    await em.query(
      `INSERT IGNORE INTO deliveries (channel_id, notification_id, subject_type, subject_id, step_key, created_at)
       SELECT c.id, n.id, n.subject_type, n.subject_id, n.step_key, ?
         FROM notifications n JOIN users u ON u.id = n.user_id
         JOIN notification_channels c ON c.enabled = 1 AND (c.user_id = n.user_id OR c.unit_id = u.unit_id)
        WHERE n.subject_type = ? AND n.subject_id IN (?) AND n.step_key IN (?)
        ORDER BY n.id`,
      [now, subject.type, notice.rows.map((r) => r.id), [...new Set(notice.rows.map(notice.stepKey))]],
    );
  }
}

function timelinessUpdate(action: StepAction): string {
  if (action === 'remind') return `, timeliness = IF(timeliness = 'ON_TRACK', 'DUE_SOON', timeliness)`;
  return `, timeliness = 'OVERDUE'`;
}

function localMinute(at: Date): string {
  return DateTime.fromJSDate(at, { zone: DEFAULT_ZONE }).toFormat('yyyy-MM-dd HH:mm');
}

function uniqueTimes(times: Date[]): Date[] {
  return [...new Set(times.map((t) => t.getTime()))].sort((a, b) => a - b).map((t) => new Date(t));
}

