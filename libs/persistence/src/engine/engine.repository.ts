import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OBLIGATION_STEP_LIGHT, StepAction, StepCursor } from '@duban/domain';
import { RAISE_OPEN_ENTRY } from '../supervision/supervision.repository';
import { idsIn } from '../id-sets';
import type { Tx } from '../transactions';
import { SUBJECTS, SubjectTable } from './subjects';

/** A subject whose next escalation step has come, as the step runner claims it. */
export interface DueSubjectRow {
  id: number;
  policyId: number | null;
  dueAt: Date;
  nextStep: number;
  /** When the step was to run (its lateness is measured from it). */
  nextStepAt: Date;
}

/** One step for a group of claimed subjects sharing policy, step and due instant. */
export interface StepGroup {
  subject: SubjectTable;
  ids: readonly number[];
  index: number;
  action: StepAction;
  /** The escalation level the step raises the subjects to (LEVEL_AFTER), or null. */
  level: number | null;
  dueAt: Date;
  now: Date;
}

/**
 * The deadline engine's set-wise statements over the subjects it escalates (tasks, report
 * obligations, problems; see {@link SUBJECTS}): claiming a batch, recording and applying a step
 * for a group in a few statements, and placing or stopping a subject's step cursor.
 */
@Injectable()
export class EngineRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Locks up to `limit` subjects whose next step is due at `now`, soonest first. Only subject rows
   * are locked (no joins) and locked rows are skipped, so concurrent workers take disjoint batches.
   */
  async claimDueBatch(tx: Tx, subject: SubjectTable, now: Date, limit: number): Promise<DueSubjectRow[]> {
    return tx.query(
      `SELECT s.id, s.policy_id AS policyId, s.${subject.dueColumn} AS dueAt, s.next_step AS nextStep, s.next_step_at AS nextStepAt FROM ${subject.table} s
        WHERE s.next_step_at <= ? AND ${subject.active}
        ORDER BY s.next_step_at, s.id LIMIT ${Number(limit)}
        FOR UPDATE SKIP LOCKED`,
      [now],
    );
  }

  /**
   * Whether some subject's step is due at `now` and not yet run: a plain read, which sees the rows a
   * claim passed over because another transaction held them.
   */
  async anyDue(subject: SubjectTable, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM ${subject.table} s WHERE s.next_step_at <= ? AND ${subject.active} LIMIT 1`, [now]);
    return rows.length > 0;
  }

  /** Stops the subjects' escalation: no step is armed for them any more. */
  async stopSteps(tx: Tx, subject: SubjectTable, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    const batch = idsIn('id', ids);
    await tx.query(`UPDATE ${subject.table} SET next_step_at = NULL WHERE ${batch.sql}`, batch.params);
  }

  /** Records the step as run for each subject; the primary key makes a step happen once (a repeat aborts the transaction). */
  async recordStepRuns(tx: Tx, g: StepGroup): Promise<void> {
    const batch = idsIn('id', g.ids);
    await tx.query(
      `INSERT INTO step_runs (subject_type, subject_id, schedule_gen, step_index, action, due_at, ran_at)
       SELECT ?, id, schedule_gen, ?, ?, ${g.subject.dueColumn}, ? FROM ${g.subject.table} WHERE ${batch.sql}`,
      [g.subject.type, g.index, g.action, g.now, ...batch.params],
    );
  }

  /**
   * Moves the subjects' cursor past the step, conditionally on it still standing there: the next
   * step and when it falls, the version, the level the step raises to, and what the step marks
   * (an obligation's light, a task's reminder).
   */
  async advanceCursors(tx: Tx, g: StepGroup, nextAt: Date | null): Promise<void> {
    const batch = idsIn('id', g.ids);
    await tx.query(
      `UPDATE ${g.subject.table} SET next_step = next_step + 1, next_step_at = ?, version = version + 1
         ${g.level !== null ? ', escalation_level = GREATEST(escalation_level, ?)' : ''}
         ${stepMarks(g.subject, g.action)}
       WHERE ${batch.sql} AND next_step = ?`,
      [nextAt, ...(g.level !== null ? [g.level] : []), ...batch.params, g.index],
    );
  }

  /** One event per subject for the step, with the level it reached and its due instant. */
  async appendStepEvents(tx: Tx, g: StepGroup): Promise<void> {
    const batch = idsIn('id', g.ids);
    await tx.query(
      `INSERT INTO events (subject_type, subject_id, at, actor_id, action, from_state, to_state, comment, data)
       SELECT ?, id, ?, NULL, ?, NULL, NULL, NULL, JSON_OBJECT('step', ?, 'level', escalation_level, 'dueAt', ?) FROM ${g.subject.table} WHERE ${batch.sql}`,
      [g.subject.type, g.now, g.action, g.index, g.dueAt.toISOString(), ...batch.params],
    );
  }

  /** Opens or raises each subject's supervision entry to the step's level (the list's one rule, {@link RAISE_OPEN_ENTRY}). */
  async raiseSupervision(tx: Tx, g: StepGroup & { level: number }, reason: string): Promise<void> {
    const { subject } = g;
    const batch = idsIn('s.id', g.ids);
    await tx.query(
      `INSERT INTO supervision_entries (subject_type, subject_id, level, reason, owner_unit_id, chain_id, opened_at)
       SELECT ?, s.id, ?, LEFT(CONCAT(${subject.label}, ?), 500), s.${subject.ownerColumn}, s.chain_id, ? FROM ${subject.table} s ${subject.join} WHERE ${batch.sql}
       ${RAISE_OPEN_ENTRY}`,
      [subject.type, g.level, reason, g.now, ...batch.params],
    );
  }

  /**
   * Places a subject's step cursor; with `newGeneration`, as a new schedule (steps armed for the
   * old one find nothing to do; a task's reminder is forgotten).
   */
  async placeCursor(tx: Tx, subject: SubjectTable, id: number, cursor: StepCursor, newGeneration: boolean): Promise<void> {
    await tx.query(
      `UPDATE ${subject.table} SET next_step = ?, next_step_at = ? ${newGeneration ? `, schedule_gen = schedule_gen + 1${subject.type === 'TASK' ? ', reminded = 0' : ''}` : ''} WHERE id = ?`,
      [cursor.nextStep, cursor.nextStepAt, id],
    );
  }

  /** The distinct due instants of the subjects following a policy whose steps are still armed. */
  async dueInstantsFollowing(tx: Tx, subject: SubjectTable, policyId: number): Promise<Date[]> {
    const rows: { dueAt: Date }[] = await tx.query(`SELECT DISTINCT ${subject.dueColumn} AS dueAt FROM ${subject.table} WHERE policy_id = ? AND next_step_at IS NOT NULL`, [
      policyId,
    ]);
    return rows.map((r) => r.dueAt);
  }

  /** Starts a new schedule at `cursor` for the armed subjects following a policy with this due instant (the policy changed). */
  async restartFollowing(tx: Tx, subject: SubjectTable, policyId: number, dueAt: Date, cursor: StepCursor): Promise<void> {
    await tx.query(
      `UPDATE ${subject.table} SET schedule_gen = schedule_gen + 1, next_step = ?, next_step_at = ? WHERE policy_id = ? AND ${subject.dueColumn} = ? AND next_step_at IS NOT NULL`,
      [cursor.nextStep, cursor.nextStepAt, policyId, dueAt],
    );
  }

  /** The distinct instants in (from, to] at which some subject's next step falls. */
  async stepTimesBetween(from: Date, to: Date): Promise<Date[]> {
    const times: Date[] = [];
    for (const subject of Object.values(SUBJECTS)) {
      const rows: { at: Date }[] = await this.db.query(`SELECT DISTINCT next_step_at AS at FROM ${subject.table} WHERE next_step_at > ? AND next_step_at <= ?`, [from, to]);
      times.push(...rows.map((r) => r.at));
    }
    return times;
  }

  /** The first instant after `after` at which the engine has something to do: an active subject's next step or a pending scoring run. */
  async nextInstant(after: Date): Promise<Date | null> {
    const parts = Object.values(SUBJECTS).map((subject) => `SELECT MIN(s.next_step_at) AS at FROM ${subject.table} s WHERE s.next_step_at > ? AND ${subject.active}`);
    parts.push(`SELECT MIN(due_at) AS at FROM evaluation_runs WHERE state = 'PENDING' AND due_at > ?`);
    const [row]: { at: Date | string | null }[] = await this.db.query(
      `SELECT MIN(at) AS at FROM (${parts.join(' UNION ALL ')}) next`,
      parts.map(() => after),
    );
    return row?.at ? new Date(row.at) : null;
  }
}

/**
 * What a step marks on the subject row: an obligation keeps its light (generated from the domain's
 * {@link OBLIGATION_STEP_LIGHT}); a task notes a reminder (its light is derived); a problem nothing.
 */
function stepMarks(subject: SubjectTable, action: StepAction): string {
  if (subject.type === 'TASK') return action === 'remind' ? ', reminded = 1' : '';
  if (subject.type === 'PROBLEM') return '';
  return `, ${obligationLightAssignment(action)}`;
}

/** The SQL assignment of an obligation's stored light after a step (column `timeliness`), from the domain's table. */
export function obligationLightAssignment(action: StepAction, column = 'timeliness'): string {
  const change = OBLIGATION_STEP_LIGHT[action];
  if (!change.from) return `${column} = '${change.to}'`;
  return `${column} = IF(${column} IN (${change.from.map((l) => `'${l}'`).join(', ')}), '${change.to}', ${column})`;
}
