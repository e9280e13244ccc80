import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/domain';
import { EngineStateRepository, TickRecord } from '@duban/persistence';

/** Records that the worker handled the scheduler's minute tick (`scheduler.lastTick` in engine_state), so an operator can see that the tick is alive. */
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
