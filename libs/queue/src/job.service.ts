import { ProcessHealthCheck, RoundTripHealthIndicator } from '@duban/platform';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ALL_QUEUES, JobItem, JOBS, QueueName } from './job.types';

/** The one way to put work on a queue: typed items, routed and optioned by the registry. */
@Injectable()
export class JobService {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@InjectQueue(QueueName.Engine) engine: Queue, @InjectQueue(QueueName.Deadlines) deadlines: Queue) {
    this.queues.set(QueueName.Engine, engine);
    this.queues.set(QueueName.Deadlines, deadlines);
    const missing = ALL_QUEUES.filter((name) => !this.queues.has(name));
    if (missing.length > 0) throw new Error(`JobService has no producer for queue(s) ${missing.join(', ')}`);
  }

  queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`unknown queue ${name}`);
    return queue;
  }

  async enqueue(item: JobItem): Promise<void> {
    const spec = JOBS[item.name];
    await this.queue(spec.queue).add(item.name, item.data, { ...spec.options, ...item.opts });
  }

  /** Enqueues many items, one round trip per queue. */
  async enqueueBulk(items: readonly JobItem[]): Promise<void> {
    const byQueue = new Map<QueueName, JobItem[]>();
    for (const item of items) {
      const queue = JOBS[item.name].queue;
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), item]);
    }
    for (const [queue, batch] of byQueue) {
      await this.queue(queue).addBulk(batch.map((item) => ({ name: item.name, data: item.data, opts: { ...JOBS[item.name].options, ...item.opts } })));
    }
  }

  /** One round trip on the producers' Redis connection (for /health). */
  async redisRoundTrip(): Promise<void> {
    const queue = this.queue(QueueName.Engine);
    const client = await queue.getBackend().client;
    await client.get(`${queue.opts.prefix}:health`);
  }
}

/** The /health check every queue-using process has: one round trip to BullMQ's Redis. */
export function redisCheck(health: RoundTripHealthIndicator, jobs: JobService): ProcessHealthCheck {
  return () => health.check('redis', () => jobs.redisRoundTrip());
}

/** Health checks of a process that only produces jobs (the api). */
export const redisHealth = {
  inject: [JobService],
  useFactory: (health: RoundTripHealthIndicator, jobs: JobService) => [redisCheck(health, jobs)],
};
