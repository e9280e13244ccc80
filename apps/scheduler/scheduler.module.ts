import { Module } from '@nestjs/common';
import { DubanConfigModule } from '@duban/config';
import { PersistenceModule } from '@duban/persistence';
import { HealthModule, LoggingModule, MetricsModule, RoundTripHealthIndicator } from '@duban/platform';
import { JobService, QueueModule, redisCheck } from '@duban/queue';
import { SchedulerMetricSources } from './metric-sources';
import { TickScheduleService } from './tick-schedule.service';

@Module({ providers: [TickScheduleService], exports: [TickScheduleService] })
export class SchedulesModule {}

/** The scheduler: the only owner of schedules. It produces jobs and consumes none. */
@Module({
  imports: [
    DubanConfigModule,
    LoggingModule.forProcess('scheduler'),
    MetricsModule.forProcess('scheduler', { behindToken: false }),
    PersistenceModule,
    QueueModule,
    SchedulesModule,
    HealthModule.forProcess({
      imports: [SchedulesModule],
      inject: [JobService, TickScheduleService],
      useFactory: (health: RoundTripHealthIndicator, jobs: JobService, ticks: TickScheduleService) => [
        redisCheck(health, jobs),
        async () => health.condition('tickSchedule', await ticks.isScheduled().catch(() => false), 'the tick job scheduler is missing'),
      ],
    }),
  ],
  providers: [SchedulerMetricSources],
})
export class SchedulerModule {}
