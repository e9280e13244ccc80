import { Cluster, Redis, RedisOptions } from 'ioredis';
import type { RedisConfig } from '@duban/config';

/** A connection to Duban's Redis: one server or a Sentinel set's primary (`Redis`), or a `Cluster`. */
export type RedisClient = Redis | Cluster;

/** What a caller may tune; the rest follows from REDIS_URL. */
export interface RedisClientOptions {
  /** null: retry a command until Redis answers (BullMQ requires it of its connections). */
  maxRetriesPerRequest?: number | null;
  /** false: fail a command at once while disconnected instead of queueing it. */
  enableOfflineQueue?: boolean;
  lazyConnect?: boolean;
  /** The name shown by CLIENT LIST. */
  connectionName?: string;
}

/**
 * The one place a Redis connection is made, for BullMQ, the sign-in counters, health checks,
 * tools and tests alike, so each of them follows REDIS_URL to a server, a Sentinel set or a
 * Cluster. The caller owns the client and closes it (`quit()`).
 */
export function createRedisClient(config: RedisConfig, options: RedisClientOptions = {}): RedisClient {
  const { maxRetriesPerRequest, enableOfflineQueue, lazyConnect, connectionName } = options;
  const node: RedisOptions = { username: config.username, password: config.password, connectionName };
  if (maxRetriesPerRequest !== undefined) node.maxRetriesPerRequest = maxRetriesPerRequest;
  const connecting = { ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}), ...(lazyConnect !== undefined ? { lazyConnect } : {}) };
  switch (config.mode) {
    case 'standalone':
      return new Redis({ ...node, ...connecting, host: config.host, port: config.port, db: config.db, tls: config.tls ? {} : undefined });
    case 'sentinel':
      return new Redis({
        ...node,
        ...connecting,
        sentinels: config.sentinels,
        name: config.name,
        db: config.db,
        sentinelPassword: config.sentinelPassword,
        // No failoverDetector: its subscriptions to the sentinels outlived quit() here and kept
        // a stopping process alive. A lost primary is followed by reconnecting through the sentinels.
      });
    case 'cluster':
      return new Cluster(config.nodes, { ...connecting, redisOptions: node });
  }
}

/** Every key matching `pattern`, on every primary of a Cluster or on the one server. */
export async function scanKeys(client: RedisClient, pattern: string): Promise<string[]> {
  const servers = client instanceof Cluster ? client.nodes('master') : [client];
  const keys: string[] = [];
  for (const server of servers) {
    let cursor = '0';
    do {
      const [next, batch] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
  }
  return keys;
}
