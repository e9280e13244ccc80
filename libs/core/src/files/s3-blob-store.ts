import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { FilesConfig } from '@duban/config';
import { assertBlobKey, BlobInfo, blobKeyOf, BlobStore, isBlobKey } from './blob-store';

/**
 * Blobs in an S3-compatible bucket (MinIO, and the object stores of the cloud providers),
 * under `<first two hex digits>/<sha256>`. A PUT is atomic: the object appears whole or not
 * at all. Path-style addressing, which every S3-compatible server takes.
 */
export class S3BlobStore extends BlobStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(s3: NonNullable<FilesConfig['s3']>) {
    super();
    this.bucket = s3.bucket;
    this.client = new S3Client({
      endpoint: s3.endpoint ?? undefined,
      region: s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
  }

  async put(bytes: Buffer): Promise<string> {
    const key = blobKeyOf(bytes);
    // Written again when present: the same bytes under the same key, and a fresh time for the clean-up.
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: objectKey(key), Body: bytes, ContentType: 'application/octet-stream', ContentLength: bytes.length }));
    return key;
  }

  async read(key: string): Promise<Readable | null> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey(key) }));
      return (answer.Body as Readable | undefined) ?? null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async stat(key: string): Promise<BlobInfo | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey(key) }));
      return { key, size: Number(head.ContentLength ?? 0), modifiedAt: head.LastModified ?? new Date(0) };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey(key) }));
  }

  async *list(): AsyncIterable<BlobInfo> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        const key = o.Key?.split('/').pop() ?? '';
        if (o.Key === `${key.slice(0, 2)}/${key}` && isBlobKey(key)) yield { key, size: Number(o.Size ?? 0), modifiedAt: o.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Closes the client's connections (tests; Nest calls it when the process shuts down). */
  destroy(): void {
    this.client.destroy();
  }

  onModuleDestroy(): void {
    this.destroy();
  }
}

function objectKey(key: string): string {
  assertBlobKey(key);
  return `${key.slice(0, 2)}/${key}`;
}

function isMissing(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchKey' || error.name === 'NotFound');
}
