import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

/** A unit of work: repositories take it to run their statements inside one transaction. */
export type Tx = EntityManager;

/** Opens transactions; the one way services start a unit of work (STYLE.md, "Persistence"). */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `work` in one transaction, at the database's isolation level (REPEATABLE READ) unless another is given. */
  run<T>(work: (tx: Tx) => Promise<T>, isolation?: IsolationLevel): Promise<T> {
    return isolation ? this.db.transaction(isolation, work) : this.db.transaction(work);
  }

  /**
   * As {@link run}, tried again (up to `tries` in all) when the database chose this transaction as
   * a deadlock's victim: it was rolled back whole, so running the work again is safe. Only for work
   * that does nothing outside the transaction.
   */
  async runRetryingDeadlocks<T>(work: (tx: Tx) => Promise<T>, options: { tries?: number; isolation?: IsolationLevel } = {}): Promise<T> {
    const tries = options.tries ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.run(work, options.isolation);
      } catch (error) {
        if (attempt >= tries || !isDeadlock(error)) throw error;
      }
    }
  }
}

/** Whether the database rolled the statement's transaction back to break a deadlock (ER_LOCK_DEADLOCK). */
export function isDeadlock(error: unknown): boolean {
  const driverError = (error as { driverError?: { errno?: number } } | null)?.driverError;
  return (driverError?.errno ?? (error as { errno?: number } | null)?.errno) === 1213;
}
