import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { UserRole } from '@duban/domain';
import { ProfileLoaderService } from '@duban/core';
import { createApiApp } from '../../apps/api/api.app';

/** The api as production builds it, on the run's database and queue prefix. */
export async function startApi(): Promise<INestApplication> {
  const app = await createApiApp();
  await app.init();
  // Fastify answers on app.getHttpServer() once its plugins and routes are loaded.
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/**
 * The routes the api's router holds, read from Fastify's printed tree (each line a node whose path
 * continues its parent's, with the methods it answers). HEAD beside GET is Fastify's own, left out.
 */
export function routesOf(app: INestApplication): { method: string; path: string }[] {
  const tree: string = app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const routes: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const node = /^((?:│ {3}| {4})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!node) continue;
    stack.length = node[1].length / 4;
    // A wildcard is printed without the slash before it.
    stack.push(node[2].startsWith('*') && !stack.join('').endsWith('/') ? `/${node[2]}` : node[2]);
    const methods = node[3]?.split(', ') ?? [];
    for (const method of methods) if (method !== 'HEAD' || !methods.includes('GET')) routes.push({ method, path: stack.join('') });
  }
  return routes;
}

export function http(app: INestApplication) {
  return request(app.getHttpServer());
}

export async function login(app: INestApplication, username: string, password: string): Promise<string> {
  const res = await http(app).post('/api/v1/auth/login').send({ username, password }).expect(200);
  return res.body.accessToken as string;
}

export const ADMIN_PASSWORD = 'admin-test-password';

export function adminToken(app: INestApplication): Promise<string> {
  return login(app, 'admin', ADMIN_PASSWORD);
}

let userSeq = 0;

/** Creates a user through the API and returns its id and access token. */
export async function createUser(
  app: INestApplication,
  admin: string,
  spec: { roles: UserRole[]; unitId?: number; chains?: { chainId: number; role: string }[]; displayName?: string },
): Promise<{ id: number; token: string; username: string }> {
  const username = `u${Date.now().toString(36)}${++userSeq}`;
  const password = 'password-123';
  const res = await http(app)
    .post('/api/v1/users')
    .set('authorization', `Bearer ${admin}`)
    .send({ username, password, displayName: spec.displayName ?? `测试用户${userSeq}`, unitId: spec.unitId, roles: spec.roles, chains: spec.chains })
    .expect(201);
  return { id: res.body.id, username, token: await login(app, username, password) };
}

export async function loadProfile(app: INestApplication, name: string) {
  return app.get(ProfileLoaderService).load(name);
}

/** Looks a unit up by name (units are created by profiles). */
export async function unitId(app: INestApplication, name: string): Promise<number> {
  const rows = await app.get(DataSource).query('SELECT id FROM units WHERE name = ?', [name]);
  if (rows.length === 0) throw new Error(`no unit ${name}`);
  return rows[0].id;
}

export async function chainId(app: INestApplication, name: string): Promise<number> {
  const rows = await app.get(DataSource).query('SELECT id FROM chains WHERE name = ?', [name]);
  if (rows.length === 0) throw new Error(`no chain ${name}`);
  return rows[0].id;
}

/** Row counts of every table, to prove a rejected request changed nothing. */
export async function tableCounts(app: INestApplication): Promise<Record<string, number>> {
  const ds = app.get(DataSource);
  const counts: Record<string, number> = {};
  for (const table of ['units', 'users', 'chains', 'chain_roles', 'tasks', 'task_co_units', 'events', 'escalation_policies', 'notification_channels']) {
    const [row] = await ds.query(`SELECT COUNT(*) AS n FROM ${table}`);
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Row counts of every table of the database: a refused request must leave all of them as they were. */
export async function everyTableCount(app: INestApplicationContext): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>(
    app,
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const rows = await sql<{ name: string; n: string }>(app, tables.map((t) => `SELECT '${t.name}' AS name, COUNT(*) AS n FROM \`${t.name}\``).join(' UNION ALL '));
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
}

export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

/** A worker (consumes every queue) in this process, as `node dist/apps/worker/main.js` runs it. */
export async function startWorker(): Promise<INestApplicationContext> {
  const { WorkerModule } = await import('../../apps/worker/worker.module');
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  await app.init();
  return app;
}

/** A scheduler (owns the tick) in this process. */
export async function startScheduler(): Promise<INestApplicationContext> {
  const { SchedulerModule } = await import('../../apps/scheduler/scheduler.module');
  const app = await NestFactory.createApplicationContext(SchedulerModule, { logger: false });
  await app.init();
  return app;
}

/** Polls until `check` returns a truthy value; fails with the last value after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function sql<T = Record<string, unknown>>(app: INestApplicationContext, query: string, params: unknown[] = []): Promise<T[]> {
  return app.get(DataSource).query(query, params);
}

/** Runs `make` (e.g. starting an app, which reads its configuration) under changed environment variables; undefined unsets one. */
export async function withEnvironment<T>(changes: Record<string, string | undefined>, make: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(changes).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(changes);
  try {
    return await make();
  } finally {
    apply(saved);
  }
}

/**
 * Runs a suite against its own database and queue prefix with extra environment (e.g. the
 * virtual clock), restoring the run's environment afterwards. Returns a cleanup function.
 */
export async function isolatedEnvironment(name: string, extra: Record<string, string>): Promise<() => Promise<void>> {
  const { loadAppConfig } = await import('@duban/config');
  const { migrateDatabase, dataSourceOptions } = await import('@duban/persistence');
  const saved = { ...process.env };
  const base = loadAppConfig('/nonexistent/.env');
  const database = `${base.database.database}_${name}`;
  Object.assign(process.env, {
    ...extra,
    DATABASE_URL: process.env.DATABASE_URL!.replace(/\/[^/]+$/, `/${database}`),
    QUEUE_PREFIX: `${base.queue.prefix}-${name}`,
  });
  await migrateDatabase(loadAppConfig('/nonexistent/.env').database);
  return async () => {
    const ds = new DataSource({ ...dataSourceOptions(loadAppConfig('/nonexistent/.env').database), entities: [], migrations: [] });
    await ds.initialize();
    if (process.env.KEEP_TEST_DB !== '1') await ds.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await ds.destroy();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  };
}

/**
 * A herd: `size` units of kind ENTERPRISE owing one weekly report due `inMs` from now, on a
 * policy of the given steps. Materialised at once; returns the occurrence and its size.
 */
export async function createHerd(
  app: INestApplication,
  admin: string,
  size: number,
  steps: { offset: string; calendar: 'natural'; action: string }[],
  inMs = 5000,
): Promise<{ occurrenceId: number; total: number; due: Date }> {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  await sql(app, `INSERT INTO units (name, kind, profile) SELECT CONCAT('herd-${run}-', seq), 'ENTERPRISE', 'herd' FROM seq_1_to_${size}`);
  const [{ n }] = await sql<{ n: number }>(app, `SELECT COUNT(*) AS n FROM units WHERE kind = 'ENTERPRISE'`);
  await sql(app, `INSERT INTO units (name, kind, profile) VALUES ('herd-${run}-receiver', 'DEPARTMENT', 'herd')`);
  const [receiver] = await sql<{ id: number }>(app, `SELECT id FROM units WHERE name = 'herd-${run}-receiver'`);
  const auth = { authorization: `Bearer ${admin}` };
  const policy = await http(app)
    .post('/api/v1/escalation-policies')
    .set(auth)
    .send({ name: `群体-${run}`, steps })
    .expect(201);
  const due = new Date(Math.ceil((Date.now() + inMs) / 1000) * 1000);
  const local = new Date(due.getTime() + 8 * 3600_000); // Asia/Shanghai wall time
  const cadence = await http(app)
    .post('/api/v1/cadences')
    .set(auth)
    .send({
      name: `群体周报-${run}`,
      kind: 'REPORT',
      frequency: 'WEEKLY',
      weekday: ((local.getUTCDay() + 6) % 7) + 1,
      time: local.toISOString().slice(11, 19),
      shift: 'NONE',
      activeFrom: new Date(Date.now() - 1000).toISOString(),
      // Only this week: later weeks would only add rows.
      activeTo: new Date(due.getTime() + 60_000).toISOString(),
      owingUnitKinds: ['ENTERPRISE'],
      receiverUnitId: receiver.id,
      policyId: policy.body.id,
    })
    .expect(201);
  const { DeadlineTriggerService, MaterialiserService } = await import('@duban/core');
  // Armed as the worker's reconciler arms what it materialises: otherwise the herd waits for its next tick.
  await app.get(DeadlineTriggerService).arm(await app.get(MaterialiserService).materialise());
  const [occurrence] = await sql<{ id: number }>(app, 'SELECT id FROM occurrences WHERE cadence_id = ?', [cadence.body.id]);
  return { occurrenceId: occurrence.id, total: Number(n), due };
}

/** Exact per-subject counts for a herd's occurrence. */
export async function herdCounts(app: INestApplicationContext, occurrenceId: number): Promise<Record<string, number>> {
  const [row] = await sql<Record<string, number>>(
    app,
    `SELECT
       (SELECT COUNT(*) FROM step_runs r JOIN obligations o ON o.id = r.subject_id AND r.subject_type = 'OBLIGATION' WHERE o.occurrence_id = ?) AS runs,
       (SELECT COUNT(*) FROM events e JOIN obligations o ON o.id = e.subject_id AND e.subject_type = 'OBLIGATION' WHERE o.occurrence_id = ?) AS events,
       (SELECT COUNT(*) FROM supervision_entries s JOIN obligations o ON o.id = s.subject_id AND s.subject_type = 'OBLIGATION' WHERE o.occurrence_id = ?) AS entries,
       (SELECT COUNT(*) FROM obligations WHERE occurrence_id = ? AND escalation_level = 2) AS supervised`,
    [occurrenceId, occurrenceId, occurrenceId, occurrenceId],
  );
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

/**
 * Where the tallies (folded counts and changes not folded yet) disagree with the rows they count,
 * for every kind of tally (its table and the tally key → [tallied, counted]); empty when every
 * write kept them.
 */
export async function tallyDrift(app: INestApplicationContext): Promise<Record<string, [number, number]>> {
  const { TALLIES } = await import('@duban/persistence');
  const key = (t: (typeof TALLIES)[number], stored: (k: string) => string) => `CONCAT_WS('/', '${t.table}', ${t.keys.map(stored).join(', ')})`;
  const parts = TALLIES.flatMap((t) => [
    `SELECT ${key(t, (k) => k)} AS k, ${t.count} AS tallied, 0 AS counted FROM ${t.table}`,
    `SELECT ${key(t, (k) => k)}, delta, 0 FROM ${t.changes}`,
    `SELECT ${key(t, (k) => (t.nullable.includes(k) ? `COALESCE(${k}, 0)` : k))}, 0, 1 FROM ${t.counted.table} WHERE ${t.counted.where}`,
  ]);
  const rows = await sql<{ k: string; tallied: string; counted: string }>(
    app,
    `SELECT k, SUM(tallied) AS tallied, SUM(counted) AS counted FROM (${parts.join(' UNION ALL ')}) x GROUP BY k HAVING SUM(tallied) <> SUM(counted)`,
  );
  return Object.fromEntries(rows.map((r) => [r.k, [Number(r.tallied), Number(r.counted)]]));
}

/** How many tally changes of every kind wait for a worker to fold them. */
export async function unfoldedTallyChanges(app: INestApplicationContext): Promise<number> {
  const { UNFOLDED_TALLY_CHANGES } = await import('@duban/persistence');
  return Number((await sql<{ n: string }>(app, UNFOLDED_TALLY_CHANGES))[0].n);
}

/** Moves the virtual clock (DUBAN_TIME_TRAVEL=1) as the admin; answers once the workers have done what fell due. */
export async function advanceClock(app: INestApplication, adminBearer: string, now: string): Promise<void> {
  await http(app)
    .post('/api/v1/admin/clock')
    .set({ authorization: `Bearer ${adminBearer}` })
    .send({ now })
    .expect(200);
}

/** A supertest parser that collects a binary response body (supertest would read it as text): `.buffer(true).parse(binaryBody as never)`. */
export function binaryBody(res: NodeJS.ReadableStream, done: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** Someone a suite signs in as: their user id and access token. */
export interface Person {
  id: number;
  token: string;
}

/** Someone a suite needs, by the names of their unit and chains (looked up once the profiles are loaded). */
export interface PersonSpec {
  roles: UserRole[];
  unit?: string;
  chains?: { chain: string; role: string }[];
  displayName?: string;
}

/** What {@link virtualClockSuite} gives a suite; `api`, `worker` and `admin` are set, and the records filled, once its set-up has run. */
export interface ClockSuite {
  api: INestApplication;
  worker: INestApplicationContext;
  /** The admin's access token. */
  admin: string;
  /** The people asked for, signed in, by the suite's name for them. */
  who: Record<string, Person>;
  /** The units and chains asked for (or named by the people), by name. */
  unit: Record<string, number>;
  chain: Record<string, number>;
  /** The request header of someone signed in (a person or a bare token). */
  as(who: { token: string } | string): { authorization: string };
  /** Moves the virtual clock, as the admin. */
  advance(now: string): Promise<void>;
  /** A user created by the admin, signed in (for people the suite works out itself). */
  user(spec: Parameters<typeof createUser>[2]): Promise<Person>;
}

/**
 * The set-up of a suite on the virtual clock, from `start`: its own database and queue prefix,
 * the api and a worker in this process, the profiles loaded in order, the admin signed in, the
 * units and chains looked up and the people created; all closed after the suite. Call it inside
 * `describe`, before the suite's own `beforeAll` (which runs after this one).
 */
export function virtualClockSuite(
  name: string,
  options: { start: string; profiles: string[]; units?: string[]; chains?: string[]; people?: Record<string, PersonSpec> },
): ClockSuite {
  let cleanup: (() => Promise<void>) | undefined;
  let api: INestApplication | undefined;
  let worker: INestApplicationContext | undefined;
  let admin: string | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is set once the suite's set-up has run: read it in a test or a later beforeAll`);
    return value;
  };
  const suite: ClockSuite = {
    get api() {
      return started(api, 'api');
    },
    get worker() {
      return started(worker, 'worker');
    },
    get admin() {
      return started(admin, 'admin');
    },
    who: {},
    unit: {},
    chain: {},
    as: (who) => ({ authorization: `Bearer ${typeof who === 'string' ? who : who.token}` }),
    advance: (now) => advanceClock(suite.api, suite.admin, now),
    user: (spec) => createUser(suite.api, suite.admin, spec),
  };
  beforeAll(async () => {
    cleanup = await isolatedEnvironment(name, { DUBAN_TIME_TRAVEL: '1', DUBAN_CLOCK_START: options.start });
    api = await startApi();
    worker = await startWorker();
    for (const profile of options.profiles) await loadProfile(api, profile);
    admin = await adminToken(api);
    const people = Object.entries(options.people ?? {});
    for (const unit of new Set([...(options.units ?? []), ...people.flatMap(([, p]) => p.unit ?? [])])) suite.unit[unit] = await unitId(api, unit);
    for (const chain of new Set([...(options.chains ?? []), ...people.flatMap(([, p]) => (p.chains ?? []).map((c) => c.chain))])) suite.chain[chain] = await chainId(api, chain);
    for (const [key, p] of people) {
      const chains = p.chains?.map((c) => ({ chainId: suite.chain[c.chain], role: c.role }));
      suite.who[key] = await suite.user({ roles: p.roles, unitId: p.unit === undefined ? undefined : suite.unit[p.unit], chains, displayName: p.displayName });
    }
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await cleanup?.();
  });
  return suite;
}

/** Year-to-date figures a zone might report with its 工业经济指标月报 (zhengzhou-2021's four indicators). */
export const INDICATOR_FIGURES = [
  { key: 'industrialValueAddedGrowth', value: 8.5 },
  { key: 'manufacturingValueAddedGrowth', value: 9.1 },
  { key: 'newEnterprises', value: 20 },
  { key: 'industrialInvestmentGrowth', value: 10 },
];

/**
 * A report's body: the progress, and the figures when the report collects indicators (the one
 * zhengzhou-2021 report on no chain, the 工业经济指标月报; its detail lists what it collects).
 */
export function reportBody(o: { chainId: number | null }, progress: string): { progress: string; indicators?: typeof INDICATOR_FIGURES } {
  return o.chainId === null ? { progress, indicators: INDICATOR_FIGURES } : { progress };
}
