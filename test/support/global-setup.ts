import './aliases';
import { loadAppConfig } from '../../libs/config/src/config.module';
import { migrateDatabase } from '../../libs/persistence/src/data-source';
import { testEnvironment } from './run';

/**
 * One fresh database and queue prefix per test run, migrated before any test starts.
 * The services must already answer (`.ci/run` starts them). Test files inherit the
 * environment set here.
 */
export default async function globalSetup(): Promise<void> {
  Object.assign(process.env, testEnvironment(`${Date.now().toString(36)}${process.pid.toString(36)}`));
  await migrateDatabase(loadAppConfig('/nonexistent/.env').database);
}
