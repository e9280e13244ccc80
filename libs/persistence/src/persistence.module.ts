import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@duban/config';
import { AuditRepository } from './audit/audit.repository';
import { ChainsRepository } from './chains/chains.repository';
import { EvaluationsRepository } from './evaluations/evaluations.repository';
import { ImportsRepository } from './imports/imports.repository';
import { dataSourceOptions, ENTITIES } from './data-source';
import { StepRunsRepository } from './engine/step-runs.repository';
import { EventsRepository } from './events/events.repository';
import { NotificationsRepository } from './notifications/notifications.repository';
import { SupervisionRepository } from './supervision/supervision.repository';
import { UsersRepository } from './org/users.repository';
import { ProfilesRepository } from './profiles/profiles.repository';
import { ReferencesRepository } from './references.repository';
import { Transactions } from './transactions';
import { UnitsRepository } from './org/units.repository';
import { ListItemsRepository } from './lists/list-items.repository';
import { ProblemsRepository } from './problems/problems.repository';
import { MeetingsRepository } from './meetings/meetings.repository';
import { TasksRepository } from './tasks/tasks.repository';
import { FilesRepository } from './files/files.repository';
import { EngineRepository } from './engine/engine.repository';
import { EngineStateRepository } from './engine/engine-state.repository';
import { EscalationPoliciesRepository } from './escalation/escalation-policies.repository';
import { CalendarRepository } from './calendar/calendar.repository';
import { CadencesRepository } from './cadences/cadences.repository';
import { ObligationsRepository } from './obligations/obligations.repository';
import { ChannelsRepository } from './notifications/channels.repository';
import { DeliveriesRepository } from './notifications/deliveries.repository';
import { ReplicaReads } from './replicas/replica-reads';
import { IndicatorsRepository } from './indicators/indicators.repository';

const REPOSITORIES = [
  ReplicaReads,
  ProfilesRepository,
  ReferencesRepository,
  Transactions,
  AuditRepository,
  UsersRepository,
  ChainsRepository,
  EvaluationsRepository,
  EventsRepository,
  StepRunsRepository,
  NotificationsRepository,
  SupervisionRepository,
  ImportsRepository,
  UnitsRepository,
  ListItemsRepository,
  ProblemsRepository,
  MeetingsRepository,
  TasksRepository,
  FilesRepository,
  EngineRepository,
  EngineStateRepository,
  EscalationPoliciesRepository,
  CalendarRepository,
  CadencesRepository,
  ObligationsRepository,
  ChannelsRepository,
  DeliveriesRepository,
  IndicatorsRepository,
];

/** The MySQL connection and every repository. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.database), retryAttempts: 3, retryDelay: 1000 }),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: REPOSITORIES,
  exports: [TypeOrmModule, ...REPOSITORIES],
})
export class PersistenceModule {}
