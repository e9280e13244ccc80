import type { TickService } from '@duban/core';
import { ALL_JOBS, JobName, JOBS, QueueName } from '@duban/queue';
import { EngineProcessor } from './engine.processor';
import { checkJobHandlers, JobHandlerSet } from './job-handlers';
import { WorkerModule } from './worker.module';

/*
 * A job with no handler would sit in Redis forever, and one with two would run twice:
 * the worker refuses to start in either case, and says which job is wrong.
 */
describe('checkJobHandlers', () => {
  const engine = new EngineProcessor({} as TickService);

  it('passes the real EngineProcessor, which handles every job on the queue the registry routes it to', () => {
    expect(checkJobHandlers([engine])).toEqual([]);
    for (const name of engine.handles) expect(JOBS[name].queue).toBe(engine.queue);
    expect([...engine.handles].sort()).toEqual([...ALL_JOBS].sort());
  });

  it('reports a job that nobody handles', () => {
    const idle: JobHandlerSet = { queue: QueueName.Engine, handles: [] };
    expect(checkJobHandlers([idle])).toContain(`job ${JobName.SchedulerTick} has no handler`);
    expect(checkJobHandlers([])).toEqual(ALL_JOBS.map((name) => `job ${name} has no handler`));
  });

  it('reports a job handled twice', () => {
    const copy: JobHandlerSet = { queue: QueueName.Engine, handles: [JobName.SchedulerTick] };
    const problems = checkJobHandlers([engine, copy]);
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

  it('makes the worker refuse to start, naming the problem', () => {
    expect(() => new WorkerModule(engine).onApplicationBootstrap()).not.toThrow();
    const incomplete = { queue: QueueName.Engine, handles: [] } as unknown as EngineProcessor;
    expect(() => new WorkerModule(incomplete).onApplicationBootstrap()).toThrow(`job ${JobName.SchedulerTick} has no handler`);
  });
});
