import { WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { AppConfig, DubanConfigModule } from '@duban/config';
import { CoreModule, ReconcilerService } from '@duban/core';
import { PersistenceModule } from '@duban/persistence';
import { HealthModule, LoggingModule, MetricsModule, RoundTripHealthIndicator } from '@duban/platform';
import { JobService, QueueModule, redisCheck } from '@duban/queue';
import { DeadlinesProcessor, EmailProcessor, EngineProcessor, WebhooksProcessor } from './engine.processor';
import { checkJobHandlers, JobHandlerSet } from './job-handlers';

/** Every processor of this worker. */
const PROCESSORS = [EngineProcessor, DeadlinesProcessor, WebhooksProcessor, EmailProcessor];
export const JOB_HANDLER_SETS = Symbol('JOB_HANDLER_SETS');

@Module({
  providers: [...PROCESSORS, { provide: JOB_HANDLER_SETS, inject: PROCESSORS, useFactory: (...sets: JobHandlerSet[]) => sets }],
  exports: [...PROCESSORS, JOB_HANDLER_SETS],
})
export class ProcessorsModule {}

/** A worker: the only consumer of jobs. Run as many as the load needs. */
@Module({
  imports: [
    DubanConfigModule,
    LoggingModule.forProcess('worker'),
    MetricsModule.forProcess('worker', { behindToken: false }),
    PersistenceModule,
    QueueModule,
    CoreModule,
    ProcessorsModule,
    HealthModule.forProcess({
      imports: [ProcessorsModule],
      inject: [JobService, ...PROCESSORS],
      useFactory: (health: RoundTripHealthIndicator, jobs: JobService, ...processors: WorkerHost[]) => [
        redisCheck(health, jobs),
        async () =>
          health.condition(
            'consumers',
            processors.every((p) => p.worker?.isRunning() ?? false),
            'a queue is not being consumed',
          ),
      ],
    }),
  ],
})
export class WorkerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerModule.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(JOB_HANDLER_SETS) private readonly handlerSets: JobHandlerSet[],
    private readonly reconciler: ReconcilerService,
    @Optional() private readonly config?: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const problems = checkJobHandlers(this.handlerSets);
    if (problems.length > 0) throw new Error(`job handlers are incomplete:\n  - ${problems.join('\n  - ')}`);
    // Catch up on whatever came due while no worker ran.
    const { steps } = await this.reconciler.reconcile();
    this.logger.log(`started; ${steps} overdue step(s) run at start`);
    // Reconcile on a timer of its own too, so losing every Redis key (the tick's schedule
    // included) loses no deadline.
    if (this.config) {
      this.timer = setInterval(() => void this.reconciler.reconcile().catch((e: Error) => this.logger.warn(`reconcile failed: ${e.message}`)), this.config.queue.tickEveryMs);
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
