import { HttpStatus, Injectable } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { RetryLaterException } from '@duban/platform';
import { Semaphore, SemaphoreFullError } from '../common/semaphore';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';

/** How many sign-ins may wait for a hashing slot before new ones are told to come back. */
const MAX_WAITING = 200;

/**
 * Password hashing with bounded concurrency: argon2id takes 64 MiB and a libuv thread per
 * hash, so a flood of sign-ins queues here (and is shed past a point) instead of starving
 * every other request of memory and threads.
 */
@Injectable()
export class PasswordHasher {
  readonly slots: Semaphore;

  constructor(config: AppConfig) {
    this.slots = new Semaphore(config.login.hashConcurrency, MAX_WAITING);
  }

  hash(password: string): Promise<string> {
    return this.bounded(() => hashPassword(password));
  }

  /** Verifies against the account's hash, or a dummy one when there is no account, so both take the same time. */
  verify(hash: string | null, password: string): Promise<boolean> {
    return this.bounded(async () => verifyPassword(hash ?? (await dummyPasswordHash()), password));
  }

  private async bounded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.slots.run(work);
    } catch (error) {
      if (error instanceof SemaphoreFullError) throw new RetryLaterException('sign-in is busy; retry in a moment', 2, HttpStatus.SERVICE_UNAVAILABLE);
      throw error;
    }
  }
}
