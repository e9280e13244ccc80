import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeadlineTriggerService, SchedulingService } from '@duban/core';
import { SUBJECTS } from '@duban/persistence';
import { Clock } from '@duban/domain';
import { adminToken, eventually, http, isolatedEnvironment, sql, startApi, startWorker } from '../test/support/harness';

/*
 * Precision of isolated deadlines: PRECISION_N tasks (default 1,000), each with one step at
 * its due instant, spread over PRECISION_SPAN_S seconds (default 30). Lateness is when the
 * step was recorded minus when it was due. npm run bench:herd runs it too.
 */
const N = Number(process.env.PRECISION_N ?? 1000);
const SPAN_MS = Number(process.env.PRECISION_SPAN_S ?? 30) * 1000;

describe('deadline precision', () => {
  it(`${N} isolated deadlines over ${SPAN_MS / 1000} s`, async () => {
    const cleanup = await isolatedEnvironment('precision', { DUBAN_TICK_MS: '60000' });
    const api: INestApplication = await startApi();
    let worker: INestApplicationContext | null = null;
    try {
      const admin = await adminToken(api);
      const auth = { authorization: `Bearer ${admin}` };
      const unit = (await http(api).post('/api/v1/units').set(auth).send({ name: '精度测试', kind: 'DEPARTMENT' }).expect(201)).body.id;
      const policy = (
        await http(api)
          .post('/api/v1/escalation-policies')
          .set(auth)
          .send({ name: '到期即办', steps: [{ offset: 'PT0S', calendar: 'natural', action: 'due' }] })
          .expect(201)
      ).body.id;
      worker = await startWorker();
      const start = Date.now() + 3000;
      const dues = Array.from({ length: N }, (_, i) => new Date(start + Math.floor((i * SPAN_MS) / N) + Math.floor(Math.random() * 997)));
      const db = api.get(DataSource);
      const scheduling = api.get(SchedulingService);
      const armed: Date[] = [];
      // As the api does on assign: a row, its cursor, a delayed sweep.
      await db.transaction(async (em) => {
        for (const [i, due] of dues.entries()) {
          const result = await em.query(`INSERT INTO tasks (title, state, issuer_unit_id, owner_unit_id, policy_id, due_at) VALUES (?, 'ASSIGNED', ?, ?, ?, ?)`, [
            `精度任务${i}`,
            unit,
            unit,
            policy,
            due,
          ]);
          armed.push((await scheduling.schedule(em, SUBJECTS.TASK, Number(result.insertId), due, policy, api.get(Clock).now(), false))!);
        }
      });
      await api.get(DeadlineTriggerService).arm(armed);
      await eventually(
        async () => {
          const [row] = await sql<{ n: number }>(api, `SELECT COUNT(*) AS n FROM step_runs WHERE subject_type = 'TASK'`);
          return Number(row.n) === N;
        },
        SPAN_MS + 60_000,
        500,
      );
      const rows = await sql<{ late: number }>(api, `SELECT TIMESTAMPDIFF(MICROSECOND, due_at, ran_at) / 1000 AS late FROM step_runs WHERE subject_type = 'TASK' ORDER BY late`);
      const late = rows.map((r) => Number(r.late));
      const pct = (p: number) => late[Math.min(late.length - 1, Math.ceil((p / 100) * late.length) - 1)];
      const result = { bench: 'precision', n: N, span_s: SPAN_MS / 1000, p50_ms: pct(50), p99_ms: pct(99), max_ms: late[late.length - 1], min_ms: late[0] };
      console.log(JSON.stringify(result));
      expect(result.min_ms).toBeGreaterThanOrEqual(0);
    } finally {
      await worker?.close();
      await api.close();
      await cleanup();
    }
  });
});
