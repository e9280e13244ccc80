import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Counts a process reads when it is scraped (its queues, the open supervision entries). */
export interface MetricSources {
  /** Jobs per queue and state (waiting, delayed, active, failed). */
  queueJobs?: () => Promise<{ queue: string; state: string; count: number }[]>;
  /** Open supervision entries per level. */
  openSupervision?: () => Promise<{ level: number; count: number }[]>;
  /** Workers consuming each queue. */
  queueWorkers?: () => Promise<{ queue: string; count: number }[]>;
  /** The api's read replicas as its last check found them (host:port, whether reads go there, how far behind). */
  replicas?: () => { name: string; usable: boolean; lagSeconds: number | null }[];
}

/**
 * Every Prometheus instrument Duban has, defined once (the Grafana dashboard and the alert rules
 * in deploy/ name these); each process has its own registry, labelled with the process name.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly sources: MetricSources = {};

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly stepLateness = new Histogram({
    name: 'duban_step_lateness_seconds',
    help: 'Seconds between an escalation step’s time and when it ran',
    labelNames: ['action'] as const,
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
    registers: [this.registry],
  });

  readonly steps = new Counter({
    name: 'duban_steps_total',
    help: 'Escalation steps run, by action and subject type',
    labelNames: ['action', 'subject_type'] as const,
    registers: [this.registry],
  });

  readonly sweepBatch = new Histogram({
    name: 'duban_sweep_batch_size',
    help: 'Subjects claimed per sweep batch',
    buckets: [1, 10, 100, 500, 1000, 2500, 5000, 10000],
    registers: [this.registry],
  });

  readonly sweepDuration = new Histogram({
    name: 'duban_sweep_duration_seconds',
    help: 'Time to run one sweep batch (claim, update, events, notifications)',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly reconcilerCatchUps = new Counter({
    name: 'duban_reconciler_catch_ups_total',
    help: 'Due steps the reconciler found that no deadline job had run',
    registers: [this.registry],
  });

  readonly materialised = new Counter({
    name: 'duban_occurrences_materialised_total',
    help: 'Cadence occurrences materialised (obligations and meetings created)',
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: 'duban_deliveries_total',
    help: 'Outbound notification deliveries by channel type and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly queueJobs = new Gauge({
    name: 'duban_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
    collect: async () => {
      if (!this.sources.queueJobs) return;
      this.queueJobs.reset();
      for (const { queue, state, count } of await this.sources.queueJobs()) this.queueJobs.set({ queue, state }, count);
    },
  });

  readonly queueWorkers = new Gauge({
    name: 'duban_queue_workers',
    help: 'Workers consuming each queue (0: nothing runs its jobs)',
    labelNames: ['queue'] as const,
    registers: [this.registry],
    collect: async () => {
      if (!this.sources.queueWorkers) return;
      this.queueWorkers.reset();
      for (const { queue, count } of await this.sources.queueWorkers()) this.queueWorkers.set({ queue }, count);
    },
  });

  readonly tickHandled = new Gauge({
    name: 'duban_tick_handled_timestamp_seconds',
    help: 'When a worker last handled the scheduler’s minute tick (Unix seconds)',
    registers: [this.registry],
  });

  readonly openSupervision = new Gauge({
    name: 'duban_supervision_open',
    help: 'Open supervision entries by level (1 督办, 2 重点督办, 3 挂牌督办)',
    labelNames: ['level'] as const,
    registers: [this.registry],
    collect: async () => {
      if (!this.sources.openSupervision) return;
      this.openSupervision.reset();
      for (const { level, count } of await this.sources.openSupervision()) this.openSupervision.set({ level: String(level) }, count);
    },
  });

  readonly replicaUsable = new Gauge({
    name: 'duban_db_replica_usable',
    help: 'Whether the api reads lists and reports from this MySQL replica (0: it lags, stopped replicating or does not answer; the primary serves)',
    labelNames: ['replica'] as const,
    registers: [this.registry],
    collect: () => {
      if (!this.sources.replicas) return;
      this.replicaUsable.reset();
      this.replicaLag.reset();
      for (const { name, usable, lagSeconds } of this.sources.replicas()) {
        this.replicaUsable.set({ replica: name }, usable ? 1 : 0);
        if (lagSeconds !== null) this.replicaLag.set({ replica: name }, lagSeconds);
      }
    },
  });

  readonly replicaLag = new Gauge({
    name: 'duban_db_replica_lag_seconds',
    help: 'Seconds_Behind_Master of each MySQL replica at its last check (absent while unknown)',
    labelNames: ['replica'] as const,
    registers: [this.registry],
  });

  constructor(processName = 'duban') {
    this.registry.setDefaultLabels({ process: processName });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Adds what this process counts on a scrape. */
  provide(sources: MetricSources): void {
    Object.assign(this.sources, sources);
  }

  /** When the step was due, and that it ran now. */
  stepRan(action: string, subjectType: string, dueAt: Date, now: Date, count = 1): void {
    this.steps.inc({ action, subject_type: subjectType }, count);
    this.stepLateness.observe({ action }, Math.max(0, (now.getTime() - dueAt.getTime()) / 1000));
  }
}
