import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { DubanConfigModule } from '@duban/config';
import { CoreModule } from '@duban/core';
import { PersistenceModule } from '@duban/persistence';
import { HealthModule, LoggingModule, RoundTripHealthIndicator } from '@duban/platform';
import { JobService, QueueModule, redisCheck } from '@duban/queue';
import { EngineProcessor } from './engine.processor';
import { checkJobHandlers } from './job-handlers';

/** Every processor of this worker. */
@Module({ providers: [EngineProcessor], exports: [EngineProcessor] })
export class ProcessorsModule {}

/** A worker: the only consumer of jobs. Run as many as the load needs. */
@Module({
  imports: [
    DubanConfigModule,
    LoggingModule.forProcess('worker'),
    PersistenceModule,
    QueueModule,
    CoreModule,
    ProcessorsModule,
    HealthModule.forProcess({
      imports: [ProcessorsModule],
      inject: [JobService, EngineProcessor],
      useFactory: (health: RoundTripHealthIndicator, jobs: JobService, engine: EngineProcessor) => [
        redisCheck(health, jobs),
        async () => health.condition('consumers', engine.worker?.isRunning() ?? false, 'the engine queue is not being consumed'),
      ],
    }),
  ],
})
export class WorkerModule implements OnApplicationBootstrap {
  constructor(private readonly engine: EngineProcessor) {}

  onApplicationBootstrap(): void {
    const problems = checkJobHandlers([this.engine]);
    if (problems.length > 0) throw new Error(`job handlers are incomplete:\n  - ${problems.join('\n  - ')}`);
  }
}
