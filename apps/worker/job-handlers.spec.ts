import type { DeliveriesService, FilesService, ReconcilerService, TickService } from '@duban/core';
import { ALL_JOBS, JobName, JOBS, QueueName } from '@duban/queue';
import { DeadlinesProcessor, EmailProcessor, EngineProcessor, WebhooksProcessor } from './engine.processor';
import { checkJobHandlers, JobHandlerSet } from './job-handlers';
import { WorkerModule } from './worker.module';

/*
 * A job with no handler would sit in Redis forever, and one with two would run twice:
 * the worker refuses to start in either case, and says which job is wrong.
 */
describe('checkJobHandlers', () => {
  const reconciler = { reconcile: async () => ({ steps: 0, armed: 0 }) } as unknown as ReconcilerService;
  const engine = new EngineProcessor({} as TickService, reconciler, {} as FilesService);
  const deadlines = new DeadlinesProcessor(reconciler);
  const deliveries = {} as DeliveriesService;
  const all = [engine, deadlines, new WebhooksProcessor(deliveries), new EmailProcessor(deliveries)];

  it('passes the real processors, which handle every job on the queue the registry routes it to', () => {
    expect(checkJobHandlers(all)).toEqual([]);
    for (const processor of all) for (const name of processor.handles) expect(JOBS[name].queue).toBe(processor.queue);
    expect(all.flatMap((p) => p.handles).sort()).toEqual([...ALL_JOBS].sort());
  });

  it('reports a job that nobody handles', () => {
    const idle: JobHandlerSet = { queue: QueueName.Engine, handles: [] };
    expect(checkJobHandlers([idle])).toContain(`job ${JobName.SchedulerTick} has no handler`);
    expect(checkJobHandlers([])).toEqual(ALL_JOBS.map((name) => `job ${name} has no handler`));
  });

  it('reports a job handled twice', () => {
    const copy: JobHandlerSet = { queue: QueueName.Engine, handles: [JobName.SchedulerTick] };
    const problems = checkJobHandlers([...all, copy]);
    expect(problems).toContain(`job ${JobName.SchedulerTick} has 2 handlers`);
    expect(problems.filter((p) => p.includes(JobName.SchedulerTick))).toHaveLength(1);
  });

  it('reports a job handled on a queue the registry does not route it to', () => {
    const misplaced: JobHandlerSet = { queue: 'notifications' as QueueName, handles: [JobName.SchedulerTick] };
    const problems = checkJobHandlers([misplaced]).filter((p) => p.includes('queue'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(JobName.SchedulerTick);
    expect(problems[0]).toContain(`belongs on queue ${QueueName.Engine}`);
    expect(problems[0]).toContain('notifications');
  });

  it('makes the worker refuse to start, naming the problem', async () => {
    await expect(new WorkerModule(all, reconciler).onApplicationBootstrap()).resolves.toBeUndefined();
    const incomplete = { queue: QueueName.Engine, handles: [] } as unknown as EngineProcessor;
    await expect(new WorkerModule([incomplete, ...all.slice(1)], reconciler).onApplicationBootstrap()).rejects.toThrow(`job ${JobName.SchedulerTick} has no handler`);
  });
});
