import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/*
 * What the suites that start their own servers (Redis, MariaDB) on loopback ports share.
 */

/** Polls until `check` is truthy, or fails saying what did not happen. */
export async function until<T>(what: string, ms: number, check: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/**
 * A free port below 55536 whose +10000 is free too (a Redis Cluster node's bus port), outside
 * the ephemeral range so that no outgoing connection takes it meanwhile.
 */
export async function freePort(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.has(port) || taken.has(port + 10_000)) continue;
    if ((await listening(port)) && (await listening(port + 10_000))) {
      taken.add(port);
      taken.add(port + 10_000);
      return port;
    }
  }
  throw new Error('no free port pair found');
}

/** A server process this suite started. */
export interface LocalServer {
  port: number;
  child: ChildProcess;
  /** SIGKILL: the machine is gone, nothing is saved or handed over. */
  kill(): Promise<void>;
}

/** The started `child`, listening on `port`, as a server the suite can kill. */
export function localServer(port: number, child: ChildProcess): LocalServer {
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    port,
    child,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
