import { Logger } from '@nestjs/common';
import { Clock } from '@duban/domain';
import { EngineStateRepository, Transactions, Tx } from '@duban/persistence';

const REFRESH_MS = 200;

/**
 * A clock every process of a deployment shares (DUBAN_TIME_TRAVEL=1 only): real time plus
 * an offset kept in MySQL. It only moves forward. Each process re-reads the offset a few
 * times a second, and the worker re-reads it before acting on an advance.
 */
export class VirtualClock extends Clock {
  private readonly logger = new Logger(VirtualClock.name);
  private offsetMs = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly state: EngineStateRepository,
    private readonly transactions: Transactions,
  ) {
    super();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Loads the shared offset, creating it from `start` if this deployment has none yet. */
  async init(start: Date | null): Promise<void> {
    await this.state.initClockOffset({ offsetMs: start ? start.getTime() - Date.now() : 0 });
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), REFRESH_MS);
    this.timer.unref();
    this.logger.warn(`virtual clock in use: now is ${this.now().toISOString()}`);
  }

  async refresh(): Promise<void> {
    const offset = await this.state.clockOffset();
    if (typeof offset?.offsetMs === 'number') this.offsetMs = offset.offsetMs;
  }

  /** Moves every process's clock forward to `to`; refuses to go back. `record` runs in the same transaction (the audit). */
  async advance(to: Date, record?: (tx: Tx, from: Date) => Promise<void>): Promise<Date> {
    await this.refresh();
    const from = this.now();
    if (to.getTime() < from.getTime()) throw new RangeError(`the clock only moves forward; it is already ${from.toISOString()}`);
    const offsetMs = to.getTime() - Date.now();
    await this.transactions.run(async (tx) => {
      await this.state.setClockOffset(tx, { offsetMs });
      await record?.(tx, from);
    });
    this.offsetMs = offsetMs;
    return this.now();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
