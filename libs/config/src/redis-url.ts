import ipaddr from 'ipaddr.js';
import { isHostname } from './hostnames';

/** One Redis server (or Sentinel) address. */
export interface RedisNode {
  host: string;
  port: number;
}

/**
 * Where Redis is, from REDIS_URL: one server (`redis://`, `rediss://`), a Sentinel set that
 * names the primary (`redis+sentinel://`), or a Cluster (`redis-cluster://`). Username and
 * password are those of the data nodes.
 */
export type RedisConfig =
  | { mode: 'standalone'; host: string; port: number; username?: string; password?: string; db: number; tls: boolean }
  | { mode: 'sentinel'; sentinels: RedisNode[]; name: string; username?: string; password?: string; sentinelPassword?: string; db: number }
  | { mode: 'cluster'; nodes: RedisNode[]; username?: string; password?: string };

export const REDIS_URL_FORMS =
  'REDIS_URL must look like redis://127.0.0.1:6379, redis+sentinel://host:26379,host:26379/<master name> or redis-cluster://host:6379,host:6379,host:6379';

/** What is wrong with a REDIS_URL, naming it (and never echoing its password); null if it is usable. */
export function redisUrlProblem(url: string): string | null {
  try {
    parseRedisUrl(url);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Reads REDIS_URL; throws an error whose message names REDIS_URL and what is wrong. */
export function parseRedisUrl(url: string): RedisConfig {
  if (/^rediss?:\/\//.test(url)) return parseStandalone(url);
  const multi = /^(redis\+sentinel|redis-cluster):\/\/(?:([^@/?#]*)@)?([^/?#]*)([^?#]*)(?:\?([^#]*))?$/.exec(url);
  if (!multi) throw new Error(REDIS_URL_FORMS);
  const [, scheme, userinfo, hosts, path, query] = multi;
  const auth = credentials(userinfo);
  const options = new URLSearchParams(query ?? '');
  if (scheme === 'redis-cluster') {
    if (path !== '' && path !== '/') throw new Error('REDIS_URL: a Redis Cluster has only database 0; remove the path after the hosts');
    for (const key of options.keys()) throw new Error(`REDIS_URL: a Redis Cluster URL takes no options (found "${key}")`);
    return { mode: 'cluster', nodes: nodes(hosts, 6379), ...auth };
  }
  const named = /^\/([^/]+)(?:\/(\d+))?\/?$/.exec(path);
  if (!named) throw new Error('REDIS_URL: a Sentinel URL names its master after the hosts, e.g. redis+sentinel://host:26379,host:26379/mymaster[/db]');
  let sentinelPassword: string | undefined;
  for (const [key, value] of options) {
    if (key !== 'sentinelPassword') throw new Error(`REDIS_URL: unknown option "${key}" (a Sentinel URL takes sentinelPassword)`);
    sentinelPassword = value;
  }
  return {
    mode: 'sentinel',
    sentinels: nodes(hosts, 26379),
    name: decode(named[1]),
    db: named[2] ? Number(named[2]) : 0,
    ...auth,
    ...(sentinelPassword ? { sentinelPassword } : {}),
  };
}

function parseStandalone(url: string): RedisConfig {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('REDIS_URL is not a valid URL: it must look like redis://[:password@]host:6379[/db]');
  }
  if (!u.hostname) throw new Error('REDIS_URL names no host: it must look like redis://[:password@]host:6379[/db]');
  const db = u.pathname.replace(/^\//, '');
  if (!/^\d*$/.test(db)) throw new Error('REDIS_URL: the path must be a database number, e.g. redis://127.0.0.1:6379/0');
  return {
    mode: 'standalone',
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decode(u.username) : undefined,
    password: u.password ? decode(u.password) : undefined,
    db: db ? Number(db) : 0,
    tls: u.protocol === 'rediss:',
  };
}

function credentials(userinfo: string | undefined): { username?: string; password?: string } {
  if (!userinfo) return {};
  const colon = userinfo.indexOf(':');
  const username = decode(colon < 0 ? userinfo : userinfo.slice(0, colon));
  const password = colon < 0 ? '' : decode(userinfo.slice(colon + 1));
  return { ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

function nodes(list: string, defaultPort: number): RedisNode[] {
  const entries = list.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => entry === '')) throw new Error('REDIS_URL: list the hosts as host:port,host:port (an entry is empty)');
  return entries.map((entry) => {
    const [, v6, name, port] = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(entry) ?? [];
    const host = v6 ?? name;
    const valid = v6 ? ipaddr.IPv6.isValid(v6) : host !== undefined && (ipaddr.IPv4.isValidFourPartDecimal(host) || isHostname(host));
    if (!valid) throw new Error(`REDIS_URL: "${entry}" is not a host[:port]`);
    const number = port ? Number(port) : defaultPort;
    if (number < 1 || number > 65535) throw new Error(`REDIS_URL: the port of "${entry}" is out of range`);
    return { host, port: number };
  });
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new Error('REDIS_URL: a part of it is not properly percent-encoded');
  }
}
