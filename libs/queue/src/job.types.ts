import type { JobsOptions } from 'bullmq';
import { IsISO8601, IsNumberString, IsOptional, IsString, MaxLength } from 'class-validator';

/*
 * Queue names are persisted in Redis (with QUEUE_PREFIX): never rename one, or jobs
 * waiting under the old name are stranded. Add a new queue instead.
 */
export enum QueueName {
  /** Engine housekeeping: the scheduler's tick, materialisation, reconciliation. */
  Engine = 'engine',
  /** Delayed sweeps that run escalation steps when their time comes. */
  Deadlines = 'deadlines',
  /** Webhook and group-robot (WeCom, DingTalk) deliveries. */
  Webhooks = 'webhooks',
  /** SMTP e-mail deliveries. */
  Email = 'email',
}

/** Every job Duban runs. A name maps to exactly one queue and one payload type. */
export enum JobName {
  /** The scheduler's minute tick: materialise cadences, then reconcile. */
  SchedulerTick = 'scheduler-tick',
  /** Run every escalation step due by `at` (set-wise, for all subjects). */
  DeadlineSweep = 'deadline-sweep',
  /** Catch up: run what is due, re-arm sweeps for what is coming (worker start, every tick). */
  Reconcile = 'reconcile',
  /** The virtual clock moved: materialise and run everything due by the new now. */
  ClockAdvance = 'clock-advance',
  /** POST one notification to a webhook or group robot. */
  DeliverWebhook = 'deliver-webhook',
  /** Send one notification by e-mail. */
  DeliverEmail = 'deliver-email',
  /** Maintenance: remove evidence uploads never attached (after a day) and blobs no file names. */
  FilesCleanup = 'files-cleanup',
}

export class SchedulerTickPayload {
  /** The instant the tick was emitted for. */
  @IsOptional()
  @IsISO8601()
  emittedAt?: string;
}

export class DeadlineSweepPayload {
  /** The instant the sweep was armed for. */
  @IsISO8601()
  at: string;
}

export class ClockAdvancePayload {
  @IsISO8601()
  to: string;
}

export class DeliveryPayload {
  @IsNumberString()
  deliveryId: string;
}

export class ReconcilePayload {
  @IsOptional()
  @IsString()
  @MaxLength(40)
  reason?: string;
}

export class FilesCleanupPayload {
  /** The instant the run was emitted for. */
  @IsOptional()
  @IsISO8601()
  emittedAt?: string;
}

/** Payload of each job. Handlers validate it again ({@link parsePayload}): Redis is not trusted. */
export interface JobPayloads {
  [JobName.SchedulerTick]: SchedulerTickPayload;
  [JobName.DeadlineSweep]: DeadlineSweepPayload;
  [JobName.Reconcile]: ReconcilePayload;
  [JobName.ClockAdvance]: ClockAdvancePayload;
  [JobName.DeliverWebhook]: DeliveryPayload;
  [JobName.DeliverEmail]: DeliveryPayload;
  [JobName.FilesCleanup]: FilesCleanupPayload;
}

/** A job to enqueue: its name and payload, tied together. */
export type JobItem = { [K in JobName]: { name: K; data: JobPayloads[K]; opts?: JobsOptions } }[JobName];

interface JobSpec {
  readonly queue: QueueName;
  readonly options: JobsOptions;
}

/** Where each job goes and how it retries. */
export const JOBS: Readonly<Record<JobName, JobSpec>> = {
  [JobName.SchedulerTick]: {
    queue: QueueName.Engine,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 100, removeOnFail: 1000 },
  },
  // Deterministic ids (sweep-<epoch ms>) dedupe arming; removing completed jobs frees the id.
  [JobName.DeadlineSweep]: {
    queue: QueueName.Deadlines,
    options: { attempts: 10, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: 1000 },
  },
  // Receivers go down; keep trying with exponential backoff for about an hour.
  [JobName.DeliverWebhook]: {
    queue: QueueName.Webhooks,
    options: { attempts: 12, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 5000 },
  },
  [JobName.DeliverEmail]: {
    queue: QueueName.Email,
    options: { attempts: 12, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 5000 },
  },
  [JobName.ClockAdvance]: {
    queue: QueueName.Engine,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: 100, removeOnFail: 1000 },
  },
  [JobName.Reconcile]: {
    queue: QueueName.Engine,
    options: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 100, removeOnFail: 1000 },
  },
  // Idempotent: a repeated or concurrent run finds nothing left to remove.
  [JobName.FilesCleanup]: {
    queue: QueueName.Engine,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 100, removeOnFail: 1000 },
  },
};

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
export const ALL_JOBS: readonly JobName[] = Object.values(JobName);

/** The id of the BullMQ job scheduler that emits the tick. */
export const TICK_SCHEDULER_ID = 'scheduler-tick';

/** The id of the BullMQ job scheduler that runs the evidence files' clean-up, and how often. */
export const FILES_CLEANUP_SCHEDULER_ID = 'files-cleanup';
export const FILES_CLEANUP_EVERY_MS = 3600_000;
