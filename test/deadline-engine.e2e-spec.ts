import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobService, QueueName } from '@duban/queue';
import {
  adminToken,
  createHerd,
  createUser,
  eventually,
  herdCounts,
  http,
  loadProfile,
  sql,
  startApi,
  startWorker,
  tallyDrift,
  unfoldedTallyChanges,
  unitId,
} from './support/harness';

/*
 * The deadline engine end to end: real BullMQ delayed sweeps, a real worker, MariaDB as the
 * truth. A task walks every step of a short policy at the second it falls due.
 */
describe('deadline engine (e2e)', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  let admin: string;
  let issuer: { id: number; token: string };
  let owner: { id: number; token: string };
  let supervisor: { id: number; token: string };
  let units: { issuer: number; owner: number };

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
    await loadProfile(api, 'zhengzhou-2021');
    admin = await adminToken(api);
    units = { issuer: await unitId(api, '市发展改革委'), owner: await unitId(api, '金水区') };
    issuer = await createUser(api, admin, { roles: ['LEAD_UNIT'], unitId: units.issuer });
    owner = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: units.owner });
    supervisor = await createUser(api, admin, { roles: ['SUPERVISOR'] });
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  /** An escalation policy with the given steps; answers its id. */
  const createPolicy = async (name: string, steps: object[]): Promise<number> =>
    (await http(api).post('/api/v1/escalation-policies').set(as(admin)).send({ name, steps }).expect(201)).body.id;

  /** A task under the policy, created by the supervisor (only a supervisor or an admin chooses a task's policy) and assigned by its issuer; answers its id. */
  const issueTask = async (title: string, dueAt: Date, policyId: number): Promise<number> => {
    const task = await http(api)
      .post('/api/v1/tasks')
      .set(as(supervisor.token))
      .send({ title, issuerUnitId: units.issuer, ownerUnitId: units.owner, dueAt: dueAt.toISOString(), policyId })
      .expect(201);
    await http(api).post(`/api/v1/tasks/${task.body.id}/transitions`).set(as(issuer.token)).send({ action: 'assign' }).expect(200);
    return task.body.id;
  };

  it('walks remind → due → urge → supervise → escalate on time, then closes the supervision entry', async () => {
    const policyId = await createPolicy('秒级测试规则', [
      { offset: '-PT2S', calendar: 'natural', action: 'remind' },
      { offset: 'PT0S', calendar: 'natural', action: 'due' },
      { offset: 'PT1S', calendar: 'natural', action: 'urge' },
      { offset: 'PT2S', calendar: 'natural', action: 'supervise', notify: ['OWNER', 'ISSUER', 'SUPERVISOR'] },
      { offset: 'PT3S', calendar: 'natural', action: 'escalate', notify: ['OWNER', 'ISSUER', 'SUPERVISOR'] },
    ]);
    const dueAt = new Date(Date.now() + 4000);
    const taskId = await issueTask('报送新能源汽车项目推进情况', dueAt, policyId);

    const runs = await eventually(async () => {
      const rows = await sql<{ action: string; step_index: number; ran_at: Date }>(
        api,
        `SELECT action, step_index, ran_at FROM step_runs WHERE subject_type = 'TASK' AND subject_id = ? ORDER BY step_index`,
        [taskId],
      );
      return rows.length === 5 ? rows : null;
    }, 20_000);
    expect(runs!.map((r) => r.action)).toEqual(['remind', 'due', 'urge', 'supervise', 'escalate']);
    // Each step ran at its time, not before, and within a second of it.
    const offsets = [-2000, 0, 1000, 2000, 3000];
    runs!.forEach((run, i) => {
      const lateness = run.ran_at.getTime() - (dueAt.getTime() + offsets[i]);
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThan(1000);
    });

    const read = await http(api).get(`/api/v1/tasks/${taskId}`).set(as(owner.token)).expect(200);
    expect(read.body).toMatchObject({ escalationLevel: 3, timeliness: 'OVERDUE' });
    const open = await http(api).get('/api/v1/supervision').query({ open: true, subjectType: 'TASK' }).set(as(supervisor.token)).expect(200);
    const entry = open.body.items.find((e: { subjectId: number }) => e.subjectId === taskId);
    expect(entry).toMatchObject({ level: 3, ownerUnitId: units.owner, closedAt: null });
    expect(entry.reason).toContain('报送新能源汽车项目推进情况');

    const inbox = await http(api).get('/api/v1/notifications').set(as(owner.token)).expect(200);
    const mine = inbox.body.items.filter((n: { subjectId: number }) => n.subjectId === taskId);
    expect(mine.map((n: { kind: string }) => n.kind).sort()).toEqual(['DUE', 'ESCALATE', 'REMIND', 'SUPERVISE', 'URGE']);
    const urge = mine.find((n: { kind: string }) => n.kind === 'URGE');
    expect(urge.title).toContain('催办');
    expect(urge.body).toContain('金水区');
    const issuerInbox = await http(api).get('/api/v1/notifications').set(as(issuer.token)).expect(200);
    expect(
      issuerInbox.body.items
        .filter((n: { subjectId: number }) => n.subjectId === taskId)
        .map((n: { kind: string }) => n.kind)
        .sort(),
    ).toEqual(['ESCALATE', 'SUPERVISE', 'URGE']);
    await http(api).post(`/api/v1/notifications/${urge.id}/read`).set(as(owner.token)).expect(200);
    await http(api).post(`/api/v1/notifications/${urge.id}/read`).set(as(issuer.token)).expect(404);
    const unread = await http(api).get('/api/v1/notifications').query({ unread: true }).set(as(owner.token)).expect(200);
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(urge.id);

    // Exactly one event per step, however often sweeps ran.
    const events = await sql<{ action: string; n: number }>(api, `SELECT action, COUNT(*) AS n FROM events WHERE subject_type = 'TASK' AND subject_id = ? GROUP BY action`, [
      taskId,
    ]);
    for (const action of ['remind', 'due', 'urge', 'supervise', 'escalate']) expect(Number(events.find((e) => e.action === action)?.n)).toBe(1);

    await http(api).post(`/api/v1/tasks/${taskId}/transitions`).set(as(owner.token)).send({ action: 'accept' }).expect(200);
    await http(api).post(`/api/v1/tasks/${taskId}/transitions`).set(as(owner.token)).send({ action: 'submit' }).expect(200);
    await http(api).post(`/api/v1/tasks/${taskId}/transitions`).set(as(issuer.token)).send({ action: 'complete' }).expect(200);
    const closed = await http(api).get('/api/v1/supervision').query({ open: false, subjectType: 'TASK' }).set(as(supervisor.token)).expect(200);
    expect(closed.body.items.find((e: { subjectId: number }) => e.subjectId === taskId)).toMatchObject({ level: 3, closedAt: expect.any(String) });
    const done = await http(api).get(`/api/v1/tasks/${taskId}`).set(as(owner.token)).expect(200);
    expect(done.body).toMatchObject({ state: 'DONE', timeliness: 'LATE' });
  });

  /** Runs `work` while an open transaction holds the row `lock` selects FOR UPDATE, as a writer does until it commits; then ends that transaction. */
  const holdingRow = async <T>(lock: string, params: unknown[], work: () => Promise<T>): Promise<T> => {
    const writer = api.get(DataSource).createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    try {
      await writer.query(lock, params);
      return await work();
    } finally {
      await writer.rollbackTransaction();
      await writer.release();
    }
  };

  it("runs a step while a recipient's account row is locked by an administrator's edit (a sweep reads recipients without locks)", async () => {
    const policyId = await createPolicy('锁等待测试规则', [{ offset: 'PT0S', calendar: 'natural', action: 'due', notify: ['OWNER'] }]);
    // An open transaction holds the owner's user row, as an account edit does until it commits; it
    // holds it before the task exists, so the step cannot have run before the lock.
    await holdingRow('SELECT id FROM users WHERE id = ? FOR UPDATE', [owner.id], async () => {
      const taskId = await issueTask('报送锁等待测试', new Date(Date.now() + 2000), policyId);
      // Under REPEATABLE READ the step's INSERT … SELECT would wait for a shared lock on that row
      // (50 s, then fail and be retried); it must not wait at all.
      const notified = await eventually(async () => {
        const rows = await sql<{ kind: string }>(api, `SELECT kind FROM notifications WHERE user_id = ? AND subject_type = 'TASK' AND subject_id = ?`, [owner.id, taskId]);
        return rows.length > 0 ? rows : null;
      }, 15_000);
      expect(notified!.map((n) => n.kind)).toEqual(['DUE']);
    });
  });

  it('runs a step a sweep passed over because another transaction held the task, once that transaction ends, without waiting for a tick', async () => {
    const policyId = await createPolicy('行锁跳过测试规则', [{ offset: 'PT0S', calendar: 'natural', action: 'due', notify: ['OWNER'] }]);
    const dueAt = new Date(Date.now() + 3000);
    const taskId = await issueTask('报送行锁跳过测试', dueAt, policyId);
    const deadlines = api.get(JobService).queue(QueueName.Deadlines);
    expect(await deadlines.getJob(`sweep-${dueAt.getTime()}`)).toBeDefined();
    const stepRuns = async () => {
      const [row] = await sql<{ n: number }>(api, `SELECT COUNT(*) AS n FROM step_runs WHERE subject_type = 'TASK' AND subject_id = ?`, [taskId]);
      return Number(row.n);
    };

    // A writer holds the task's row across its due instant (as a slow transition would) and ends
    // without arming anything: the sweep of that instant skips the row and finds nothing else due.
    await holdingRow('SELECT id FROM tasks WHERE id = ? FOR UPDATE', [taskId], async () => {
      await eventually(async () => (await deadlines.getJob(`sweep-${dueAt.getTime()}`)) === undefined, 15_000);
      expect(await stepRuns()).toBe(0);
    });
    // No scheduler runs here: only the sweep's own retry can run the step now.
    await eventually(async () => (await stepRuns()) === 1, 10_000);
  });

  it('handles a herd: every obligation due in the same second is overdue, urged and supervised exactly once', async () => {
    const herd = await createHerd(api, admin, Number(process.env.TEST_HERD_SIZE ?? 3000), [
      { offset: 'PT0S', calendar: 'natural', action: 'due' },
      { offset: 'PT1S', calendar: 'natural', action: 'urge' },
      { offset: 'PT2S', calendar: 'natural', action: 'supervise' },
    ]);
    const [created] = await sql<{ n: number; due: Date }>(api, 'SELECT COUNT(*) AS n, MIN(due_at) AS due FROM obligations WHERE occurrence_id = ?', [herd.occurrenceId]);
    expect(Number(created.n)).toBe(herd.total);
    expect(new Date(created.due).getTime()).toBe(herd.due.getTime());

    await eventually(async () => (await herdCounts(api, herd.occurrenceId)).supervised === herd.total, 60_000, 250);
    expect(await herdCounts(api, herd.occurrenceId)).toEqual({ runs: 3 * herd.total, events: 3 * herd.total, entries: herd.total, supervised: herd.total });
    const [overdue] = await sql<{ n: number }>(api, `SELECT COUNT(*) AS n FROM obligations WHERE occurrence_id = ? AND timeliness = 'OVERDUE'`, [herd.occurrenceId]);
    expect(Number(overdue.n)).toBe(herd.total);
    // The list's total and the dashboard read the tallies the entries' triggers kept; the worker
    // folds the herd's changes into them after its sweeps.
    expect(await tallyDrift(api)).toEqual({});
    await eventually(async () => (await unfoldedTallyChanges(api)) === 0, 20_000, 200);
    expect(await tallyDrift(api)).toEqual({});
    const board = await http(api).get('/api/v1/supervision').query({ open: true, subjectType: 'OBLIGATION', level: 2 }).set(as(supervisor.token)).expect(200);
    const [counted] = await sql<{ n: number }>(api, `SELECT COUNT(*) AS n FROM supervision_entries WHERE open_marker = 1 AND subject_type = 'OBLIGATION' AND level = 2`);
    expect(board.body.total).toBe(Number(counted.n));
    expect(board.body.total).toBeGreaterThanOrEqual(herd.total);
  });
});
