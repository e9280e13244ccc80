import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { TickService } from '@duban/core';
import { JobName, parsePayload, QueueName, SchedulerTickPayload } from '@duban/queue';
import { JobHandlerSet } from './job-handlers';

/** Consumes the engine queue. Thin: validate the payload, call the service. */
@Processor(QueueName.Engine)
export class EngineProcessor extends WorkerHost implements JobHandlerSet {
  readonly queue = QueueName.Engine;
  readonly handles = [JobName.SchedulerTick] as const;

  constructor(private readonly ticks: TickService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const name = job.name as (typeof this.handles)[number];
    switch (name) {
      case JobName.SchedulerTick: {
        const payload = parsePayload(SchedulerTickPayload, job.data);
        return this.ticks.onTick(payload.emittedAt ?? new Date(job.timestamp).toISOString(), job.id);
      }
      default: {
        const unhandled: never = name;
        throw new Error(`no handler for job ${String(unhandled)} on queue ${this.queue}`);
      }
    }
  }
}
