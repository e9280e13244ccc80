import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { EvaluationsService, PasswordHasher } from '@duban/core';
import { adminToken, chainId, createUser, eventually, http, isolatedEnvironment, loadProfile, login, sql, startApi, startWorker, unitId } from './support/harness';

/*
 * Accounts and the rules around them, over HTTP on real MariaDB and Redis (issue "Accounts and
 * security"): sign-in throttling shared by two api processes, bounded password hashing, accounts
 * disabled and passwords reset or changed (revoking older tokens on every process), the password
 * policy, the audit log, separation of duties, declining an assignment, lead units assigning
 * within their chains, and the quarterly assessment that a GET never publishes.
 */
const PASSWORD = 'password-123'; // createUser's
const WINDOW_SECONDS = 5;

describe('accounts and security (e2e)', () => {
  let cleanup: () => Promise<void>;
  let api: INestApplication;
  /** A second api process on the same database and Redis. */
  let api2: INestApplication;
  let worker: INestApplicationContext;
  let admin: string;
  const unit: Record<string, number> = {};
  const people: Record<string, { id: number; token: string; username: string }> = {};

  beforeAll(async () => {
    cleanup = await isolatedEnvironment('accounts', {
      DUBAN_TIME_TRAVEL: '1',
      DUBAN_CLOCK_START: '2026-09-20T09:00:00+08:00',
      DUBAN_LOGIN_MAX_FAILURES: '5',
      DUBAN_LOGIN_MAX_FAILURES_PER_ADDRESS: '12',
      DUBAN_LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
      DUBAN_HASH_CONCURRENCY: '2',
    });
    api = await startApi();
    api2 = await startApi();
    worker = await startWorker();
    await loadProfile(api, 'zhengzhou-2021');
    admin = await adminToken(api);
    for (const name of ['市工信局', '市发展改革委', '高新区', '经开区', '市政府办公厅']) unit[name] = await unitId(api, name);
    people.lead = await createUser(api, admin, { roles: ['LEAD_UNIT'], unitId: unit['市工信局'] });
    people.otherLead = await createUser(api, admin, { roles: ['LEAD_UNIT'], unitId: unit['市发展改革委'] });
    people.liaison = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: unit['高新区'] });
    people.otherLiaison = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: unit['经开区'] });
    people.supervisor = await createUser(api, admin, { roles: ['SUPERVISOR'], unitId: unit['市政府办公厅'] });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api2?.close();
    await api?.close();
    await cleanup?.();
  });

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const loginAs = (app: INestApplication, username: string, password: string) => http(app).post('/api/v1/auth/login').send({ username, password });
  const auditOf = (action: string, targetId?: number) =>
    sql<{ actor_id: number | null; before_value: unknown; after_value: unknown; address: string | null }>(
      api,
      `SELECT actor_id, before_value, after_value, address FROM audit_log WHERE action = ? ${targetId === undefined ? '' : 'AND target_id = ?'} ORDER BY id`,
      [action, ...(targetId === undefined ? [] : [String(targetId)])],
    );
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

  describe('sign-in throttling', () => {
    it('locks a username after repeated failures, on both api processes, even for the right password, until the window passes', async () => {
      const victim = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: unit['经开区'] });
      // Sent together, so the window cannot pass while they are hashed.
      const failures = await Promise.all(Array.from({ length: 5 }, (_, i) => loginAs(i % 2 ? api : api2, victim.username, 'wrong-password-x')));
      expect(failures.map((f) => f.status)).toEqual(Array(5).fill(401));
      for (const app of [api, api2]) {
        const locked = await loginAs(app, victim.username, PASSWORD);
        expect(locked.status).toBe(429);
        expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(WINDOW_SECONDS);
        expect(locked.body).toMatchObject({ statusCode: 429, message: expect.stringContaining('too many failed sign-ins') });
      }
      // Another account is not locked by this one's failures.
      await loginAs(api, people.otherLiaison.username, PASSWORD).expect(200);
      const after = await eventually(async () => (await loginAs(api2, victim.username, PASSWORD)).status === 200, (WINDOW_SECONDS + 3) * 1000, 250);
      expect(after).toBe(true);
    });

    it('locks a client address that fails across many usernames', async () => {
      const failures = await Promise.all(Array.from({ length: 12 }, (_, i) => loginAs(i % 2 ? api : api2, `nobody-${i}-${Date.now()}`, 'wrong-password-x')));
      expect(failures.map((f) => f.status)).toEqual(Array(12).fill(401));
      const locked = await loginAs(api2, people.lead.username, PASSWORD);
      expect(locked.status).toBe(429);
      expect(locked.headers['retry-after']).toBeDefined();
      await eventually(async () => (await loginAs(api, people.lead.username, PASSWORD)).status === 200, (WINDOW_SECONDS + 3) * 1000, 250);
    });

    it('audits failed and successful sign-ins, naming the account only when it exists', async () => {
      const before = (await sql<{ n: number }>(api, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'login.failure' AND actor_id = ?`, [people.otherLead.id]))[0].n;
      await loginAs(api, people.otherLead.username, 'wrong-password-x').expect(401);
      await loginAs(api, people.otherLead.username, PASSWORD).expect(200);
      const failures = await sql<{ n: number }>(api, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'login.failure' AND actor_id = ?`, [people.otherLead.id]);
      expect(Number(failures[0].n)).toBe(Number(before) + 1);
      const [success] = (await auditOf('login.success')).filter((r) => r.actor_id === people.otherLead.id).slice(-1);
      expect(success.address).toMatch(/127\.0\.0\.1/);
      const unknown = await sql<{ after_value: unknown }>(api, `SELECT after_value FROM audit_log WHERE action = 'login.failure' AND actor_id IS NULL ORDER BY id DESC LIMIT 1`);
      expect(json(unknown[0].after_value)).toEqual({ reason: 'unknown username' });
    });

    it('hashes at most DUBAN_HASH_CONCURRENCY passwords at once while a flood of sign-ins comes in, and keeps answering other requests', async () => {
      const crowd = await Promise.all(Array.from({ length: 10 }, () => createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: unit['经开区'] })));
      const hasher = api.get(PasswordHasher);
      const flood = Promise.all(crowd.flatMap((p) => [1, 2].map(() => loginAs(api, p.username, PASSWORD))));
      // While the flood is hashed, other requests are served.
      const [health, me] = await Promise.all([http(api).get('/health'), http(api).get('/api/v1/me').set(as(admin))]);
      const answers = await flood;
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(health.status).toBe(200);
      expect(me.status).toBe(200);
      expect(hasher.slots.peak).toBe(2);
    });
  });

  describe('accounts', () => {
    it('disables an account: its tokens stop working on every process within the user cache, it cannot sign in, and enabling it again does not revive old tokens', async () => {
      const user = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: unit['高新区'] });
      await http(api2).get('/api/v1/me').set(as(user.token)).expect(200); // api2 now remembers the account
      const patched = await http(api).patch(`/api/v1/users/${user.id}`).set(as(admin)).send({ disabled: true }).expect(200);
      expect(patched.body).toMatchObject({ id: user.id, disabled: true, disabledAt: expect.any(String) });
      await http(api).get('/api/v1/me').set(as(user.token)).expect(401);
      const started = Date.now();
      await eventually(async () => (await http(api2).get('/api/v1/me').set(as(user.token))).status === 401, 8000, 200);
      expect(Date.now() - started).toBeLessThan(8000);
      const refused = await loginAs(api, user.username, PASSWORD).expect(401);
      expect(refused.body.message).toContain('disabled');
      await http(api).patch(`/api/v1/users/${user.id}`).set(as(admin)).send({ disabled: false }).expect(200);
      await http(api).get('/api/v1/me').set(as(user.token)).expect(401);
      const fresh = await login(api, user.username, PASSWORD);
      await http(api).get('/api/v1/me').set(as(fresh)).expect(200);
      const [disable, enable] = (await auditOf('user.update', user.id)).map((r) => ({ actor: r.actor_id, before: json(r.before_value), after: json(r.after_value) }));
      expect(disable).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
      expect(enable).toMatchObject({ before: { disabled: true }, after: { disabled: false } });
    });

    it('changes name, unit and roles, refusing what would break an account or lock administrators out', async () => {
      const user = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: unit['高新区'] });
      const changed = await http(api)
        .patch(`/api/v1/users/${user.id}`)
        .set(as(admin))
        .send({ displayName: '新名字', unitId: unit['市工信局'], roles: ['LEAD_UNIT'] })
        .expect(200);
      expect(changed.body).toMatchObject({ displayName: '新名字', unitId: unit['市工信局'], roles: ['LEAD_UNIT'] });
      const unitless = await http(api).patch(`/api/v1/users/${user.id}`).set(as(admin)).send({ unitId: null }).expect(400);
      expect(unitless.body.message).toContain('unitId');
      const [me] = await sql<{ id: number }>(api, `SELECT id FROM users WHERE username = 'admin'`);
      const self = await http(api).patch(`/api/v1/users/${me.id}`).set(as(admin)).send({ disabled: true }).expect(400);
      expect(self.body.message).toContain('disabled');
      await http(api)
        .patch(`/api/v1/users/${me.id}`)
        .set(as(admin))
        .send({ roles: ['SUPERVISOR'] })
        .expect(409);
      await http(api).patch('/api/v1/users/4294967295').set(as(admin)).send({ displayName: 'x' }).expect(404);
      const empty = await http(api).patch(`/api/v1/users/${user.id}`).set(as(admin)).send({}).expect(400);
      expect(empty.body.message).toContain('displayName');
      await http(api).patch(`/api/v1/users/${user.id}`).set(as(people.supervisor.token)).send({ displayName: 'x' }).expect(403);
      const [entry] = (await auditOf('user.update', user.id)).map((r) => ({ actor: r.actor_id, before: json(r.before_value), after: json(r.after_value) }));
      expect(entry).toEqual({
        actor: me.id,
        before: expect.objectContaining({ displayName: expect.stringMatching(/^测试用户/), unitId: unit['高新区'], roles: ['UNIT_LIAISON'] }),
        after: expect.objectContaining({ displayName: '新名字', unitId: unit['市工信局'], roles: ['LEAD_UNIT'] }),
      });
    });

    it('resets a password: older tokens stop working, and until the user changes it only /me and /auth/password answer', async () => {
      const user = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: unit['高新区'] });
      await http(api).post(`/api/v1/users/${user.id}/password`).set(as(admin)).send({ password: '临时口令-2026-秋' }).expect(204);
      await http(api).get('/api/v1/me').set(as(user.token)).expect(401);
      await loginAs(api, user.username, PASSWORD).expect(401);
      const session = await loginAs(api, user.username, '临时口令-2026-秋').expect(200);
      expect(session.body).toMatchObject({ mustChangePassword: true, user: { mustChangePassword: true } });
      const token = session.body.accessToken as string;
      const blocked = await http(api).get('/api/v1/tasks').set(as(token)).expect(403);
      expect(blocked.body.message).toContain('password');
      await http(api).get('/api/v1/notifications').set(as(token)).expect(403);
      await http(api).get('/api/v1/me').set(as(token)).expect(200);
      await http(api).post('/api/v1/auth/password').set(as(token)).send({ currentPassword: '临时口令-2026-秋', newPassword: '我自己的新口令-2026' }).expect(204);
      await http(api).get('/api/v1/me').set(as(token)).expect(401);
      const after = await loginAs(api, user.username, '我自己的新口令-2026').expect(200);
      expect(after.body.mustChangePassword).toBe(false);
      await http(api).get('/api/v1/tasks').set(as(after.body.accessToken)).expect(200);
      expect(await auditOf('user.password_reset', user.id)).toHaveLength(1);
      expect(await auditOf('user.password_change', user.id)).toHaveLength(1);
    });

    it('applies the password policy with 400s that name the field, changing nothing', async () => {
      const user = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: unit['高新区'] });
      const change = (body: object) => http(api).post('/api/v1/auth/password').set(as(user.token)).send(body);
      const wrong = await change({ currentPassword: 'not-my-password', newPassword: '足够长的新口令-2026' }).expect(400);
      expect(wrong.body.message).toContain('currentPassword');
      for (const [newPassword, expected] of [
        ['short-9ch', 'newPassword must be at least 10 characters'],
        [`${user.username}-2026-口令`, 'newPassword must not contain the username'],
        ['duban-admin-dev', "newPassword is a value published in Duban's repository"],
        [PASSWORD, 'newPassword must differ from currentPassword'],
      ]) {
        const res = await change({ currentPassword: PASSWORD, newPassword }).expect(400);
        expect(JSON.stringify(res.body.message)).toContain(expected);
      }
      const reset = await http(api).post(`/api/v1/users/${user.id}/password`).set(as(admin)).send({ password: 'abc' }).expect(400);
      expect(JSON.stringify(reset.body.message)).toContain('password must be at least 10 characters');
      const created = await http(api)
        .post('/api/v1/users')
        .set(as(admin))
        .send({ username: 'policy.check', password: 'duban-admin-dev', displayName: '检查', roles: ['SUPERVISOR'] })
        .expect(400);
      expect(JSON.stringify(created.body.message)).toContain('password is a value published');
      // Nothing changed: the old password and token still work.
      await http(api).get('/api/v1/me').set(as(user.token)).expect(200);
      await loginAs(api, user.username, PASSWORD).expect(200);
    });

    it('keeps passwords and hashes out of the audit log and every account answer', async () => {
      const rows = await sql<Record<string, unknown>>(api, 'SELECT * FROM audit_log');
      const text = JSON.stringify(rows);
      for (const secret of [PASSWORD, '临时口令-2026-秋', '我自己的新口令-2026', 'admin-test-password', '$argon2']) expect(text).not.toContain(secret);
      const users = await http(api).get('/api/v1/users').query({ pageSize: 200 }).set(as(admin)).expect(200);
      expect(JSON.stringify(users.body)).not.toMatch(/argon2|"password(_?hash)?"/i);
    });

    it('lists the audit log for admins and supervisors, filtered by actor, target and plain dates', async () => {
      const [me] = await sql<{ id: number }>(api, `SELECT id FROM users WHERE username = 'admin'`);
      const list = await http(api)
        .get('/api/v1/audit')
        .query({ actorId: me.id, target: 'user', from: '2026-09-20', to: '2026-09-20', pageSize: 200 })
        .set(as(people.supervisor.token))
        .expect(200);
      expect(list.body.total).toBeGreaterThan(0);
      for (const e of list.body.items) expect(e).toMatchObject({ actorId: me.id, target: 'user', at: expect.stringMatching(/^2026-09-(19T1[6-9]|19T2|20)/) });
      const none = await http(api).get('/api/v1/audit').query({ from: '2030-01-01' }).set(as(admin)).expect(200);
      expect(none.body).toEqual({ items: [], total: 0 });
      await http(api).get('/api/v1/audit').set(as(people.liaison.token)).expect(403);
      const bad = await http(api).get('/api/v1/audit').query({ from: '2026-02-30' }).set(as(admin)).expect(400);
      expect(bad.body.message).toEqual(expect.arrayContaining([expect.stringContaining('from')]));
    });
  });

  describe('who may do what', () => {
    const task = (token: string, body: Record<string, unknown>) =>
      http(api)
        .post('/api/v1/tasks')
        .set(as(token))
        .send({ title: '职责分离检验', dueAt: '2026-12-01T18:00:00+08:00', ...body });
    const act = (token: string, id: number, body: Record<string, unknown>) => http(api).post(`/api/v1/tasks/${id}/transitions`).set(as(token)).send(body);

    it('separates duties: a unit does not complete, return or grant more time on its own task; a supervisor decides', async () => {
      const created = await task(people.lead.token, { issuerUnitId: unit['市工信局'], ownerUnitId: unit['市工信局'] }).expect(201);
      const id = created.body.id as number;
      await act(people.lead.token, id, { action: 'assign' }).expect(200);
      await act(people.lead.token, id, { action: 'accept' }).expect(200);
      await act(people.lead.token, id, { action: 'request_extension', dueAt: '2026-12-20T18:00:00+08:00', comment: '需要更多时间' }).expect(200);
      const approve = await act(people.lead.token, id, { action: 'approve_extension' }).expect(403);
      expect(approve.body.message).toContain('separation of duties');
      await act(people.lead.token, id, { action: 'submit' }).expect(200);
      for (const action of ['complete', 'return']) {
        const res = await act(people.lead.token, id, { action, comment: '自审' }).expect(403);
        expect(res.body.message).toContain('separation of duties');
      }
      await act(people.supervisor.token, id, { action: 'approve_extension' }).expect(200);
      const done = await act(people.supervisor.token, id, { action: 'complete' }).expect(200);
      expect(done.body).toMatchObject({ state: 'DONE', dueAt: '2026-12-20T10:00:00.000Z' });
    });

    it('lets the owner decline an assignment with a reason, stopping its escalation; the issuer reassigns it', async () => {
      const created = await task(people.lead.token, { issuerUnitId: unit['市工信局'], ownerUnitId: unit['高新区'], dueAt: '2026-09-21T18:00:00+08:00' }).expect(201);
      const id = created.body.id as number;
      await act(people.lead.token, id, { action: 'assign' }).expect(200);
      const noReason = await act(people.liaison.token, id, { action: 'decline' }).expect(400);
      expect(noReason.body.message).toContain('comment');
      await act(people.otherLiaison.token, id, { action: 'decline', comment: '不是我们的' }).expect(404);
      const declined = await act(people.liaison.token, id, { action: 'decline', comment: '不属于本单位职责，请改派' }).expect(200);
      expect(declined.body).toMatchObject({ state: 'DRAFT', ownerUnitId: unit['高新区'], escalationLevel: 0 });
      const [row] = await sql<{ next_step_at: Date | null; schedule_gen: number }>(api, 'SELECT next_step_at, schedule_gen FROM tasks WHERE id = ?', [id]);
      expect(row.next_step_at).toBeNull();
      const events = await http(api).get(`/api/v1/tasks/${id}/events`).set(as(people.lead.token)).expect(200);
      expect(events.body.items.at(-1)).toMatchObject({ action: 'decline', from: 'ASSIGNED', to: 'DRAFT', comment: '不属于本单位职责，请改派', actorId: people.liaison.id });

      const reassigned = await act(people.lead.token, id, { action: 'assign', ownerUnitId: unit['经开区'] }).expect(200);
      expect(reassigned.body).toMatchObject({ state: 'ASSIGNED', ownerUnitId: unit['经开区'] });
      const [after] = await sql<{ next_step_at: Date | null; schedule_gen: number }>(api, 'SELECT next_step_at, schedule_gen FROM tasks WHERE id = ?', [id]);
      expect(after.next_step_at).not.toBeNull();
      expect(after.schedule_gen).toBe(row.schedule_gen);
      const assigned = await http(api).get(`/api/v1/tasks/${id}/events`).set(as(people.lead.token)).expect(200);
      expect(assigned.body.items.at(-1)).toMatchObject({ action: 'assign', data: { previousOwnerUnitId: unit['高新区'], ownerUnitId: unit['经开区'] } });
      // The new owner sees it; the unit that declined it no longer does.
      await http(api).get(`/api/v1/tasks/${id}`).set(as(people.otherLiaison.token)).expect(200);
      await http(api).get(`/api/v1/tasks/${id}`).set(as(people.liaison.token)).expect(404);
      await act(people.lead.token, id, { action: 'accept', ownerUnitId: unit['高新区'] }).expect(400);
    });

    it('lets lead units assign only to units of the chains they lead, and only supervisors and admins choose a policy', async () => {
      const enterprise = (await http(api).post('/api/v1/units').set(as(admin)).send({ name: '链外企业', kind: 'ENTERPRISE' }).expect(201)).body.id as number;
      const sensors = await chainId(api, '智能传感器');
      const display = await chainId(api, '新型显示和智能终端'); // led by 市发展改革委
      const issuer = { issuerUnitId: unit['市工信局'] };
      const owner = await task(people.lead.token, { ...issuer, ownerUnitId: enterprise }).expect(403);
      expect(owner.body.message).toContain('ownerUnitId');
      const co = await task(people.lead.token, { ...issuer, ownerUnitId: unit['高新区'], coUnitIds: [enterprise] }).expect(403);
      expect(co.body.message).toContain('coUnitIds');
      const chain = await task(people.lead.token, { ...issuer, ownerUnitId: unit['高新区'], chainId: display }).expect(403);
      expect(chain.body.message).toContain('chainId');
      const [policy] = await sql<{ id: number }>(api, `SELECT id FROM escalation_policies WHERE name = '月报督办规则'`);
      const chosen = await task(people.lead.token, { ...issuer, ownerUnitId: unit['高新区'], policyId: policy.id }).expect(403);
      expect(chosen.body.message).toContain('policyId');
      await task(people.lead.token, { ...issuer, ownerUnitId: unit['高新区'], coUnitIds: [unit['经开区']], chainId: sensors }).expect(201);
      await task(people.supervisor.token, { ...issuer, ownerUnitId: enterprise, policyId: policy.id }).expect(201);
      // Reassigning is held to the same rule.
      const draft = (await task(people.lead.token, { ...issuer, ownerUnitId: unit['高新区'] }).expect(201)).body.id as number;
      const away = await act(people.lead.token, draft, { action: 'assign', ownerUnitId: enterprise }).expect(403);
      expect(away.body.message).toContain('ownerUnitId');
    });

    it('refuses to delete an escalation policy that problems still follow', async () => {
      await http(api).post('/api/v1/admin/clock').set(as(admin)).send({ now: '2026-09-20T12:00:00+08:00' }).expect(200);
      const [open] = await sql<{ id: number }>(api, `SELECT id FROM obligations WHERE unit_id = ? AND state = 'OPEN' AND receiver_unit_id IS NOT NULL ORDER BY id LIMIT 1`, [
        unit['高新区'],
      ]);
      await http(api)
        .post(`/api/v1/obligations/${open.id}/report`)
        .set(as(people.liaison.token))
        .send({ progress: '九月进展', coordinationMatters: [{ title: '用地指标需协调' }] })
        .expect(200);
      // The new problem runs on its first 13710 clock (受理, acknowledge within the working day).
      const [followed] = await sql<{ id: number; name: string }>(
        api,
        `SELECT ep.id, ep.name FROM problems p JOIN escalation_policies ep ON ep.id = p.policy_id WHERE p.title = '用地指标需协调' ORDER BY p.id DESC LIMIT 1`,
      );
      expect(followed.name).toBe('13710受理');
      const refused = await http(api).delete(`/api/v1/escalation-policies/${followed.id}`).set(as(admin)).expect(409);
      expect(refused.body.message).toContain('problems');
      await http(api).get(`/api/v1/escalation-policies/${followed.id}`).set(as(admin)).expect(200);
    });
  });

  describe('the quarterly assessment', () => {
    let urgent: number;

    it('reads a closed, unpublished quarter without writing anything, major overdue matters within the caller’s scope', async () => {
      const created = await http(api)
        .post('/api/v1/tasks')
        .set(as(people.supervisor.token))
        .send({ title: '重大项目用地报批', issuerUnitId: unit['市政府办公厅'], ownerUnitId: unit['高新区'], dueAt: '2026-09-25T18:00:00+08:00', priority: 'URGENT' })
        .expect(201);
      urgent = created.body.id;
      await http(api).post(`/api/v1/tasks/${urgent}/transitions`).set(as(people.supervisor.token)).send({ action: 'assign' }).expect(200);
      await http(api).post('/api/v1/admin/clock').set(as(admin)).send({ now: '2026-10-05T09:00:00+08:00' }).expect(200);

      const counts = async () =>
        (
          await sql<Record<string, number>>(
            api,
            `SELECT (SELECT COUNT(*) FROM notices) AS notices, (SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(*) FROM supervision_entries) AS entries,
                  (SELECT escalation_level FROM tasks WHERE id = ?) AS level`,
            [urgent],
          )
        )[0];
      const before = await counts();
      const evaluations = api.get(EvaluationsService);
      const computed = evaluations.computations;
      const read = await http(api).get('/api/v1/assessments/2026-Q3').set(as(people.supervisor.token)).expect(200);
      expect(read.body).toMatchObject({ quarter: '2026-Q3', published: false, majorOverdue: [expect.objectContaining({ subjectType: 'TASK', subjectId: urgent })] });
      await http(api).get('/api/v1/assessments/2026-Q3').set(as(admin)).expect(200);
      expect(await counts()).toEqual(before);
      expect(Number(before.level)).toBeLessThan(3);
      // Computed once; the second read came from the cache.
      expect(evaluations.computations).toBe(computed + 1);

      const owner = await http(api).get('/api/v1/assessments/2026-Q3').set(as(people.liaison.token)).expect(200);
      expect(owner.body.majorOverdue.map((m: { subjectId: number }) => m.subjectId)).toEqual([urgent]);
      const other = await http(api).get('/api/v1/assessments/2026-Q3').set(as(people.otherLiaison.token)).expect(200);
      expect(other.body.majorOverdue).toEqual([]);
      expect(other.body.units.length).toBe(owner.body.units.length);

      // A change in the period is seen at once.
      await http(api).post(`/api/v1/tasks/${urgent}/transitions`).set(as(people.liaison.token)).send({ action: 'accept' }).expect(200);
      await http(api).get('/api/v1/assessments/2026-Q3').set(as(admin)).expect(200);
      expect(evaluations.computations).toBe(computed + 2);
    });

    it('is published by a supervisor: the notice once, its major overdue matters raised to 挂牌督办 with their events, audited', async () => {
      await http(api).post('/api/v1/assessments/2026-Q3/publish').set(as(people.liaison.token)).expect(403);
      await http(api).post('/api/v1/assessments/2026-Q3/publish').set(as(admin)).expect(403);
      await http(api).post('/api/v1/assessments/2026-Q4/publish').set(as(people.supervisor.token)).expect(409);
      const published = await http(api).post('/api/v1/assessments/2026-Q3/publish').set(as(people.supervisor.token)).expect(200);
      expect(published.body).toMatchObject({ quarter: '2026-Q3', published: true, majorOverdue: [expect.objectContaining({ subjectId: urgent })] });
      const [t] = await sql<{ escalation_level: number }>(api, 'SELECT escalation_level FROM tasks WHERE id = ?', [urgent]);
      expect(t.escalation_level).toBe(3);
      const entries = await sql<{ level: number; open_marker: number | null }>(
        api,
        `SELECT level, open_marker FROM supervision_entries WHERE subject_type = 'TASK' AND subject_id = ?`,
        [urgent],
      );
      expect(entries).toEqual([{ level: 3, open_marker: 1 }]);
      const escalations = await sql<{ actor_id: number; data: unknown }>(
        api,
        `SELECT actor_id, data FROM events WHERE subject_type = 'TASK' AND subject_id = ? AND action = 'escalate'`,
        [urgent],
      );
      expect(escalations.map((e) => ({ actor: e.actor_id, data: json(e.data) }))).toEqual([{ actor: people.supervisor.id, data: { level: 3, assessment: '2026-Q3' } }]);
      expect((await auditOf('notice.publish')).map((r) => r.actor_id)).toContain(people.supervisor.id);

      // Publishing again returns the same notice and changes nothing.
      const again = await http(api).post('/api/v1/assessments/2026-Q3/publish').set(as(people.supervisor.token)).expect(200);
      expect(again.body.computedAt).toBe(published.body.computedAt);
      expect(await sql(api, `SELECT id FROM events WHERE subject_type = 'TASK' AND subject_id = ? AND action = 'escalate'`, [urgent])).toHaveLength(1);
      await http(api).get('/api/v1/assessments/2026-Q3/notice.html').set(as(people.liaison.token)).expect(200);
    });
  });
});
