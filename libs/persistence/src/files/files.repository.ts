import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FileSubjectType } from '@duban/domain';
import type { ScopeFilter } from '../scope';
import type { Tx } from '../transactions';

/** An evidence file: its display name, size and type, its blob, and the record it belongs to once attached. */
export interface FileRow {
  id: number;
  blobKey: string;
  name: string;
  size: number;
  type: string;
  uploadedBy: number;
  uploadedAt: Date;
  subjectType: FileSubjectType | null;
  subjectId: number | null;
  /** The event of the act it was attached with (a task's submission, a problem's feedback, …). */
  eventId: string | null;
  attachedAt: Date | null;
}

export type NewFileRow = Pick<FileRow, 'blobKey' | 'name' | 'size' | 'type' | 'uploadedBy' | 'uploadedAt'>;

export type FileAccessAction = 'UPLOAD' | 'ATTACH' | 'DOWNLOAD';

/** One line of the record of who uploaded, attached or downloaded which file, when, for which record. */
export interface FileAccessRow {
  fileId: number;
  action: FileAccessAction;
  userId: number;
  at: Date;
  subjectType: FileSubjectType | null;
  subjectId: number | null;
}

/** What a caller may see of the scoped records files attach to (aliases t, o, p). */
export interface FileScopes {
  task: ScopeFilter;
  obligation: ScopeFilter;
  problem: ScopeFilter;
}

const COLUMNS = `f.id, f.blob_key AS blobKey, f.name, f.size, f.type, f.uploaded_by AS uploadedBy, f.uploaded_at AS uploadedAt,
  f.subject_type AS subjectType, f.subject_id AS subjectId, f.event_id AS eventId, f.attached_at AS attachedAt`;

/** Evidence files and the record of their use. */
@Injectable()
export class FilesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(tx: Tx, row: NewFileRow): Promise<number> {
    const result = await tx.query('INSERT INTO files (blob_key, name, size, type, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)', [
      row.blobKey,
      row.name,
      row.size,
      row.type,
      row.uploadedBy,
      row.uploadedAt,
    ]);
    return Number(result.insertId);
  }

  /** Appends to the file access record (append-only: triggers refuse changes). */
  async recordAccess(tx: Tx | null, rows: readonly FileAccessRow[]): Promise<void> {
    if (rows.length === 0) return;
    await (tx ?? this.db.manager).query('INSERT INTO file_access (file_id, action, user_id, at, subject_type, subject_id) VALUES ?', [
      rows.map((r) => [r.fileId, r.action, r.userId, r.at, r.subjectType, r.subjectId]),
    ]);
  }

  /** A file's uploads, attachment and downloads, oldest first, with who acted. */
  async accessOf(fileId: number): Promise<(FileAccessRow & { userName: string | null })[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT a.file_id AS fileId, a.action, a.user_id AS userId, u.display_name AS userName, a.at, a.subject_type AS subjectType, a.subject_id AS subjectId
         FROM file_access a LEFT JOIN users u ON u.id = a.user_id WHERE a.file_id = ? ORDER BY a.id`,
      [fileId],
    );
    return rows.map((r) => ({
      fileId: Number(r.fileId),
      action: r.action as FileAccessAction,
      userId: Number(r.userId),
      userName: (r.userName as string | null) ?? null,
      at: r.at as Date,
      subjectType: (r.subjectType as FileSubjectType | null) ?? null,
      subjectId: r.subjectId === null ? null : Number(r.subjectId),
    }));
  }

  async exists(id: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM files WHERE id = ?', [id]);
    return rows.length > 0;
  }

  /**
   * The file if `userId` may download it: their own upload not yet attached, or a file of a
   * record they may see (tasks, reports and problems by their scope; meetings and the chains'
   * lists are every signed-in user's to read). Null otherwise, as if it did not exist.
   */
  async findVisible(id: number, userId: number, scopes: FileScopes): Promise<FileRow | null> {
    const [row] = await this.db.query(
      `SELECT ${COLUMNS} FROM files f WHERE f.id = ? AND (
        (f.attached_at IS NULL AND f.uploaded_by = ?)
        OR (f.subject_type = 'TASK' AND EXISTS (SELECT 1 FROM tasks t WHERE t.id = f.subject_id AND ${scopes.task.sql}))
        OR (f.subject_type = 'OBLIGATION' AND EXISTS (SELECT 1 FROM obligations o WHERE o.id = f.subject_id AND ${scopes.obligation.sql}))
        OR (f.subject_type = 'PROBLEM' AND EXISTS (SELECT 1 FROM problems p WHERE p.id = f.subject_id AND ${scopes.problem.sql}))
        OR f.subject_type IN ('MEETING', 'LIST_ITEM'))`,
      [id, userId, ...scopes.task.params, ...scopes.obligation.params, ...scopes.problem.params],
    );
    return row ? toRow(row) : null;
  }

  /** The caller's own uploads among `ids` that are still waiting to be attached, locked for the attaching transaction. */
  async lockOwnUnattached(tx: Tx, ids: readonly number[], userId: number): Promise<FileRow[]> {
    if (ids.length === 0) return [];
    const rows = await tx.query(`SELECT ${COLUMNS} FROM files f WHERE f.id IN (?) AND f.uploaded_by = ? AND f.attached_at IS NULL ORDER BY f.id FOR UPDATE`, [ids, userId]);
    return rows.map(toRow);
  }

  /** Attaches the uploads to their record, once: answers how many were attached (fewer: someone attached one first). */
  async attach(tx: Tx, ids: readonly number[], userId: number, subject: { type: FileSubjectType; id: number; eventId: string | null }, at: Date): Promise<number> {
    const result = await tx.query('UPDATE files SET subject_type = ?, subject_id = ?, event_id = ?, attached_at = ? WHERE id IN (?) AND uploaded_by = ? AND attached_at IS NULL', [
      subject.type,
      subject.id,
      subject.eventId,
      at,
      ids,
      userId,
    ]);
    return Number(result.affectedRows ?? 0);
  }

  /** A record's files, in the order they were uploaded. */
  async ofSubject(type: FileSubjectType, id: number): Promise<FileRow[]> {
    return this.ofSubjects(type, [id]);
  }

  async ofSubjects(type: FileSubjectType, ids: readonly number[]): Promise<FileRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM files f WHERE f.subject_type = ? AND f.subject_id IN (?) ORDER BY f.id`, [type, ids]);
    return rows.map(toRow);
  }

  /** Uploads never attached, uploaded before `before` (a batch, oldest first). */
  async abandoned(before: Date, limit: number): Promise<Pick<FileRow, 'id' | 'blobKey'>[]> {
    const rows: { id: number; blobKey: string }[] = await this.db.query(
      'SELECT id, blob_key AS blobKey FROM files WHERE attached_at IS NULL AND uploaded_at < ? ORDER BY uploaded_at, id LIMIT ?',
      [before, limit],
    );
    return rows.map((r) => ({ id: Number(r.id), blobKey: r.blobKey }));
  }

  /** Removes those of `ids` that are still unattached and old; answers the removed rows. */
  async removeAbandoned(tx: Tx, ids: readonly number[], before: Date): Promise<Pick<FileRow, 'id' | 'blobKey'>[]> {
    if (ids.length === 0) return [];
    const rows: { id: number; blobKey: string }[] = await tx.query(
      'SELECT id, blob_key AS blobKey FROM files WHERE id IN (?) AND attached_at IS NULL AND uploaded_at < ? FOR UPDATE',
      [ids, before],
    );
    if (rows.length > 0) await tx.query('DELETE FROM files WHERE id IN (?) AND attached_at IS NULL', [rows.map((r) => r.id)]);
    return rows.map((r) => ({ id: Number(r.id), blobKey: r.blobKey }));
  }

  /**
   * How many files name the blob, holding the key's index range until the transaction ends, so
   * that no upload of the same bytes can commit a row for it while the caller deletes the blob.
   */
  async lockBlobUsers(tx: Tx, blobKey: string): Promise<number> {
    const rows: { id: number }[] = await tx.query('SELECT id FROM files WHERE blob_key = ? FOR UPDATE', [blobKey]);
    return rows.length;
  }
}

function toRow(r: Record<string, unknown>): FileRow {
  return {
    id: Number(r.id),
    blobKey: String(r.blobKey),
    name: String(r.name),
    size: Number(r.size),
    type: String(r.type),
    uploadedBy: Number(r.uploadedBy),
    uploadedAt: r.uploadedAt as Date,
    subjectType: (r.subjectType as FileSubjectType | null) ?? null,
    subjectId: r.subjectId === null ? null : Number(r.subjectId),
    eventId: r.eventId === null ? null : String(r.eventId),
    attachedAt: (r.attachedAt as Date | null) ?? null,
  };
}
