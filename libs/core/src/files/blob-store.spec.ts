import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import S3rver from 's3rver';
import { BlobStore, blobKeyOf } from './blob-store';
import { DiskBlobStore } from './disk-blob-store';
import { S3BlobStore } from './s3-blob-store';

async function bytesOf(stream: Readable | null): Promise<Buffer | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function listed(store: BlobStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const b of store.list()) keys.push(b.key);
  return keys.sort();
}

/** The same contract, on each driver. */
function behavesAsABlobStore(make: () => BlobStore) {
  const photo = Buffer.from('现场照片 bytes '.repeat(1000));
  const sheet = Buffer.from('签到表,王静,巩义市\n');

  it('round-trips bytes under their SHA-256, stores identical content once, deletes', async () => {
    const store = make();
    const key = await store.put(photo);
    expect(key).toBe(blobKeyOf(photo));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await bytesOf(await store.read(key))).toEqual(photo);
    expect(await store.put(photo)).toBe(key);
    const other = await store.put(sheet);
    expect(await listed(store)).toEqual([key, other].sort());
    expect(await store.stat(key)).toMatchObject({ key, size: photo.length });
    await store.delete(key);
    expect(await store.read(key)).toBeNull();
    expect(await store.stat(key)).toBeNull();
    await store.delete(key); // deleting a missing blob is no error
    expect(await listed(store)).toEqual([other]);
  });

  it('refuses a key that is not a SHA-256 (no path can be made of one)', async () => {
    const store = make();
    await expect(store.read('../../etc/passwd')).rejects.toThrow(/not a blob key/);
    await expect(store.delete('ab/../../x')).rejects.toThrow(/not a blob key/);
  });
}

describe('DiskBlobStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'duban-blobs-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  behavesAsABlobStore(() => new DiskBlobStore(dir));

  it("writes through a temporary file in the blob's own directory and leaves none behind", async () => {
    const store = new DiskBlobStore(dir);
    const key = await store.put(Buffer.from('签字的文件'));
    expect(await readdir(join(dir, key.slice(0, 2)))).toEqual([key]);
    expect(await readFile(join(dir, key.slice(0, 2), key), 'utf8')).toBe('签字的文件');
  });

  it('removes temporaries a crashed write left, once they are old, and lists none of them', async () => {
    const store = new DiskBlobStore(dir);
    const key = await store.put(Buffer.from('a'));
    const stray = join(dir, key.slice(0, 2), `.${key}.dead.tmp`);
    await writeFile(stray, 'half a fi');
    expect(await listed(store)).toEqual([key]);
    expect(await store.removeStaleTemporaries(new Date(Date.now() - 60_000))).toBe(0);
    expect(await store.removeStaleTemporaries(new Date(Date.now() + 60_000))).toBe(1);
    expect(await readdir(join(dir, key.slice(0, 2)))).toEqual([key]);
  });
});

describe('S3BlobStore against an S3-compatible server on a loopback port', () => {
  let server: S3rver;
  let dir: string;
  let endpoint: string;
  const stores: S3BlobStore[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'duban-s3rver-'));
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [1, 2].map((i) => ({ name: `evidence-${i}`, configs: [] })) });
    const address = (await server.run()) as AddressInfo;
    endpoint = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    for (const s of stores) s.destroy();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  let n = 0;
  behavesAsABlobStore(() => {
    // A bucket per test (made by the server at start) keeps their listings apart.
    const store = new S3BlobStore({ endpoint, bucket: `evidence-${++n}`, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', region: 'us-east-1' });
    stores.push(store);
    return store;
  });
});
