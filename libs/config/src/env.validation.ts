import { readFileSync } from 'node:fs';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync, ValidateBy } from 'class-validator';
import ipaddr from 'ipaddr.js';
import { MYSQL_URL, replicaUrlsProblem, replicaStickyFloorMs } from './database-replicas';
import { isHostname } from './hostnames';
import { listEntries } from './list-entries';
import { REDIS_URL_FORMS, redisUrlProblem } from './redis-url';
import { isShippedSecret } from './shipped-secrets';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

export { listEntries } from './list-entries';

/** An entry of DUBAN_WEBHOOK_ALLOW: an IP address, a CIDR network, or a hostname. */
export function allowEntryKind(entry: string): 'address' | 'network' | 'host' | null {
  // Only dotted-quad IPv4 here: an administrator's list should read as it matches.
  if (ipaddr.IPv4.isValidFourPartDecimal(entry) || ipaddr.IPv6.isValid(entry)) return 'address';
  if (entry.includes('/')) return ipaddr.IPv4.isValidCIDRFourPartDecimal(entry) || ipaddr.IPv6.isValidCIDR(entry) ? 'network' : null;
  return isHostname(entry) ? 'host' : null;
}

function readablePem(path: string): boolean {
  try {
    return readFileSync(path, 'utf8').includes('-----BEGIN CERTIFICATE-----');
  } catch {
    return false;
  }
}

/**
 * Every environment variable Duban reads. Nothing outside this library reads `process.env`.
 */
export class EnvironmentVariables {
  /** `production` refuses shipped secrets and short keys and turns the OpenAPI docs off. */
  @IsOptional()
  @IsIn(['development', 'production', 'test'], { message: 'NODE_ENV must be development, production or test' })
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** mysql://user:pass@host:port/db — the source of truth. */
  @Matches(MYSQL_URL, { message: 'DATABASE_URL must look like mysql://user:pass@host:3306/duban' })
  DATABASE_URL: string;

  /**
   * The account the api, scheduler and workers use (rows only, no schema), when DATABASE_URL is
   * the owner's: `migrate` creates it if needed and grants it. Same database as DATABASE_URL.
   */
  @IsOptional()
  @Matches(MYSQL_URL, { message: 'DATABASE_APP_URL must look like mysql://duban_app:pass@host:3306/duban' })
  DATABASE_APP_URL?: string;

  /**
   * Read replicas of DATABASE_URL's database, comma-separated mysql:// URLs (an account with
   * SELECT and the right to see the replication status). The api serves list and report reads
   * of callers who wrote nothing lately from a caught-up replica; everything else stays on the
   * primary. Empty: every statement goes to the primary.
   */
  @IsOptional()
  @ValidateBy(
    { name: 'replicaUrls', validator: { validate: (value: unknown) => typeof value === 'string' && replicaUrlsProblem(value) === null } },
    { message: ({ value }) => (typeof value === 'string' && replicaUrlsProblem(value)) || 'DATABASE_REPLICA_URLS must be a comma-separated list of mysql:// URLs' },
  )
  DATABASE_REPLICA_URLS?: string;

  /** A replica further behind the primary than this (Seconds_Behind_Master), or not replicating, is not read from. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  DATABASE_REPLICA_MAX_LAG_S: number = 5;

  /** How often each api process checks its replicas' replication status, in ms. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  DATABASE_REPLICA_CHECK_MS: number = 1000;

  /**
   * How long a user's reads stay on the primary after they changed something, in ms (so that
   * they read their own write). At least DATABASE_REPLICA_MAX_LAG_S × 1000 + 2 × DATABASE_REPLICA_CHECK_MS,
   * which is the default: a replica still in use may be that far behind.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DATABASE_REPLICA_STICKY_MS?: number;

  /**
   * BullMQ's store and the sign-in counters, in one of three forms:
   * - one server: `redis://[[user]:pass@]host[:6379][/db]` (`rediss://` for TLS);
   * - Sentinel: `redis+sentinel://[[user]:pass@]host[:26379],host[:26379]/<master name>[/db][?sentinelPassword=…]`;
   * - Cluster: `redis-cluster://[[user]:pass@]host[:6379],host[:6379],…` (QUEUE_PREFIX is then hash-tagged).
   */
  @ValidateBy(
    { name: 'redisUrl', validator: { validate: (value: unknown) => typeof value === 'string' && redisUrlProblem(value) === null } },
    { message: ({ value }) => (typeof value === 'string' && redisUrlProblem(value)) || REDIS_URL_FORMS },
  )
  REDIS_URL: string;

  /** HTTP port of the api. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** Api processes sharing the port (node:cluster); one per free core. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  API_PROCESSES: number = 1;

  /** HTTP port of the scheduler's /health (0 picks a free port). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  SCHEDULER_PORT: number = 3001;

  /** HTTP port of a worker's /health (0 picks a free port). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_PORT: number = 3002;

  /** HMAC secret for access tokens: at least 32 characters in production, never a shipped value. */
  @IsString()
  @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET: string;

  /** Lifetime of an access token, in seconds. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(30 * 86400)
  JWT_TTL_SECONDS: number = 12 * 3600;

  /** Password of the bootstrap user `admin`, set when that user is first created; never a shipped value in production. */
  @IsString()
  @MinLength(8, { message: 'DUBAN_ADMIN_PASSWORD must be at least 8 characters' })
  DUBAN_ADMIN_PASSWORD: string;

  /** Prefix of every BullMQ key; isolates deployments and test runs. No `:` (BullMQ's separator). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_{}-]{1,64}$/, { message: 'QUEUE_PREFIX may hold only letters, digits, _ - { } (no ":")' })
  QUEUE_PREFIX: string = 'duban';

  /** Width of the yellow-light window before a due date, in days. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  DUBAN_DUE_SOON_DAYS: number = 3;

  /** How often the scheduler ticks (materialise, reconcile), in ms. Tests shorten it. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(200)
  @Max(3_600_000)
  DUBAN_TICK_MS: number = 60_000;

  /**
   * How many batches of due steps a worker runs at once (each in its own transaction; SKIP LOCKED
   * keeps them apart). More than one helps where the database inserts concurrently
   * (innodb_autoinc_lock_mode=2, MySQL 8's default).
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(8)
  DUBAN_SWEEP_LANES: number = 2;

  /** 1 enables the virtual clock shared by every process (tests and demos; never production). */
  @IsOptional()
  @IsIn(['0', '1'], { message: 'DUBAN_TIME_TRAVEL must be 0 or 1' })
  DUBAN_TIME_TRAVEL: string = '0';

  /**
   * 1: `seed` also creates the demo accounts, whose passwords are published, and a history made
   * by the engine, once per database. For trying Duban out: production refuses to start with it.
   */
  @IsOptional()
  @IsIn(['0', '1'], { message: 'DUBAN_DEMO must be 0 or 1' })
  DUBAN_DEMO: string = '0';

  /** Where the virtual clock starts (ISO 8601 instant), when it is first set up. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'DUBAN_CLOCK_START must be an ISO 8601 instant' })
  DUBAN_CLOCK_START?: string;

  /** smtp://user:pass@host:port or smtps://… — e-mail delivery; unset disables e-mail channels. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must look like smtp://user:pass@host:587' })
  SMTP_URL?: string;

  /** Sender of notification e-mails. */
  @IsOptional()
  @IsString()
  SMTP_FROM: string = 'Duban 督办 <duban@localhost>';

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** `pretty`: readable lines for a person at a terminal; `json`: one JSON object per line. Unset: pretty when stdout is a terminal. */
  @IsOptional()
  @IsIn(['json', 'pretty'], { message: 'LOG_FORMAT must be json or pretty' })
  LOG_FORMAT?: 'json' | 'pretty';

  /** The bearer token Prometheus sends to the api's /metrics; unset: the api serves no /metrics (the scheduler's and worker's are on their ports). */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'DUBAN_METRICS_TOKEN must be at least 16 characters' })
  @MaxLength(200)
  DUBAN_METRICS_TOKEN?: string;

  /** Failed sign-ins per username within the window before that username is locked out until the window passes. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  DUBAN_LOGIN_MAX_FAILURES: number = 5;

  /** Failed sign-ins per client address within the window before that address is locked out. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  DUBAN_LOGIN_MAX_FAILURES_PER_ADDRESS: number = 30;

  /** The sign-in throttling window, in seconds. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  DUBAN_LOGIN_WINDOW_SECONDS: number = 900;

  /** Password hashes computed at once per api process; more wait (a flood of sign-ins cannot starve the rest). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  DUBAN_HASH_CONCURRENCY: number = 2;

  /**
   * Which proxies to trust for the client address (Fastify's `trustProxy`): unset trusts none
   * and uses the socket's address; e.g. `loopback`, `1` (hops) or `10.0.0.0/8`.
   */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  DUBAN_TRUST_PROXY?: string;

  /** 1 serves the OpenAPI docs (/api/docs) in production too; 0 hides them in development. Unset: on unless production. */
  @IsOptional()
  @IsIn(['0', '1'], { message: 'DUBAN_API_DOCS must be 0 or 1' })
  DUBAN_API_DOCS?: string;

  /**
   * Comma-separated hostnames, IP addresses and CIDR networks that webhook and robot targets may
   * reach although they are not public (intranet OA, 政务微信 hosts). Empty: public addresses only.
   */
  @IsOptional()
  @ValidateBy(
    {
      name: 'webhookAllowlist',
      validator: { validate: (value: unknown) => typeof value === 'string' && listEntries(value).every((entry) => allowEntryKind(entry) !== null) },
    },
    { message: 'DUBAN_WEBHOOK_ALLOW must be a comma-separated list of hostnames, IP addresses and CIDR networks (e.g. oa.example.gov.cn,10.1.0.0/16)' },
  )
  DUBAN_WEBHOOK_ALLOW?: string;

  /** A PEM file of extra CA certificates trusted for webhook deliveries, besides the built-in roots. */
  @IsOptional()
  @ValidateBy(
    { name: 'pemFile', validator: { validate: (value: unknown) => typeof value === 'string' && readablePem(value) } },
    {
      message: 'DUBAN_WEBHOOK_CA_FILE must name a readable file of PEM certificates',
    },
  )
  DUBAN_WEBHOOK_CA_FILE?: string;
  /** Where uploaded evidence files are kept on local disk (content-addressed by SHA-256), when no S3 bucket is configured. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  DUBAN_FILES_DIR: string = 'data/files';

  /** The largest evidence file accepted, in bytes (default 20 MB). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  DUBAN_FILES_MAX_BYTES: number = 20 * 1024 * 1024;

  /** S3-compatible endpoint (MinIO, OSS, COS, …) for evidence files, e.g. http://minio:9000; unset with a bucket: AWS itself. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'DUBAN_FILES_S3_ENDPOINT must be an http(s) URL, e.g. http://minio:9000' })
  DUBAN_FILES_S3_ENDPOINT?: string;

  /** The bucket of evidence files; setting it stores files in S3 instead of DUBAN_FILES_DIR. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'DUBAN_FILES_S3_BUCKET must be a bucket name (3–63 lower-case letters, digits, dots, hyphens)' })
  DUBAN_FILES_S3_BUCKET?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  DUBAN_FILES_S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  DUBAN_FILES_S3_SECRET_ACCESS_KEY?: string;

  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'DUBAN_FILES_S3_REGION must look like us-east-1 or cn-north-1' })
  DUBAN_FILES_S3_REGION: string = 'us-east-1';
}

/** What a production process refuses to start with; in development the same findings are one warning. */
export function secretProblems(env: { JWT_SECRET?: string; DUBAN_ADMIN_PASSWORD?: string }): string[] {
  const problems: string[] = [];
  if (typeof env.JWT_SECRET === 'string') {
    if (env.JWT_SECRET.length < 32) problems.push('JWT_SECRET must be at least 32 characters in production');
    if (isShippedSecret(env.JWT_SECRET)) problems.push('JWT_SECRET is a value shipped in this repository; generate your own (e.g. `openssl rand -base64 48`)');
  }
  if (typeof env.DUBAN_ADMIN_PASSWORD === 'string' && isShippedSecret(env.DUBAN_ADMIN_PASSWORD)) {
    problems.push('DUBAN_ADMIN_PASSWORD is a value shipped in this repository; choose your own');
  }
  return problems;
}

/** Validates the environment; throws one error that lists every problem. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  // An empty value (`PORT=` in .env) means "not set": the default applies.
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const env = plainToInstance(EnvironmentVariables, present, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, stopAtFirstError: true });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? { invalid: `${e.property} is invalid` }));
  // A secret is judged once it is present and well-formed (its own error is already listed).
  const bad = new Set(errors.map((e) => e.property));
  // The demo's history ends at the real now; a shared virtual clock starting elsewhere would contradict it.
  if (env.DUBAN_DEMO === '1' && env.DUBAN_CLOCK_START && !bad.has('DUBAN_CLOCK_START')) {
    problems.push('DUBAN_CLOCK_START cannot be used with DUBAN_DEMO=1, whose history runs up to the real time (DUBAN_TIME_TRAVEL=1 alone starts the virtual clock there)');
  }
  const stickyFloor = replicaStickyFloorMs(env.DATABASE_REPLICA_MAX_LAG_S, env.DATABASE_REPLICA_CHECK_MS);
  if (env.DATABASE_REPLICA_STICKY_MS !== undefined && !bad.has('DATABASE_REPLICA_STICKY_MS') && env.DATABASE_REPLICA_STICKY_MS < stickyFloor) {
    problems.push(
      `DATABASE_REPLICA_STICKY_MS must be at least ${stickyFloor} (DATABASE_REPLICA_MAX_LAG_S × 1000 + 2 × DATABASE_REPLICA_CHECK_MS): a replica still in use may be that far behind, and a user must read their own writes`,
    );
  }
  const s3 = [env.DUBAN_FILES_S3_ENDPOINT, env.DUBAN_FILES_S3_ACCESS_KEY_ID, env.DUBAN_FILES_S3_SECRET_ACCESS_KEY];
  if (env.DUBAN_FILES_S3_BUCKET && (!env.DUBAN_FILES_S3_ACCESS_KEY_ID || !env.DUBAN_FILES_S3_SECRET_ACCESS_KEY)) {
    problems.push('DUBAN_FILES_S3_BUCKET needs DUBAN_FILES_S3_ACCESS_KEY_ID and DUBAN_FILES_S3_SECRET_ACCESS_KEY');
  } else if (!env.DUBAN_FILES_S3_BUCKET && s3.some((v) => v)) {
    problems.push('DUBAN_FILES_S3_BUCKET is required when any other DUBAN_FILES_S3_* setting is given');
  }
  if (env.NODE_ENV === 'production') {
    problems.push(
      ...secretProblems({
        JWT_SECRET: bad.has('JWT_SECRET') ? undefined : env.JWT_SECRET,
        DUBAN_ADMIN_PASSWORD: bad.has('DUBAN_ADMIN_PASSWORD') ? undefined : env.DUBAN_ADMIN_PASSWORD,
      }),
    );
    if (env.DUBAN_DEMO === '1') problems.push('DUBAN_DEMO=1 creates demo accounts whose passwords are published; never in production (set DUBAN_DEMO=0)');
  }
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return env;
}
