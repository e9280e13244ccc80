import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { AppConfig } from '@duban/config';
import { checkFileIds, Clock, displayFileName, FileSubjectType, UNATTACHED_FILE_TTL_MS } from '@duban/domain';
import { FileRow, FilesRepository, Transactions, Tx } from '@duban/persistence';
import { AuthUser } from '../auth/auth-user';
import type { Page } from '../common/page';
import { obligationScope, problemScope, taskScope } from '../auth/scope';
import { blobKeyOf, BlobStore } from './blob-store';
import { DiskBlobStore } from './disk-blob-store';
import { ACCEPTED_KINDS, detectEvidenceType, INLINE_TYPES } from './file-types';

/** An evidence file as answers show it. */
export interface FileView {
  id: number;
  name: string;
  size: number;
  type: string;
}

/** A file ready to send: its record and its bytes. */
export interface FileDownload {
  file: FileView;
  /** Images and PDF, which a browser may show inline (under a CSP that runs no script). */
  previewable: boolean;
  body: Readable;
}

/** Where an action attaches its files: the record, and the event of the act. */
export interface Attachment {
  type: FileSubjectType;
  id: number;
  eventId: string | null;
}

/** One line of a file's record of use. */
export interface FileAccessView {
  action: 'UPLOAD' | 'ATTACH' | 'DOWNLOAD';
  userId: number;
  userName: string | null;
  at: string;
  subjectType: FileSubjectType | null;
  subjectId: number | null;
}

/** What one run of the clean-up removed. */
export interface CleanupResult {
  files: number;
  blobs: number;
}

const MB = 1024 * 1024;

/**
 * Evidence files (见证材料): uploaded on their own, then attached by the action they are
 * evidence for (in that action's transaction), downloaded by whoever may see that record.
 * Every upload, attachment and download is recorded in `file_access`.
 */
@Injectable()
export class FilesService {
  private readonly logger = new Logger(FilesService.name);

  constructor(
    private readonly files: FilesRepository,
    private readonly transactions: Transactions,
    private readonly store: BlobStore,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores an upload, checked by its content: 413 when larger than the limit, 415 when it is no
   * accepted kind, each naming the file. The row and its blob commit together: the blob is
   * written inside the row's transaction, so a crash before the commit leaves at most a blob
   * no file names (the clean-up removes it), never a file without its bytes.
   */
  async upload(user: AuthUser, input: { name: string; bytes: Buffer }): Promise<FileView> {
    const name = displayFileName(input.name);
    this.assertSize(name, input.bytes.length);
    const kind = await detectEvidenceType(input.bytes);
    if ('refused' in kind) throw new UnsupportedMediaTypeException(`file: ${name} is ${kind.refused}; upload ${ACCEPTED_KINDS}`);
    const now = this.clock.now();
    const id = await this.transactions.run(async (tx) => {
      const id = await this.files.insert(tx, { blobKey: blobKeyOf(input.bytes), name, size: input.bytes.length, type: kind.mime, uploadedBy: user.id, uploadedAt: now });
      await this.files.recordAccess(tx, [{ fileId: id, action: 'UPLOAD', userId: user.id, at: now, subjectType: null, subjectId: null }]);
      await this.store.put(input.bytes);
      return id;
    });
    return { id, name, size: input.bytes.length, type: kind.mime };
  }

  /** 413 naming the file when it is over the limit (the upload's reader stops at the same limit). */
  assertSize(name: string, size: number): void {
    if (size > this.config.files.maxBytes) throw new PayloadTooLargeException(`file: ${displayFileName(name)} is larger than ${formatLimit(this.config.files.maxBytes)}`);
  }

  get maxBytes(): number {
    return this.config.files.maxBytes;
  }

  /**
   * Attaches the caller's uploads to the record an action of theirs is about, in that action's
   * transaction (a refusal rolls the action back). At most 10, each the caller's own and not
   * attached yet; 400 naming fileIds otherwise.
   */
  async attachWithin(tx: Tx, user: AuthUser, fileIds: readonly number[] | undefined, subject: Attachment, now: Date): Promise<FileView[]> {
    const checked = checkFileIds(fileIds);
    if (!checked.ok) throw new BadRequestException(checked.message);
    if (checked.ids.length === 0) return [];
    const own = await this.files.lockOwnUnattached(tx, checked.ids, user.id);
    const missing = checked.ids.filter((id) => !own.some((f) => f.id === id));
    if (missing.length > 0) {
      throw new BadRequestException(
        `fileIds: ${missing.join(', ')} ${missing.length === 1 ? 'is not an upload' : 'are not uploads'} of yours waiting to be attached (a file attaches once, by its uploader)`,
      );
    }
    if ((await this.files.attach(tx, checked.ids, user.id, subject, now)) !== checked.ids.length)
      throw new ConflictException('fileIds: a file was attached by a concurrent request');
    await this.files.recordAccess(
      tx,
      checked.ids.map((fileId) => ({ fileId, action: 'ATTACH' as const, userId: user.id, at: now, subjectType: subject.type, subjectId: subject.id })),
    );
    return own.map(toFileView);
  }

  /** Checks `fileIds` before anything else is done (the attaching transaction checks again). */
  assertFileIds(fileIds: readonly number[] | undefined): void {
    const checked = checkFileIds(fileIds);
    if (!checked.ok) throw new BadRequestException(checked.message);
  }

  /** A record's files. */
  async ofSubject(type: FileSubjectType, id: number): Promise<(FileView & { eventId: string | null })[]> {
    return (await this.files.ofSubject(type, id)).map((f) => ({ ...toFileView(f), eventId: f.eventId }));
  }

  /** Several records' files, by record id. */
  async ofSubjects(type: FileSubjectType, ids: readonly number[]): Promise<Map<number, FileView[]>> {
    const byId = new Map<number, FileView[]>(ids.map((id) => [id, []]));
    for (const f of await this.files.ofSubjects(type, ids)) byId.get(f.subjectId!)?.push(toFileView(f));
    return byId;
  }

  /**
   * A file to download, if the caller may see the record it belongs to (or it is their own upload
   * waiting to be attached); 404 otherwise, as if it did not exist. The download is recorded.
   */
  async download(user: AuthUser, id: number): Promise<FileDownload> {
    const file = await this.files.findVisible(id, user.id, { task: taskScope(user, 't'), obligation: obligationScope(user, 'o'), problem: problemScope(user, 'p') });
    if (!file) throw new NotFoundException(`file ${id} not found`);
    const body = await this.store.read(file.blobKey);
    if (!body) {
      this.logger.error(`file ${id}: blob ${file.blobKey} is missing from the store`);
      throw new Error(`file ${id}: its content is missing from the store`);
    }
    await this.files.recordAccess(null, [{ fileId: id, action: 'DOWNLOAD', userId: user.id, at: this.clock.now(), subjectType: file.subjectType, subjectId: file.subjectId }]);
    return { file: toFileView(file), previewable: INLINE_TYPES.has(file.type), body };
  }

  /**
   * Who uploaded, attached and downloaded a file, when, for which record (admins and supervisors,
   * who see every record; the controller's roles say so). 404 for an unknown file; the record of
   * a removed upload stays in file_access, but its file is gone.
   */
  async access(id: number): Promise<Page<FileAccessView>> {
    if (!(await this.files.exists(id))) throw new NotFoundException(`file ${id} not found`);
    const rows = await this.files.accessOf(id);
    return { items: rows.map(({ fileId: _fileId, at, ...r }) => ({ ...r, at: at.toISOString() })), total: rows.length };
  }

  /**
   * The clean-up (a maintenance job of the workers): uploads never attached are removed a day
   * after they were uploaded, with their blobs unless another file names the same bytes; blobs
   * no file names (a crash between the blob's write and its row's commit) go once they are a day
   * old. Attached files are never removed (the table's trigger refuses it too).
   */
  async removeAbandoned(batch = 500): Promise<CleanupResult> {
    const cutoff = new Date(this.clock.now().getTime() - UNATTACHED_FILE_TTL_MS);
    let files = 0;
    const blobs = new Set<string>();
    for (;;) {
      const candidates = await this.files.abandoned(cutoff, batch);
      if (candidates.length === 0) break;
      const removed = await this.transactions.run((tx) =>
        this.files.removeAbandoned(
          tx,
          candidates.map((c) => c.id),
          cutoff,
        ),
      );
      files += removed.length;
      for (const r of removed) blobs.add(r.blobKey);
      if (candidates.length < batch) break;
    }
    let removedBlobs = 0;
    for (const key of blobs) if (await this.removeBlobIfUnused(key, null)) removedBlobs++;
    for await (const blob of this.store.list()) {
      if (blob.modifiedAt < cutoff && !blobs.has(blob.key) && (await this.removeBlobIfUnused(blob.key, cutoff))) removedBlobs++;
    }
    if (this.store instanceof DiskBlobStore) await this.store.removeStaleTemporaries(cutoff);
    if (files > 0 || removedBlobs > 0) this.logger.log(`clean-up: ${files} abandoned uploads and ${removedBlobs} unused blobs removed`);
    return { files, blobs: removedBlobs };
  }

  /** Deletes a blob no file names, holding its key so that no upload of the same bytes commits meanwhile. */
  private async removeBlobIfUnused(key: string, olderThan: Date | null): Promise<boolean> {
    return this.transactions.run(async (tx) => {
      if ((await this.files.lockBlobUsers(tx, key)) > 0) return false;
      if (olderThan) {
        const info = await this.store.stat(key);
        if (!info || info.modifiedAt >= olderThan) return false;
      }
      await this.store.delete(key);
      return true;
    });
  }
}

export function toFileView(f: Pick<FileRow, 'id' | 'name' | 'size' | 'type'>): FileView {
  return { id: f.id, name: f.name, size: f.size, type: f.type };
}

function formatLimit(bytes: number): string {
  return bytes % MB === 0 ? `${bytes / MB} MB` : `${bytes} bytes`;
}
