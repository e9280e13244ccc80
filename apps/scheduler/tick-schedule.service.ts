import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { FILES_CLEANUP_EVERY_MS, FILES_CLEANUP_SCHEDULER_ID, JobName, JobService, JOBS, QueueName, TICK_SCHEDULER_ID } from '@duban/queue';

/**
 * Owns the BullMQ job schedulers: the minute tick, and the hourly clean-up of evidence files.
 * `upsertJobScheduler` is idempotent, so every scheduler instance may call it at start.
 */
@Injectable()
export class TickScheduleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TickScheduleService.name);

  constructor(
    private readonly jobs: JobService,
    private readonly config: AppConfig,
  ) {}

  private timer: NodeJS.Timeout | null = null;

  async onApplicationBootstrap(): Promise<void> {
    await this.upsert();
    // If Redis lost the schedule (FLUSHALL, failover to an empty replica), put it back.
    this.timer = setInterval(() => void this.ensure().catch((e: Error) => this.logger.warn(`tick schedule check failed: ${e.message}`)), this.config.queue.tickEveryMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async ensure(): Promise<void> {
    if (!(await this.isScheduled())) {
      this.logger.warn('tick schedule missing from Redis; recreating it');
      await this.upsert();
    }
  }

  private async upsert(): Promise<void> {
    const queue = this.jobs.queue(JOBS[JobName.SchedulerTick].queue);
    await queue.upsertJobScheduler(
      TICK_SCHEDULER_ID,
      { every: this.config.queue.tickEveryMs },
      { name: JobName.SchedulerTick, data: {}, opts: JOBS[JobName.SchedulerTick].options },
    );
    this.logger.log(`tick scheduled every ${this.config.queue.tickEveryMs} ms on queue ${QueueName.Engine}`);
    await this.jobs
      .queue(JOBS[JobName.FilesCleanup].queue)
      .upsertJobScheduler(FILES_CLEANUP_SCHEDULER_ID, { every: FILES_CLEANUP_EVERY_MS }, { name: JobName.FilesCleanup, data: {}, opts: JOBS[JobName.FilesCleanup].options });
  }

  async isScheduled(): Promise<boolean> {
    const queue = this.jobs.queue(QueueName.Engine);
    return (await queue.getJobScheduler(TICK_SCHEDULER_ID)) !== undefined && (await queue.getJobScheduler(FILES_CLEANUP_SCHEDULER_ID)) !== undefined;
  }
}
