import { HttpException, HttpStatus } from '@nestjs/common';

/** A 429 or 503 that tells the client when to come back (`Retry-After`, in whole seconds). */
export class RetryLaterException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    status: HttpStatus.TOO_MANY_REQUESTS | HttpStatus.SERVICE_UNAVAILABLE = HttpStatus.TOO_MANY_REQUESTS,
  ) {
    super(message, status);
  }
}
