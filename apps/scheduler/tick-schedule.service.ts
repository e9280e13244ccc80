import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { JobName, JobService, JOBS, QueueName, TICK_SCHEDULER_ID } from '@duban/queue';

/**
 * Owns the one BullMQ job scheduler that emits the minute tick. `upsertJobScheduler` is
 * idempotent, so every scheduler instance may call it at start.
 */
@Injectable()
export class TickScheduleService implements OnApplicationBootstrap {
  private readonly logger = new Logger(TickScheduleService.name);

  constructor(
    private readonly jobs: JobService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.jobs.queue(JOBS[JobName.SchedulerTick].queue);
    await queue.upsertJobScheduler(
      TICK_SCHEDULER_ID,
      { every: this.config.queue.tickEveryMs },
      { name: JobName.SchedulerTick, data: {}, opts: JOBS[JobName.SchedulerTick].options },
    );
    this.logger.log(`tick scheduled every ${this.config.queue.tickEveryMs} ms on queue ${QueueName.Engine}`);
  }

  async isScheduled(): Promise<boolean> {
    return (await this.jobs.queue(QueueName.Engine).getJobScheduler(TICK_SCHEDULER_ID)) !== undefined;
  }
}
