import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { ReconcilerService, TickService } from '@duban/core';
import { ClockAdvancePayload, DeadlineSweepPayload, JobName, parsePayload, QueueName, ReconcilePayload, SchedulerTickPayload } from '@duban/queue';
import { JobHandlerSet } from './job-handlers';

/** Consumes the engine queue. Thin: validate the payload, call the service. */
@Processor(QueueName.Engine)
export class EngineProcessor extends WorkerHost implements JobHandlerSet {
  readonly queue = QueueName.Engine;
  readonly handles = [JobName.SchedulerTick, JobName.Reconcile, JobName.ClockAdvance] as const;

  constructor(
    private readonly ticks: TickService,
    private readonly reconciler: ReconcilerService,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const name = job.name as (typeof this.handles)[number];
    switch (name) {
      case JobName.SchedulerTick: {
        const payload = parsePayload(SchedulerTickPayload, job.data);
        const result = await this.reconciler.tick();
        await this.ticks.onTick(payload.emittedAt ?? new Date(job.timestamp).toISOString(), job.id);
        return result;
      }
      case JobName.Reconcile:
        parsePayload(ReconcilePayload, job.data);
        return this.reconciler.reconcile();
      case JobName.ClockAdvance:
        parsePayload(ClockAdvancePayload, job.data);
        return this.reconciler.advance();
      default: {
        const unhandled: never = name;
        throw new Error(`no handler for job ${String(unhandled)} on queue ${this.queue}`);
      }
    }
  }
}

/** Consumes the deadlines queue: a delayed sweep per instant at which steps fall. */
@Processor(QueueName.Deadlines, { concurrency: 2 })
export class DeadlinesProcessor extends WorkerHost implements JobHandlerSet {
  readonly queue = QueueName.Deadlines;
  readonly handles = [JobName.DeadlineSweep] as const;

  constructor(private readonly reconciler: ReconcilerService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const name = job.name as (typeof this.handles)[number];
    switch (name) {
      case JobName.DeadlineSweep:
        parsePayload(DeadlineSweepPayload, job.data);
        return this.reconciler.onSweep();
      default: {
        const unhandled: never = name;
        throw new Error(`no handler for job ${String(unhandled)} on queue ${this.queue}`);
      }
    }
  }
}
