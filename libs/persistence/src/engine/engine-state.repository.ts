import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Tx } from '../transactions';

const LAST_TICK = 'scheduler.lastTick';
const CLOCK_OFFSET = 'clock.offset';

/** When the scheduler's tick was last handled, as the worker recorded it. */
export interface TickRecord {
  handledAt: string;
  emittedAt: string | null;
  jobId: string | null;
}

/** The virtual clock's shared offset from real time (DUBAN_TIME_TRAVEL=1 only). */
export interface ClockOffset {
  offsetMs: number;
}

/** Small facts the engine keeps about itself (table `engine_state`, one JSON value per key). */
@Injectable()
export class EngineStateRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async recordTick(tick: TickRecord): Promise<void> {
    await this.db.query('INSERT INTO engine_state (`key`, value) VALUES (?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)', [LAST_TICK, JSON.stringify(tick)]);
  }

  lastTick(): Promise<TickRecord | null> {
    return this.read<TickRecord>(LAST_TICK);
  }

  /** Stores the clock's offset unless this deployment has one already. */
  async initClockOffset(offset: ClockOffset): Promise<void> {
    await this.db.query('INSERT IGNORE INTO engine_state (`key`, value) VALUES (?, ?)', [CLOCK_OFFSET, JSON.stringify(offset)]);
  }

  clockOffset(): Promise<ClockOffset | null> {
    return this.read<ClockOffset>(CLOCK_OFFSET);
  }

  async setClockOffset(tx: Tx, offset: ClockOffset): Promise<void> {
    await tx.query('UPDATE engine_state SET value = ? WHERE `key` = ?', [JSON.stringify(offset), CLOCK_OFFSET]);
  }

  /** A fact another part keeps here under its own key (the demo's marker, say). */
  fact<T>(key: string): Promise<T | null> {
    return this.read<T>(key);
  }

  async recordFact(key: string, value: object): Promise<void> {
    await this.db.query('INSERT INTO engine_state (`key`, value) VALUES (?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)', [key, JSON.stringify(value)]);
  }

  private async read<T>(key: string): Promise<T | null> {
    const [row]: { value: string | T | null }[] = await this.db.query('SELECT value FROM engine_state WHERE `key` = ?', [key]);
    const value = typeof row?.value === 'string' ? (JSON.parse(row.value) as T) : row?.value;
    return value ?? null;
  }
}
