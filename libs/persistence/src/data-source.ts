import { DataSource, DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '@duban/config';
import official from 'chinese-days/dist/chinese-days.json';
import { officialOverrides } from '@duban/domain';
import { grantAppAccount } from './app-account';
import { CalendarDayEntity } from './calendar/calendar-day.entity';
import { CadenceEntity, OccurrenceEntity } from './cadences/cadence.entity';
import { ObligationEntity } from './obligations/obligation.entity';
import { NotificationEntity, SupervisionEntryEntity } from './supervision/supervision-entry.entity';
import { ChainEntity, ChainRoleEntity } from './chains/chain.entity';
import { EventEntity } from './entities/event.entity';
import { EngineStateEntity } from './engine/engine-state.entity';
import { EscalationPolicyEntity } from './escalation/escalation-policy.entity';
import { ProfileEntity } from './entities/misc.entity';
import { TaskCoUnitEntity, TaskEntity } from './entities/task.entity';
import { UnitEntity } from './org/unit.entity';
import { UserEntity } from './org/user.entity';
import { AuditEntryEntity } from './audit/audit-entry.entity';
import { MeetingChainEntity, MeetingEntity } from './meetings/meeting.entity';
import { EvaluationRunEntity } from './evaluations/evaluation-run.entity';
import { NoticeEntity } from './evaluations/notice.entity';
import { ProblemEntity } from './problems/problem.entity';
import { ListItemEntity } from './lists/list-item.entity';
import { Foundation1763700000000 } from './migrations/1763700000000-Foundation';
import { WorkCalendar1763800000000 } from './migrations/1763800000000-WorkCalendar';
import { DeadlineEngine1763900000000 } from './migrations/1763900000000-DeadlineEngine';
import { Reports1764000000000 } from './migrations/1764000000000-Reports';
import { Deliveries1764100000000 } from './migrations/1764100000000-Deliveries';
import { Mechanism1764200000000 } from './migrations/1764200000000-Mechanism';
import { Accounts1764300000000 } from './migrations/1764300000000-Accounts';
import { ProfileZone1764400000000 } from './migrations/1764400000000-ProfileZone';
import { Importer1764500000000 } from './migrations/1764500000000-Importer';
import { Files1764600000000 } from './migrations/1764600000000-Files';
import { ProblemClocks1764713710000 } from './migrations/1764713710000-ProblemClocks';
import { ConvenedMeetings1764720000000 } from './migrations/1764720000000-ConvenedMeetings';
import { Indicators1764730000000 } from './migrations/1764730000000-Indicators';
import { NotificationOnceKey1764740000000 } from './migrations/1764740000000-NotificationOnceKey';
import { TaskListOrder1764750000000 } from './migrations/1764750000000-TaskListOrder';
import { SupervisionTallies1764760000000 } from './migrations/1764760000000-SupervisionTallies';
import { TaskTallies1764770000000 } from './migrations/1764770000000-TaskTallies';

// Listed, not globbed: the same list works from ts-jest and from dist/.
export const ENTITIES = [
  UnitEntity,
  UserEntity,
  ChainEntity,
  ChainRoleEntity,
  TaskEntity,
  TaskCoUnitEntity,
  EventEntity,
  ProfileEntity,
  EscalationPolicyEntity,
  EngineStateEntity,
  CalendarDayEntity,
  CadenceEntity,
  OccurrenceEntity,
  ObligationEntity,
  SupervisionEntryEntity,
  NotificationEntity,
  MeetingEntity,
  MeetingChainEntity,
  EvaluationRunEntity,
  AuditEntryEntity,
  NoticeEntity,
  ProblemEntity,
  ListItemEntity,
];

export const MIGRATIONS = [
  Foundation1763700000000,
  WorkCalendar1763800000000,
  DeadlineEngine1763900000000,
  Reports1764000000000,
  Deliveries1764100000000,
  Mechanism1764200000000,
  Accounts1764300000000,
  ProfileZone1764400000000,
  Importer1764500000000,
  Files1764600000000,
  ProblemClocks1764713710000,
  ConvenedMeetings1764720000000,
  Indicators1764730000000,
  NotificationOnceKey1764740000000,
  TaskListOrder1764750000000,
  SupervisionTallies1764760000000,
  TaskTallies1764770000000,
];

export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  return {
    type: 'mysql',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    charset: 'utf8mb4_unicode_520_ci',
    // Store and read every DATETIME as UTC, whatever the server's zone.
    timezone: 'Z',
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    extra: { connectionLimit: 20 },
  };
}

/**
 * Creates the database if it does not exist yet (utf8mb4), then applies pending migrations on
 * the owner's account (`db`); with `appAccount`, then (re)grants the account the processes run as.
 */
export async function migrateDatabase(db: DatabaseConfig, log: (line: string) => void = () => undefined, appAccount: DatabaseConfig | null = null): Promise<string[]> {
  const { database: _database, ...server } = dataSourceOptions(db) as DataSourceOptions & { database?: string };
  const admin = new DataSource({ ...server, entities: [], migrations: [] } as DataSourceOptions);
  await admin.initialize();
  try {
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${db.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci`);
  } finally {
    await admin.destroy();
  }
  const ds = new DataSource(dataSourceOptions(db));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    for (const m of applied) log(`migration applied: ${m.name}`);
    const added = await syncOfficialCalendar(ds);
    if (added > 0) log(`work calendar: ${added} official days added`);
    if (appAccount) await grantAppAccount(ds, appAccount, log);
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/**
 * Adds the official holidays and makeup workdays the installed chinese-days package knows
 * and the table does not. Dates already present (an administrator's edit) are kept.
 */
export async function syncOfficialCalendar(ds: DataSource): Promise<number> {
  const rows = [...officialOverrides(official)].map(([date, day]) => [date, day.workday ? 1 : 0, day.name ?? null, 'OFFICIAL']);
  const result = await ds.query('INSERT IGNORE INTO calendar_days (date, workday, name, source) VALUES ?', [rows]);
  return Number(result.affectedRows ?? 0);
}
