import { CallHandler, createParamDecorator, ExecutionContext, HttpException, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

/** The file a form carried in its field `file`, read into memory. */
export interface UploadedPart {
  buffer: Buffer;
  originalname: string;
  size: number;
}

/** What a form may hold (busboy's limits), and the largest file kept (`fileSize`). */
export interface FormLimits {
  fileSize: number;
  files: number;
  fields: number;
  fieldSize?: number;
  parts: number;
  headerPairs: number;
}

/** Why a form was refused, before any wording. */
export type FormFault = 'unexpected-file' | 'too-many-files' | 'too-many-parts' | 'too-many-fields' | 'field-too-long' | 'file-too-large' | 'malformed';

export class FormError extends Error {
  constructor(
    readonly fault: FormFault,
    /** For `file-too-large`: the file's name and the bytes it had when reading stopped counting. */
    readonly file?: { name: string; size: number },
  ) {
    super(fault);
  }
}

const UPLOAD = Symbol('upload');

/** The route's uploaded file (set by its MultipartFormInterceptor), or undefined. */
export const UploadedForm = createParamDecorator(
  (_data: unknown, context: ExecutionContext): UploadedPart | undefined => context.switchToHttp().getRequest<FastifyRequest & { [UPLOAD]?: UploadedPart }>()[UPLOAD],
);

/**
 * Reads a multipart/form-data request (@fastify/multipart) for a route that takes one file in the
 * field `file`: the file in memory (UploadedForm), the text fields as the body. Refusals are
 * worded by the route, so that each names the field or the file at fault. Whatever is refused,
 * the rest of the request is read and dropped before the answer.
 */
export abstract class MultipartFormInterceptor implements NestInterceptor {
  protected abstract readonly limits: FormLimits;
  protected abstract refusal(error: unknown): HttpException;

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { [UPLOAD]?: UploadedPart }>();
    if (!request.isMultipart()) return next.handle();
    try {
      const { file, fields } = await readForm(request, this.limits);
      request.body = fields;
      request[UPLOAD] = file;
    } catch (error) {
      request.raw.resume();
      throw this.refusal(error);
    }
    return next.handle();
  }
}

async function readForm(request: FastifyRequest, limits: FormLimits): Promise<{ file?: UploadedPart; fields: Record<string, string | string[]> }> {
  const { fileSize, ...busboy } = limits;
  const fields: Record<string, string | string[]> = {};
  let file: UploadedPart | undefined;
  let refused: FormError | null = null;
  try {
    // busboy's own file limit is a backstop a MiB past ours: the file is counted to the end, and refused at ours.
    for await (const part of request.parts({ limits: { ...busboy, fileSize: fileSize + 1024 * 1024 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file || refused) {
          part.file.resume();
          refused ??= new FormError('unexpected-file');
          continue;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of part.file as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size <= fileSize) chunks.push(chunk);
        }
        if (size > fileSize || part.file.truncated) refused = new FormError('file-too-large', { name: part.filename, size });
        else file = { buffer: Buffer.concat(chunks), originalname: part.filename, size };
        continue;
      }
      if (part.valueTruncated || part.fieldnameTruncated) refused ??= new FormError('field-too-long');
      const value = String(part.value);
      const before = fields[part.fieldname];
      fields[part.fieldname] = before === undefined ? value : [...([] as string[]).concat(before), value];
    }
  } catch (error) {
    throw refused ?? new FormError(faultOf(error));
  }
  if (refused) throw refused;
  return { file, fields };
}

function faultOf(error: unknown): FormFault {
  switch ((error as { code?: string }).code) {
    case 'FST_FILES_LIMIT':
      return 'too-many-files';
    case 'FST_PARTS_LIMIT':
      return 'too-many-parts';
    case 'FST_FIELDS_LIMIT':
      return 'too-many-fields';
    case 'FST_REQ_FILE_TOO_LARGE':
      return 'file-too-large';
    default:
      return 'malformed';
  }
}
