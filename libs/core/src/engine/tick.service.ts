import { Injectable, Optional } from '@nestjs/common';
import { Clock } from '@duban/domain';
import { EngineStateRepository, TickRecord } from '@duban/persistence';
import { Metrics } from '@duban/platform';

/** Records that the worker handled the scheduler's minute tick (`scheduler.lastTick` in engine_state), so an operator can see that the tick is alive. */
@Injectable()
export class TickService {
  constructor(
    private readonly state: EngineStateRepository,
    private readonly clock: Clock,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  async onTick(emittedAt: string | undefined, jobId: string | undefined): Promise<{ handledAt: string }> {
    const handledAt = this.clock.now().toISOString();
    await this.state.recordTick({ handledAt, emittedAt: emittedAt ?? null, jobId: jobId ?? null });
    // Real time, not the virtual clock: the alert compares it with Prometheus' time().
    this.metrics?.tickHandled.set(Date.now() / 1000);
    return { handledAt };
  }

  lastTick(): Promise<TickRecord | null> {
    return this.state.lastTick();
  }
}
