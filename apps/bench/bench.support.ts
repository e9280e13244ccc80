import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '@duban/config';
import { dataSourceOptions } from '@duban/persistence';

export const ROOT = resolve(__dirname, '..', '..', '..');

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await check()) return performance.now() - start;
    if (performance.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Child {
  process: ChildProcess;
  port: number;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

const running = new Set<Child>();

/** Stops every process the bench started (also after a failure, so none is left behind). */
export async function stopAll(): Promise<void> {
  for (const child of [...running]) await child.stop();
}

/** The built scripts the bench starts: Duban's processes and the api's floor. */
const SCRIPTS = {
  api: join('apps', 'api', 'main.js'),
  scheduler: join('apps', 'scheduler', 'main.js'),
  worker: join('apps', 'worker', 'main.js'),
  'api-floor': join('apps', 'bench', 'api-floor.js'),
};

/** Starts a built process (api, scheduler, worker, or the api's floor) with the bench's environment. */
export async function startProcess(app: keyof typeof SCRIPTS, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', SCRIPTS[app])], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), SCHEDULER_PORT: String(port), WORKER_PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await until(
    async () => {
      if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}`);
      try {
        return (await fetch(`http://127.0.0.1:${port}/health`)).ok;
      } catch {
        return false;
      }
    },
    60_000,
    100,
  );
  const handle: Child = {
    process: child,
    port,
    peakRssMb: () => {
      try {
        const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kb ? Math.round(Number(kb) / 1024) : NaN;
      } catch {
        return NaN;
      }
    },
    stop: async () => {
      running.delete(handle);
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
    },
  };
  running.add(handle);
  return handle;
}

/** CPU time (user + system) a child has used so far, in ms (Linux /proc; clock ticks of 10 ms). */
export function cpuMs(child: Child): number {
  return processCpuMs(child.process.pid!);
}

function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // After the command: state is field 3, utime 14 and stime 15 (1-based), so indexes 11 and 12 here.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The CPU time used so far by the database server, when it runs on this machine (a process named
 * mariadbd or mysqld), or null. Steadier than elapsed time when other work shares the cores.
 */
export function databaseCpuMs(): number | null {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (['mariadbd', 'mysqld'].includes(readFileSync(`/proc/${pid}/comm`, 'utf8').trim())) return processCpuMs(Number(pid));
    } catch {
      // The process ended while we looked.
    }
  }
  return null;
}

export async function connect(config: AppConfig): Promise<DataSource> {
  const ds = new DataSource({ ...dataSourceOptions(config.database), entities: [], migrations: [], extra: { connectionLimit: 40 } });
  await ds.initialize();
  return ds;
}
