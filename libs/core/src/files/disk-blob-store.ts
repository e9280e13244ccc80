import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { assertBlobKey, BlobInfo, blobKeyOf, BlobStore, isBlobKey } from './blob-store';

/**
 * Blobs on local disk: `<dir>/<first two hex digits>/<sha256>`. A blob is written to a temporary
 * file in its own directory, flushed, then renamed into place, so a crash leaves either the
 * whole blob or no blob (a stray `.tmp` file at most, which the clean-up removes).
 */
export class DiskBlobStore extends BlobStore {
  private readonly root: string;

  constructor(dir: string) {
    super();
    this.root = resolve(dir);
  }

  async put(bytes: Buffer): Promise<string> {
    const key = blobKeyOf(bytes);
    const path = this.pathOf(key);
    const now = new Date();
    try {
      await utimes(path, now, now);
      return key; // stored already: identical content is kept once
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const dir = join(this.root, key.slice(0, 2));
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await handle.close();
    await rename(temp, path);
    return key;
  }

  async read(key: string): Promise<Readable | null> {
    const path = this.pathOf(key);
    if (!(await this.stat(key))) return null;
    return createReadStream(path);
  }

  async stat(key: string): Promise<BlobInfo | null> {
    try {
      const s = await stat(this.pathOf(key));
      return { key, size: s.size, modifiedAt: s.mtime };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  async *list(): AsyncIterable<BlobInfo> {
    let shards: string[];
    try {
      shards = await readdir(this.root);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const shard of shards.filter((s) => /^[0-9a-f]{2}$/.test(s)).sort()) {
      for (const name of await readdir(join(this.root, shard))) {
        if (!isBlobKey(name)) continue;
        const info = await this.stat(name);
        if (info) yield info;
      }
    }
  }

  /** Temporary files left by a write that never finished, older than `before`; removed. */
  async removeStaleTemporaries(before: Date): Promise<number> {
    let removed = 0;
    const shards = await readdir(this.root).catch(() => [] as string[]);
    for (const shard of shards.filter((s) => /^[0-9a-f]{2}$/.test(s))) {
      for (const name of await readdir(join(this.root, shard))) {
        if (!name.endsWith('.tmp')) continue;
        const path = join(this.root, shard, name);
        const s = await stat(path).catch(() => null);
        if (s && s.mtime < before) {
          await unlink(path).catch(() => undefined);
          removed++;
        }
      }
    }
    return removed;
  }

  private pathOf(key: string): string {
    assertBlobKey(key);
    return join(this.root, key.slice(0, 2), key);
  }
}
