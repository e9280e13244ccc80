import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, LocalServer, localServer, until } from './local-servers';

/*
 * Throw-away Redis deployments for the suites that test Duban on more than one Redis node:
 * redis-server processes on free loopback ports, in a temporary directory, stopped and
 * removed by `stop()` (which also undoes a half-finished start).
 */

const run = promisify(execFile);

export type RedisServer = LocalServer;

interface Deployment {
  dir: string;
  servers: RedisServer[];
  stop(): Promise<void>;
}

/** One redis-cli command against a local port; its output, trimmed. */
export async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 30_000 });
  return stdout.trim();
}

async function deployment(name: string): Promise<Deployment & { start(port: number, args: string[]): Promise<RedisServer> }> {
  const dir = await mkdtemp(join(tmpdir(), `duban-${name}-`));
  const servers: RedisServer[] = [];
  const start = async (port: number, args: string[]): Promise<RedisServer> => {
    const child = spawn('redis-server', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    const server = localServer(port, child);
    servers.push(server);
    await until(`redis-server on ${port} answering`, 10_000, async () => {
      if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited: ${output}`);
      return (await redisCli(port, 'PING')) === 'PONG';
    });
    return server;
  };
  const stop = async () => {
    await Promise.all(servers.map((s) => s.kill()));
    await rm(dir, { recursive: true, force: true });
  };
  return { dir, servers, start, stop };
}

const DATA = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'];

export interface RedisCluster extends Deployment {
  /** REDIS_URL for it: redis-cluster://127.0.0.1:p1,… */
  url: string;
}

/** A Redis Cluster of `masters` primaries (no replicas), every slot assigned, state ok. */
export async function startRedisCluster(masters = 3): Promise<RedisCluster> {
  const d = await deployment('redis-cluster');
  try {
    const taken = new Set<number>();
    const ports: number[] = [];
    for (let i = 0; i < masters; i++) ports.push(await freePort(taken));
    await Promise.all(
      ports.map((port) =>
        d.start(port, ['--port', String(port), ...DATA, '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000']),
      ),
    );
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 60_000 });
    for (const port of ports) await until(`cluster state ok on ${port}`, 30_000, async () => (await redisCli(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'));
    return { ...d, url: `redis-cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}` };
  } catch (error) {
    await d.stop();
    throw error;
  }
}

export interface SentinelSet extends Deployment {
  /** The master name the sentinels watch. */
  name: string;
  primary: RedisServer;
  replica: RedisServer;
  sentinels: RedisServer[];
  /** REDIS_URL for it: redis+sentinel://127.0.0.1:s1,…/<name> */
  url: string;
  /** The port the sentinels now name as the primary. */
  primaryPort(): Promise<number>;
}

/**
 * A primary, a replica in sync with it, and three sentinels (quorum 2) that have found the
 * replica and each other, so that losing the primary is failed over within seconds.
 */
export async function startSentinelSet(name = 'duban'): Promise<SentinelSet> {
  const d = await deployment('redis-sentinel');
  try {
    const taken = new Set<number>();
    const primaryPort = await freePort(taken);
    const replicaPort = await freePort(taken);
    const sentinelPorts = [await freePort(taken), await freePort(taken), await freePort(taken)];
    const primary = await d.start(primaryPort, ['--port', String(primaryPort), ...DATA]);
    const replica = await d.start(replicaPort, ['--port', String(replicaPort), ...DATA, '--replicaof', '127.0.0.1', String(primaryPort)]);
    await until('the replica in sync', 20_000, async () => (await redisCli(replicaPort, 'INFO', 'replication')).includes('master_link_status:up'));
    const sentinels: RedisServer[] = [];
    for (const port of sentinelPorts) {
      // A sentinel rewrites its configuration file: each has its own, in the temporary directory.
      const file = join(d.dir, `sentinel-${port}.conf`);
      await writeFile(
        file,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${d.dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 2`,
          `sentinel down-after-milliseconds ${name} 1000`,
          `sentinel failover-timeout ${name} 10000`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      );
      sentinels.push(await d.start(port, [file, '--sentinel']));
    }
    const masterField = async (port: number, field: string) => {
      const lines = (await redisCli(port, 'SENTINEL', 'MASTER', name)).split('\n');
      return lines[lines.indexOf(field) + 1];
    };
    for (const port of sentinelPorts) {
      await until(
        `sentinel ${port} knowing the replica and the other sentinels`,
        30_000,
        async () => (await masterField(port, 'num-slaves')) === '1' && (await masterField(port, 'num-other-sentinels')) === '2',
      );
    }
    const currentPrimary = async () => Number((await redisCli(sentinelPorts[0], 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)).split('\n')[1]);
    return { ...d, name, primary, replica, sentinels, url: `redis+sentinel://${sentinelPorts.map((p) => `127.0.0.1:${p}`).join(',')}/${name}`, primaryPort: currentPrimary };
  } catch (error) {
    await d.stop();
    throw error;
  }
}
