import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, LocalServer, localServer, until } from './local-servers';

/*
 * A throw-away MariaDB primary and replica for the suite that tests Duban's read replicas: two
 * mariadbd processes on free loopback ports, with their data in a temporary directory, the
 * replica following the primary's binary log by GTID from its first transaction. The machine's
 * shared MariaDB is never touched (it may run without a binary log). `stop()` kills both and
 * removes the directory, also after a half-finished start.
 */

const run = promisify(execFile);

export type MariaDbServer = LocalServer;

export interface ReplicatedPair {
  dir: string;
  primary: MariaDbServer;
  replica: MariaDbServer;
  /** The account the api reads the replica with: SELECT and SLAVE MONITOR only. */
  reader: { username: string; password: string };
  /** Waits until the replica has applied everything the primary has logged. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs statements through the mariadb client as root; the output, tab-separated, no headers. */
export async function mariadbCli(port: number, statements: string): Promise<string> {
  const { stdout } = await run('mariadb', ['--no-defaults', '-h', '127.0.0.1', '-P', String(port), '-u', 'root', '-N', '-B', '-e', statements], { timeout: 30_000 });
  return stdout.trim();
}

/** One variable of SHOW GLOBAL STATUS, e.g. Com_select. */
export async function globalStatus(port: number, name: string): Promise<number> {
  return Number((await mariadbCli(port, `SHOW GLOBAL STATUS LIKE '${name}'`)).split('\t')[1]);
}

const SERVER = ['--no-defaults', '--bind-address=127.0.0.1', '--skip-name-resolve', '--innodb-buffer-pool-size=32M', '--innodb-flush-log-at-trx-commit=2'];

export async function startReplicatedPair(): Promise<ReplicatedPair> {
  const dir = await mkdtemp(join(tmpdir(), 'duban-mariadb-'));
  const servers: MariaDbServer[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.kill()));
    await rm(dir, { recursive: true, force: true });
  };
  const user = userInfo().username;
  const start = async (name: string, port: number, args: string[]): Promise<MariaDbServer> => {
    const log = join(dir, `${name}.err`);
    const child = spawn(
      '/usr/sbin/mariadbd',
      [
        ...SERVER,
        `--datadir=${join(dir, name)}`,
        `--socket=${join(dir, `${name}.sock`)}`,
        `--pid-file=${join(dir, `${name}.pid`)}`,
        `--log-error=${log}`,
        `--port=${port}`,
        `--user=${user}`,
        ...args,
      ],
      { stdio: 'ignore' },
    );
    const server = localServer(port, child);
    servers.push(server);
    await until(`mariadbd ${name} on ${port} answering`, 30_000, async () => {
      if (child.exitCode !== null) throw new Error(`mariadbd ${name} exited: ${await readFile(log, 'utf8').catch(() => '')}`);
      return (await mariadbCli(port, 'SELECT 1')) === '1';
    });
    return server;
  };
  try {
    await run(
      'mariadb-install-db',
      ['--no-defaults', `--datadir=${join(dir, 'primary')}`, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve', `--user=${user}`],
      {
        timeout: 60_000,
      },
    );
    // The replica starts from the same system tables; everything after comes through replication.
    await cp(join(dir, 'primary'), join(dir, 'replica'), { recursive: true });
    const taken = new Set<number>();
    const [primaryPort, replicaPort] = [await freePort(taken), await freePort(taken)];
    const primary = await start('primary', primaryPort, ['--server-id=1', `--log-bin=${join(dir, 'primary', 'binlog')}`, '--binlog-format=ROW']);
    const replica = await start('replica', replicaPort, ['--server-id=2', '--read-only=1']);
    const reader = { username: 'duban_reader', password: 'reader-password' };
    // Made on the primary, so that it reaches the replica as every other change does.
    await mariadbCli(primaryPort, `CREATE USER '${reader.username}'@'%' IDENTIFIED BY '${reader.password}'; GRANT SELECT, SLAVE MONITOR ON *.* TO '${reader.username}'@'%'`);
    await mariadbCli(
      replicaPort,
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primaryPort}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1; START SLAVE`,
    );
    const caughtUp = async () => {
      await until('the replica caught up with the primary', 60_000, async () => {
        const [position, applied] = [await mariadbCli(primaryPort, 'SELECT @@gtid_binlog_pos'), await mariadbCli(replicaPort, 'SELECT @@gtid_slave_pos')];
        return position === applied;
      });
    };
    await caughtUp();
    return { dir, primary, replica, reader, caughtUp, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
