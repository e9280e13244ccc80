import ipaddr from 'ipaddr.js';
import { replicaStickyFloorMs } from './database-replicas';
import { allowEntryKind, EnvironmentVariables, listEntries } from './env.validation';
import { parseRedisUrl, RedisConfig } from './redis-url';

export interface DatabaseConfig {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
}

/** Read replicas of the primary (DATABASE_REPLICA_*); `urls` empty: every read on the primary. */
export interface ReplicasConfig {
  urls: DatabaseConfig[];
  /** A replica further behind than this is not read from. */
  maxLagSeconds: number;
  /** How often each api process checks its replicas. */
  checkEveryMs: number;
  /** How long a user's reads stay on the primary after a change of theirs. */
  stickyMs: number;
}

/** Outbound webhook and robot deliveries. */
export interface WebhooksConfig {
  /** Hostnames (lower case, no trailing dot) whose addresses need not be public. */
  allowHosts: string[];
  /** CIDR networks whose addresses need not be public; single addresses as /32 or /128. */
  allowNetworks: string[];
  /** Extra PEM CA certificates, besides the built-in roots. */
  caFile: string | null;
}

/** Where evidence files (见证材料) are stored, and how large one may be. */
export interface FilesConfig {
  maxBytes: number;
  /** Local directory of the disk store (used when `s3` is null). */
  dir: string;
  /** S3-compatible object storage; null: local disk. */
  s3: { endpoint: string | null; bucket: string; accessKeyId: string; secretAccessKey: string; region: string } | null;
}

/** Typed, validated configuration, injected wherever settings are needed. */
export class AppConfig {
  readonly database: DatabaseConfig;
  /** The app's own account, which `migrate` grants (DATABASE_APP_URL); null: none to manage. */
  readonly databaseApp: DatabaseConfig | null;
  readonly replicas: ReplicasConfig;
  readonly redis: RedisConfig;
  /** NODE_ENV=production. */
  readonly production: boolean;
  /** Whether the api serves its OpenAPI docs (/api/docs, /api/docs-json, /api/docs-yaml). */
  readonly apiDocs: boolean;
  readonly http: { apiPort: number; schedulerPort: number; workerPort: number; apiProcesses: number };
  readonly auth: { jwtSecret: string; jwtTtlSeconds: number; adminPassword: string };
  /**
   * `prefix` is the prefix of every BullMQ key: QUEUE_PREFIX, wrapped in a hash tag (`{duban}`)
   * on a Redis Cluster unless it holds one already, so that each queue's keys share a slot.
   */
  readonly queue: { prefix: string; tickEveryMs: number; sweepLanes: number };
  readonly tasks: { dueSoonWindowMs: number };
  readonly clock: { timeTravel: boolean; start: Date | null };
  /** DUBAN_DEMO=1: `seed` adds the demo accounts and history (never in production). */
  readonly demo: boolean;
  readonly smtp: { url: string | null; from: string };
  readonly webhooks: WebhooksConfig;
  readonly logLevel: string;
  /** Pretty lines for a terminal, or JSON. */
  readonly logPretty: boolean;
  /** The token the api's /metrics requires; null: the api serves none. */
  readonly metricsToken: string | null;
  readonly login: { maxFailuresPerUsername: number; maxFailuresPerAddress: number; windowSeconds: number; hashConcurrency: number };
  readonly files: FilesConfig;
  /** Express `trust proxy`: which proxies may name the client's address. */
  readonly trustProxy: string | number | false;

  constructor(env: EnvironmentVariables) {
    this.database = parseDatabaseUrl(env.DATABASE_URL);
    this.databaseApp = env.DATABASE_APP_URL ? parseDatabaseUrl(env.DATABASE_APP_URL) : null;
    this.replicas = {
      urls: listEntries(env.DATABASE_REPLICA_URLS).map(parseDatabaseUrl),
      maxLagSeconds: env.DATABASE_REPLICA_MAX_LAG_S,
      checkEveryMs: env.DATABASE_REPLICA_CHECK_MS,
      stickyMs: env.DATABASE_REPLICA_STICKY_MS ?? replicaStickyFloorMs(env.DATABASE_REPLICA_MAX_LAG_S, env.DATABASE_REPLICA_CHECK_MS),
    };
    this.redis = parseRedisUrl(env.REDIS_URL);
    this.production = env.NODE_ENV === 'production';
    this.apiDocs = env.DUBAN_API_DOCS === undefined ? !this.production : env.DUBAN_API_DOCS === '1';
    this.http = { apiPort: env.PORT, schedulerPort: env.SCHEDULER_PORT, workerPort: env.WORKER_PORT, apiProcesses: env.API_PROCESSES };
    this.auth = { jwtSecret: env.JWT_SECRET, jwtTtlSeconds: env.JWT_TTL_SECONDS, adminPassword: env.DUBAN_ADMIN_PASSWORD };
    this.queue = { prefix: queuePrefix(env.QUEUE_PREFIX, this.redis), tickEveryMs: env.DUBAN_TICK_MS, sweepLanes: env.DUBAN_SWEEP_LANES };
    this.tasks = { dueSoonWindowMs: env.DUBAN_DUE_SOON_DAYS * 86_400_000 };
    this.clock = { timeTravel: env.DUBAN_TIME_TRAVEL === '1', start: env.DUBAN_CLOCK_START ? new Date(env.DUBAN_CLOCK_START) : null };
    this.demo = env.DUBAN_DEMO === '1';
    this.smtp = { url: env.SMTP_URL ?? null, from: env.SMTP_FROM };
    this.webhooks = parseWebhooks(env.DUBAN_WEBHOOK_ALLOW, env.DUBAN_WEBHOOK_CA_FILE);
    this.logLevel = env.LOG_LEVEL;
    this.logPretty = env.LOG_FORMAT ? env.LOG_FORMAT === 'pretty' : process.stdout.isTTY === true;
    this.metricsToken = env.DUBAN_METRICS_TOKEN ?? null;
    this.login = {
      maxFailuresPerUsername: env.DUBAN_LOGIN_MAX_FAILURES,
      maxFailuresPerAddress: env.DUBAN_LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: env.DUBAN_LOGIN_WINDOW_SECONDS,
      hashConcurrency: env.DUBAN_HASH_CONCURRENCY,
    };
    this.files = {
      maxBytes: env.DUBAN_FILES_MAX_BYTES,
      dir: env.DUBAN_FILES_DIR,
      s3: env.DUBAN_FILES_S3_BUCKET
        ? {
            endpoint: env.DUBAN_FILES_S3_ENDPOINT ?? null,
            bucket: env.DUBAN_FILES_S3_BUCKET,
            accessKeyId: env.DUBAN_FILES_S3_ACCESS_KEY_ID!,
            secretAccessKey: env.DUBAN_FILES_S3_SECRET_ACCESS_KEY!,
            region: env.DUBAN_FILES_S3_REGION,
          }
        : null,
    };
    const trust = env.DUBAN_TRUST_PROXY?.trim();
    // A number counts hops; anything else is a list of names and networks (proxy-addr's, as Fastify reads it).
    this.trustProxy = !trust ? false : /^\d+$/.test(trust) ? Number(trust) : trust;
  }
}

function parseWebhooks(allow: string | undefined, caFile: string | undefined): WebhooksConfig {
  const config: WebhooksConfig = { allowHosts: [], allowNetworks: [], caFile: caFile ?? null };
  for (const entry of listEntries(allow)) {
    const kind = allowEntryKind(entry);
    if (kind === 'host') config.allowHosts.push(entry.toLowerCase().replace(/\.$/, ''));
    else if (kind === 'network') config.allowNetworks.push(entry);
    else if (kind === 'address') config.allowNetworks.push(`${entry}/${ipaddr.parse(entry).kind() === 'ipv4' ? 32 : 128}`);
  }
  return config;
}

/**
 * BullMQ's scripts touch several keys of a queue at once, which a Redis Cluster allows only
 * within one hash slot; Redis hashes a key by its first non-empty `{…}`. A standalone or
 * Sentinel deployment keeps QUEUE_PREFIX as given, so existing keys stay where they are.
 */
export function queuePrefix(prefix: string, redis: RedisConfig): string {
  return redis.mode === 'cluster' && !hasHashTag(prefix) ? `{${prefix}}` : prefix;
}

/** Whether a key (or a prefix of keys) carries a Redis Cluster hash tag. */
export function hasHashTag(key: string): boolean {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1;
}

export function parseDatabaseUrl(url: string): DatabaseConfig {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    username: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
  };
}
