import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { DubanConfigModule } from '@duban/config';
import { AuthService, CoreModule } from '@duban/core';
import { PersistenceModule } from '@duban/persistence';
import { ErrorShapeFilter, HealthModule, LoggingModule } from '@duban/platform';
import { QueueModule, redisHealth } from '@duban/queue';
import { ClockController } from './admin/clock.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { CadencesController } from './cadences/cadences.controller';
import { CalendarController } from './calendar/calendar.controller';
import { ChainsController } from './chains/chains.controller';
import { ChannelsController } from './engine/channels.controller';
import { NotificationsController, ObligationsController, SupervisionController } from './engine/engine.controller';
import { EscalationPoliciesController } from './escalation/escalation-policies.controller';
import { EvaluationsController, ListItemsController, MeetingsController, ProblemsController } from './mechanism/mechanism.controller';
import { OrgController } from './org/org.controller';
import { TasksController } from './tasks/tasks.controller';
import { ImportsController } from './imports/imports.controller';
import { FilesController } from './files/files.controller';

/** The HTTP api: enqueues, never consumes jobs. */
@Module({
  imports: [DubanConfigModule, LoggingModule.forProcess('api'), PersistenceModule, QueueModule, CoreModule, HealthModule.forProcess(redisHealth)],
  controllers: [AuthController, AuditController, DashboardController, OrgController, ChainsController, TasksController, CalendarController, EscalationPoliciesController, CadencesController, ObligationsController, SupervisionController, NotificationsController, ClockController, ChannelsController, ListItemsController, ProblemsController, MeetingsController, EvaluationsController, ImportsController, FilesController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ErrorShapeFilter },
  ],
})
export class ApiModule implements OnApplicationBootstrap {
  constructor(private readonly auth: AuthService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.auth.ensureAdmin();
  }
}
