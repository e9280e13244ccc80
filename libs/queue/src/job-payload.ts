import { UnrecoverableError } from 'bullmq';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { withoutTraceContext } from './trace-context';

/**
 * Validates a job's data against its payload class. A malformed payload will never
 * succeed, so it fails the job without retries.
 */
export function parsePayload<T extends object>(cls: new () => T, data: unknown): T {
  // The producer's trace context rides along in the data; it is not part of the payload.
  const payload = plainToInstance(cls, withoutTraceContext(data) ?? {});
  const errors = validateSync(payload, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw new UnrecoverableError(`invalid job payload: ${errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ')}`);
  }
  return payload;
}
