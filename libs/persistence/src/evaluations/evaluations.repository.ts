import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { ScoringCount, UnitKind, YearlyRules } from '@duban/domain';
import { SUBJECTS } from '../engine/subjects';
import { PROBLEM_TIMELINESS_COLUMNS } from '../problems/problems.repository';
import type { ScopeFilter } from '../scope';
import { isWorkItem } from '../tasks/task-sql';
import { TASK_TIMELINESS_COLUMNS, timelinessWhere } from '../timeliness-sql';
import type { Tx } from '../transactions';
import { EvaluationRunEntity } from './evaluation-run.entity';
import { NoticeEntity, NoticeKind } from './notice.entity';

/** The scoring a profile brings (its `scoring` section), as stored with it. */
export interface StoredScoring {
  base: number;
  points?: Partial<Record<ScoringCount, number>>;
  unitKinds?: UnitKind[];
  /** 年考评: how the year composes the months and quarters. */
  yearly?: YearlyRules;
}

/** The profile whose scoring rules apply: the first loaded that has any. */
export interface ScoringProfileRow {
  name: string;
  title: string;
  scoring: StoredScoring;
}

/** How many of one scored thing a unit had in a month. */
export interface ScoringCountRow {
  unitId: number;
  count: ScoringCount;
  n: number;
}

/** A month's or a quarter's instants, [start, end). */
export interface PeriodBounds {
  start: Date;
  end: Date;
}

/** Tasks assigned and due in a period, per unit or chain: how many, done, done on time, overdue or late. */
export interface TaskRatesRow {
  id: number;
  tasks: number;
  done: number;
  onTime: number;
  overdue: number;
}

/** Reports owed for a period's months and due by now, per unit or chain: how many, and how many on time. */
export interface ReportRatesRow {
  id: number;
  reports: number;
  onTime: number;
}

/** An urgent task or a major problem overdue at an instant. */
export interface MajorOverdueRow {
  subjectType: 'TASK' | 'PROBLEM';
  subjectId: number;
  title: string;
  ownerUnitId: number;
  ownerUnitName: string;
  dueAt: Date;
}

/** Whom the assessment's rates group by. */
export type RatesBy = 'UNIT' | 'CHAIN';

const TASK_GROUP: Record<RatesBy, string> = { UNIT: 't.owner_unit_id', CHAIN: 't.chain_id' };
const REPORT_GROUP: Record<RatesBy, string> = { UNIT: 'o.unit_id', CHAIN: 'o.chain_id' };
/** Not a parent split into sub-tasks (任务分解): counts and supervision go to its sub-tasks, each for its own unit (alias `t`). */
const NOT_SPLIT = isWorkItem('t');
/** Work that is anyone's: assigned and not cancelled (drafts are not yet anyone's work), and not split. */
const ASSIGNED = `t.state NOT IN ('DRAFT', 'CANCELLED') AND ${NOT_SPLIT}`;

/**
 * What scoring (月度评比) and assessments (季度评估) count, their notices (通报, the yearly evaluation's
 * too: 年考评 composes the published ones) and the runs the
 * cadences schedule. Overdue and on time are the domain's traffic lights, as SQL generated from
 * its rules: a task counts as overdue when its light at `now` is red (OVERDUE) or it was done late (LATE).
 */
@Injectable()
export class EvaluationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * A mark that moves whenever anything an aggregate over a period reads may have changed: every
   * change of state appends an event, every configuration change an audit entry, and new work is
   * a new row. Primary-key maxima, so reading it costs next to nothing.
   */
  async changeMark(): Promise<string> {
    const [row]: { e: string; a: string; t: string; o: string; p: string }[] = await this.db.query(
      `SELECT (SELECT COALESCE(MAX(id), 0) FROM events) AS e, (SELECT COALESCE(MAX(id), 0) FROM audit_log) AS a,
              (SELECT COALESCE(MAX(id), 0) FROM tasks) AS t, (SELECT COALESCE(MAX(id), 0) FROM obligations) AS o,
              (SELECT COALESCE(MAX(id), 0) FROM problems) AS p`,
    );
    return `${row.e}:${row.a}:${row.t}:${row.o}:${row.p}`;
  }

  /** Of the given tasks or problems, the ids inside a scope (alias `s`). */
  async visibleSubjects(subjectType: 'TASK' | 'PROBLEM', ids: readonly number[], scope: ScopeFilter): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows: { id: number }[] = await this.db.query(`SELECT s.id FROM ${SUBJECTS[subjectType].table} s WHERE s.id IN (?) AND ${scope.sql}`, [ids, ...scope.params]);
    return new Set(rows.map((r) => Number(r.id)));
  }

  /** The first profile loaded that brings scoring rules; null when none does. */
  async scoringProfile(): Promise<ScoringProfileRow | null> {
    const [row]: { name: string; title: string; scoring: StoredScoring | string }[] = await this.db.query(
      'SELECT name, title, scoring FROM profiles WHERE scoring IS NOT NULL ORDER BY loaded_at, name LIMIT 1',
    );
    if (!row) return null;
    return { name: row.name, title: row.title, scoring: typeof row.scoring === 'string' ? (JSON.parse(row.scoring) as StoredScoring) : row.scoring };
  }

  /**
   * Per unit, what a month's score counts: reports late and missing for the period; tasks done on
   * time during the month; tasks due in the month that are overdue or were done late, judged at
   * `now`; open entries under listed supervision (挂牌督办).
   */
  async scoringCounts(month: { period: string } & PeriodBounds, unitIds: readonly number[], now: Date): Promise<ScoringCountRow[]> {
    if (unitIds.length === 0) return [];
    const instants = { now, soon: now };
    const onTime = timelinessWhere('ON_TIME', TASK_TIMELINESS_COLUMNS, instants);
    const overdue = this.overdueOrLate(now);
    const counts: [ScoringCount, string, unknown[]][] = [
      [
        'reportLate',
        `SELECT unit_id AS unitId, COUNT(*) AS n FROM obligations WHERE period = ? AND timeliness = 'LATE' AND unit_id IN (?) GROUP BY unit_id`,
        [month.period, unitIds],
      ],
      [
        'reportMissing',
        `SELECT unit_id AS unitId, COUNT(*) AS n FROM obligations WHERE period = ? AND state = 'OPEN' AND unit_id IN (?) GROUP BY unit_id`,
        [month.period, unitIds],
      ],
      [
        'taskDoneOnTime',
        `SELECT t.owner_unit_id AS unitId, COUNT(*) AS n FROM tasks t
          WHERE t.completed_at >= ? AND t.completed_at < ? AND ${onTime.sql} AND ${NOT_SPLIT} AND t.owner_unit_id IN (?) GROUP BY t.owner_unit_id`,
        [month.start, month.end, ...onTime.params, unitIds],
      ],
      [
        'taskOverdue',
        `SELECT t.owner_unit_id AS unitId, COUNT(*) AS n FROM tasks t
          WHERE t.due_at >= ? AND t.due_at < ? AND ${ASSIGNED} AND ${overdue.sql} AND t.owner_unit_id IN (?) GROUP BY t.owner_unit_id`,
        [month.start, month.end, ...overdue.params, unitIds],
      ],
      [
        'openListedSupervision',
        `SELECT owner_unit_id AS unitId, COUNT(*) AS n FROM supervision_entries WHERE open_marker = 1 AND level = 3 AND owner_unit_id IN (?) GROUP BY owner_unit_id`,
        [unitIds],
      ],
    ];
    const rows: ScoringCountRow[] = [];
    for (const [count, sql, params] of counts) {
      for (const r of (await this.db.query(sql, params)) as { unitId: number; n: string }[]) rows.push({ unitId: Number(r.unitId), count, n: Number(r.n) });
    }
    return rows;
  }

  /** Tasks assigned and due in the period, per unit or chain (see {@link TaskRatesRow}); overdue judged at `now`. */
  async taskRates(by: RatesBy, period: PeriodBounds, now: Date): Promise<TaskRatesRow[]> {
    const group = TASK_GROUP[by];
    const onTime = timelinessWhere('ON_TIME', TASK_TIMELINESS_COLUMNS, { now, soon: now });
    const overdue = this.overdueOrLate(now);
    const rows: { id: number; tasks: string; done: string; onTime: string; overdue: string }[] = await this.db.query(
      `SELECT ${group} AS id, COUNT(*) AS tasks, SUM(t.state = 'DONE') AS done, SUM(${onTime.sql}) AS onTime, SUM(${overdue.sql}) AS overdue
         FROM tasks t WHERE t.due_at >= ? AND t.due_at < ? AND ${ASSIGNED} AND ${group} IS NOT NULL GROUP BY ${group}`,
      [...onTime.params, ...overdue.params, period.start, period.end],
    );
    return rows.map((r) => ({ id: Number(r.id), tasks: Number(r.tasks), done: Number(r.done), onTime: Number(r.onTime), overdue: Number(r.overdue) }));
  }

  /** Reports owed for these months and due by `now`, per unit or chain, and how many came on time. */
  async reportRates(by: RatesBy, months: readonly string[], now: Date): Promise<ReportRatesRow[]> {
    const group = REPORT_GROUP[by];
    const rows: { id: number; reports: string; onTime: string }[] = await this.db.query(
      `SELECT ${group} AS id, COUNT(*) AS reports, SUM(o.timeliness = 'ON_TIME') AS onTime
         FROM obligations o WHERE o.period IN (?) AND o.due_at < ? AND ${group} IS NOT NULL GROUP BY ${group}`,
      [months, now],
    );
    return rows.map((r) => ({ id: Number(r.id), reports: Number(r.reports), onTime: Number(r.onTime) }));
  }

  /** Urgent tasks and major problems still open and overdue at `at` (the domain's red light). */
  async majorOverdue(at: Date): Promise<MajorOverdueRow[]> {
    const instants = { now: at, soon: at };
    const task = timelinessWhere('OVERDUE', TASK_TIMELINESS_COLUMNS, instants);
    const problem = timelinessWhere('OVERDUE', PROBLEM_TIMELINESS_COLUMNS, instants);
    const tasks: MajorOverdueRow[] = await this.db.query(
      `SELECT 'TASK' AS subjectType, t.id AS subjectId, t.title, t.owner_unit_id AS ownerUnitId, u.name AS ownerUnitName, t.due_at AS dueAt
         FROM tasks t JOIN units u ON u.id = t.owner_unit_id
        WHERE t.priority = 'URGENT' AND t.state <> 'DRAFT' AND ${NOT_SPLIT} AND ${task.sql}`,
      task.params,
    );
    const problems: MajorOverdueRow[] = await this.db.query(
      `SELECT 'PROBLEM' AS subjectType, p.id AS subjectId, p.title, p.routed_to_unit_id AS ownerUnitId, u.name AS ownerUnitName, p.due_at AS dueAt
         FROM problems p JOIN units u ON u.id = p.routed_to_unit_id
        WHERE p.severity = 'MAJOR' AND ${problem.sql}`,
      problem.params,
    );
    return [...tasks, ...problems].map((r) => ({ ...r, subjectId: Number(r.subjectId) }));
  }

  /** A published notice's snapshot, as it was published; null before it is. */
  async notice<T>(kind: NoticeKind, period: string): Promise<T | null> {
    const row = await this.db.getRepository(NoticeEntity).findOne({ select: { snapshot: true }, where: { kind, period } });
    if (!row) return null;
    return (typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : row.snapshot) as T;
  }

  /** The published notices of these periods, by period (those not yet published are absent). */
  async notices<T>(kind: NoticeKind, periods: readonly string[]): Promise<Map<string, T>> {
    if (periods.length === 0) return new Map();
    const rows = await this.db.getRepository(NoticeEntity).find({ select: { period: true, snapshot: true }, where: { kind, period: In([...periods]) } });
    return new Map(rows.map((r) => [r.period, (typeof r.snapshot === 'string' ? JSON.parse(r.snapshot) : r.snapshot) as T]));
  }

  /** Publishes a notice once; false when one was already there (a concurrent publisher won). */
  async insertNotice(tx: Tx, notice: { kind: NoticeKind; period: string; title: string; snapshot: unknown; at: Date; by: number | null }): Promise<boolean> {
    const result = await tx.query('INSERT IGNORE INTO notices (kind, period, title, snapshot, published_at, published_by) VALUES (?, ?, ?, ?, ?, ?)', [
      notice.kind,
      notice.period,
      notice.title,
      JSON.stringify(notice.snapshot),
      notice.at,
      notice.by,
    ]);
    return Number(result.affectedRows) === 1;
  }

  /**
   * The scoring or assessment run of a cadence's occurrence, scheduled once (the unique key on the
   * occurrence); an occurrence that moved moves its run while it is still pending.
   */
  async scheduleRun(tx: Tx, r: { cadenceId: number; occurrenceId: number; kind: string; period: string; dueAt: Date }): Promise<void> {
    await tx.query(
      `INSERT INTO evaluation_runs (cadence_id, occurrence_id, kind, period, due_at) VALUES (?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE due_at = IF(state = 'PENDING', VALUES(due_at), due_at)`,
      [r.cadenceId, r.occurrenceId, r.kind, r.period, r.dueAt],
    );
  }

  /** Runs still pending whose time has come, oldest first. */
  async dueRuns(now: Date): Promise<EvaluationRunEntity[]> {
    return this.db.getRepository(EvaluationRunEntity).createQueryBuilder('r').where(`r.state = 'PENDING' AND r.due_at <= :now`, { now }).orderBy('r.due_at').getMany();
  }

  /** Takes a pending run for this process; false when another took it first. */
  async claimRun(id: number): Promise<boolean> {
    return this.moveRun(id, 'PENDING', 'RUNNING');
  }

  /** A claimed run is done, or (`failed`) pending again for a later try. */
  async settleRun(id: number, failed: boolean): Promise<void> {
    await this.moveRun(id, 'RUNNING', failed ? 'PENDING' : 'DONE');
  }

  private async moveRun(id: number, from: EvaluationRunEntity['state'], to: EvaluationRunEntity['state']): Promise<boolean> {
    const result = await this.db.getRepository(EvaluationRunEntity).update({ id, state: from }, { state: to });
    return result.affected === 1;
  }

  /** A task overdue (red at `now`) or done late, generated from the domain's rules. */
  private overdueOrLate(now: Date): { sql: string; params: Date[] } {
    const overdue = timelinessWhere('OVERDUE', TASK_TIMELINESS_COLUMNS, { now, soon: now });
    const late = timelinessWhere('LATE', TASK_TIMELINESS_COLUMNS, { now, soon: now });
    return { sql: `(${overdue.sql} OR ${late.sql})`, params: [...overdue.params, ...late.params] };
  }
}
