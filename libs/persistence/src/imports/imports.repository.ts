import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DirectoryUnit, NoticeDocument, ProposedTask, UnitKind } from '@duban/domain';
import type { Tx } from '../transactions';

/** A stored preview of an imported notice. */
export interface ImportRow {
  id: number;
  createdBy: number;
  createdAt: Date;
  expiresAt: Date;
  source: string | null;
  document: NoticeDocument & { year: number };
  text: string;
  tasks: ProposedTask[];
  committedAt: Date | null;
  committedBy: number | null;
  parentTaskId: number | null;
  result: ImportResult | null;
}

/** What a commit created. */
export interface ImportResult {
  tasks: { seq: number; taskId: number }[];
  cadences: { seq: number; cadenceId: number }[];
}

/** A preview in a list: without its text and tasks. */
export type ImportSummaryRow = Omit<ImportRow, 'text' | 'tasks'> & { taskCount: number };

export interface NewImportRow {
  createdBy: number;
  createdAt: Date;
  expiresAt: Date;
  source: string | null;
  document: ImportRow['document'];
  text: string;
  tasks: ProposedTask[];
}

const COLUMNS = `id, created_by AS createdBy, created_at AS createdAt, expires_at AS expiresAt, source, document, committed_at AS committedAt,
  committed_by AS committedBy, parent_task_id AS parentTaskId, result`;

/** Previews of imported notices: each its importer's own, live until committed or expired. */
@Injectable()
export class ImportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Units as notices may name them: names, full names, aliases and collectives. */
  async unitDirectory(): Promise<DirectoryUnit[]> {
    const rows: { id: number; name: string; kind: UnitKind; fullName: string | null; aliases: unknown; memberOf: unknown }[] = await this.db.query(
      'SELECT id, name, kind, full_name AS fullName, aliases, member_of AS memberOf FROM units ORDER BY id',
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      kind: r.kind,
      fullName: r.fullName,
      aliases: json<string[]>(r.aliases) ?? [],
      groups: json<string[]>(r.memberOf) ?? [],
    }));
  }

  /** Which of these unit ids exist. */
  async existingUnits(ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows: { id: number }[] = await this.db.query('SELECT id FROM units WHERE id IN (?)', [ids]);
    return new Set(rows.map((r) => Number(r.id)));
  }

  /** Forgets previews that expired without being committed; committed ones stay as the record of what was created. */
  async removeExpired(tx: Tx, now: Date): Promise<number> {
    const result = await tx.query('DELETE FROM imports WHERE committed_at IS NULL AND expires_at <= ?', [now]);
    return Number(result.affectedRows ?? 0);
  }

  async insert(tx: Tx, row: NewImportRow): Promise<number> {
    const result = await tx.query('INSERT INTO imports (created_by, created_at, expires_at, source, document, text, tasks) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      row.createdBy,
      row.createdAt,
      row.expiresAt,
      row.source,
      JSON.stringify(row.document),
      row.text,
      JSON.stringify(row.tasks),
    ]);
    return Number(result.insertId);
  }

  /** The user's own preview, unexpired or committed; `lock` holds it for the rest of the transaction. */
  async findOwn(id: number, userId: number, now: Date, tx?: Tx, lock = false): Promise<ImportRow | null> {
    const [row] = await (tx ?? this.db.manager).query(
      `SELECT ${COLUMNS}, text, tasks FROM imports WHERE id = ? AND created_by = ? AND (committed_at IS NOT NULL OR expires_at > ?)${lock ? ' FOR UPDATE' : ''}`,
      [id, userId, now],
    );
    return row ? { ...toRow(row), text: row.text, tasks: json<ProposedTask[]>(row.tasks) ?? [] } : null;
  }

  /** The user's previews, newest first, unexpired or committed. */
  async listOwn(userId: number, now: Date, page: { skip: number; take: number }): Promise<{ rows: ImportSummaryRow[]; total: number }> {
    const where = 'created_by = ? AND (committed_at IS NOT NULL OR expires_at > ?)';
    const [rows, [count]] = await Promise.all([
      this.db.query(`SELECT ${COLUMNS}, JSON_LENGTH(tasks) AS taskCount FROM imports WHERE ${where} ORDER BY id DESC LIMIT ? OFFSET ?`, [userId, now, page.take, page.skip]),
      this.db.query(`SELECT COUNT(*) AS n FROM imports WHERE ${where}`, [userId, now]),
    ]);
    return { rows: rows.map((r: Record<string, unknown>) => ({ ...toRow(r), taskCount: Number(r.taskCount) })), total: Number(count.n) };
  }

  /** Records the commit; false when someone committed it first. */
  async markCommitted(tx: Tx, id: number, commit: { at: Date; by: number; parentTaskId: number; result: ImportResult }): Promise<boolean> {
    const result = await tx.query('UPDATE imports SET committed_at = ?, committed_by = ?, parent_task_id = ?, result = ? WHERE id = ? AND committed_at IS NULL', [
      commit.at,
      commit.by,
      commit.parentTaskId,
      JSON.stringify(commit.result),
      id,
    ]);
    return Number(result.affectedRows) === 1;
  }
}

function toRow(r: Record<string, unknown>): Omit<ImportRow, 'text' | 'tasks'> {
  return {
    id: Number(r.id),
    createdBy: Number(r.createdBy),
    createdAt: r.createdAt as Date,
    expiresAt: r.expiresAt as Date,
    source: (r.source as string | null) ?? null,
    document: json<ImportRow['document']>(r.document)!,
    committedAt: (r.committedAt as Date | null) ?? null,
    committedBy: r.committedBy === null ? null : Number(r.committedBy),
    parentTaskId: r.parentTaskId === null ? null : Number(r.parentTaskId),
    result: json<ImportResult>(r.result),
  };
}

/** MariaDB hands JSON columns over as text, MySQL as values. */
function json<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
