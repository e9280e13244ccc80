import { AppConfig, hasHashTag, parseDatabaseUrl } from './app-config';
import { parseRedisUrl } from './redis-url';
import { validateEnvironment } from './env.validation';

/*
 * The environment is the first thing an operator gets wrong. A valid one parses with the
 * documented defaults; a bad one stops the process with every problem named at once.
 */
describe('validateEnvironment / AppConfig', () => {
  const valid = {
    DATABASE_URL: 'mysql://root@127.0.0.1:3306/duban',
    REDIS_URL: 'redis://127.0.0.1:6379',
    JWT_SECRET: 'a-secret-of-32-characters-012345',
    DUBAN_ADMIN_PASSWORD: 'admin-password',
  };

  const config = (overrides: Record<string, string | undefined> = {}) => new AppConfig(validateEnvironment({ ...valid, ...overrides }));

  /** The message of the error thrown for `raw`, or fails the test if nothing is thrown. */
  function problemsOf(raw: Record<string, string | undefined>): string {
    try {
      validateEnvironment(raw);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
  }

  describe('a valid environment', () => {
    it('parses with the documented defaults', () => {
      const c = config();
      expect(c.http).toEqual({ apiPort: 3000, schedulerPort: 3001, workerPort: 3002, apiProcesses: 1 });
      expect(c.queue.prefix).toBe('duban');
      expect(c.tasks.dueSoonWindowMs).toBe(3 * 86_400_000);
      expect(c.auth).toEqual({ jwtSecret: valid.JWT_SECRET, jwtTtlSeconds: 12 * 3600, adminPassword: 'admin-password' });
      expect(c.logLevel).toBe('info');
      expect(c.database).toEqual({ host: '127.0.0.1', port: 3306, username: 'root', password: '', database: 'duban' });
      expect(c.redis).toEqual({ mode: 'standalone', host: '127.0.0.1', port: 6379, username: undefined, password: undefined, db: 0, tls: false });
    });

    it('takes explicit values, given as strings as the environment gives them', () => {
      const c = config({ PORT: '8080', SCHEDULER_PORT: '0', WORKER_PORT: '9002', QUEUE_PREFIX: 'duban-test_{a}', DUBAN_DUE_SOON_DAYS: '5', LOG_LEVEL: 'warn' });
      expect(c.http).toEqual({ apiPort: 8080, schedulerPort: 0, workerPort: 9002, apiProcesses: 1 });
      expect(c.queue.prefix).toBe('duban-test_{a}');
      expect(c.tasks.dueSoonWindowMs).toBe(5 * 86_400_000);
      expect(c.logLevel).toBe('warn');
    });

    it('falls back to the default when an optional variable is set but empty (e.g. "PORT=" in .env)', () => {
      // An empty line in .env must not leave the api on a random port or the yellow light undefined.
      const c = config({ PORT: '', DUBAN_DUE_SOON_DAYS: '', QUEUE_PREFIX: undefined });
      expect(c.http.apiPort).toBe(3000);
      expect(c.tasks.dueSoonWindowMs).toBe(3 * 86_400_000);
      expect(c.queue.prefix).toBe('duban');
    });
  });

  describe('a bad value stops the start and is named', () => {
    it.each([
      ['DATABASE_URL not mysql://', { DATABASE_URL: 'postgres://root@127.0.0.1:5432/duban' }, 'DATABASE_URL'],
      ['DATABASE_URL without a database', { DATABASE_URL: 'mysql://root@127.0.0.1:3306' }, 'DATABASE_URL'],
      ['REDIS_URL missing', { REDIS_URL: undefined }, 'REDIS_URL'],
      ['REDIS_URL not redis://', { REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
      ['REDIS_URL with a database that is not a number', { REDIS_URL: 'redis://127.0.0.1:6379/queue' }, 'REDIS_URL'],
      ['REDIS_URL Sentinel without a master name', { REDIS_URL: 'redis+sentinel://127.0.0.1:26379,127.0.0.1:26380' }, 'REDIS_URL'],
      ['REDIS_URL Sentinel with a bad host', { REDIS_URL: 'redis+sentinel://127.0.0.1:26379,bad_host:26380/mymaster' }, 'REDIS_URL'],
      ['REDIS_URL Cluster with a database', { REDIS_URL: 'redis-cluster://127.0.0.1:7000,127.0.0.1:7001/2' }, 'REDIS_URL'],
      ['REDIS_URL Cluster with a port out of range', { REDIS_URL: 'redis-cluster://127.0.0.1:7000,127.0.0.1:70001' }, 'REDIS_URL'],
      ['PORT "abc"', { PORT: 'abc' }, 'PORT'],
      ['PORT 70000', { PORT: '70000' }, 'PORT'],
      ['WORKER_PORT -1', { WORKER_PORT: '-1' }, 'WORKER_PORT'],
      ['JWT_SECRET too short', { JWT_SECRET: 'short' }, 'JWT_SECRET'],
      ['JWT_SECRET missing', { JWT_SECRET: undefined }, 'JWT_SECRET'],
      ['DUBAN_ADMIN_PASSWORD too short', { DUBAN_ADMIN_PASSWORD: 'admin' }, 'DUBAN_ADMIN_PASSWORD'],
      ['QUEUE_PREFIX containing ":"', { QUEUE_PREFIX: 'duban:test' }, 'QUEUE_PREFIX'],
      ['DUBAN_DUE_SOON_DAYS not a whole number', { DUBAN_DUE_SOON_DAYS: '2.5' }, 'DUBAN_DUE_SOON_DAYS'],
      ['LOG_LEVEL unknown', { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
      ['NODE_ENV unknown', { NODE_ENV: 'staging' }, 'NODE_ENV'],
      ['DUBAN_API_DOCS not 0 or 1', { DUBAN_API_DOCS: 'yes' }, 'DUBAN_API_DOCS'],
      ['DUBAN_DEMO not 0 or 1', { DUBAN_DEMO: 'true' }, 'DUBAN_DEMO'],
      ['DUBAN_WEBHOOK_ALLOW with a URL', { DUBAN_WEBHOOK_ALLOW: 'oa.example.gov.cn,https://oa.example.gov.cn/' }, 'DUBAN_WEBHOOK_ALLOW'],
      ['DUBAN_WEBHOOK_ALLOW with a bad network', { DUBAN_WEBHOOK_ALLOW: '10.0.0.0/33' }, 'DUBAN_WEBHOOK_ALLOW'],
      ['DUBAN_WEBHOOK_ALLOW with a bad address', { DUBAN_WEBHOOK_ALLOW: '300.1.1.1' }, 'DUBAN_WEBHOOK_ALLOW'],
      ['DUBAN_WEBHOOK_CA_FILE missing', { DUBAN_WEBHOOK_CA_FILE: '/nonexistent/ca.pem' }, 'DUBAN_WEBHOOK_CA_FILE'],
      ['DUBAN_WEBHOOK_CA_FILE not PEM', { DUBAN_WEBHOOK_CA_FILE: __filename }, 'DUBAN_WEBHOOK_CA_FILE'],
    ])('%s', (_case, overrides, variable) => {
      const message = problemsOf({ ...valid, ...overrides });
      expect(message).toMatch(/^Invalid configuration/);
      expect(message).toContain(variable);
      // Only the bad variable is blamed.
      const others = [
        'PORT',
        'WORKER_PORT',
        'QUEUE_PREFIX',
        'DUBAN_DUE_SOON_DAYS',
        'LOG_LEVEL',
        'NODE_ENV',
        'DUBAN_API_DOCS',
        'DUBAN_DEMO',
        'DUBAN_WEBHOOK_ALLOW',
        'DUBAN_WEBHOOK_CA_FILE',
      ];
      const blamed = [...Object.keys(valid), ...others].filter((name) => new RegExp(`(^|\\s)${name}\\b`).test(message));
      expect(blamed).toEqual([variable]);
    });

    it('lists every problem in one error', () => {
      const message = problemsOf({
        DATABASE_URL: 'postgres://root@127.0.0.1/duban',
        PORT: 'abc',
        JWT_SECRET: 'short',
        DUBAN_ADMIN_PASSWORD: 'x',
        QUEUE_PREFIX: 'a:b',
      });
      for (const variable of ['DATABASE_URL', 'REDIS_URL', 'PORT', 'JWT_SECRET', 'DUBAN_ADMIN_PASSWORD', 'QUEUE_PREFIX']) {
        expect(message).toContain(variable);
      }
      expect(message.split('\n').filter((line) => line.startsWith('  - ')).length).toBeGreaterThanOrEqual(6);
    });
  });

  describe('secrets in production (NODE_ENV=production)', () => {
    const production = { ...valid, NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-40-characters-xyz' };

    it('starts with its own secrets', () => {
      expect(config(production).production).toBe(true);
    });

    it('refuses the secrets this repository ships and a short key, listing every problem', () => {
      const message = problemsOf({ ...production, JWT_SECRET: 'change-me-duban-dev-secret-0123456789', DUBAN_ADMIN_PASSWORD: 'duban-admin-dev' });
      expect(message).toContain('JWT_SECRET is a value shipped in this repository');
      expect(message).toContain('DUBAN_ADMIN_PASSWORD is a value shipped in this repository');
      expect(problemsOf({ ...production, JWT_SECRET: 'twenty-char-secret-x' })).toContain('JWT_SECRET must be at least 32 characters in production');
      // Case and spaces do not disguise a shipped value.
      expect(problemsOf({ ...production, DUBAN_ADMIN_PASSWORD: ' Duban-Admin-Dev ' })).toContain('DUBAN_ADMIN_PASSWORD is a value shipped');
    });

    it('lists a shipped admin password beside an unrelated bad value', () => {
      const message = problemsOf({ ...production, PORT: 'abc', DUBAN_ADMIN_PASSWORD: 'duban-admin-dev' });
      expect(message).toMatch(/PORT/);
      expect(message).toContain('DUBAN_ADMIN_PASSWORD is a value shipped');
    });

    it('lets development run with them (the process warns instead)', () => {
      const dev = config({ ...valid, NODE_ENV: 'development', JWT_SECRET: 'change-me-duban-dev-secret-0123456789', DUBAN_ADMIN_PASSWORD: 'duban-admin-dev' });
      expect(dev.production).toBe(false);
    });

    it('refuses DUBAN_DEMO=1, whose accounts have published passwords, and lets development seed the demo', () => {
      const message = problemsOf({ ...production, DUBAN_DEMO: '1' });
      expect(message).toContain('DUBAN_DEMO=1');
      expect(message).toContain('never in production');
      expect(config({ ...production, DUBAN_DEMO: '0' }).demo).toBe(false);
      expect(config({ ...valid, DUBAN_DEMO: '1' }).demo).toBe(true);
      expect(config().demo).toBe(false);
    });

    it('refuses DUBAN_DEMO=1 with DUBAN_CLOCK_START: the demo lives up to the real now', () => {
      expect(problemsOf({ ...valid, DUBAN_DEMO: '1', DUBAN_CLOCK_START: '2026-07-01T00:00:00+08:00' })).toContain('DUBAN_CLOCK_START cannot be used with DUBAN_DEMO=1');
      expect(config({ DUBAN_DEMO: '1', DUBAN_TIME_TRAVEL: '1' }).clock.timeTravel).toBe(true);
    });

    it('rejects an unknown NODE_ENV, naming it', () => {
      expect(problemsOf({ ...valid, NODE_ENV: 'prod' })).toContain('NODE_ENV');
    });
  });

  describe('production, docs and outbound webhooks', () => {
    it('is a development setup with docs and no allowlist by default', () => {
      const c = config();
      expect(c.production).toBe(false);
      expect(c.apiDocs).toBe(true);
      expect(c.webhooks).toEqual({ allowHosts: [], allowNetworks: [], caFile: null });
    });

    it('hides the docs in production unless DUBAN_API_DOCS=1, and hides them anywhere with 0', () => {
      expect(config({ NODE_ENV: 'production' })).toMatchObject({ production: true, apiDocs: false });
      expect(config({ NODE_ENV: 'production', DUBAN_API_DOCS: '1' }).apiDocs).toBe(true);
      expect(config({ NODE_ENV: 'development', DUBAN_API_DOCS: '0' }).apiDocs).toBe(false);
      expect(config({ NODE_ENV: 'test' }).apiDocs).toBe(true);
    });

    it('splits DUBAN_WEBHOOK_ALLOW into hosts and networks (an address is a one-address network)', () => {
      const c = config({ DUBAN_WEBHOOK_ALLOW: ' OA.example.gov.cn., 10.1.0.0/16 ,127.0.0.1,,fd00::/8, ::1, zwwx' });
      expect(c.webhooks.allowHosts).toEqual(['oa.example.gov.cn', 'zwwx']);
      expect(c.webhooks.allowNetworks).toEqual(['10.1.0.0/16', '127.0.0.1/32', 'fd00::/8', '::1/128']);
    });
  });

  describe('evidence files', () => {
    it('stores on local disk, at most 20 MB a file, by default', () => {
      expect(config().files).toEqual({ maxBytes: 20 * 1024 * 1024, dir: 'data/files', s3: null });
      expect(config({ DUBAN_FILES_DIR: '/var/lib/duban/files', DUBAN_FILES_MAX_BYTES: '1048576' }).files).toMatchObject({ dir: '/var/lib/duban/files', maxBytes: 1048576 });
    });

    it('stores in S3 once a bucket is named, with its keys', () => {
      const c = config({
        DUBAN_FILES_S3_ENDPOINT: 'http://minio:9000',
        DUBAN_FILES_S3_BUCKET: 'duban-files',
        DUBAN_FILES_S3_ACCESS_KEY_ID: 'key',
        DUBAN_FILES_S3_SECRET_ACCESS_KEY: 'secret',
      });
      expect(c.files.s3).toEqual({ endpoint: 'http://minio:9000', bucket: 'duban-files', accessKeyId: 'key', secretAccessKey: 'secret', region: 'us-east-1' });
    });

    it('names what is missing or malformed', () => {
      expect(problemsOf({ ...valid, DUBAN_FILES_S3_BUCKET: 'duban-files' })).toMatch(
        /DUBAN_FILES_S3_BUCKET needs DUBAN_FILES_S3_ACCESS_KEY_ID and DUBAN_FILES_S3_SECRET_ACCESS_KEY/,
      );
      expect(problemsOf({ ...valid, DUBAN_FILES_S3_ENDPOINT: 'http://minio:9000' })).toMatch(/DUBAN_FILES_S3_BUCKET is required/);
      expect(problemsOf({ ...valid, DUBAN_FILES_S3_ENDPOINT: 'minio:9000', DUBAN_FILES_S3_BUCKET: 'Bad_Bucket' })).toMatch(
        /DUBAN_FILES_S3_ENDPOINT must be an http\(s\) URL[\s\S]*DUBAN_FILES_S3_BUCKET must be a bucket name/,
      );
      expect(problemsOf({ ...valid, DUBAN_FILES_MAX_BYTES: 'lots' })).toMatch(/DUBAN_FILES_MAX_BYTES/);
    });
  });

  describe('URL parsing', () => {
    it('reads user, percent-encoded password, host, port and database from DATABASE_URL', () => {
      const c = config({ DATABASE_URL: 'mysql://duban_app:p%40ss%2Fw%3Ard%25@db.example.org:3307/duban_prod' });
      expect(c.database).toEqual({ host: 'db.example.org', port: 3307, username: 'duban_app', password: 'p@ss/w:rd%', database: 'duban_prod' });
    });

    it('defaults the MySQL port to 3306 and the user to root', () => {
      expect(parseDatabaseUrl('mysql://db.internal/duban')).toEqual({ host: 'db.internal', port: 3306, username: 'root', password: '', database: 'duban' });
    });

    it('reads password, database number and TLS from REDIS_URL', () => {
      expect(parseRedisUrl('redis://:s%40cret@redis.local:6380/2')).toEqual({
        mode: 'standalone',
        host: 'redis.local',
        port: 6380,
        username: undefined,
        password: 's@cret',
        db: 2,
        tls: false,
      });
      expect(parseRedisUrl('rediss://queue:pw@redis.example.org')).toEqual({
        mode: 'standalone',
        host: 'redis.example.org',
        port: 6379,
        username: 'queue',
        password: 'pw',
        db: 0,
        tls: true,
      });
    });

    it('reads a Sentinel set: the sentinels (26379 by default), the master name, password, database and the sentinels’ password', () => {
      expect(parseRedisUrl('redis+sentinel://10.0.0.1:26380,sentinel-b,[::1]:26381/mymaster')).toEqual({
        mode: 'sentinel',
        sentinels: [
          { host: '10.0.0.1', port: 26380 },
          { host: 'sentinel-b', port: 26379 },
          { host: '::1', port: 26381 },
        ],
        name: 'mymaster',
        db: 0,
      });
      expect(parseRedisUrl('redis+sentinel://queue:p%40ss@s1:26379,s2:26379/duban-primary/3?sentinelPassword=s%2Fpw')).toEqual({
        mode: 'sentinel',
        sentinels: [
          { host: 's1', port: 26379 },
          { host: 's2', port: 26379 },
        ],
        name: 'duban-primary',
        db: 3,
        username: 'queue',
        password: 'p@ss',
        sentinelPassword: 's/pw',
      });
    });

    it('reads a Cluster: its seed nodes (6379 by default) and password', () => {
      expect(parseRedisUrl('redis-cluster://:pw@127.0.0.1:7000,127.0.0.1:7001,redis-c')).toEqual({
        mode: 'cluster',
        nodes: [
          { host: '127.0.0.1', port: 7000 },
          { host: '127.0.0.1', port: 7001 },
          { host: 'redis-c', port: 6379 },
        ],
        password: 'pw',
      });
      expect(parseRedisUrl('redis-cluster://node-a:7000/')).toEqual({ mode: 'cluster', nodes: [{ host: 'node-a', port: 7000 }] });
    });

    it.each([
      ['redis+sentinel://s1:26379,s2:26379', /names its master/],
      ['redis+sentinel://s1:26379/mymaster/x', /names its master/],
      ['redis+sentinel://s1:26379/mymaster?password=x', /unknown option "password"/],
      ['redis+sentinel://s1:26379,,s2:26379/mymaster', /an entry is empty/],
      ['redis+sentinel:///mymaster', /an entry is empty/],
      ['redis-cluster://n1:7000,n2:7000/0', /only database 0/],
      ['redis-cluster://n1:7000?tls=1', /takes no options/],
      ['redis-cluster://n1:0', /out of range/],
      ['redis-cluster://n1:7000,bad_host', /"bad_host" is not a host\[:port\]/],
      ['redis-cluster://[zz::1]:7000', /is not a host/],
      ['rediss-cluster://n1:7000', /must look like/],
      ['redis://127.0.0.1:6379/zero', /database number/],
      ['redis://:pw@', /not a valid URL|names no host/],
    ])('refuses %s, saying why and naming REDIS_URL', (url, why) => {
      expect(() => parseRedisUrl(url)).toThrow(why);
      expect(() => parseRedisUrl(url)).toThrow(/REDIS_URL/);
    });

    it('never repeats the password in its complaint', () => {
      for (const url of ['redis+sentinel://:hunter2secret@s1:26379', 'redis-cluster://:hunter2secret@n1:7000/1', 'redis-cluster://:hunter2secret@bad_host']) {
        expect(() => parseRedisUrl(url)).toThrow(/REDIS_URL/);
        expect(() => parseRedisUrl(url)).not.toThrow(/hunter2secret/);
      }
    });
  });

  describe('the queue prefix on a Redis Cluster', () => {
    it('keeps QUEUE_PREFIX as given on one server or a Sentinel set, so existing keys stay where they are', () => {
      expect(config({ QUEUE_PREFIX: 'duban' }).queue.prefix).toBe('duban');
      expect(config({ REDIS_URL: 'redis+sentinel://127.0.0.1:26379/mymaster', QUEUE_PREFIX: 'duban' }).queue.prefix).toBe('duban');
    });

    it('wraps it in a hash tag on a Cluster, unless it carries one', () => {
      const cluster = 'redis-cluster://127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002';
      expect(config({ REDIS_URL: cluster }).queue.prefix).toBe('{duban}');
      expect(config({ REDIS_URL: cluster, QUEUE_PREFIX: 'duban-prod' }).queue.prefix).toBe('{duban-prod}');
      expect(config({ REDIS_URL: cluster, QUEUE_PREFIX: '{duban}' }).queue.prefix).toBe('{duban}');
      expect(config({ REDIS_URL: cluster, QUEUE_PREFIX: 'dub{an}' }).queue.prefix).toBe('dub{an}');
      // An empty {} is no hash tag: Redis would hash the whole key.
      expect(config({ REDIS_URL: cluster, QUEUE_PREFIX: 'a{}b' }).queue.prefix).toBe('{a{}b}');
    });

    it('finds a hash tag where Redis does: the first { with a } after it and something between', () => {
      expect([hasHashTag('{a}'), hasHashTag('x{a}y'), hasHashTag('{}{a}'), hasHashTag('}{a'), hasHashTag('plain')]).toEqual([true, true, false, false, false]);
    });
  });
  describe('read replicas (DATABASE_REPLICA_*)', () => {
    it('has none by default: every statement on the primary', () => {
      expect(config().replicas).toEqual({ urls: [], maxLagSeconds: 5, checkEveryMs: 1000, stickyMs: 7000 });
      expect(config({ DATABASE_REPLICA_URLS: '' }).replicas.urls).toEqual([]);
    });

    it('reads each replica of the comma-separated list, and keeps a writer on the primary as long as a replica in use may lag', () => {
      const c = config({
        DATABASE_REPLICA_URLS: 'mysql://reader:p%40ss@10.0.0.2:3307/duban, mysql://reader:pass@db-3/duban',
        DATABASE_REPLICA_MAX_LAG_S: '2',
        DATABASE_REPLICA_CHECK_MS: '500',
      });
      expect(c.replicas).toEqual({
        urls: [
          { host: '10.0.0.2', port: 3307, username: 'reader', password: 'p@ss', database: 'duban' },
          { host: 'db-3', port: 3306, username: 'reader', password: 'pass', database: 'duban' },
        ],
        maxLagSeconds: 2,
        checkEveryMs: 500,
        stickyMs: 3000,
      });
      expect(config({ DATABASE_REPLICA_MAX_LAG_S: '2', DATABASE_REPLICA_CHECK_MS: '500', DATABASE_REPLICA_STICKY_MS: '10000' }).replicas.stickyMs).toBe(10_000);
    });

    it('names the variable and the entry of a malformed URL, never its password', () => {
      const message = problemsOf({ ...valid, DATABASE_REPLICA_URLS: 'mysql://reader:pass@10.0.0.2/duban,postgres://reader:hunter2secret@10.0.0.3/duban' });
      expect(message).toContain('DATABASE_REPLICA_URLS: entry 2 of 2 must look like mysql://');
      expect(message).not.toContain('hunter2secret');
      expect(problemsOf({ ...valid, DATABASE_REPLICA_URLS: 'mysql://reader@10.0.0.2:3307' })).toContain('DATABASE_REPLICA_URLS: entry 1 of 1');
    });

    it('refuses a sticky window shorter than the lag a replica in use may have, and bad bounds', () => {
      expect(problemsOf({ ...valid, DATABASE_REPLICA_STICKY_MS: '1000' })).toContain('DATABASE_REPLICA_STICKY_MS must be at least 7000');
      expect(problemsOf({ ...valid, DATABASE_REPLICA_MAX_LAG_S: '-1' })).toContain('DATABASE_REPLICA_MAX_LAG_S');
      expect(problemsOf({ ...valid, DATABASE_REPLICA_CHECK_MS: '10' })).toContain('DATABASE_REPLICA_CHECK_MS');
    });
  });
});
