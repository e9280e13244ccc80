import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/domain';
import { EngineStateRepository, TickRecord } from '@duban/persistence';

/** Records the scheduler's minute tick as the worker handles it (the /health of the engine reads it). */
@Injectable()
export class TickService {
  constructor(
    private readonly state: EngineStateRepository,
    private readonly clock: Clock,
  ) {}

  async onTick(emittedAt: string | undefined, jobId: string | undefined): Promise<{ handledAt: string }> {
    const handledAt = this.clock.now().toISOString();
    await this.state.recordTick({ handledAt, emittedAt: emittedAt ?? null, jobId: jobId ?? null });
    return { handledAt };
  }

  lastTick(): Promise<TickRecord | null> {
    return this.state.lastTick();
  }
}
