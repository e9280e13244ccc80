import { BadRequestException, HttpException, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { FormError, FormLimits, MultipartFormInterceptor } from '../common/worded-upload';

/** The largest .docx POST /imports takes. */
export const MAX_UPLOAD_MB = 20;

/**
 * Reads the multipart form of POST /imports: one file named `file` in memory, and at most the
 * text fields of the JSON form; words its refusals so that they name the field at fault.
 */
@Injectable()
export class NoticeUploadInterceptor extends MultipartFormInterceptor {
  protected readonly limits: FormLimits = { fileSize: MAX_UPLOAD_MB * 1024 * 1024, files: 1, fields: 3, fieldSize: 1024 * 1024, parts: 4, headerPairs: 20 };

  protected refusal(error: unknown): HttpException {
    const fault = error instanceof FormError ? error.fault : 'malformed';
    switch (fault) {
      case 'file-too-large':
        return new PayloadTooLargeException(`file is larger than ${MAX_UPLOAD_MB} MB`);
      case 'unexpected-file':
      case 'too-many-files':
        return new BadRequestException('file: send one .docx, in the field named file');
      case 'too-many-parts':
      case 'too-many-fields':
      case 'field-too-long':
        return new BadRequestException('body: the form takes file and source (or text) only');
      default:
        return new BadRequestException('body is not valid multipart/form-data');
    }
  }
}
