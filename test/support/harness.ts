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
  return app;
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
  for (const table of ['units', 'users', 'chains', 'chain_roles', 'tasks', 'task_co_units', 'events', 'escalation_policies']) {
    const [row] = await ds.query(`SELECT COUNT(*) AS n FROM ${table}`);
    counts[table] = Number(row.n);
  }
  return counts;
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
