import { CallHandler, ExecutionContext, HttpException, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';

/**
 * A multipart reader (Nest's FileInterceptor: multer) whose refusals are reworded, so that each
 * names the field or the file at fault instead of multer's own words.
 */
export abstract class WordedUploadInterceptor implements NestInterceptor {
  protected abstract readonly upload: NestInterceptor;
  protected abstract refusal(error: unknown): HttpException;

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.upload.intercept(context, next);
    } catch (error) {
      throw this.refusal(error);
    }
  }
}
