import { BadRequestException, ConflictException, NotFoundException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { AppConfig } from '@duban/config';
import { FixedClock } from '@duban/domain';
import type { FileRow, FilesRepository, Transactions, Tx } from '@duban/persistence';
import { SPECIMENS } from '../../../../test/support/evidence-specimens';
import type { AuthUser } from '../auth/auth-user';
import { BlobInfo, blobKeyOf, BlobStore } from './blob-store';
import { FilesService } from './files.service';

const NOW = new Date('2026-07-20T02:00:00Z');
const DAY = 86_400_000;
const TX = { tx: 'the transaction' } as unknown as Tx;
const liaison: AuthUser = { id: 7, username: 'gongyi', displayName: '王静', roles: ['UNIT_LIAISON'], unitId: 30, mustChangePassword: false };

function row(patch: Partial<FileRow> = {}): FileRow {
  return {
    id: 1,
    blobKey: 'a'.repeat(64),
    name: '现场照片.png',
    size: 10,
    type: 'image/png',
    uploadedBy: liaison.id,
    uploadedAt: NOW,
    subjectType: null,
    subjectId: null,
    eventId: null,
    attachedAt: null,
    ...patch,
  };
}

/** A blob store in memory, with each blob's time. */
class MemoryStore extends BlobStore {
  readonly blobs = new Map<string, BlobInfo>();
  async put(bytes: Buffer) {
    const key = blobKeyOf(bytes);
    this.blobs.set(key, { key, size: bytes.length, modifiedAt: NOW });
    return key;
  }
  async read() {
    return null;
  }
  async stat(key: string) {
    return this.blobs.get(key) ?? null;
  }
  async delete(key: string) {
    this.blobs.delete(key);
  }
  async *list() {
    yield* this.blobs.values();
  }
}

function setup() {
  const files = {
    insert: jest.fn(async () => 41),
    recordAccess: jest.fn(async () => undefined),
    lockOwnUnattached: jest.fn(async (_tx: Tx, ids: number[]) => ids.map((id) => row({ id }))),
    attach: jest.fn(async (_tx: Tx, ids: number[]) => ids.length),
    findVisible: jest.fn(async (): Promise<FileRow | null> => null),
    abandoned: jest.fn(async (): Promise<Pick<FileRow, 'id' | 'blobKey'>[]> => []),
    removeAbandoned: jest.fn(async (_tx: Tx, ids: number[]) => ids.map((id) => ({ id, blobKey: `${id}`.padStart(64, '0') }))),
    lockBlobUsers: jest.fn(async () => 0),
  } as unknown as jest.Mocked<FilesRepository>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const store = new MemoryStore();
  const config = { files: { maxBytes: 1024, dir: '/unused', s3: null } } as unknown as AppConfig;
  return { service: new FilesService(files, transactions, store, config, new FixedClock(NOW)), files, store, transactions };
}

describe('FilesService', () => {
  it('stores an upload by its content: the row, its UPLOAD record and the blob in one transaction', async () => {
    const { service, files, store } = setup();
    const view = await service.upload(liaison, { name: 'C:\\照片\\现场照片.png', bytes: SPECIMENS.png });
    expect(view).toEqual({ id: 41, name: '现场照片.png', size: SPECIMENS.png.length, type: 'image/png' });
    expect(files.insert).toHaveBeenCalledWith(TX, expect.objectContaining({ blobKey: blobKeyOf(SPECIMENS.png), uploadedBy: 7, uploadedAt: NOW }));
    expect(files.recordAccess).toHaveBeenCalledWith(TX, [{ fileId: 41, action: 'UPLOAD', userId: 7, at: NOW, subjectType: null, subjectId: null }]);
    expect(store.blobs.has(blobKeyOf(SPECIMENS.png))).toBe(true);
  });

  it('refuses, storing nothing: a renamed executable (415) and a file over the limit (413), naming the file', async () => {
    const { service, files, store } = setup();
    await expect(service.upload(liaison, { name: 'x.pdf', bytes: SPECIMENS.exe })).rejects.toThrow(
      new UnsupportedMediaTypeException(
        'file: x.pdf is a Windows executable (application/x-msdownload); upload PDF, OFD, Word (.doc/.docx), Excel (.xls/.xlsx), WPS (.wps/.et/.dps), JPEG, PNG or plain UTF-8 text',
      ),
    );
    await expect(service.upload(liaison, { name: '大.txt', bytes: Buffer.alloc(1025, 0x41) })).rejects.toThrow(
      new PayloadTooLargeException('file: 大.txt is larger than 1024 bytes'),
    );
    expect(files.insert).not.toHaveBeenCalled();
    expect(store.blobs.size).toBe(0);
  });

  it('attaches the caller’s own unattached uploads with the act’s event, and records each', async () => {
    const { service, files } = setup();
    const attached = await service.attachWithin(TX, liaison, [3, 4], { type: 'TASK', id: 9, eventId: '77' }, NOW);
    expect(attached.map((f) => f.id)).toEqual([3, 4]);
    expect(files.attach).toHaveBeenCalledWith(TX, [3, 4], 7, { type: 'TASK', id: 9, eventId: '77' }, NOW);
    expect(files.recordAccess).toHaveBeenCalledWith(
      TX,
      [3, 4].map((fileId) => ({ fileId, action: 'ATTACH', userId: 7, at: NOW, subjectType: 'TASK', subjectId: 9 })),
    );
    expect(await service.attachWithin(TX, liaison, undefined, { type: 'TASK', id: 9, eventId: '77' }, NOW)).toEqual([]);
  });

  it('refuses 11 files, a repeated one, another’s or an attached one (400 on fileIds), and a race (409)', async () => {
    const { service, files } = setup();
    const at = { type: 'TASK' as const, id: 9, eventId: '77' };
    await expect(service.attachWithin(TX, liaison, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], at, NOW)).rejects.toThrow(new BadRequestException('fileIds: at most 10 files per action'));
    await expect(service.attachWithin(TX, liaison, [1, 1], at, NOW)).rejects.toThrow(new BadRequestException('fileIds must not repeat a file'));
    files.lockOwnUnattached.mockResolvedValueOnce([row({ id: 3 })]);
    await expect(service.attachWithin(TX, liaison, [3, 5], at, NOW)).rejects.toThrow(
      new BadRequestException('fileIds: 5 is not an upload of yours waiting to be attached (a file attaches once, by its uploader)'),
    );
    files.attach.mockResolvedValueOnce(1);
    await expect(service.attachWithin(TX, liaison, [3, 4], at, NOW)).rejects.toThrow(ConflictException);
  });

  it('answers 404 for a file the caller may not see, and records nothing', async () => {
    const { service, files } = setup();
    await expect(service.download(liaison, 5)).rejects.toThrow(new NotFoundException('file 5 not found'));
    expect(files.recordAccess).not.toHaveBeenCalled();
  });

  it('cleans up: abandoned uploads a day old, their blobs unless another file names them, and old blobs no file names', async () => {
    const { service, files, store } = setup();
    const gone = '1'.padStart(64, '0');
    const shared = '2'.padStart(64, '0');
    const orphanOld = 'f'.repeat(64);
    const orphanNew = 'e'.repeat(64);
    store.blobs.set(gone, { key: gone, size: 1, modifiedAt: new Date(NOW.getTime() - 2 * DAY) });
    store.blobs.set(shared, { key: shared, size: 1, modifiedAt: new Date(NOW.getTime() - 2 * DAY) });
    store.blobs.set(orphanOld, { key: orphanOld, size: 1, modifiedAt: new Date(NOW.getTime() - 2 * DAY) });
    store.blobs.set(orphanNew, { key: orphanNew, size: 1, modifiedAt: new Date(NOW.getTime() - 60_000) });
    files.abandoned.mockResolvedValueOnce([
      { id: 1, blobKey: gone },
      { id: 2, blobKey: shared },
    ]);
    files.lockBlobUsers.mockImplementation(async (_tx: Tx, key: string) => (key === shared ? 1 : 0));
    expect(await service.removeAbandoned()).toEqual({ files: 2, blobs: 2 });
    expect(files.abandoned).toHaveBeenCalledWith(new Date(NOW.getTime() - DAY), 500);
    expect([...store.blobs.keys()].sort()).toEqual([shared, orphanNew].sort());
  });
});
