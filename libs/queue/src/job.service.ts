import { ProcessHealthCheck, RoundTripHealthIndicator } from '@duban/platform';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { groupBy } from '@duban/domain';
import { Queue, QueueEvents } from 'bullmq';
import { ALL_QUEUES, JobItem, JOBS, QueueName } from './job.types';
import { withTraceContext } from './trace-context';

/** The one way to put work on a queue: typed items, routed and optioned by the registry. */
@Injectable()
export class JobService implements OnModuleDestroy {
  private readonly queues = new Map<QueueName, Queue>();
  private readonly queueEvents = new Map<QueueName, QueueEvents>();

  constructor(
    @InjectQueue(QueueName.Engine) engine: Queue,
    @InjectQueue(QueueName.Deadlines) deadlines: Queue,
    @InjectQueue(QueueName.Webhooks) webhooks: Queue,
    @InjectQueue(QueueName.Email) email: Queue,
  ) {
    this.queues.set(QueueName.Engine, engine);
    this.queues.set(QueueName.Deadlines, deadlines);
    this.queues.set(QueueName.Webhooks, webhooks);
    this.queues.set(QueueName.Email, email);
    const missing = ALL_QUEUES.filter((name) => !this.queues.has(name));
    if (missing.length > 0) throw new Error(`JobService has no producer for queue(s) ${missing.join(', ')}`);
  }

  queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`unknown queue ${name}`);
    return queue;
  }

  /** Enqueues an item and waits until a worker has finished it (or failed for good). */
  async enqueueAndWait(item: JobItem, timeoutMs: number): Promise<unknown> {
    const spec = JOBS[item.name];
    const queue = this.queue(spec.queue);
    const job = await queue.add(item.name, withTraceContext(item.data), { ...spec.options, ...item.opts });
    return job.waitUntilFinished(await this.events(spec.queue), timeoutMs);
  }

  private async events(name: QueueName): Promise<QueueEvents> {
    let events = this.queueEvents.get(name);
    if (!events) {
      const queue = this.queue(name);
      events = new QueueEvents(name, { connection: queue.opts.connection, prefix: queue.opts.prefix });
      this.queueEvents.set(name, events);
      await events.waitUntilReady();
    }
    return events;
  }

  async onModuleDestroy(): Promise<void> {
    for (const events of this.queueEvents.values()) await events.close();
  }

  async enqueue(item: JobItem): Promise<void> {
    const spec = JOBS[item.name];
    await this.queue(spec.queue).add(item.name, withTraceContext(item.data), { ...spec.options, ...item.opts });
  }

  /** Enqueues many items, one round trip per queue. */
  async enqueueBulk(items: readonly JobItem[]): Promise<void> {
    for (const [queue, batch] of groupBy(items, (item) => JOBS[item.name].queue)) {
      await this.queue(queue).addBulk(batch.map((item) => ({ name: item.name, data: withTraceContext(item.data), opts: { ...JOBS[item.name].options, ...item.opts } })));
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
