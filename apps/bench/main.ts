import { Job, Queue, Worker } from 'bullmq';
import { existsSync, writeFileSync } from 'node:fs';
import { loadAppConfig } from '@duban/config';
import { migrateDatabase, UNFOLDED_TALLY_CHANGES } from '@duban/persistence';
import { createRedisClient, RedisClient } from '@duban/queue';
import { join } from 'node:path';
import { Child, connect, cpuMs, databaseCpuMs, percentile, ROOT, sleep, startProcess, stopAll, until } from './bench.support';

/*
 * npm run bench: measurements against the real MariaDB and Redis of this machine, in a
 * database and queue prefix of their own. Prints one JSON line per measurement, then a
 * Markdown summary (also written to bench-results.md). BENCH_SCALE (default 1) shrinks sizes.
 */
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const n = (full: number, min = 100) => Math.max(min, Math.round(full * SCALE));
/** BENCH_ONLY=api,herd runs a subset (the rest print nothing). */
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const wanted = (name: string) => !ONLY || ONLY.has(name);
const results: Record<string, unknown>[] = [];
const emit = (line: Record<string, unknown>) => {
  results.push(line);
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

async function main(): Promise<void> {
  const run = Date.now().toString(36);
  // A fresh clone has no .env: measure with the example's local settings.
  if (!existsSync('.env')) process.loadEnvFile('.env.example');
  const base = loadAppConfig();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `mysql://${encodeURIComponent(base.database.username)}${base.database.password ? `:${encodeURIComponent(base.database.password)}` : ''}@${base.database.host}:${base.database.port}/duban_bench_${run}`,
    QUEUE_PREFIX: `duban-bench-${run}`,
    DUBAN_TICK_MS: '60000',
  };
  Object.assign(process.env, env);
  const config = loadAppConfig();
  await migrateDatabase(config.database);
  const db = await connect(config);
  const connection = createRedisClient(config.redis, { maxRetriesPerRequest: null });
  const prefix = config.queue.prefix;
  const deadlines = new Queue('deadlines', { connection, prefix });
  try {
    const perJob = wanted('baseline-per-job') || wanted('herd') ? await baselinePerJob(db, connection, prefix) : null;
    if (wanted('baseline-bullmq')) {
      const bullmq = await baselineBullmq(connection, prefix);
      emit({ bench: 'baseline-bullmq', jobs: bullmq.jobs, jobs_per_s: bullmq.perSecond });
    }
    if (perJob) emit({ bench: 'baseline-per-job', jobs: perJob.jobs, jobs_per_s: perJob.perSecond });

    const fixtures = await herdFixtures(db, n(100_000, 1000));
    if (wanted('herd') || wanted('memory')) {
      const herd = await herdRun(db, deadlines, env, fixtures, 1, n(100_000, 1000));
      emit({
        bench: 'herd',
        n: herd.n,
        overdue_s: herd.overdueS,
        next_steps_s: herd.nextStepsS,
        db_cpu_s: herd.dbCpuS,
        worker_cpu_s: herd.workersCpuS,
        escalations_per_s: herd.perSecond,
        ratio_vs_per_job: perJob ? round(herd.perSecond / perJob.perSecond) : null,
      });
      emit({ bench: 'memory', peak_rss_mb: herd.peakRssMb, during: `herd of ${herd.n}` });
    }

    if (wanted('precision') || wanted('baseline-polling')) {
      const [polling, precision] = await Promise.all([baselinePolling(db), precisionRun(db, deadlines, env, fixtures.receiver)]);
      emit({ bench: 'baseline-polling', n: polling.n, p50_ms: polling.p50, p99_ms: polling.p99 });
      emit({
        bench: 'precision',
        n: precision.n,
        span_s: precision.spanS,
        p50_ms: precision.p50,
        p99_ms: precision.p99,
        max_ms: precision.max,
        ratio_vs_polling: round(polling.p99 / Math.max(1, precision.p99)),
      });
    }

    if (wanted('api')) for (const line of await apiLines(db, env, fixtures.receiver, n(200_000, 1000), 'api')) emit(line);
    if (wanted('api-1m')) for (const line of await apiLines(db, env, fixtures.receiver, n(1_000_000, 5000), 'api-1m')) emit(line);

    if (wanted('scale')) {
      const scale: Record<string, number> = {};
      for (const workers of [1, 2, 4]) scale[`workers_${workers}_per_s`] = (await herdRun(db, deadlines, env, fixtures, workers, n(50_000, 500))).perSecond;
      emit({ bench: 'scale', n: n(50_000, 500), ...scale });
    }
  } finally {
    await deadlines.close();
    await connection.quit();
    if (process.env.BENCH_KEEP !== '1') await db.query(`DROP DATABASE IF EXISTS \`${config.database.database}\``);
    await db.destroy();
  }
  const md = summary();
  process.stdout.write(`\n${md}`);
  writeFileSync('bench-results.md', md);
}

/** Puts `jobs` jobs on a queue, then times one worker of the given concurrency working them off. */
async function drain(name: string, jobs: number, concurrency: number, process: (job: Job) => Promise<unknown>, connection: RedisClient, prefix: string) {
  const queue = new Queue(name, { connection, prefix });
  await queue.addBulk(Array.from({ length: jobs }, (_, i) => ({ name, data: { id: i + 1 }, opts: { removeOnComplete: true } })));
  let done = 0;
  const start = performance.now();
  const worker = new Worker(name, process, { connection, prefix, concurrency });
  worker.on('completed', () => (done += 1));
  await until(async () => done >= jobs, 600_000, 20);
  const seconds = (performance.now() - start) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { jobs, perSecond: Math.round(jobs / seconds) };
}

/** BullMQ alone: no-op jobs through one worker. */
async function baselineBullmq(connection: RedisClient, prefix: string) {
  return drain('bench-noop', n(50_000), 50, async () => undefined, connection, prefix);
}

/** The naive escalation: one job per row, one transaction per job (conditional UPDATE + event). */
async function baselinePerJob(db: Awaited<ReturnType<typeof connect>>, connection: RedisClient, prefix: string) {
  const jobs = n(20_000);
  await db.query('CREATE TABLE bench_items (id INT UNSIGNED PRIMARY KEY, state VARCHAR(20) NOT NULL, version INT NOT NULL DEFAULT 1)');
  for (let i = 0; i < jobs; i += 5000) {
    await db.query('INSERT INTO bench_items (id, state) VALUES ?', [Array.from({ length: Math.min(5000, jobs - i) }, (_, k) => [i + k + 1, 'OPEN'])]);
  }
  const escalate = (job: Job) =>
    db.transaction(async (em) => {
      const result = await em.query(`UPDATE bench_items SET state = 'OVERDUE', version = version + 1 WHERE id = ? AND state = 'OPEN' AND version = 1`, [job.data.id]);
      if (result.affectedRows === 1) {
        await em.query(`INSERT INTO events (subject_type, subject_id, at, action, from_state, to_state) VALUES ('BENCH', ?, NOW(3), 'due', 'OPEN', 'OVERDUE')`, [job.data.id]);
      }
    });
  return drain('bench-per-job', jobs, 16, escalate, connection, prefix);
}

interface HerdFixtures {
  receiver: number;
  policy: number;
  cadence: number;
  units: number[];
}

/** Seconds after the due instant at which the herd's policy urges. */
const URGE_AFTER_S = 1;

/** Units with one liaison each, a two-step policy (due, then urge a second later), a cadence. */
async function herdFixtures(db: Awaited<ReturnType<typeof connect>>, size: number): Promise<HerdFixtures> {
  await db.query(`INSERT INTO units (name, kind) VALUES ('牵头部门', 'DEPARTMENT')`);
  const [{ id: receiver }] = await db.query(`SELECT id FROM units WHERE name = '牵头部门'`);
  for (let i = 0; i < size; i += 5000) {
    await db.query('INSERT INTO units (name, kind) VALUES ?', [Array.from({ length: Math.min(5000, size - i) }, (_, k) => [`单位${i + k + 1}`, 'ENTERPRISE'])]);
  }
  await db.query(
    `INSERT INTO users (username, password_hash, display_name, unit_id, roles) SELECT CONCAT('liaison', id), '-', name, id, 'UNIT_LIAISON' FROM units WHERE kind = 'ENTERPRISE'`,
  );
  const steps = JSON.stringify([
    { offset: 'PT0S', calendar: 'natural', action: 'due' },
    { offset: `PT${URGE_AFTER_S}S`, calendar: 'natural', action: 'urge' },
  ]);
  const policy = await db.query('INSERT INTO escalation_policies (name, steps) VALUES (?, ?)', ['基准规则', steps]);
  const cadence = await db.query(
    `INSERT INTO cadences (name, kind, frequency, day_of_month, time, timezone, shift, active_from, receiver_unit_id, policy_id, owing_unit_kinds, materialised_until)
     VALUES ('基准月报', 'REPORT', 'MONTHLY', 20, '23:59:59', 'Asia/Shanghai', 'NONE', NOW(3), ?, ?, '["ENTERPRISE"]', '2100-01-01')`,
    [receiver, policy.insertId],
  );
  const units = (await db.query(`SELECT id FROM units WHERE kind = 'ENTERPRISE' ORDER BY id`)).map((r: { id: number }) => Number(r.id));
  return { receiver: Number(receiver), policy: Number(policy.insertId), cadence: Number(cadence.insertId), units };
}

let herdSeq = 0;

/** The database server's CPU time so far, when it is this machine's (see databaseCpuMs), or null. */
function localDatabaseCpuMs(): number | null {
  return ['127.0.0.1', 'localhost', '::1'].includes(loadAppConfig().database.host) ? databaseCpuMs() : null;
}

/** `size` obligations due at one instant, worked off by `workers` worker processes. */
async function herdRun(db: Awaited<ReturnType<typeof connect>>, deadlines: Queue, env: NodeJS.ProcessEnv, f: HerdFixtures, workers: number, size: number) {
  const period = `B${++herdSeq}`;
  const children = [];
  for (let i = 0; i < workers; i++) children.push(await startProcess('worker', env));
  try {
    const due = new Date(Math.ceil((Date.now() + 8000) / 1000) * 1000);
    const occurrence = await db.query('INSERT INTO occurrences (cadence_id, period, local_date, due_at) VALUES (?, ?, CURDATE(), ?)', [f.cadence, period, due]);
    const owing = f.units.slice(0, size);
    for (let i = 0; i < owing.length; i += 10_000) {
      await db.query(`INSERT INTO obligations (occurrence_id, cadence_id, unit_id, receiver_unit_id, policy_id, period, due_at, next_step, next_step_at) VALUES ?`, [
        owing.slice(i, i + 10_000).map((u) => [occurrence.insertId, f.cadence, u, f.receiver, f.policy, period, due, 0, due]),
      ]);
    }
    await deadlines.add('deadline-sweep', { at: due.toISOString() }, { jobId: `sweep-${due.getTime()}`, delay: Math.max(0, due.getTime() - Date.now()), removeOnComplete: true });
    await sleep(Math.max(0, due.getTime() - Date.now()));
    const cpuAtDue = { db: localDatabaseCpuMs(), workers: children.map(cpuMs) };
    // The probe reads one entry of the next-step index: whether any of the herd's steps at an instant is
    // still to run. (Counting the herd's 100,000 rows every 50 ms took about 45 ms of the database's CPU
    // each time, from the engine it measured.) The due step moves a row's next step to the urge instant in
    // the same UPDATE that marks it OVERDUE, and the urge step moves it on to none.
    const waiting = async (at: Date) => (await db.query('SELECT 1 FROM obligations WHERE next_step_at = ? LIMIT 1', [at])).length > 0;
    const overdueMs = await until(async () => !(await waiting(due)), 600_000, 50);
    const nextMs = overdueMs + (await until(async () => !(await waiting(new Date(due.getTime() + URGE_AFTER_S * 1000))), 600_000, 50));
    const dbCpuMs = cpuAtDue.db === null ? null : localDatabaseCpuMs()! - cpuAtDue.db;
    const workersCpuMs = children.map(cpuMs).reduce((sum, ms, i) => sum + ms - cpuAtDue.workers[i], 0);
    const count = async (where: string) => Number((await db.query(`SELECT COUNT(*) AS n FROM obligations WHERE occurrence_id = ? AND ${where}`, [occurrence.insertId]))[0].n);
    const [overdue, urged] = [await count(`timeliness = 'OVERDUE'`), await count('next_step = 2 AND next_step_at IS NULL')];
    if (overdue !== size || urged !== size) throw new Error(`herd: ${overdue} OVERDUE and ${urged} urged of ${size}`);
    return {
      n: size,
      overdueS: round(overdueMs / 1000),
      nextStepsS: round(nextMs / 1000),
      perSecond: Math.round(size / (overdueMs / 1000)),
      dbCpuS: dbCpuMs === null ? null : round(dbCpuMs / 1000),
      workersCpuS: round(workersCpuMs / 1000),
      peakRssMb: Math.max(...children.map((c) => c.peakRssMb())),
    };
  } finally {
    for (const c of children) await c.stop();
  }
}

/** The home-made way: a sweep once a minute. Lateness of deadlines spread over two minutes. */
async function baselinePolling(db: Awaited<ReturnType<typeof connect>>) {
  const count = n(1000);
  const spanMs = 120_000 * Math.min(1, SCALE);
  const everyMs = 60_000 * Math.min(1, SCALE);
  await db.query('CREATE TABLE bench_polled (id INT UNSIGNED PRIMARY KEY, due_at DATETIME(3) NOT NULL, handled_at DATETIME(3) NULL, KEY (due_at))');
  const start = Date.now() + 1000;
  await db.query('INSERT INTO bench_polled (id, due_at) VALUES ?', [Array.from({ length: count }, (_, i) => [i + 1, new Date(start + Math.random() * spanMs)])]);
  const phase = Math.random() * everyMs;
  await sleep(1000 + phase);
  for (let t = 0; t <= spanMs + everyMs; t += everyMs) {
    await db.query('UPDATE bench_polled SET handled_at = NOW(3) WHERE due_at <= NOW(3) AND handled_at IS NULL');
    const [{ pending }] = await db.query('SELECT COUNT(*) AS pending FROM bench_polled WHERE handled_at IS NULL');
    if (Number(pending) === 0) break;
    await sleep(everyMs);
  }
  const late = (await db.query('SELECT TIMESTAMPDIFF(MICROSECOND, due_at, handled_at) / 1000 AS ms FROM bench_polled WHERE handled_at IS NOT NULL'))
    .map((r: { ms: string }) => Number(r.ms))
    .sort((a: number, b: number) => a - b);
  return { n: count, p50: Math.round(percentile(late, 50)), p99: Math.round(percentile(late, 99)) };
}

/** Isolated deadlines (tasks with one step at their due instant) spread over 30 s. */
async function precisionRun(db: Awaited<ReturnType<typeof connect>>, deadlines: Queue, env: NodeJS.ProcessEnv, unit: number) {
  const count = n(1000);
  const spanMs = 30_000 * Math.min(1, Math.max(0.2, SCALE));
  const worker = await startProcess('worker', env);
  try {
    const policy = await db.query('INSERT INTO escalation_policies (name, steps) VALUES (?, ?)', [
      '到期即办',
      JSON.stringify([{ offset: 'PT0S', calendar: 'natural', action: 'due' }]),
    ]);
    const start = Date.now() + 3000;
    const dues = Array.from({ length: count }, (_, i) => new Date(start + Math.floor((i * spanMs) / count) + Math.floor(Math.random() * 997)));
    await db.query(`INSERT INTO tasks (title, state, issuer_unit_id, owner_unit_id, policy_id, due_at, next_step, next_step_at, source_kind) VALUES ?`, [
      dues.map((d, i) => [`精度${i}`, 'ASSIGNED', unit, unit, policy.insertId, d, 0, d, 'BENCH']),
    ]);
    // As the api arms them on assign: one delayed sweep per instant.
    await deadlines.addBulk(
      dues.map((d) => ({
        name: 'deadline-sweep',
        data: { at: d.toISOString() },
        opts: { jobId: `sweep-${d.getTime()}`, delay: d.getTime() - Date.now(), removeOnComplete: true },
      })),
    );
    await until(async () => Number((await db.query(`SELECT COUNT(*) AS n FROM step_runs WHERE subject_type = 'TASK'`))[0].n) >= count, spanMs + 120_000, 200);
    const late = (await db.query(`SELECT TIMESTAMPDIFF(MICROSECOND, due_at, ran_at) / 1000 AS ms FROM step_runs WHERE subject_type = 'TASK'`))
      .map((r: { ms: string }) => Number(r.ms))
      .sort((a: number, b: number) => a - b);
    return { n: count, spanS: spanMs / 1000, p50: Math.round(percentile(late, 50)), p99: Math.round(percentile(late, 99)), max: Math.round(late[late.length - 1]) };
  } finally {
    await worker.stop();
  }
}

/** The two list requests of the `api` lines: the open supervision list, and one unit's tasks in progress. */
function listRequests(ownerUnitId: number) {
  return {
    supervision: '/api/v1/supervision?open=true&pageSize=20',
    tasks: `/api/v1/tasks?state=IN_PROGRESS&ownerUnitId=${ownerUnitId}&pageSize=20`,
  };
}

/** Adds tasks (one in 50 supervised) until the table holds `total` of them; owners cycle over the units. */
async function growTasks(db: Awaited<ReturnType<typeof connect>>, total: number, issuer: number, units: number[]): Promise<void> {
  const states = ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'DONE'];
  const [{ n: have }] = (await db.query('SELECT COUNT(*) AS n FROM tasks WHERE title LIKE ?', ['负载任务%'])) as { n: string }[];
  for (let i = Number(have); i < total; i += 10_000) {
    const rows = Array.from({ length: Math.min(10_000, total - i) }, (_, k) => {
      const j = i + k;
      return [`负载任务${j}`, states[j % 4], issuer, units[j % units.length], new Date(Date.now() + ((j % 120) - 60) * 86_400_000), j % 50 === 0 ? 2 : 0];
    });
    await db.query('INSERT INTO tasks (title, state, issuer_unit_id, owner_unit_id, due_at, escalation_level) VALUES ?', [rows]);
  }
  await db.query(
    `INSERT INTO supervision_entries (subject_type, subject_id, level, reason, owner_unit_id, opened_at)
     SELECT 'TASK', t.id, 2, CONCAT(t.title, '逾期未办结（督办）'), t.owner_unit_id, NOW(3) FROM tasks t
      WHERE t.escalation_level = 2 AND NOT EXISTS (SELECT 1 FROM supervision_entries e WHERE e.subject_type = 'TASK' AND e.subject_id = t.id)`,
  );
}

/**
 * The tasks and supervision entries just added appended their tally changes; a worker folds them
 * after its start's reconciliation, as it does after every sweep, before the lists are measured.
 */
async function foldTallies(db: Awaited<ReturnType<typeof connect>>, env: NodeJS.ProcessEnv): Promise<void> {
  const worker = await startProcess('worker', env);
  try {
    await until(async () => Number((await db.query(UNFOLDED_TALLY_CHANGES))[0].n) === 0, 600_000, 500);
  } finally {
    await worker.stop();
  }
}

/**
 * 32 clients on one request for a while; req/s and latency as autocannon reports them, and the
 * server's CPU time per request (from /proc: steadier than req/s when other work shares the cores).
 * The server is warmed first on the same request: the first seconds after a start are V8
 * compiling the request's path (Duban's api answered a fresh start's first 15 s with a p99 of
 * 53 ms and a maximum of 405 ms, the next 15 s with 30 ms and 74 ms), and a server in service is
 * warm.
 */
async function load(server: Child, path: string, headers: Record<string, string>) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon');
  const url = `http://127.0.0.1:${server.port}${path}`;
  await autocannon({ url, connections: 32, duration: Math.max(2, Math.round(5 * Math.min(1, SCALE))), headers });
  const cpuBefore = cpuMs(server);
  const result = await autocannon({ url, connections: 32, duration: Math.max(5, Math.round(15 * Math.min(1, SCALE))), headers });
  return {
    req_per_s: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    cpu_ms_per_req: round((cpuMs(server) - cpuBefore) / Math.max(1, result.requests.total)),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * The api lines: Duban's api and its floor (a bare node:http + mysql2 server issuing the same SQL,
 * apps/bench/api-floor.ts) under the same load on the same data, one request at a time. Both must
 * answer the same items and totals first. `BENCH_API_PROFILE=1` keeps a CPU profile of the api.
 */
async function apiLines(db: Awaited<ReturnType<typeof connect>>, env: NodeJS.ProcessEnv, issuer: number, total: number, line: string): Promise<Record<string, unknown>[]> {
  const units = (await db.query(`SELECT id FROM units ORDER BY id LIMIT 200`)).map((r: { id: number }) => Number(r.id));
  await growTasks(db, total, issuer, units);
  await foldTallies(db, env);
  const requests = listRequests(units[1]);
  const profile = process.env.BENCH_API_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench-profiles')}`] : [];
  const api = await startProcess('api', { ...env, API_PROCESSES: process.env.BENCH_API_PROCESSES ?? '1' }, profile);
  const floor = await startProcess('api-floor', env);
  try {
    const login = await fetch(`http://127.0.0.1:${api.port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: env.DUBAN_ADMIN_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };
    // Both totals are read from tallies: they must also be what the rows themselves count.
    const counted = {
      supervision: Number((await db.query('SELECT COUNT(*) AS n FROM supervision_entries WHERE open_marker = 1'))[0].n),
      tasks: Number((await db.query(`SELECT COUNT(*) AS n FROM tasks WHERE state = 'IN_PROGRESS' AND owner_unit_id = ?`, [units[1]]))[0].n),
    };
    for (const [name, path] of Object.entries(requests)) await sameAnswers(api.port, floor.port, path, headers, counted[name as keyof typeof counted]);
    const apiLine: Record<string, unknown> = { bench: line, n_tasks: total, connections: 32, api_processes: Number(process.env.BENCH_API_PROCESSES ?? 1) };
    const floorLine: Record<string, unknown> = { bench: `baseline-${line}-floor`, n_tasks: total, connections: 32 };
    for (const [name, path] of Object.entries(requests)) {
      const bare = await load(floor, path, {});
      const duban = await load(api, path, headers);
      floorLine[name] = bare;
      apiLine[name] = { ...duban, ratio_vs_floor: round(duban.req_per_s / bare.req_per_s) };
    }
    return [floorLine, apiLine];
  } finally {
    await floor.stop();
    await api.stop();
  }
}

/**
 * The floor must answer what the api answers (the same items, in the same order, and the same
 * total), or the comparison means nothing; and the total must be the rows' own count.
 */
async function sameAnswers(apiPort: number, floorPort: number, path: string, headers: Record<string, string>, counted: number): Promise<void> {
  type Answer = { items: { id: number }[]; total: number };
  const [duban, bare] = (await Promise.all([
    fetch(`http://127.0.0.1:${apiPort}${path}`, { headers }).then((r) => r.json()),
    fetch(`http://127.0.0.1:${floorPort}${path}`).then((r) => r.json()),
  ])) as [Answer, Answer];
  const ids = (a: Answer) => `${a.total}:${a.items.map((i) => i.id).join(',')}`;
  if (duban.items.length === 0 || ids(duban) !== ids(bare)) throw new Error(`the floor answers ${path} differently: api ${ids(duban)}, floor ${ids(bare)}`);
  if (duban.total !== counted) throw new Error(`${path} answers a total of ${duban.total}, but ${counted} rows match`);
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

interface ApiResult {
  req_per_s: number;
  p50_ms: number;
  p99_ms: number;
  cpu_ms_per_req: number;
  ratio_vs_floor?: number;
}

/** The Markdown summary: one row per measurement this run made. */
function summary(): string {
  const row = (name: string) => results.find((r) => r.bench === name) ?? {};
  const apiRow = (line: string) => {
    const r = row(line) as Record<string, ApiResult | undefined>;
    const f = row(`baseline-${line}-floor`) as Record<string, ApiResult | undefined>;
    const cell = (name: string) =>
      `${name}: ${r[name]?.req_per_s} req/s (floor ${f[name]?.req_per_s}, ×${r[name]?.ratio_vs_floor}), p50 ${r[name]?.p50_ms} ms, p99 ${r[name]?.p99_ms} ms, CPU ${r[name]?.cpu_ms_per_req} ms/req (floor ${f[name]?.cpu_ms_per_req})`;
    return `| ${line} (${row(line).n_tasks} tasks, 32 clients) | ${cell('supervision')}; ${cell('tasks')} | ratio ≥ 0.4, p99 < 50 ms |`;
  };
  const rows: [string, () => string][] = [
    ['baseline-bullmq', () => `| baseline-bullmq | ${row('baseline-bullmq').jobs_per_s} no-op jobs/s | — |`],
    ['baseline-per-job', () => `| baseline-per-job | ${row('baseline-per-job').jobs_per_s} jobs/s (one transaction each) | — |`],
    ['baseline-polling', () => `| baseline-polling | p50 ${row('baseline-polling').p50_ms} ms, p99 ${row('baseline-polling').p99_ms} ms | — |`],
    [
      'herd',
      () =>
        `| herd (${row('herd').n}) | all OVERDUE in ${row('herd').overdue_s} s, next steps in ${row('herd').next_steps_s} s (database CPU ${row('herd').db_cpu_s ?? '—'} s, worker ${row('herd').worker_cpu_s} s), ${row('herd').escalations_per_s}/s, ×${row('herd').ratio_vs_per_job} vs per-job | ≤ 3 s, ≤ 6 s, ≥ ×2 |`,
    ],
    [
      'precision',
      () =>
        `| precision (${row('precision').n} over ${row('precision').span_s} s) | p50 ${row('precision').p50_ms} ms, p99 ${row('precision').p99_ms} ms, max ${row('precision').max_ms} ms, ×${row('precision').ratio_vs_polling} vs polling | p99 < 1,000 ms |`,
    ],
    ['api', () => apiRow('api')],
    ['api-1m', () => apiRow('api-1m')],
    [
      'scale',
      () =>
        `| scale (${row('scale').n}) | 1 worker ${row('scale').workers_1_per_s}/s, 2 workers ${row('scale').workers_2_per_s}/s, 4 workers ${row('scale').workers_4_per_s}/s | — |`,
    ],
    ['memory', () => `| memory | worker peak RSS ${row('memory').peak_rss_mb} MB during the herd | < 250 MB |`],
  ];
  const measured = rows.filter(([name]) => results.some((r) => r.bench === name)).map(([, line]) => line());
  return [`## Duban benchmark (BENCH_SCALE=${SCALE}, ${new Date().toISOString()})`, '', '| measurement | result | target |', '|---|---|---|', ...measured, ''].join('\n');
}

main().catch(async (error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  await stopAll();
  process.exit(1);
});
