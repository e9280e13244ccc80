import { Injectable, Logger, Optional } from '@nestjs/common';
import { Clock } from '@duban/domain';
import { EngineRepository } from '@duban/persistence';
import { DeadlineTriggerService } from './deadline-trigger.service';
import { EngineHooks } from './engine-hooks';
import { MaterialiserService } from './materialiser.service';
import { StepRunnerService } from './step-runner.service';
import { VirtualClock } from './virtual-clock';
import { Metrics } from '@duban/platform';

/** Sweeps armed ahead by each reconciliation: a lost Redis costs at most this much precision. */
const REARM_MS = 3 * 60_000;

/**
 * MySQL is the truth and Redis a trigger. Reconciling runs every step whose time has come
 * and is not recorded as done, then re-arms the sweeps of the next minutes; so a flushed
 * Redis or a worker down for an hour loses nothing. The contexts woken after steps and ticks
 * (deliveries, scoring and assessments) register with {@link EngineHooks}.
 */
@Injectable()
export class ReconcilerService {
  private readonly logger = new Logger(ReconcilerService.name);

  constructor(
    private readonly engine: EngineRepository,
    private readonly clock: Clock,
    private readonly materialiser: MaterialiserService,
    private readonly steps: StepRunnerService,
    private readonly trigger: DeadlineTriggerService,
    private readonly hooks: EngineHooks,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  /** The scheduler's tick: materialise what is coming, then reconcile. */
  async tick(): Promise<{ steps: number; armed: number }> {
    const armed = await this.materialiser.materialise();
    await this.trigger.arm(armed);
    const result = await this.reconcile();
    // Scoring and assessments fall due like anything else; they run after the steps of their time.
    await this.hooks.afterTick();
    return result;
  }

  async reconcile(): Promise<{ steps: number; armed: number }> {
    const now = this.clock.now();
    const swept = await this.steps.sweep(now);
    const soon: Date[] = [...swept.nextAt, ...(await this.engine.stepTimesBetween(now, new Date(now.getTime() + REARM_MS)))];
    await this.trigger.arm(soon);
    await this.hooks.afterSteps();
    if (swept.steps > 0) {
      // Steps no armed sweep had run: the reconciler caught up with them.
      this.metrics?.reconcilerCatchUps.inc(swept.steps);
      this.logger.log(`reconciled: ${swept.steps} step(s) run`);
    }
    return { steps: swept.steps, armed: soon.length };
  }

  /**
   * The next instant after `after` at which the engine has something to do: a subject's next
   * step or a scoring run. Occurrences to come are materialised well ahead (HORIZON_MS), so
   * whoever steps a clock of its own (the seed's demo) can jump from one such instant to the next.
   */
  nextInstant(after: Date): Promise<Date | null> {
    return this.engine.nextInstant(after);
  }

  /** The virtual clock jumped: take up the new now, then do everything due by it. */
  async advance(): Promise<{ steps: number; armed: number }> {
    if (this.clock instanceof VirtualClock) await this.clock.refresh();
    return this.tick();
  }

  /** A delayed sweep fired: run what is due and arm what comes next. */
  async onSweep(): Promise<{ steps: number }> {
    const swept = await this.steps.sweep(this.clock.now());
    await this.trigger.arm(swept.nextAt);
    if (swept.steps > 0) await this.hooks.afterSteps();
    return { steps: swept.steps };
  }
}
