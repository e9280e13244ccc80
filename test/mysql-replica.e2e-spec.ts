import { INestApplication } from '@nestjs/common';
import { ReplicaReads, ReplicaState } from '@duban/persistence';
import { Metrics } from '@duban/platform';
import { adminToken, createUser, eventually, http, inDays, isolatedEnvironment, startApi, withEnvironment } from './support/harness';
import { globalStatus, mariadbCli, ReplicatedPair, startReplicatedPair } from './support/mariadb-servers';

/*
 * Duban's read replicas on a MariaDB primary and replica started for this suite (the replica
 * follows the primary's binary log by GTID). Two api processes read the same replica: one takes
 * a lag of up to 60 s, the other of 1 s. Lists of users who changed nothing lately come from the
 * replica; writes, the reads that decide them and a writer's own next reads stay on the primary;
 * a replica that lags past the bound, stops replicating or dies is left for the primary.
 */
describe('MySQL read replicas (e2e)', () => {
  const DATABASE = 'duban_replica';
  let pair: ReplicatedPair | undefined;
  let restore: (() => Promise<void>) | undefined;
  let databaseUrl: string | undefined;
  const apps: INestApplication[] = [];
  /** Takes a replica up to 60 s behind. */
  let tolerant: INestApplication;
  /** Takes a replica up to 1 s behind. */
  let strict: INestApplication;
  let admin: string;
  let supervisor: { id: number; token: string };
  let owner: { id: number; token: string };
  const units = { issuer: 0, owner: 0 };

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const replica = (app: INestApplication): ReplicaState => app.get(ReplicaReads).status()[0];
  const onReplica = (sql: string) => mariadbCli(pair!.replica.port, sql);
  const onPrimary = (sql: string) => mariadbCli(pair!.primary.port, sql);

  /** Replication without delay, caught up. */
  async function replicateNow(): Promise<void> {
    await onReplica('STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = 0; START SLAVE');
    await pair!.caughtUp();
  }

  /** What the api tells Prometheus of the replica: usable (1 or 0). */
  async function usableMetric(app: INestApplication): Promise<string | undefined> {
    const text = await app.get(Metrics).registry.getSingleMetricAsString('duban_db_replica_usable');
    return /^duban_db_replica_usable\{[^}]*replica="127\.0\.0\.1:\d+"[^}]*\} (\d)$/m.exec(text)?.[1];
  }

  /** The tasks list as `token` sees it: title → state. */
  async function taskList(app: INestApplication, token: string): Promise<Map<string, string>> {
    const res = await http(app).get('/api/v1/tasks?pageSize=200').set(as(token)).expect(200);
    return new Map((res.body.items as { title: string; state: string }[]).map((t) => [t.title, t.state]));
  }

  /** A task the administrator creates and assigns to the owner's unit (on the tolerant api). */
  async function assignedTask(title: string): Promise<number> {
    const created = await http(tolerant)
      .post('/api/v1/tasks')
      .set(as(admin))
      .send({ title, issuerUnitId: units.issuer, ownerUnitId: units.owner, dueAt: inDays(10) })
      .expect(201);
    await http(tolerant).post(`/api/v1/tasks/${created.body.id}/transitions`).set(as(admin)).send({ action: 'assign' }).expect(200);
    return created.body.id as number;
  }

  beforeAll(async () => {
    pair = await startReplicatedPair();
    databaseUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = `mysql://root@127.0.0.1:${pair.primary.port}/duban`;
    const { username, password } = pair.reader;
    restore = await isolatedEnvironment('replica', {
      DATABASE_REPLICA_URLS: `mysql://${username}:${password}@127.0.0.1:${pair.replica.port}/${DATABASE}`,
      DATABASE_REPLICA_MAX_LAG_S: '60',
      DATABASE_REPLICA_CHECK_MS: '250',
    });
    // The schema reaches the replica as every change does.
    await pair.caughtUp();
    tolerant = await startApi();
    apps.push(tolerant);
    strict = await withEnvironment({ DATABASE_REPLICA_MAX_LAG_S: '1' }, startApi);
    apps.push(strict);
    admin = await adminToken(tolerant);
    for (const [key, name] of [
      ['issuer', '副本测试牵头部门'],
      ['owner', '副本测试责任单位'],
    ] as const) {
      units[key] = (await http(tolerant).post('/api/v1/units').set(as(admin)).send({ name, kind: 'DEPARTMENT' }).expect(201)).body.id;
    }
    // Neither changes anything before the tests: nothing keeps their reads on the primary.
    supervisor = await createUser(tolerant, admin, { roles: ['SUPERVISOR'], unitId: units.issuer });
    owner = await createUser(tolerant, admin, { roles: ['UNIT_LIAISON'], unitId: units.owner });
  }, 180_000);

  afterAll(async () => {
    // Apps first, then the database they used, then the servers, whatever failed.
    try {
      for (const app of apps.reverse()) await app.close();
      await restore?.();
    } finally {
      await pair?.stop();
      if (databaseUrl !== undefined) process.env.DATABASE_URL = databaseUrl;
    }
  }, 60_000);

  it('serves a list from the caught-up replica to a user who changed nothing, and the writer’s own list from the primary', async () => {
    await assignedTask('副本测试一');
    await pair!.caughtUp();
    await eventually(async () => replica(tolerant).usable);

    const selects = await globalStatus(pair!.replica.port, 'Com_select');
    const served = replica(tolerant).served;
    expect((await taskList(tolerant, supervisor.token)).get('副本测试一')).toBe('ASSIGNED');
    // The page and its count, on the replica.
    expect((await globalStatus(pair!.replica.port, 'Com_select')) - selects).toBeGreaterThanOrEqual(2);
    expect(replica(tolerant).served).toBe(served + 1);

    // The administrator has just written: the same list comes from the primary, no SELECT reaches the replica.
    const quiet = await globalStatus(pair!.replica.port, 'Com_select');
    expect((await taskList(tolerant, admin)).get('副本测试一')).toBe('ASSIGNED');
    expect(await globalStatus(pair!.replica.port, 'Com_select')).toBe(quiet);
    expect(replica(tolerant).served).toBe(served + 1);
    expect(await usableMetric(tolerant)).toBe('1');
  }, 60_000);

  it('with the replica lagging within the bound: others may see the past, the writer sees the write, and writes and their decisions use the primary', async () => {
    // Delayed replication: each transaction reaches the replica's tables an hour after the primary's.
    await onReplica('STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = 3600; START SLAVE');
    const id = await assignedTask('副本测试二');
    expect(await onPrimary(`SELECT state FROM ${DATABASE}.tasks WHERE id = ${id}`)).toBe('ASSIGNED');
    expect(await onReplica(`SELECT COUNT(*) FROM ${DATABASE}.tasks WHERE id = ${id}`)).toBe('0');

    // The writer reads their own write, on either api.
    expect((await taskList(tolerant, admin)).get('副本测试二')).toBe('ASSIGNED');
    expect((await taskList(strict, admin)).get('副本测试二')).toBe('ASSIGNED');

    // A user who changed nothing reads the replica, up to 60 s behind: the task is not there yet.
    await eventually(async () => replica(tolerant).usable && !(await taskList(tolerant, supervisor.token)).has('副本测试二'), 30_000, 250);
    expect((await taskList(tolerant, supervisor.token)).get('副本测试一')).toBe('ASSIGNED');

    // Signing for it reads the task on the primary (the replica has not seen it) and changes it there.
    const accepted = await http(tolerant).post(`/api/v1/tasks/${id}/transitions`).set(as(owner.token)).send({ action: 'accept' }).expect(200);
    expect(accepted.body.state).toBe('IN_PROGRESS');
    expect(await onPrimary(`SELECT state FROM ${DATABASE}.tasks WHERE id = ${id}`)).toBe('IN_PROGRESS');
    // From then on the owner's own lists come from the primary.
    expect((await taskList(tolerant, owner.token)).get('副本测试二')).toBe('IN_PROGRESS');

    // The api that takes 1 s at most leaves the replica once it is further behind, and reads fresh rows again.
    await eventually(async () => /^\d+ s behind the primary \(at most 1 s\)$/.test(replica(strict).reason ?? ''), 30_000, 100);
    expect(replica(strict).usable).toBe(false);
    expect((await taskList(strict, supervisor.token)).get('副本测试二')).toBe('IN_PROGRESS');

    await replicateNow();
    await eventually(async () => replica(strict).usable && replica(tolerant).usable);
    expect((await taskList(strict, supervisor.token)).get('副本测试二')).toBe('IN_PROGRESS');
  }, 120_000);

  it('leaves a replica that stops replicating or dies, and answers every list from the primary, fresh', async () => {
    await replicateNow();
    await onReplica('STOP SLAVE SQL_THREAD');
    await eventually(async () => replica(tolerant).reason === 'replication is not running (IO thread: Yes, SQL thread: No)');
    await assignedTask('副本测试三');
    expect(await onReplica(`SELECT COUNT(*) FROM ${DATABASE}.tasks WHERE title = '副本测试三'`)).toBe('0');
    expect((await taskList(tolerant, supervisor.token)).get('副本测试三')).toBe('ASSIGNED');

    await onReplica('START SLAVE SQL_THREAD');
    await pair!.caughtUp();
    await eventually(async () => replica(tolerant).usable);
    const served = replica(tolerant).served;
    expect((await taskList(tolerant, supervisor.token)).get('副本测试三')).toBe('ASSIGNED');
    expect(replica(tolerant).served).toBe(served + 1);

    // Killed: a read already on its way falls back to the primary, and the next checks leave it.
    await pair!.replica.kill();
    await assignedTask('副本测试四');
    expect((await taskList(tolerant, supervisor.token)).get('副本测试四')).toBe('ASSIGNED');
    await eventually(async () => (replica(tolerant).reason ?? '').startsWith('unreachable') && !replica(tolerant).usable, 30_000);
    expect((await taskList(tolerant, supervisor.token)).get('副本测试四')).toBe('ASSIGNED');
    expect(replica(tolerant).served).toBe(served + 1);
    expect(await usableMetric(tolerant)).toBe('0');
  }, 60_000);
});
