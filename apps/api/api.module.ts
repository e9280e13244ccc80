import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { DubanConfigModule } from '@duban/config';
import { AuthService, CoreModule } from '@duban/core';
import { PersistenceModule, ReplicaReads } from '@duban/persistence';
import { ErrorShapeFilter, HealthModule, LoggingModule, Metrics, MetricsModule } from '@duban/platform';
import { QueueModule, redisHealth } from '@duban/queue';
import { DashboardController } from './dashboard/dashboard.controller';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { CadencesController } from './cadences/cadences.controller';
import { CalendarController } from './calendar/calendar.controller';
import { ChainsController } from './chains/chains.controller';
import { ClockController } from './engine/clock.controller';
import { QueueDashboardController } from './engine/queue-dashboard.controller';
import { EscalationPoliciesController } from './escalation/escalation-policies.controller';
import { EvaluationsController } from './evaluations/evaluations.controller';
import { ListItemsController } from './lists/list-items.controller';
import { MeetingsController } from './meetings/meetings.controller';
import { ChannelsController } from './notifications/channels.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { ObligationsController } from './obligations/obligations.controller';
import { IndicatorsController } from './indicators/indicators.controller';
import { UnitsController } from './org/units.controller';
import { UsersController } from './org/users.controller';
import { ProblemsController } from './problems/problems.controller';
import { SupervisionController } from './supervision/supervision.controller';
import { TasksController } from './tasks/tasks.controller';
import { ImportsController } from './imports/imports.controller';
import { FilesController } from './files/files.controller';
import { RecentWriters, ReplicaRoutingInterceptor } from './common/replica-routing';

/** The HTTP api: enqueues, never consumes jobs. */
@Module({
  imports: [
    DubanConfigModule,
    LoggingModule.forProcess('api'),
    MetricsModule.forProcess('api', { behindToken: true }),
    PersistenceModule,
    QueueModule,
    CoreModule,
    HealthModule.forProcess(redisHealth),
  ],
  controllers: [
    AuthController,
    AuditController,
    DashboardController,
    UnitsController,
    UsersController,
    ChainsController,
    TasksController,
    CalendarController,
    EscalationPoliciesController,
    CadencesController,
    ObligationsController,
    IndicatorsController,
    SupervisionController,
    NotificationsController,
    ClockController,
    QueueDashboardController,
    ChannelsController,
    ListItemsController,
    ProblemsController,
    MeetingsController,
    EvaluationsController,
    ImportsController,
    FilesController,
  ],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }, { provide: APP_FILTER, useClass: ErrorShapeFilter }, RecentWriters, ReplicaRoutingInterceptor],
})
export class ApiModule implements OnApplicationBootstrap {
  constructor(
    private readonly auth: AuthService,
    private readonly replicas: ReplicaReads,
    private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.auth.ensureAdmin();
    // Only the api reads from replicas (DATABASE_REPLICA_URLS); the other processes open no connection to one.
    await this.replicas.start();
    this.metrics.provide({ replicas: () => this.replicas.status() });
  }
}
