import { Injectable, OnModuleInit } from '@nestjs/common';
import { SupervisionRepository } from '@duban/persistence';
import { Metrics } from '@duban/platform';
import { ALL_QUEUES, JobService } from '@duban/queue';

const JOB_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;

/**
 * What the scheduler counts when Prometheus scrapes it: jobs per queue and state, and the open
 * supervision entries per level (one process counts them, so a dashboard does not add up copies).
 */
@Injectable()
export class SchedulerMetricSources implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly jobs: JobService,
    private readonly supervision: SupervisionRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.provide({
      queueJobs: async () => {
        const rows: { queue: string; state: string; count: number }[] = [];
        for (const queue of ALL_QUEUES) {
          const counts = await this.jobs.queue(queue).getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) rows.push({ queue, state, count: counts[state] ?? 0 });
        }
        return rows;
      },
      queueWorkers: () => Promise.all(ALL_QUEUES.map(async (queue) => ({ queue, count: await this.jobs.queue(queue).getWorkersCount() }))),
      openSupervision: () => this.supervision.openByLevel({ sql: '1 = 1', params: [] }),
    });
  }
}
