import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { parseRedisUrl } from '@duban/config';
import { createRedisClient, scanKeys } from '@duban/queue';
import { adminToken, createHerd, eventually, herdCounts, http, isolatedEnvironment, sql, startApi, startScheduler, startWorker, tallyDrift } from '../support/harness';
import { BUILT, freePort, Spawned, start } from '../support/processes';

/*
 * Faults the engine must shrug off, counted in rows: a worker killed in the middle of a
 * herd, Redis losing every key, MariaDB stopped for ten seconds, several schedulers and workers at once.
 */
const STEPS = [
  { offset: 'PT0S', calendar: 'natural' as const, action: 'due' },
  { offset: 'PT2S', calendar: 'natural' as const, action: 'urge' },
  { offset: 'PT4S', calendar: 'natural' as const, action: 'supervise' },
];

describe('faults (e2e)', () => {
  let cleanup: () => Promise<void>;
  let api: INestApplication;
  let admin: string;

  beforeAll(async () => {
    cleanup = await isolatedEnvironment('faults', { DUBAN_TICK_MS: '1000' });
    api = await startApi();
    admin = await adminToken(api);
  });

  afterAll(async () => {
    await api?.close();
    await cleanup?.();
  });

  it('a worker SIGKILLed mid-herd and restarted escalates every subject exactly once', async () => {
    const size = Number(process.env.TEST_HERD_SIZE ?? 8000);
    const workerEnv = async () => ({ ...process.env, WORKER_PORT: String(await freePort()), LOG_LEVEL: 'warn' });
    let worker: Spawned = start('worker-1', BUILT.worker, await workerEnv());
    try {
      const herd = await createHerd(api, admin, size, STEPS, 6000);
      // Kill it while the herd is being worked off.
      const atKill = await eventually(
        async () => {
          const { runs } = await herdCounts(api, herd.occurrenceId);
          return runs > 0 ? runs : 0;
        },
        30_000,
        20,
      );
      worker.child.kill('SIGKILL');
      await worker.exited;
      expect(atKill).toBeLessThan(3 * herd.total);

      worker = start('worker-2', BUILT.worker, await workerEnv());
      await eventually(async () => (await herdCounts(api, herd.occurrenceId)).supervised === herd.total, 60_000, 200);
      expect(await herdCounts(api, herd.occurrenceId)).toEqual({ runs: 3 * herd.total, events: 3 * herd.total, entries: herd.total, supervised: herd.total });
    } finally {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
  });

  it('loses no step when Redis loses every key mid-run', async () => {
    const worker: INestApplicationContext = await startWorker();
    const scheduler: INestApplicationContext = await startScheduler();
    try {
      const herd = await createHerd(api, admin, 500, STEPS, 3000);
      const redis = createRedisClient(parseRedisUrl(process.env.REDIS_URL!));
      // Every key of this deployment, armed sweeps and the tick schedule included.
      const keys = await scanKeys(redis, `${process.env.QUEUE_PREFIX}:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
      expect(await scanKeys(redis, `${process.env.QUEUE_PREFIX}:*delayed*`)).toHaveLength(0);
      redis.disconnect();

      await eventually(async () => (await herdCounts(api, herd.occurrenceId)).supervised === herd.total, 30_000, 200);
      expect(await herdCounts(api, herd.occurrenceId)).toEqual({ runs: 3 * herd.total, events: 3 * herd.total, entries: herd.total, supervised: herd.total });
    } finally {
      await scheduler.close();
      await worker.close();
    }
  });

  it('two schedulers and three workers at once produce no duplicate occurrence, step, entry or notification', async () => {
    const processes = [await startScheduler(), await startScheduler(), await startWorker(), await startWorker(), await startWorker()];
    try {
      const unit = await http(api)
        .post('/api/v1/units')
        .set({ authorization: `Bearer ${admin}` })
        .send({ name: '并发测试区', kind: 'DISTRICT' })
        .expect(201);
      await http(api)
        .post('/api/v1/users')
        .set({ authorization: `Bearer ${admin}` })
        .send({ username: 'concurrency-liaison', password: 'password-123', displayName: '并发联络员', unitId: unit.body.id, roles: ['UNIT_LIAISON'] })
        .expect(201);
      const herd = await createHerd(api, admin, 2000, STEPS, 3000);
      await eventually(async () => (await herdCounts(api, herd.occurrenceId)).supervised === herd.total, 30_000, 200);
      // Several ticks from both schedulers have passed by now; give them one more round.
      await new Promise((r) => setTimeout(r, 2500));
      expect(await herdCounts(api, herd.occurrenceId)).toEqual({ runs: 3 * herd.total, events: 3 * herd.total, entries: herd.total, supervised: herd.total });
      const [dupes] = await sql<Record<string, number>>(
        api,
        `SELECT
           (SELECT COUNT(*) FROM (SELECT 1 FROM occurrences GROUP BY cadence_id, period HAVING COUNT(*) > 1) a) AS occurrences,
           (SELECT COUNT(*) FROM (SELECT 1 FROM obligations GROUP BY occurrence_id, unit_id HAVING COUNT(*) > 1) b) AS obligations,
           (SELECT COUNT(*) FROM (SELECT 1 FROM notifications GROUP BY user_id, subject_type, subject_id, step_key HAVING COUNT(*) > 1) c) AS notifications,
           (SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE actor_id IS NULL GROUP BY subject_type, subject_id, action, JSON_VALUE(data, '$.step') HAVING COUNT(*) > 1) d) AS events`,
      );
      expect(Object.values(dupes).map(Number)).toEqual([0, 0, 0, 0]);
      expect(await tallyDrift(api)).toEqual({});
    } finally {
      for (const p of processes) await p.close();
    }
  });

  it('loses and doubles nothing when MariaDB stops for 10 s mid-run and comes back', async () => {
    const worker: Spawned = start('worker-db', BUILT.worker, { ...process.env, WORKER_PORT: String(await freePort()), LOG_LEVEL: 'fatal' });
    try {
      const herd = await createHerd(api, admin, 2000, STEPS, 5000);
      await eventually(async () => (await herdCounts(api, herd.occurrenceId)).runs > 0, 30_000, 20);
      execFileSync('mysqladmin', ['-h', '127.0.0.1', '-u', 'root', 'shutdown']);
      const down = Date.now();
      await new Promise((r) => setTimeout(r, 10_000));
      startMariaDb();
      expect(Date.now() - down).toBeGreaterThanOrEqual(10_000);
      // Jobs that failed while it was down retry with backoff; the reconciler catches the rest.
      await eventually(
        async () => {
          try {
            return (await herdCounts(api, herd.occurrenceId)).supervised === herd.total;
          } catch {
            return false; // the pool's old connections fail once
          }
        },
        120_000,
        500,
      );
      expect(await herdCounts(api, herd.occurrenceId)).toEqual({ runs: 3 * herd.total, events: 3 * herd.total, entries: herd.total, supervised: herd.total });
    } finally {
      startMariaDb();
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
  });
});

/** Starts MariaDB if it does not answer, and waits until it does. */
function startMariaDb(): void {
  const ping = () => {
    try {
      execFileSync('mysqladmin', ['-h', '127.0.0.1', '-u', 'root', 'ping'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (ping()) return;
  execFileSync('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd']);
  for (let i = 0; i < 120 && !ping(); i++) execFileSync('sleep', ['0.5']);
  if (!ping()) throw new Error('MariaDB did not come back');
}
