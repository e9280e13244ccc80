import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { QueryFailedError } from 'typeorm';
import { RetryLaterException } from './retry-later.exception';

/**
 * One error shape for every answer: `{statusCode, error, message}`. Unknown failures are
 * logged and answered 500 without internals; a database constraint a client tripped
 * (a race past the service's own checks) becomes 409.
 */
@Catch()
export class ErrorShapeFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = this.adapterHost.httpAdapter;
    const res: unknown = host.switchToHttp().getResponse();
    const { statusCode, message } = this.describe(exception);
    if (statusCode >= 500 && !(exception instanceof RetryLaterException))
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (exception instanceof RetryLaterException) http.setHeader(res, 'Retry-After', String(Math.max(1, Math.ceil(exception.retryAfterSeconds))));
    // A route that declared another type (an HTML notice, a workbook) still answers its error as JSON.
    http.setHeader(res, 'content-type', 'application/json');
    http.reply(res, { statusCode, error: reasonPhrase(statusCode), message }, statusCode);
  }

  private describe(exception: unknown): { statusCode: number; message: string | string[] } {
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: string | string[] }).message ?? exception.message);
      return { statusCode: exception.getStatus(), message };
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      if (code === 'ER_DUP_ENTRY') return { statusCode: HttpStatus.CONFLICT, message: 'a record with the same unique value already exists' };
      if (code === 'ER_NO_REFERENCED_ROW_2') return { statusCode: HttpStatus.CONFLICT, message: 'a referenced record no longer exists' };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, message: 'internal error' };
  }
}

export function reasonPhrase(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}
