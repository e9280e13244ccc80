import { BadRequestException, HttpException, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { WordedUploadInterceptor } from '../common/worded-upload';

/** The largest .docx POST /imports takes. */
export const MAX_UPLOAD_MB = 20;

/** POST /imports as multipart/form-data: one file named `file` in memory, and at most the text fields of the JSON form. */
const Upload = FileInterceptor('file', {
  // Browsers send a file's name as UTF-8 (园区通知.docx), which busboy would read as Latin-1.
  defParamCharset: 'utf8',
  limits: { fileSize: MAX_UPLOAD_MB * 1024 * 1024, files: 1, fields: 3, fieldSize: 1024 * 1024, parts: 4, headerPairs: 20 },
});

/**
 * Reads the multipart form of POST /imports with multer (through Nest's FileInterceptor, memory
 * storage and limits), and words its refusals so that they name the field at fault.
 */
@Injectable()
export class NoticeUploadInterceptor extends WordedUploadInterceptor {
  protected readonly upload = new Upload();

  protected refusal(error: unknown): HttpException {
    return refusal(error);
  }
}

function refusal(error: unknown): HttpException {
  if (error instanceof PayloadTooLargeException) return new PayloadTooLargeException(`file is larger than ${MAX_UPLOAD_MB} MB`);
  const message = error instanceof HttpException ? error.message : '';
  if (/Unexpected file field|Too many files/.test(message)) return new BadRequestException('file: send one .docx, in the field named file');
  if (/Too many (?:parts|fields)|Field value too long|Field name/.test(message)) return new BadRequestException('body: the form takes file and source (or text) only');
  return new BadRequestException('body is not valid multipart/form-data');
}
