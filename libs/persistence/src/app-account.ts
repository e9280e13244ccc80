import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '@duban/config';

/**
 * History the running app may add to but never rewrite: the event log, published notices, the
 * audit log and the record of file uploads and downloads. Their triggers refuse updates and deletes too; the grants make a compromised
 * app process unable even to try.
 */
export const APPEND_ONLY_TABLES: readonly string[] = ['events', 'notices', 'audit_log', 'file_access'];

/** The bookkeeping of migrations: the app reads it, only the owner writes it. */
const READ_ONLY_TABLES: readonly string[] = ['migrations'];

/**
 * Creates the account the api, scheduler and workers run as (if it does not exist) and grants
 * it rows, not schema: SELECT, INSERT, UPDATE, DELETE on every table, SELECT and INSERT only on
 * the append-only ones; no ALTER, DROP, CREATE or TRIGGER. Run by `migrate` on the owner's
 * connection after the migrations, so tables a migration adds are granted too.
 */
export async function grantAppAccount(owner: DataSource, app: DatabaseConfig, log: (line: string) => void = () => undefined): Promise<void> {
  const database = String(owner.options.database);
  if (app.database !== database) throw new Error(`DATABASE_APP_URL names database ${app.database}, but migrations ran on ${database}`);
  const account = `${quote(app.username)}@'%'`;
  await owner.query(`CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY ${quote(app.password)}`);
  const tables: { name: string }[] = await owner.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name`,
    [database],
  );
  for (const { name } of tables) {
    const privileges = APPEND_ONLY_TABLES.includes(name) ? 'SELECT, INSERT' : READ_ONLY_TABLES.includes(name) ? 'SELECT' : 'SELECT, INSERT, UPDATE, DELETE';
    await owner.query(`GRANT ${privileges} ON \`${database}\`.\`${name}\` TO ${account}`);
  }
  log(`app account ${app.username}: rows of ${tables.length} tables, append-only ${APPEND_ONLY_TABLES.join(', ')}`);
}

/** A string literal for account names and passwords (which GRANT cannot take as parameters). */
function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
