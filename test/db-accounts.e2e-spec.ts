import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '@duban/config';
import { APPEND_ONLY_TABLES, foldTallyChanges, migrateDatabase, SUPERVISION_TALLIES, Tallies, TASK_TALLIES } from '@duban/persistence';
import { ADMIN_PASSWORD, http, isolatedEnvironment, login, startApi } from './support/harness';

/*
 * Two database accounts: `migrate` runs as the owner and grants the account the processes run
 * as; that account may read and write rows but not alter the schema, drop a trigger, or update
 * or delete events, published notices and the audit log. The api runs on it.
 */
describe('database accounts (e2e)', () => {
  let cleanup: () => Promise<void>;
  let owner: DataSource;
  let app: DataSource;
  let api: INestApplication | undefined;
  const username = `duban_app_${Date.now().toString(36)}`;
  const password = `app'口令"\\${Date.now()}`; // quotes and a backslash: the grant must not break on them

  beforeAll(async () => {
    cleanup = await isolatedEnvironment('dbaccounts', {});
    const config = loadAppConfig('/nonexistent/.env');
    const appAccount = { ...config.database, username, password };
    const lines: string[] = [];
    // Run twice: granting again (after a later migration) is harmless.
    await migrateDatabase(config.database, (line) => lines.push(line), appAccount);
    await migrateDatabase(config.database, (line) => lines.push(line), appAccount);
    expect(lines.filter((l) => l.startsWith(`app account ${username}`))).toHaveLength(2);
    owner = new DataSource({ type: 'mysql', ...config.database, timezone: 'Z' });
    app = new DataSource({ type: 'mysql', ...appAccount, timezone: 'Z' });
    await owner.initialize();
    await app.initialize();
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await app?.destroy();
    await owner?.query(`DROP USER IF EXISTS '${username}'@'%'`);
    await owner?.destroy();
    await cleanup?.();
  });

  /** The MySQL error code a statement fails with, or null if it succeeds. */
  async function refusal(sql: string, params: unknown[] = []): Promise<string | null> {
    try {
      await app.query(sql, params);
      return null;
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
  }

  it('reads and writes rows', async () => {
    await app.query(`INSERT INTO units (name, kind) VALUES ('权限测试单位', 'ENTERPRISE')`);
    await app.query(`UPDATE units SET full_name = '权限测试单位全称' WHERE name = '权限测试单位'`);
    expect(await app.query(`SELECT full_name FROM units WHERE name = '权限测试单位'`)).toEqual([{ full_name: '权限测试单位全称' }]);
    await app.query(`DELETE FROM units WHERE name = '权限测试单位'`);
    await app.query(`INSERT INTO events (subject_type, subject_id, at, action) VALUES ('TASK', 1, NOW(3), 'probe')`);
    await app.query(`INSERT INTO audit_log (at, action, target) VALUES (NOW(3), 'probe', 'probe')`);
  });

  it('may not update or delete events, published notices or the audit log', async () => {
    await owner.query(`INSERT INTO notices (kind, period, title, snapshot, published_at) VALUES ('MONTHLY', '2026-01', '权限测试通报', '{}', NOW(3))`);
    expect(APPEND_ONLY_TABLES).toEqual(['events', 'notices', 'audit_log', 'file_access']);
    for (const table of APPEND_ONLY_TABLES) {
      const column = table === 'notices' ? 'title' : 'action';
      expect([table, await refusal(`UPDATE ${table} SET ${column} = 'x'`)]).toEqual([table, 'ER_TABLEACCESS_DENIED_ERROR']);
      expect([table, await refusal(`DELETE FROM ${table}`)]).toEqual([table, 'ER_TABLEACCESS_DENIED_ERROR']);
    }
  });

  /** A tally as the app account reads it: folded plus not folded yet, for the key's columns given. */
  async function tallied(tallies: Tallies, key: Record<string, unknown>): Promise<number> {
    const where = Object.keys(key)
      .map((column) => `${column} = ?`)
      .join(' AND ');
    const [{ n }] = await app.query(
      `SELECT COALESCE(SUM(n), 0) AS n FROM (SELECT ${tallies.count} AS n FROM ${tallies.table} WHERE ${where} UNION ALL SELECT delta FROM ${tallies.changes} WHERE ${where}) k`,
      [...Object.values(key), ...Object.values(key)],
    );
    return Number(n);
  }

  it('keeps the supervision tallies through the triggers on its writes of entries', async () => {
    const unit = { id: (await owner.query(`INSERT INTO units (name, kind) VALUES ('督办汇总测试单位', 'DEPARTMENT')`)).insertId as number };
    const tally = (level: number) => tallied(SUPERVISION_TALLIES, { owner_unit_id: unit.id, level });
    await app.query(`INSERT INTO supervision_entries (subject_type, subject_id, level, reason, owner_unit_id, opened_at) VALUES ('TASK', 987654, 2, '权限测试', ?, NOW(3))`, [
      unit.id,
    ]);
    expect([await tally(2), await tally(3)]).toEqual([1, 0]);
    await app.query(`UPDATE supervision_entries SET level = 3 WHERE subject_type = 'TASK' AND subject_id = 987654`);
    expect([await tally(2), await tally(3)]).toEqual([0, 1]);
    await app.query(`UPDATE supervision_entries SET closed_at = NOW(3), open_marker = NULL WHERE subject_type = 'TASK' AND subject_id = 987654`);
    expect([await tally(2), await tally(3)]).toEqual([0, 0]);
  });

  it('keeps the task tallies through the triggers on its writes of tasks, and may fold them', async () => {
    const unit = { id: (await owner.query(`INSERT INTO units (name, kind) VALUES ('任务汇总测试单位', 'DEPARTMENT')`)).insertId as number };
    const tally = (state: string) => tallied(TASK_TALLIES, { owner_unit_id: unit.id, state });
    const { insertId } = await app.query(`INSERT INTO tasks (title, state, issuer_unit_id, owner_unit_id, due_at) VALUES ('权限测试任务', 'ASSIGNED', ?, ?, NOW(3))`, [
      unit.id,
      unit.id,
    ]);
    expect([await tally('ASSIGNED'), await tally('IN_PROGRESS')]).toEqual([1, 0]);
    await app.query(`UPDATE tasks SET state = 'IN_PROGRESS' WHERE id = ?`, [insertId]);
    expect([await tally('ASSIGNED'), await tally('IN_PROGRESS')]).toEqual([0, 1]);
    // The workers fold on this account too.
    await app.transaction((tx) => foldTallyChanges(tx, TASK_TALLIES, 10_000));
    expect(Number((await app.query('SELECT COUNT(*) AS n FROM task_tally_changes'))[0].n)).toBe(0);
    expect([await tally('ASSIGNED'), await tally('IN_PROGRESS')]).toEqual([0, 1]);
  });

  it('may not change the schema or its triggers', async () => {
    expect(await refusal('ALTER TABLE tasks ADD COLUMN sneaky INT NULL')).toBe('ER_TABLEACCESS_DENIED_ERROR');
    expect(await refusal('DROP TRIGGER events_no_update')).toMatch(/DENIED/);
    expect(await refusal('DROP TABLE audit_log')).toBe('ER_TABLEACCESS_DENIED_ERROR');
    expect(await refusal('CREATE TABLE sneaky (id INT)')).toMatch(/DENIED/);
    expect(await refusal('TRUNCATE TABLE events')).toMatch(/DENIED/);
    expect(await refusal(`GRANT ALL ON *.* TO '${username}'@'%'`)).toMatch(/DENIED/);
  });

  it('keeps the triggers as a second wall, even for the owner', async () => {
    await expect(owner.query(`UPDATE events SET action = 'rewritten'`)).rejects.toThrow('events are append-only');
    await expect(owner.query(`DELETE FROM notices`)).rejects.toThrow('notices are immutable');
    await expect(owner.query(`DELETE FROM audit_log`)).rejects.toThrow('the audit log is append-only');
  });

  it('runs the api: sign-in, a task created and assigned, the changes audited', async () => {
    const config = loadAppConfig('/nonexistent/.env');
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = `mysql://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${config.database.host}:${config.database.port}/${config.database.database}`;
    try {
      api = await startApi();
    } finally {
      process.env.DATABASE_URL = saved;
    }
    const admin = await login(api, 'admin', ADMIN_PASSWORD);
    const as = { authorization: `Bearer ${admin}` };
    const unit = (await http(api).post('/api/v1/units').set(as).send({ name: '应用账户测试单位', kind: 'DEPARTMENT' }).expect(201)).body.id;
    const task = await http(api)
      .post('/api/v1/tasks')
      .set(as)
      .send({ title: '以应用账户运行', issuerUnitId: unit, ownerUnitId: unit, dueAt: new Date(Date.now() + 86_400_000).toISOString() })
      .expect(201);
    await http(api).post(`/api/v1/tasks/${task.body.id}/transitions`).set(as).send({ action: 'assign' }).expect(200);
    const audited = await owner.query(`SELECT action FROM audit_log WHERE target = 'unit' AND target_id = ?`, [String(unit)]);
    expect(audited).toEqual([{ action: 'unit.create' }]);
  });
});
