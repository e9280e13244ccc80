import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock } from '@duban/domain';
import { EngineStateEntity } from '@duban/persistence';

export const LAST_TICK_KEY = 'scheduler.lastTick';

/**
 * Handles the scheduler's minute tick. For now it records that the tick ran; cadence
 * materialisation and deadline steps hang off this tick in the deadline engine.
 */
@Injectable()
export class TickService {
  constructor(
    @InjectRepository(EngineStateEntity) private readonly state: Repository<EngineStateEntity>,
    private readonly clock: Clock,
  ) {}

  async onTick(emittedAt: string | undefined, jobId: string | undefined): Promise<{ handledAt: string }> {
    const handledAt = this.clock.now().toISOString();
    await this.state.query('INSERT INTO engine_state (`key`, value) VALUES (?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)', [
      LAST_TICK_KEY,
      JSON.stringify({ handledAt, emittedAt: emittedAt ?? null, jobId: jobId ?? null }),
    ]);
    return { handledAt };
  }

  async lastTick(): Promise<{ handledAt: string; emittedAt: string | null; jobId: string | null } | null> {
    const row = await this.state.findOneBy({ key: LAST_TICK_KEY });
    return (row?.value as { handledAt: string; emittedAt: string | null; jobId: string | null } | undefined) ?? null;
  }
}
