import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** A stored blob, named by the SHA-256 of its bytes (64 lower-case hex digits). */
export interface BlobInfo {
  key: string;
  size: number;
  /** When it was last written; a blob written again (identical content uploaded again) is fresh. */
  modifiedAt: Date;
}

/**
 * Where evidence files' bytes live: content-addressed by SHA-256, so identical files are stored
 * once, and a name given by a user never becomes a path. Local disk by default, S3-compatible
 * object storage for deployments on several machines. Provided by `FilesModule`'s factory.
 */
export abstract class BlobStore {
  /** Stores the bytes (whole or not at all) and answers their key. Storing the same bytes again writes nothing new and refreshes the blob's time. */
  abstract put(bytes: Buffer): Promise<string>;
  /** The blob's bytes as a stream; null when there is no such blob. */
  abstract read(key: string): Promise<Readable | null>;
  abstract stat(key: string): Promise<BlobInfo | null>;
  /** Removes the blob; removing a missing one is no error. */
  abstract delete(key: string): Promise<void>;
  /** Every blob, in no particular order (the clean-up's sweep of blobs no file names). */
  abstract list(): AsyncIterable<BlobInfo>;
}

export function blobKeyOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const KEY = /^[0-9a-f]{64}$/;

/** Refuses anything but a SHA-256 key, so no caller can turn a key into another path. */
export function assertBlobKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not a blob key: ${JSON.stringify(key).slice(0, 80)}`);
}

export function isBlobKey(key: string): boolean {
  return KEY.test(key);
}
