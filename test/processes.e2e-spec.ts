import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl, parseRedisUrl } from '@duban/config';
import { createRedisClient, scanKeys } from '@duban/queue';
import { BUILT, exitWithin, freePort, Spawned, start } from './support/processes';

/*
 * The scheduler and the worker as an operator runs them: built, started with `node`, probed
 * on /health, the minute tick flowing scheduler → Redis → worker → MariaDB, then stopped
 * with SIGTERM. And a process given a bad environment refuses to start and says why.
 *
 * These run the built files; `npm test` builds first. Nothing here builds.
 */
/** Polls until `probe` returns a value, or fails after `ms` with what was last seen. */
async function eventually<T>(what: string, ms: number, probe: () => Promise<T | undefined>, context: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms (last: ${String(last)})\n${context()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface HealthBody {
  status: string;
  info?: Record<string, { status: string }>;
  details: Record<string, { status: string }>;
}

describe('scheduler and worker processes (e2e)', () => {
  const spawned: Spawned[] = [];
  let db: DataSource;
  let scheduler: Spawned;
  let worker: Spawned;
  let ports: { scheduler: number; worker: number };

  beforeAll(async () => {
    for (const file of Object.values(BUILT)) {
      if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` before these tests (\`npm test\` builds first)`);
    }
    if (!process.env.QUEUE_PREFIX?.startsWith('duban-test-')) throw new Error('QUEUE_PREFIX is not the test run’s prefix; run through jest’s e2e project (global setup)');
    const database = parseDatabaseUrl(process.env.DATABASE_URL!);
    db = new DataSource({ type: 'mysql', ...database, timezone: 'Z' });
    await db.initialize();
    ports = { scheduler: await freePort(), worker: await freePort() };
  });

  afterAll(async () => {
    for (const p of spawned) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(spawned.map((p) => p.exited));
    await db?.destroy();
  });

  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    SCHEDULER_PORT: String(ports.scheduler),
    WORKER_PORT: String(ports.worker),
    LOG_LEVEL: 'info',
  });

  async function healthy(p: Spawned, port: number): Promise<HealthBody> {
    return eventually(
      `${p.name} /health ok`,
      30_000,
      async () => {
        if (p.child.exitCode !== null || p.child.signalCode !== null) throw new Error(`${p.name} exited (${p.child.exitCode ?? p.child.signalCode})`);
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        const body = (await res.json()) as HealthBody;
        return res.status === 200 && body.status === 'ok' ? body : undefined;
      },
      p.output,
    );
  }

  it('starts the scheduler and the worker, each healthy on /health with database and Redis up', async () => {
    await db.query('DELETE FROM engine_state WHERE `key` = ?', ['scheduler.lastTick']);
    scheduler = start('scheduler', BUILT.scheduler, env());
    worker = start('worker', BUILT.worker, env());
    spawned.push(scheduler, worker);

    const s = await healthy(scheduler, ports.scheduler);
    expect(s.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' }, tickSchedule: { status: 'up' } });
    const w = await healthy(worker, ports.worker);
    expect(w.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' }, consumers: { status: 'up' } });
  });

  it('carries the tick end to end: the worker records the scheduler’s first tick in MariaDB within 15 s', async () => {
    const row = await eventually(
      'engine_state scheduler.lastTick',
      15_000,
      async () => {
        const rows = await db.query('SELECT value, updated_at FROM engine_state WHERE `key` = ?', ['scheduler.lastTick']);
        return rows[0] as { value: string | { handledAt: string; jobId: string | null }; updated_at: Date } | undefined;
      },
      () => `${scheduler.output()}\n${worker.output()}`,
    );
    const value = typeof row.value === 'string' ? JSON.parse(row.value) : row.value;
    expect(Date.parse(value.handledAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(value.jobId).toEqual(expect.any(String));
  });

  it('keeps its queues under the run’s QUEUE_PREFIX', async () => {
    const redis = createRedisClient(parseRedisUrl(process.env.REDIS_URL!));
    try {
      const keys = await scanKeys(redis, `${process.env.QUEUE_PREFIX}:engine:*`);
      expect(keys.length).toBeGreaterThan(0);
      // The tick schedule this run created lives under the run's own prefix.
      const scheduler = await redis.exists(`${process.env.QUEUE_PREFIX}:engine:repeat:scheduler-tick`);
      expect(scheduler).toBe(1);
    } finally {
      redis.disconnect();
    }
  });

  it('serves Prometheus metrics on the scheduler’s and worker’s health ports: the queues, open supervision, Node’s defaults', async () => {
    const scrape = async (port: number) => {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      return res.text();
    };
    const s = await scrape(ports.scheduler);
    const jobs = (queue: string, state: string) =>
      new RegExp(`^duban_queue_jobs\\{(?=[^}]*queue="${queue}")(?=[^}]*state="${state}")(?=[^}]*process="scheduler")[^}]*\\} (\\d+)$`, 'm').exec(s)?.[1];
    for (const queue of ['engine', 'deadlines', 'webhooks', 'email']) {
      for (const state of ['waiting', 'delayed', 'active', 'failed'])
        expect({ queue, state, count: jobs(queue, state) }).toEqual({ queue, state, count: expect.stringMatching(/^\d+$/) });
    }
    // The engine queue holds the repeatable tick: at least its next run is delayed.
    expect(Number(jobs('engine', 'delayed'))).toBeGreaterThanOrEqual(1);
    expect(s).toMatch(/^# TYPE duban_supervision_open gauge$/m);
    // The worker is up: every queue has a consumer.
    for (const queue of ['engine', 'deadlines', 'webhooks', 'email']) expect(s).toMatch(new RegExp(`^duban_queue_workers\\{[^}]*queue="${queue}"[^}]*\\} [1-9]\\d*$`, 'm'));
    expect(s).toMatch(/^process_resident_memory_bytes\{process="scheduler"\} \d+/m);
    const w = await scrape(ports.worker);
    expect(w).toMatch(/^nodejs_heap_size_used_bytes\{process="worker"\} \d+/m);
    // The worker handled the scheduler's tick (the test before waited for it): when, in Unix seconds.
    const tick = Number(/^duban_tick_handled_timestamp_seconds\{process="worker"\} ([\d.e+]+)$/m.exec(w)?.[1]);
    expect(tick * 1000).toBeGreaterThan(Date.now() - 120_000);
    expect(w).toMatch(/^# TYPE duban_steps_total counter$/m);
  });

  // An orchestrator reads a non-zero or signalled exit after SIGTERM as a crash.
  it('shuts both down gracefully on SIGTERM: exit code 0 within 10 s', async () => {
    scheduler.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    const [s, w] = await Promise.all([exitWithin(scheduler, 10_000), exitWithin(worker, 10_000)]);
    expect({ scheduler: s, worker: w }).toEqual({ scheduler: { code: 0, signal: null }, worker: { code: 0, signal: null } });
  });

  it('refuses to start in production with the secrets this repository ships, listing each; development warns once', async () => {
    const shipped = { JWT_SECRET: 'change-me-duban-dev-secret-0123456789', DUBAN_ADMIN_PASSWORD: 'duban-admin-dev' };
    for (const [name, file] of [
      ['api', BUILT.api],
      ['worker', BUILT.worker],
    ] as const) {
      const refused = start(name, file, { ...env(), ...shipped, NODE_ENV: 'production' });
      spawned.push(refused);
      const { code } = await exitWithin(refused, 15_000);
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(refused.stderr()).toContain('JWT_SECRET is a value shipped in this repository');
      expect(refused.stderr()).toContain('DUBAN_ADMIN_PASSWORD is a value shipped in this repository');
    }
    const short = start('api', BUILT.api, { ...env(), NODE_ENV: 'production', JWT_SECRET: 'a-twenty-character-x' });
    spawned.push(short);
    expect((await exitWithin(short, 15_000)).code).not.toBe(0);
    expect(short.stderr()).toContain('JWT_SECRET must be at least 32 characters in production');

    // The shipped JWT secret only: this api shares the suites' database, and were it the first to create the bootstrap
    // admin, the shipped password would lock the other suites out.
    const dev = start('api', BUILT.api, { ...env(), JWT_SECRET: shipped.JWT_SECRET, NODE_ENV: 'development' });
    spawned.push(dev);
    await eventually('the api listening', 30_000, async () => (/api listening on/.test(dev.output()) ? true : undefined), dev.output);
    expect(
      dev
        .stderr()
        .split('\n')
        .filter((line) => line.startsWith('WARNING: development secrets in use')),
    ).toHaveLength(1);
    dev.child.kill('SIGTERM');
    expect((await exitWithin(dev, 10_000)).code).toBe(0);
  });

  it('refuses to start the api with a bad environment, naming every bad variable', async () => {
    const api = start('api', BUILT.api, { ...env(), PORT: 'abc', JWT_SECRET: 'short' });
    spawned.push(api);
    const { code } = await exitWithin(api, 15_000);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(api.stderr()).toMatch(/\bPORT\b/);
    expect(api.stderr()).toContain('JWT_SECRET');
  });
});
