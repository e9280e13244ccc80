import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Clock } from '@duban/domain';
import { JobName, JobService } from '@duban/queue';

/**
 * Arms a delayed sweep for each instant at which some step falls. Ids are deterministic, so
 * arming the same instant twice is one job. Redis is only a trigger: if arming fails, or
 * Redis loses the job, the reconciler runs the step within a minute.
 */
@Injectable()
export class DeadlineTriggerService {
  private readonly logger = new Logger(DeadlineTriggerService.name);
  private jobs: JobService | null | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly clock: Clock,
  ) {}

  async arm(times: readonly (Date | null | undefined)[]): Promise<void> {
    const jobs = this.producer();
    const due = [...new Set(times.filter((t): t is Date => t instanceof Date).map((t) => t.getTime()))];
    if (!jobs || due.length === 0) return;
    const now = this.clock.now().getTime();
    try {
      await jobs.enqueueBulk(
        due.map((at) => ({
          name: JobName.DeadlineSweep,
          data: { at: new Date(at).toISOString() },
          opts: { jobId: `sweep-${at}`, delay: Math.max(0, at - now) },
        })),
      );
    } catch (error) {
      this.logger.warn(`could not arm ${due.length} sweep(s); the reconciler will catch up: ${(error as Error).message}`);
    }
  }

  /** The queue producer, where this process has one (the CLI does not). */
  private producer(): JobService | null {
    if (this.jobs === undefined) {
      try {
        this.jobs = this.moduleRef.get(JobService, { strict: false });
      } catch {
        this.jobs = null;
      }
    }
    return this.jobs ?? null;
  }
}
