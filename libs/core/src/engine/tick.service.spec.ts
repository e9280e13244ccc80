import { FixedClock } from '@duban/domain';
import type { EngineStateRepository, TickRecord } from '@duban/persistence';
import { TickService } from './tick.service';

/* TickService over a mocked repository: the worker records each tick it handles; /health reads the last one. */
describe('TickService', () => {
  const NOW = new Date('2026-07-20T16:00:05Z');

  it('records when it handled the tick, when the scheduler emitted it and which job it was, and reads it back', async () => {
    let stored: TickRecord | null = null;
    const state = {
      recordTick: jest.fn(async (tick: TickRecord) => void (stored = tick)),
      lastTick: jest.fn(async () => stored),
    } as unknown as jest.Mocked<EngineStateRepository>;
    const service = new TickService(state, new FixedClock(NOW));
    await expect(service.lastTick()).resolves.toBeNull();

    await expect(service.onTick('2026-07-20T16:00:00.000Z', 'repeat-tick-1')).resolves.toEqual({ handledAt: NOW.toISOString() });
    await expect(service.lastTick()).resolves.toEqual({ handledAt: NOW.toISOString(), emittedAt: '2026-07-20T16:00:00.000Z', jobId: 'repeat-tick-1' });

    await service.onTick(undefined, undefined);
    expect(state.recordTick).toHaveBeenLastCalledWith({ handledAt: NOW.toISOString(), emittedAt: null, jobId: null });
  });
});
