import { FixedClock } from '@duban/domain';
import type { EngineRepository } from '@duban/persistence';
import type { DeadlineTriggerService } from './deadline-trigger.service';
import { EngineHooks } from './engine-hooks';
import type { MaterialiserService } from './materialiser.service';
import { ReconcilerService } from './reconciler.service';
import type { StepRunnerService, SweepResult } from './step-runner.service';

/*
 * ReconcilerService over mocked repositories: MySQL is the truth, Redis a trigger. It runs what is
 * due, re-arms the next minutes, and wakes the contexts registered with it (it imports none).
 */
const NOW = new Date('2026-07-20T16:00:00Z');
const NEXT = new Date('2026-07-21T01:00:00Z');
const SOON = new Date('2026-07-20T16:02:00Z');

function setup(swept: SweepResult = { steps: 3, nextAt: [NEXT] }) {
  const engine = { stepTimesBetween: jest.fn(async () => [SOON]), nextInstant: jest.fn(async () => NEXT) } as unknown as jest.Mocked<EngineRepository>;
  const materialiser = { materialise: jest.fn(async () => [new Date('2026-08-17T01:00:00Z')]) } as unknown as jest.Mocked<MaterialiserService>;
  const steps = { sweep: jest.fn(async () => swept) } as unknown as jest.Mocked<StepRunnerService>;
  const trigger = { arm: jest.fn(async () => undefined) } as unknown as jest.Mocked<DeadlineTriggerService>;
  const hooks = new EngineHooks();
  const woken: string[] = [];
  hooks.register({ name: 'deliveries', afterSteps: async () => woken.push('deliveries') });
  hooks.register({ name: 'evaluations', afterTick: async () => woken.push('evaluations') });
  const service = new ReconcilerService(engine, new FixedClock(NOW), materialiser, steps, trigger, hooks);
  return { service, engine, materialiser, steps, trigger, woken };
}

describe('ReconcilerService', () => {
  it('ticks: materialises and arms what is coming, runs what is due, re-arms the next three minutes, then wakes deliveries and scoring in that order', async () => {
    const { service, engine, materialiser, steps, trigger, woken } = setup();
    await expect(service.tick()).resolves.toEqual({ steps: 3, armed: 2 });
    expect(materialiser.materialise).toHaveBeenCalled();
    expect(trigger.arm.mock.calls).toEqual([[[new Date('2026-08-17T01:00:00Z')]], [[NEXT, SOON]]]);
    expect(steps.sweep).toHaveBeenCalledWith(NOW);
    expect(engine.stepTimesBetween).toHaveBeenCalledWith(NOW, new Date(NOW.getTime() + 3 * 60_000));
    expect(woken).toEqual(['deliveries', 'evaluations']);
  });

  it('reconciles without a tick: deliveries are dispatched even when no step ran (a retry may be pending), scoring is not run', async () => {
    const { service, woken } = setup({ steps: 0, nextAt: [] });
    await expect(service.reconcile()).resolves.toEqual({ steps: 0, armed: 1 });
    expect(woken).toEqual(['deliveries']);
  });

  it('a sweep arms the next steps, and wakes deliveries only when it ran steps', async () => {
    const ran = setup();
    await expect(ran.service.onSweep()).resolves.toEqual({ steps: 3 });
    expect(ran.trigger.arm).toHaveBeenCalledWith([NEXT]);
    expect(ran.woken).toEqual(['deliveries']);

    const idle = setup({ steps: 0, nextAt: [] });
    await idle.service.onSweep();
    expect(idle.woken).toEqual([]);
  });

  it('answers the next instant the engine has something to do from the repository', async () => {
    const { service, engine } = setup();
    await expect(service.nextInstant(NOW)).resolves.toEqual(NEXT);
    expect(engine.nextInstant).toHaveBeenCalledWith(NOW);
  });
});

describe('EngineHooks', () => {
  it('refuses a context registered twice (its work would run twice)', () => {
    const hooks = new EngineHooks();
    hooks.register({ name: 'deliveries' });
    expect(() => hooks.register({ name: 'deliveries' })).toThrow('engine hook deliveries is registered twice');
  });
});
