import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { adminToken, createHerd, eventually, herdCounts, isolatedEnvironment, sql, startApi, startWorker } from '../test/support/harness';

/* Measures a herd (MEASURE_HERD, default 100,000) due at one instant: npm run bench:herd. */
const SIZE = Number(process.env.MEASURE_HERD ?? 100_000);
/** Seconds after the due instant at which the herd's policy urges. */
const URGE_AFTER_S = 1;
describe('herd measurement', () => {
  it(`${SIZE} obligations due at one instant`, async () => {
    const cleanup = await isolatedEnvironment('measure', { DUBAN_TICK_MS: '1000' });
    const api: INestApplication = await startApi();
    const admin = await adminToken(api);
    const workers: INestApplicationContext[] = [];
    try {
      const t0 = Date.now();
      const herd = await createHerd(
        api,
        admin,
        SIZE,
        [
          { offset: 'PT0S', calendar: 'natural', action: 'due' },
          { offset: `PT${URGE_AFTER_S}S`, calendar: 'natural', action: 'urge' },
        ],
        15000,
      );
      // One liaison per unit, as in a real deployment: every step notifies someone.
      if (process.env.MEASURE_LIAISONS !== '0') {
        await sql(
          api,
          `INSERT INTO users (username, password_hash, display_name, unit_id, roles) SELECT CONCAT('liaison-', id), '-', name, id, 'UNIT_LIAISON' FROM units WHERE kind = 'ENTERPRISE'`,
        );
      }
      console.log(`materialised ${herd.total} in ${Date.now() - t0} ms; due in ${herd.due.getTime() - Date.now()} ms`);
      for (let i = 0; i < Number(process.env.MEASURE_WORKERS ?? 1); i++) workers.push(await startWorker());
      // Whether any of the herd's steps at an instant is still to run: one entry of the next-step index, not a
      // count of the herd every 50 ms (which took the database about 45 ms each time; docs/PERFORMANCE.md).
      const done = async (at: Date) => (await sql(api, 'SELECT 1 FROM obligations WHERE next_step_at = ? LIMIT 1', [at])).length === 0;
      await eventually(() => done(herd.due), 120_000, 50);
      const overdue = Date.now() - herd.due.getTime();
      const urgeAt = new Date(herd.due.getTime() + URGE_AFTER_S * 1000);
      await eventually(() => done(urgeAt), 120_000, 50);
      const urged = Date.now() - urgeAt.getTime();
      const [row] = await sql<{ n: number }>(api, `SELECT COUNT(*) AS n FROM obligations WHERE occurrence_id = ? AND timeliness = 'OVERDUE'`, [herd.occurrenceId]);
      expect(Number(row.n)).toBe(herd.total);
      expect((await herdCounts(api, herd.occurrenceId)).runs).toBe(2 * herd.total);
      const [{ n: notified }] = await sql<{ n: number }>(api, 'SELECT COUNT(*) AS n FROM notifications');
      console.log(`all OVERDUE ${overdue} ms after due; all urged ${urged} ms after the urge time; ${notified} notifications`);
    } finally {
      for (const w of workers) await w.close();
      await api.close();
      await cleanup();
    }
  }, 600_000);
});
