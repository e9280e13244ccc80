import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DeliveriesService, FilesService, ReconcilerService, TickService } from '@duban/core';
import {
  ClockAdvancePayload,
  DeadlineSweepPayload,
  DeliveryPayload,
  FilesCleanupPayload,
  JOBS,
  JobName,
  parsePayload,
  QueueName,
  ReconcilePayload,
  runInJobSpan,
  SchedulerTickPayload,
} from '@duban/queue';
import { JobHandlerSet } from './job-handlers';

/** Consumes the engine queue. Thin: validate the payload, call the service. */
@Processor(QueueName.Engine)
export class EngineProcessor extends WorkerHost implements JobHandlerSet {
  readonly queue = QueueName.Engine;
  readonly handles = [JobName.SchedulerTick, JobName.Reconcile, JobName.ClockAdvance, JobName.FilesCleanup] as const;

  constructor(
    private readonly ticks: TickService,
    private readonly reconciler: ReconcilerService,
    private readonly files: FilesService,
  ) {
    super();
  }

  /** The job in a span of its producer's trace (when tracing is on). */
  process(job: Job): Promise<unknown> {
    return runInJobSpan(job, () => this.handle(job));
  }

  private async handle(job: Job): Promise<unknown> {
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
      case JobName.FilesCleanup:
        parsePayload(FilesCleanupPayload, job.data);
        return this.files.removeAbandoned();
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

  /** The job in a span of its producer's trace (when tracing is on). */
  process(job: Job): Promise<unknown> {
    return runInJobSpan(job, () => this.handle(job));
  }

  private async handle(job: Job): Promise<unknown> {
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

/** Whether this run of a job is its last try (so a failure is final). */
function lastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? JOBS[job.name as JobName]?.options.attempts ?? 1);
}

type DeliveryJob = JobName.DeliverWebhook | JobName.DeliverEmail;

/** Deliveries; one queue per channel kind, so a slow SMTP server never holds up webhooks. */
@Injectable()
abstract class DeliveryProcessor extends WorkerHost implements JobHandlerSet {
  abstract readonly queue: QueueName;
  abstract readonly handles: readonly DeliveryJob[];

  constructor(private readonly deliveries: DeliveriesService) {
    super();
  }

  /** The job in a span of its producer's trace (when tracing is on). */
  process(job: Job): Promise<unknown> {
    return runInJobSpan(job, () => this.handle(job));
  }

  private async handle(job: Job): Promise<unknown> {
    const name = job.name as DeliveryJob;
    switch (name) {
      case JobName.DeliverWebhook:
      case JobName.DeliverEmail:
        return this.deliveries.deliver(parsePayload(DeliveryPayload, job.data).deliveryId, lastAttempt(job));
      default: {
        const unhandled: never = name;
        throw new Error(`no handler for job ${String(unhandled)} on queue ${this.queue}`);
      }
    }
  }
}

@Processor(QueueName.Webhooks, { concurrency: 8 })
export class WebhooksProcessor extends DeliveryProcessor {
  readonly queue = QueueName.Webhooks;
  readonly handles = [JobName.DeliverWebhook] as const;
}

@Processor(QueueName.Email, { concurrency: 4 })
export class EmailProcessor extends DeliveryProcessor {
  readonly queue = QueueName.Email;
  readonly handles = [JobName.DeliverEmail] as const;
}
