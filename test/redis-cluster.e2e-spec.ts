import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { AppConfig, parseRedisUrl } from '@duban/config';
import { createRedisClient, RedisClient, scanKeys } from '@duban/queue';
import {
  adminToken,
  createHerd,
  createUser,
  eventually,
  herdCounts,
  http,
  isolatedEnvironment,
  loadProfile,
  sql,
  startApi,
  startScheduler,
  startWorker,
  unitId,
} from './support/harness';
import { startRedisCluster, RedisCluster } from './support/redis-servers';

/*
 * Duban on a three-primary Redis Cluster started for this suite on loopback ports: the api,
 * a worker and the scheduler reach it through REDIS_URL=redis-cluster://…, BullMQ's keys
 * carry the hash-tagged prefix, and a deadline walk and a herd run through it, every step once.
 */
describe('Redis Cluster (e2e)', () => {
  let cluster: RedisCluster | undefined;
  let restore: (() => Promise<void>) | undefined;
  const apps: (INestApplication | INestApplicationContext)[] = [];
  let api: INestApplication;
  let redis: RedisClient | undefined;
  let prefix: string;
  let admin: string;

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    // The reconciler's timer stays at its minute: a step run within seconds came from BullMQ's delayed job.
    restore = await isolatedEnvironment('rcluster', { REDIS_URL: cluster.url, DUBAN_TICK_MS: '60000' });
    api = await startApi();
    apps.push(api);
    apps.push(await startWorker());
    apps.push(await startScheduler());
    prefix = api.get(AppConfig).queue.prefix;
    redis = createRedisClient(parseRedisUrl(cluster.url));
    await loadProfile(api, 'zhengzhou-2021');
    admin = await adminToken(api);
  }, 120_000);

  afterAll(async () => {
    // Apps first (with Redis gone their connections would wait for it), then the servers, whatever failed.
    try {
      for (const app of apps.reverse()) await app.close();
      redis?.disconnect();
    } finally {
      await restore?.();
      await cluster?.stop();
    }
  }, 60_000);

  it('keeps every BullMQ key under the hash-tagged prefix, in one slot, on the cluster', async () => {
    expect(prefix).toBe(`{${process.env.QUEUE_PREFIX}}`);
    // The scheduler's tick went through the cluster to the worker, which recorded it.
    await eventually(async () => (await sql(api, 'SELECT 1 FROM engine_state WHERE `key` = ?', ['scheduler.lastTick'])).length === 1, 30_000);
    const keys = await scanKeys(redis!, `${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((k) => k.startsWith(`${prefix}:engine:`))).toBe(true);
    const slots = new Set(await Promise.all(keys.map((k) => redis!.cluster('KEYSLOT', k))));
    expect(slots.size).toBe(1);
  }, 60_000);

  it('counts failed sign-ins on the cluster, under the same prefix', async () => {
    await http(api).post('/api/v1/auth/login').send({ username: 'nobody-on-the-cluster', password: 'wrong-password' }).expect(401);
    const counters = await eventually(async () => {
      const found = await scanKeys(redis!, `${prefix}:login-failures:username:*`);
      return found.length > 0 ? found : null;
    }, 10_000);
    expect(counters!.some((k) => k.endsWith('nobody-on-the-cluster'))).toBe(true);
  });

  it('walks a task through remind → due → urge → supervise → escalate, each step once and on time', async () => {
    const as = { authorization: `Bearer ${admin}` };
    const units = { issuer: await unitId(api, '市发展改革委'), owner: await unitId(api, '金水区') };
    const issuer = await createUser(api, admin, { roles: ['LEAD_UNIT'], unitId: units.issuer });
    const policy = await http(api)
      .post('/api/v1/escalation-policies')
      .set(as)
      .send({
        name: '集群测试规则',
        steps: [
          { offset: '-PT2S', calendar: 'natural', action: 'remind' },
          { offset: 'PT0S', calendar: 'natural', action: 'due' },
          { offset: 'PT1S', calendar: 'natural', action: 'urge' },
          { offset: 'PT2S', calendar: 'natural', action: 'supervise' },
          { offset: 'PT3S', calendar: 'natural', action: 'escalate' },
        ],
      })
      .expect(201);
    const dueAt = new Date(Date.now() + 5000);
    const task = await http(api)
      .post('/api/v1/tasks')
      .set(as)
      .send({ title: '集群报送项目推进情况', issuerUnitId: units.issuer, ownerUnitId: units.owner, dueAt: dueAt.toISOString(), policyId: policy.body.id })
      .expect(201);
    await http(api)
      .post(`/api/v1/tasks/${task.body.id}/transitions`)
      .set({ authorization: `Bearer ${issuer.token}` })
      .send({ action: 'assign' })
      .expect(200);
    // Armed as delayed sweeps on the cluster.
    expect((await scanKeys(redis!, `${prefix}:deadlines:*`)).length).toBeGreaterThan(0);

    const runs = await eventually(async () => {
      const rows = await sql<{ action: string; ran_at: Date }>(api, `SELECT action, ran_at FROM step_runs WHERE subject_type = 'TASK' AND subject_id = ? ORDER BY step_index`, [
        task.body.id,
      ]);
      return rows.length === 5 ? rows : null;
    }, 30_000);
    expect(runs!.map((r) => r.action)).toEqual(['remind', 'due', 'urge', 'supervise', 'escalate']);
    const offsets = [-2000, 0, 1000, 2000, 3000];
    runs!.forEach((run, i) => {
      const lateness = run.ran_at.getTime() - (dueAt.getTime() + offsets[i]);
      expect(lateness).toBeGreaterThanOrEqual(0);
      // Far below the reconciler's minute: the trigger came through the cluster.
      expect(lateness).toBeLessThan(10_000);
    });
    const events = await sql<{ action: string; n: number }>(
      api,
      `SELECT action, COUNT(*) AS n FROM events WHERE subject_type = 'TASK' AND subject_id = ? AND action IN ('remind','due','urge','supervise','escalate') GROUP BY action`,
      [task.body.id],
    );
    expect(Object.fromEntries(events.map((e) => [e.action, Number(e.n)]))).toEqual({ remind: 1, due: 1, urge: 1, supervise: 1, escalate: 1 });
    const read = await http(api).get(`/api/v1/tasks/${task.body.id}`).set(as).expect(200);
    expect(read.body).toMatchObject({ escalationLevel: 3, timeliness: 'OVERDUE' });
  }, 60_000);

  it('runs a herd: every obligation due in the same second is overdue, urged and supervised exactly once', async () => {
    const herd = await createHerd(api, admin, 500, [
      { offset: 'PT0S', calendar: 'natural', action: 'due' },
      { offset: 'PT1S', calendar: 'natural', action: 'urge' },
      { offset: 'PT2S', calendar: 'natural', action: 'supervise' },
    ]);
    await eventually(async () => (await herdCounts(api, herd.occurrenceId)).supervised === herd.total, 60_000, 250);
    expect(await herdCounts(api, herd.occurrenceId)).toEqual({ runs: 3 * herd.total, events: 3 * herd.total, entries: herd.total, supervised: herd.total });
  }, 90_000);
});
