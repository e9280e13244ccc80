import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SUBJECTS } from '../engine/subjects';
import type { ScopeFilter } from '../scope';
import type { Tx } from '../transactions';

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
    const rows: { id: number }[] = await this.db.query(`SELECT s.id FROM ${SUBJECTS[subjectType].table} s WHERE s.id IN (?) AND ${scope.sql}`, [ids, ...scope.params]);
    return new Set(rows.map((r) => Number(r.id)));
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
