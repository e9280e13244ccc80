import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JobService } from '@duban/queue';

/**
 * The queue producer, where this process has one: the api, scheduler and workers do; the
 * CLI does not, and whatever it would have enqueued the reconciler picks up from MySQL.
 */
@Injectable()
export class OptionalJobs {
  private jobs: JobService | null | undefined;

  constructor(private readonly moduleRef: ModuleRef) {}

  get(): JobService | null {
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
