import { BadRequestException, HttpException, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { FilesService } from '@duban/core';
import { FormError, FormLimits, MultipartFormInterceptor } from '../common/worded-upload';

/**
 * Reads POST /files: one file in the field `file`, nothing else, kept in memory up to the
 * configured limit, and words refusals so that they name the field or the file.
 */
@Injectable()
export class EvidenceUploadInterceptor extends MultipartFormInterceptor {
  protected readonly limits: FormLimits;

  constructor(private readonly files: FilesService) {
    super();
    this.limits = { fileSize: files.maxBytes, files: 1, fields: 0, parts: 1, headerPairs: 20 };
  }

  protected refusal(error: unknown): HttpException {
    if (!(error instanceof FormError)) return new BadRequestException('body is not valid multipart/form-data; send the file in the field named file');
    switch (error.fault) {
      case 'file-too-large':
        if (!error.file) return new PayloadTooLargeException('file is too large');
        try {
          this.files.assertSize(error.file.name, error.file.size);
        } catch (refusal) {
          if (refusal instanceof HttpException) return refusal;
        }
        return new PayloadTooLargeException('file is too large');
      case 'unexpected-file':
      case 'too-many-files':
      case 'too-many-parts':
        return new BadRequestException('file: send one file, in the field named file (one file per upload)');
      case 'too-many-fields':
      case 'field-too-long':
        return new BadRequestException('body: the form takes one field, file');
      default:
        return new BadRequestException('body is not valid multipart/form-data; send the file in the field named file');
    }
  }
}
