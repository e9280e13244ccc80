import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@duban/domain';
import { JobName } from '@duban/queue';
import { OptionalJobs } from '../common/optional-jobs';

/**
 * Arms a delayed sweep for each instant at which some step falls. Ids are deterministic, so
 * arming the same instant twice is one job (until it has run). Redis is only a trigger: if arming fails, or
 * Redis loses the job, the reconciler runs the step within a minute.
 */
@Injectable()
export class DeadlineTriggerService {
  private readonly logger = new Logger(DeadlineTriggerService.name);
  constructor(
    private readonly producer: OptionalJobs,
    private readonly clock: Clock,
  ) {}

  async arm(times: readonly (Date | null | undefined)[]): Promise<void> {
    const jobs = this.producer.get();
    if (!jobs) return;
    const now = this.clock.now().getTime();
    // An instant that has passed is swept now, under the id of now: the sweep of that instant may be
    // running, and the queue would take a job of its id for that one and drop it.
    const due = [...new Set(times.filter((t): t is Date => t instanceof Date).map((t) => Math.max(t.getTime(), now)))];
    if (due.length === 0) return;
    try {
      await jobs.enqueueBulk(
        due.map((at) => ({
          name: JobName.DeadlineSweep,
          data: { at: new Date(at).toISOString() },
          opts: { jobId: `sweep-${at}`, delay: at - now },
        })),
      );
    } catch (error) {
      this.logger.warn(`could not arm ${due.length} sweep(s); the reconciler will catch up: ${(error as Error).message}`);
    }
  }
}
