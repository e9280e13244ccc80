import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { appendEvents } from '../events';
import type { Tx } from '../transactions';

/** A WHERE fragment (alias given by the caller) limiting rows to what someone may see. */
export interface ScopeFilter {
  sql: string;
  params: unknown[];
}

export interface ListedSupervision {
  subjectType: 'TASK' | 'PROBLEM';
  subjectId: number;
  ownerUnitId: number;
  reason: string;
}

const SUBJECT_TABLE = { TASK: 'tasks', PROBLEM: 'problems' } as const;

/** What scoring and assessments read and write beyond the engine's own tables. */
@Injectable()
export class EvaluationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * A mark that moves whenever anything an aggregate over a period reads may have changed: every
   * change of state appends an event, every configuration change an audit entry, and new work is
   * a new row. Primary-key maxima, so reading it costs next to nothing.
   */
  async changeMark(): Promise<string> {
    const [row] = await this.db.query(
      `SELECT (SELECT COALESCE(MAX(id), 0) FROM events) AS e, (SELECT COALESCE(MAX(id), 0) FROM audit_log) AS a,
              (SELECT COALESCE(MAX(id), 0) FROM tasks) AS t, (SELECT COALESCE(MAX(id), 0) FROM obligations) AS o,
              (SELECT COALESCE(MAX(id), 0) FROM problems) AS p`,
    );
    return `${row.e}:${row.a}:${row.t}:${row.o}:${row.p}`;
  }

  /** Of the given tasks or problems, the ids inside a scope (alias `s`). */
  async visibleSubjects(subjectType: 'TASK' | 'PROBLEM', ids: readonly number[], scope: ScopeFilter): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows: { id: number }[] = await this.db.query(`SELECT s.id FROM ${SUBJECT_TABLE[subjectType]} s WHERE s.id IN (?) AND ${scope.sql}`, [ids, ...scope.params]);
    return new Set(rows.map((r) => Number(r.id)));
  }

  /**
   * Puts a matter under listed supervision (挂牌督办, level 3): the subject's level is raised by a
   * conditional UPDATE with its event, and its supervision entry is opened or raised.
   */
  async raiseToListedSupervision(tx: Tx, m: ListedSupervision, by: { actorId: number | null; at: Date; source: Record<string, unknown> }): Promise<void> {
    const table = SUBJECT_TABLE[m.subjectType];
    const raised = await tx.query(`UPDATE ${table} SET escalation_level = 3, version = version + 1 WHERE id = ? AND escalation_level < 3`, [m.subjectId]);
    if (Number(raised.affectedRows) === 1) {
      await appendEvents(tx, [
        { subjectType: m.subjectType, subjectId: m.subjectId, at: by.at, actorId: by.actorId, action: 'escalate', fromState: null, toState: null, comment: m.reason, data: { level: 3, ...by.source } },
      ]);
    }
    await tx.query(
      `INSERT INTO supervision_entries (subject_type, subject_id, level, reason, owner_unit_id, chain_id, opened_at)
       SELECT ?, s.id, 3, ?, ?, s.chain_id, ? FROM ${table} s WHERE s.id = ?
       ON DUPLICATE KEY UPDATE reason = IF(level < 3, VALUES(reason), reason), level = 3`,
      [m.subjectType, m.reason.slice(0, 500), m.ownerUnitId, by.at, m.subjectId],
    );
  }

  /** Publishes a notice once; false when one was already there (a concurrent publisher won). */
  async insertNotice(tx: Tx, notice: { kind: string; period: string; title: string; snapshot: unknown; at: Date; by: number | null }): Promise<boolean> {
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
}
