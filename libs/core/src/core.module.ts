import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { Clock, SystemClock } from '@duban/domain';
import { EngineStateRepository, Transactions } from '@duban/persistence';
import { VirtualClock } from './engine/virtual-clock';
import { AuthModule } from './auth/auth.module';
import { CadencesService } from './cadences/cadences.service';
import { OptionalJobs } from './common/optional-jobs';
import { CalendarService } from './calendar/calendar.service';
import { ChainsService } from './chains/chains.service';
import { EscalationPoliciesService } from './escalation/escalation-policies.service';
import { DeadlineTriggerService } from './engine/deadline-trigger.service';
import { EngineHooks } from './engine/engine-hooks';
import { MaterialiserService } from './engine/materialiser.service';
import { ReconcilerService } from './engine/reconciler.service';
import { SchedulingService } from './engine/scheduling.service';
import { StepRunnerService } from './engine/step-runner.service';
import { StepsViewService } from './engine/steps-view.service';
import { TalliesService } from './engine/tallies.service';
import { TickService } from './engine/tick.service';
import { DeliveriesService } from './notifications/deliveries.service';
import { HostResolver, WebhookClient } from './notifications/webhook-client.service';
import { EvaluationsService } from './evaluations/evaluations.service';
import { ListItemsService } from './lists/list-items.service';
import { MeetingsService } from './meetings/meetings.service';
import { NotificationsService } from './notifications/notifications.service';
import { ProblemsService } from './problems/problems.service';
import { ObligationsService } from './obligations/obligations.service';
import { IndicatorsService } from './indicators/indicators.service';
import { SupervisionActionsService } from './supervision/supervision-actions.service';
import { SupervisionService } from './supervision/supervision.service';
import { UnitsService } from './org/units.service';
import { UsersService } from './org/users.service';
import { ProfileLoaderService } from './profiles/profile-loader.service';
import { TasksService } from './tasks/tasks.service';
import { SummaryService } from './dashboard/summary.service';
import { ZoneService } from './profiles/zone.service';
import { ImportsService } from './imports/imports.service';
import { BlobStore } from './files/blob-store';
import { DiskBlobStore } from './files/disk-blob-store';
import { FilesService } from './files/files.service';
import { S3BlobStore } from './files/s3-blob-store';

/**
 * A clock a process brings of its own, provided globally under this token: the seed's demo
 * steps one through its history. Without it the configuration chooses (virtual or system).
 */
export const PROCESS_CLOCK = Symbol('PROCESS_CLOCK');

/** The services the core provides and exports to the processes. */
const SERVICES = [
  FilesService,
  UnitsService,
  UsersService,
  ChainsService,
  TasksService,
  ProfileLoaderService,
  TickService,
  CalendarService,
  EscalationPoliciesService,
  CadencesService,
  StepRunnerService,
  StepsViewService,
  SchedulingService,
  DeadlineTriggerService,
  EngineHooks,
  MaterialiserService,
  ReconcilerService,
  ObligationsService,
  IndicatorsService,
  SupervisionService,
  TalliesService,
  SupervisionActionsService,
  NotificationsService,
  DeliveriesService,
  HostResolver,
  ListItemsService,
  ProblemsService,
  MeetingsService,
  EvaluationsService,
  SummaryService,
  ZoneService,
  ImportsService,
];

/** The bounded contexts' services, shared by every process. */
@Global()
@Module({
  imports: [AuthModule],
  providers: [
    OptionalJobs,
    {
      provide: Clock,
      inject: [AppConfig, EngineStateRepository, Transactions, { token: PROCESS_CLOCK, optional: true }],
      useFactory: async (config: AppConfig, state: EngineStateRepository, transactions: Transactions, own?: Clock): Promise<Clock> => {
        if (own) return own;
        if (!config.clock.timeTravel) return new SystemClock();
        const clock = new VirtualClock(state, transactions);
        await clock.init(config.clock.start);
        return clock;
      },
    },
    {
      provide: BlobStore,
      inject: [AppConfig],
      useFactory: (config: AppConfig): BlobStore => (config.files.s3 ? new S3BlobStore(config.files.s3) : new DiskBlobStore(config.files.dir)),
    },
    ...SERVICES,
    // Used by DeliveriesService only; not exported.
    WebhookClient,
  ],
  exports: [Clock, AuthModule, BlobStore, ...SERVICES],
})
export class CoreModule {}
