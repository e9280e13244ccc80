import { BadRequestException, HttpException, Injectable, NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { FilesService } from '@duban/core';
import { WordedUploadInterceptor } from '../common/worded-upload';

/** What the storage below hands over of the uploaded file. */
export interface UploadedEvidence {
  buffer: Buffer;
  originalname: string;
  size: number;
}

/**
 * multer storage that keeps the file in memory and stops reading at the limit with a refusal
 * naming the file (multer's own limit error knows the field, not the file).
 */
class CappedMemoryStorage {
  constructor(private readonly files: FilesService) {}

  _handleFile(_req: Request, file: { stream: Readable; originalname: string }, cb: (error: unknown, info?: Partial<UploadedEvidence>) => void): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: unknown, info?: Partial<UploadedEvidence>) => {
      if (done) return;
      done = true;
      cb(error, info);
    };
    file.stream.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > this.files.maxBytes) {
        file.stream.resume(); // multer drains the rest of the request
        try {
          this.files.assertSize(file.originalname, size);
        } catch (error) {
          finish(error);
        }
        return;
      }
      chunks.push(chunk);
    });
    file.stream.on('error', (error) => finish(error));
    file.stream.on('end', () => finish(null, { buffer: Buffer.concat(chunks), size }));
  }

  _removeFile(_req: Request, _file: unknown, cb: (error: Error | null) => void): void {
    cb(null);
  }
}

/**
 * Reads POST /files: one file in the field `file`, nothing else, through Nest's FileInterceptor
 * (multer) with its limits, and words refusals so that they name the field or the file.
 */
@Injectable()
export class EvidenceUploadInterceptor extends WordedUploadInterceptor {
  protected readonly upload: NestInterceptor;

  constructor(files: FilesService) {
    super();
    const Upload = FileInterceptor('file', {
      storage: new CappedMemoryStorage(files),
      // Browsers send a file's name as UTF-8 (现场照片.jpg), which busboy would read as Latin-1.
      defParamCharset: 'utf8',
      // The storage refuses at the limit, naming the file; busboy's own limit is a backstop.
      limits: { fileSize: files.maxBytes + 1024 * 1024, files: 1, fields: 0, parts: 1, headerPairs: 20 },
    });
    this.upload = new Upload();
  }

  protected refusal(error: unknown): HttpException {
    return refusal(error);
  }
}

function refusal(error: unknown): HttpException {
  if (error instanceof PayloadTooLargeException && /^file: /.test(error.message)) return error;
  if (error instanceof PayloadTooLargeException) return new PayloadTooLargeException('file is too large');
  const message = error instanceof HttpException ? error.message : '';
  if (/Unexpected file field|Too many files|Too many parts/.test(message)) return new BadRequestException('file: send one file, in the field named file (one file per upload)');
  if (/Too many fields|Field value too long|Field name/.test(message)) return new BadRequestException('body: the form takes one field, file');
  return new BadRequestException('body is not valid multipart/form-data; send the file in the field named file');
}
