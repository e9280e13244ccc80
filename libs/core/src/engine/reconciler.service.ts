import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@duban/domain';
import { EvaluationsService } from '../evaluations/evaluations.service';
import { DeliveriesService } from '../notifications/deliveries.service';
import { DeadlineTriggerService } from './deadline-trigger.service';
import { MaterialiserService } from './materialiser.service';
import { StepRunnerService } from './step-runner.service';
import { VirtualClock } from './virtual-clock';
import { SUBJECTS } from '@duban/persistence';

/** Sweeps armed ahead by each reconciliation: a lost Redis costs at most this much precision. */
const REARM_MS = 3 * 60_000;

/**
 * MySQL is the truth and Redis a trigger. Reconciling runs every step whose time has come
 * and is not recorded as done, then re-arms the sweeps of the next minutes; so a flushed
 * Redis or a worker down for an hour loses nothing.
 */
@Injectable()
export class ReconcilerService {
  private readonly logger = new Logger(ReconcilerService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly materialiser: MaterialiserService,
    private readonly steps: StepRunnerService,
    private readonly trigger: DeadlineTriggerService,
    private readonly deliveries: DeliveriesService,
    private readonly evaluations: EvaluationsService,
  ) {}

  /** The scheduler's tick: materialise what is coming, then reconcile. */
  async tick(): Promise<{ steps: number; armed: number }> {
    const armed = await this.materialiser.materialise();
    await this.trigger.arm(armed);
    const result = await this.reconcile();
    // Scoring and assessments fall due like anything else; they run after the steps of their time.
    await this.evaluations.runDue();
    return result;
  }

  async reconcile(): Promise<{ steps: number; armed: number }> {
    const now = this.clock.now();
    const swept = await this.steps.sweep(now);
    const soon: Date[] = [...swept.nextAt];
    for (const subject of Object.values(SUBJECTS)) {
      const rows: { at: Date }[] = await this.db.query(
        `SELECT DISTINCT next_step_at AS at FROM ${subject.table} WHERE next_step_at > ? AND next_step_at <= ?`,
        [now, new Date(now.getTime() + REARM_MS)],
      );
      soon.push(...rows.map((r) => r.at));
    }
    await this.trigger.arm(soon);
    await this.deliveries.dispatchPending();
    if (swept.steps > 0) this.logger.log(`reconciled: ${swept.steps} step(s) run`);
    return { steps: swept.steps, armed: soon.length };
  }

  /**
   * The next instant after `after` at which the engine has something to do: a subject's next
   * step or a scoring run. Occurrences to come are materialised well ahead (HORIZON_MS), so
   * whoever steps a clock of its own (the seed's demo) can jump from one such instant to the next.
   */
  async nextInstant(after: Date): Promise<Date | null> {
    const parts = Object.values(SUBJECTS).map((subject) => `SELECT MIN(s.next_step_at) AS at FROM ${subject.table} s WHERE s.next_step_at > ? AND ${subject.active}`);
    parts.push(`SELECT MIN(due_at) AS at FROM evaluation_runs WHERE state = 'PENDING' AND due_at > ?`);
    const [row] = await this.db.query(`SELECT MIN(at) AS at FROM (${parts.join(' UNION ALL ')}) next`, parts.map(() => after));
    return row?.at ? new Date(row.at) : null;
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
    if (swept.steps > 0) await this.deliveries.dispatchPending();
    return { steps: swept.steps };
  }
}
