import { createHmac } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import type { Response } from 'supertest';
import { ADMIN_PASSWORD, adminToken, createUser, http, inDays, startApi, tableCounts } from './support/harness';

/*
 * The API's edges over HTTP: every client mistake answers its exact status in the
 * `{statusCode, error, message}` shape with the offending field named, and a rejected
 * write leaves every table as it was. Run in band (`npm test`): row counts are global.
 */
describe('validation and edges (e2e)', () => {
  let app: INestApplication;
  let admin: string;
  let units: { issuer: number; owner: number; co: number };
  let roleTokens: Record<'SUPERVISOR' | 'LEAD_UNIT' | 'UNIT_LIAISON' | 'CHAIN_LEADER', string>;
  const run = Date.now().toString(36);

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  async function newUnit(name: string, kind = 'DEPARTMENT'): Promise<number> {
    const res = await http(app).post('/api/v1/units').set(as(admin)).send({ name, kind }).expect(201);
    return res.body.id;
  }

  beforeAll(async () => {
    app = await startApi();
    admin = await adminToken(app);
    units = {
      issuer: await newUnit(`校验-牵头部门-${run}`),
      owner: await newUnit(`校验-责任区-${run}`, 'ZONE'),
      co: await newUnit(`校验-配合区-${run}`, 'DISTRICT'),
    };
    roleTokens = {
      SUPERVISOR: (await createUser(app, admin, { roles: ['SUPERVISOR'] })).token,
      LEAD_UNIT: (await createUser(app, admin, { roles: ['LEAD_UNIT'], unitId: units.issuer })).token,
      UNIT_LIAISON: (await createUser(app, admin, { roles: ['UNIT_LIAISON'], unitId: units.owner })).token,
      CHAIN_LEADER: (await createUser(app, admin, { roles: ['CHAIN_LEADER'] })).token,
    };
  });

  afterAll(() => app.close());

  const REASONS: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Payload Too Large',
  };

  /** Asserts the status, the exact error shape, and that `message` names every given field as a word. */
  function expectError(res: Response, status: number, ...fields: string[]): void {
    expect({ status: res.status, body: res.body }).toEqual({
      status,
      body: { statusCode: status, error: REASONS[status], message: expect.anything() },
    });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const messages: string[] = [].concat(res.body.message);
    for (const field of fields) {
      const named = new RegExp(`(^|[^A-Za-z0-9_])${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_])`);
      expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(named)]));
    }
  }

  /** Sends `send()` and asserts the answer's error, and that no table gained or lost a row. */
  async function expectRejected(send: () => Promise<Response>, status: number, ...fields: string[]): Promise<void> {
    const before = await tableCounts(app);
    const res = await send();
    expectError(res, status, ...fields);
    expect(await tableCounts(app)).toEqual(before);
  }

  describe('auth', () => {
    const loginAs = (body: unknown) =>
      http(app)
        .post('/api/v1/auth/login')
        .send(body as object);

    it('logs in with {accessToken, user} and answers /me with the user, never a password hash', async () => {
      const res = await loginAs({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
      const adminUser = { id: expect.any(Number), username: 'admin', displayName: expect.any(String), roles: ['ADMIN'], unitId: null, mustChangePassword: false };
      expect(res.body).toEqual({ accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/), user: adminUser, mustChangePassword: false });
      const me = await http(app).get('/api/v1/me').set(as(res.body.accessToken)).expect(200);
      expect(me.body).toEqual({ ...adminUser, id: res.body.user.id, displayName: res.body.user.displayName });
      expect(JSON.stringify([res.body, me.body])).not.toMatch(/argon2|"password(_?hash)?"/i);
    });

    it('answers 401 with one message for a wrong password and an unknown user', async () => {
      const wrong = await loginAs({ username: 'admin', password: 'not-the-password' });
      const unknown = await loginAs({ username: `nobody-${run}`, password: ADMIN_PASSWORD });
      expectError(wrong, 401);
      expectError(unknown, 401);
      expect(unknown.body.message).toBe(wrong.body.message);
    });

    it('matches usernames exactly: another case or a trailing space is another user', async () => {
      for (const username of ['ADMIN', 'admin ', ' admin']) expectError(await loginAs({ username, password: ADMIN_PASSWORD }), 401);
    });

    it.each([
      ['an empty body', {}, ['username', 'password']],
      ['no password', { username: 'admin' }, ['password']],
      ['no username', { password: ADMIN_PASSWORD }, ['username']],
      ['a numeric username', { username: 42, password: ADMIN_PASSWORD }, ['username']],
      ['a password array', { username: 'admin', password: [ADMIN_PASSWORD] }, ['password']],
    ])('rejects a login with %s: 400', async (_, body, fields) => {
      expectError(await loginAs(body), 400, ...fields);
    });

    it.each([
      ['no authorization header', undefined],
      ['another scheme', 'Token x'],
      ['a bare "Bearer"', 'Bearer'],
      ['a garbage token', 'Bearer not.a.jwt'],
    ])('answers 401 on /me for %s', async (_, header) => {
      const req = http(app).get('/api/v1/me');
      expectError(await (header === undefined ? req : req.set('authorization', header)), 401);
    });

    it('answers 401 for a token whose signature was made with another secret, or with none', async () => {
      const real = await adminToken(app);
      const [header, payload, signature] = real.split('.');
      const forged = createHmac('sha256', 'some-other-secret-0123456789abcdef').update(`${header}.${payload}`).digest('base64url');
      expect(forged).not.toBe(signature);
      expectError(
        await http(app)
          .get('/api/v1/me')
          .set(as(`${header}.${payload}.${forged}`)),
        401,
      );

      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      expectError(
        await http(app)
          .get('/api/v1/me')
          .set(as(`${none}.${payload}.`)),
        401,
      );
      // The untouched token still works: the 401s were the signature's doing.
      await http(app).get('/api/v1/me').set(as(real)).expect(200);
    });
  });

  describe('admin-only people routes', () => {
    const validUnit = () => ({ name: `校验-新单位-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`, kind: 'ENTERPRISE' });
    const validUser = () => ({
      username: `v${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
      password: 'password-123',
      displayName: '校验用户',
      unitId: units.owner,
      roles: ['UNIT_LIAISON'],
    });

    it.each(['SUPERVISOR', 'LEAD_UNIT', 'UNIT_LIAISON', 'CHAIN_LEADER'] as const)('answers 403 to %s on POST /units, GET and POST /users', async (role) => {
      const token = roleTokens[role];
      await expectRejected(() => http(app).post('/api/v1/units').set(as(token)).send(validUnit()), 403);
      await expectRejected(() => http(app).post('/api/v1/users').set(as(token)).send(validUser()), 403);
      expectError(await http(app).get('/api/v1/users').set(as(token)), 403);
    });

    it('lets an admin list and create units and users', async () => {
      const unit = validUnit();
      const createdUnit = await http(app)
        .post('/api/v1/units')
        .set(as(admin))
        .send({ ...unit, parentId: units.issuer })
        .expect(201);
      expect(createdUnit.body).toMatchObject({ id: expect.any(Number), ...unit, parentId: units.issuer });

      const user = validUser();
      const createdUser = await http(app).post('/api/v1/users').set(as(admin)).send(user).expect(201);
      const view = {
        id: expect.any(Number),
        username: user.username,
        displayName: user.displayName,
        roles: user.roles,
        unitId: user.unitId,
        mustChangePassword: false,
        disabled: false,
        disabledAt: null,
        passwordChangedAt: null,
        createdAt: expect.any(String),
      };
      expect(createdUser.body).toEqual(view);

      const listed = await http(app).get('/api/v1/users').query({ pageSize: 200 }).set(as(admin)).expect(200);
      expect(listed.body.items).toContainEqual({ ...view, id: createdUser.body.id });
      expect(JSON.stringify(listed.body)).not.toMatch(/argon2|"password(_?hash)?"/i);

      const session = await http(app).post('/api/v1/auth/login').send({ username: user.username, password: user.password }).expect(200);
      const { disabled: _d, disabledAt: _da, passwordChangedAt: _p, createdAt: _c, ...signedIn } = view;
      expect(session.body.user).toEqual({ ...signedIn, id: createdUser.body.id });
      expect(JSON.stringify(session.body)).not.toMatch(/argon2|"password(_?hash)?"/i);
    });

    it('rejects a duplicate username with 409 naming username', async () => {
      const existing = await createUser(app, admin, { roles: ['SUPERVISOR'] });
      await expectRejected(
        () =>
          http(app)
            .post('/api/v1/users')
            .set(as(admin))
            .send({ ...validUser(), username: existing.username }),
        409,
        'username',
      );
    });

    it.each<[string, string, Record<string, unknown>]>([
      ['an unknown unitId', 'unitId', { unitId: 999999 }],
      ['LEAD_UNIT without unitId', 'unitId', { unitId: undefined, roles: ['LEAD_UNIT'] }],
      ['UNIT_LIAISON without unitId', 'unitId', { unitId: undefined, roles: ['UNIT_LIAISON'] }],
      ['an unknown role', 'roles', { roles: ['BOSS'] }],
      ['no roles', 'roles', { roles: [] }],
      ['a 7-character password', 'password', { password: 'short12' }],
    ])('rejects POST /users with %s: 400 naming %s', async (_, field, change) => {
      await expectRejected(
        () =>
          http(app)
            .post('/api/v1/users')
            .set(as(admin))
            .send({ ...validUser(), ...change }),
        400,
        field,
      );
    });

    it('rejects a duplicate unit name with 409 naming name', async () => {
      const name = `校验-重名-${run}`;
      await newUnit(name);
      await expectRejected(() => http(app).post('/api/v1/units').set(as(admin)).send({ name, kind: 'OFFICE' }), 409, 'name');
    });

    it.each<[string, string, Record<string, unknown>]>([
      ['an unknown kind', 'kind', { kind: 'PLANET' }],
      ['an unknown parentId', 'parentId', { parentId: 999999 }],
    ])('rejects POST /units with %s: 400 naming %s', async (_, field, change) => {
      await expectRejected(
        () =>
          http(app)
            .post('/api/v1/units')
            .set(as(admin))
            .send({ ...validUnit(), ...change }),
        400,
        field,
      );
    });
  });

  describe('POST /tasks', () => {
    const validTask = () => ({
      title: '校验任务',
      issuerUnitId: units.issuer,
      ownerUnitId: units.owner,
      coUnitIds: [units.co],
      dueAt: inDays(10),
    });
    const post = (body: unknown) =>
      http(app)
        .post('/api/v1/tasks')
        .set(as(admin))
        .send(body as object);

    it('accepts a title of exactly 200 and a description of exactly 10,000 characters', async () => {
      const body = { ...validTask(), title: '链'.repeat(200), description: 'd'.repeat(10_000), priority: 'URGENT', source: { kind: 'MEETING', ref: '第3次链长会' } };
      const res = await post(body).expect(201);
      expect(res.body).toMatchObject({ ...body, state: 'DRAFT', version: 1 });
    });

    const without = (field: string) => () => {
      const body: Record<string, unknown> = validTask();
      delete body[field];
      return body;
    };
    // Tables are built before beforeAll runs, so changes that need unit ids take a function.
    const withChange = (change: Record<string, unknown> | (() => Record<string, unknown>)) => () => ({
      ...validTask(),
      ...(typeof change === 'function' ? change() : change),
    });

    it.each<[string, () => unknown, string[]]>([
      ['an unknown top-level field', withChange({ urgency: 'high' }), ['urgency']],
      ['an unknown field in source', withChange({ source: { kind: 'MEETING', ref: 'x', page: 3 } }), ['source', 'page']],
      ['no title', without('title'), ['title']],
      ['no issuerUnitId', without('issuerUnitId'), ['issuerUnitId']],
      ['no ownerUnitId', without('ownerUnitId'), ['ownerUnitId']],
      ['no dueAt', without('dueAt'), ['dueAt']],
      ['a numeric title', withChange({ title: 42 }), ['title']],
      ['issuerUnitId as a string', withChange(() => ({ issuerUnitId: String(units.issuer) })), ['issuerUnitId']],
      ['coUnitIds as a string', withChange({ coUnitIds: '1,2' }), ['coUnitIds']],
      ['coUnitIds with a string element', withChange(() => ({ coUnitIds: [units.co, 'x'] })), ['coUnitIds']],
      ['priority HIGH', withChange({ priority: 'HIGH' }), ['priority']],
      ['a 201-character title', withChange({ title: '链'.repeat(201) }), ['title']],
      ['a 10,001-character description', withChange({ description: 'd'.repeat(10_001) }), ['description']],
      ['an empty title', withChange({ title: '' }), ['title']],
      ['a title of spaces only', withChange({ title: '  \u3000 ' }), ['title']],
      ['dueAt "tomorrow"', withChange({ dueAt: 'tomorrow' }), ['dueAt']],
      ['dueAt without a time', withChange({ dueAt: '2099-12-01' }), ['dueAt']],
      ['dueAt without a zone', withChange({ dueAt: '2099-12-01T10:00:00' }), ['dueAt']],
      ['dueAt on February 30', withChange({ dueAt: '2099-02-30T10:00:00Z' }), ['dueAt']],
      ['dueAt in the past', withChange({ dueAt: inDays(-1) }), ['dueAt']],
      ['dueAt past 9999-12-31 in UTC', withChange({ dueAt: '9999-12-31T23:00:00-08:00' }), ['dueAt']],
      ['an unknown issuerUnitId', withChange({ issuerUnitId: 999999 }), ['issuerUnitId']],
      ['an unknown ownerUnitId', withChange({ ownerUnitId: 999999 }), ['ownerUnitId']],
      ['an unknown co-unit', withChange({ coUnitIds: [999999] }), ['coUnitIds']],
      ['an unknown chainId', withChange({ chainId: 999999 }), ['chainId']],
      ['an unknown policyId', withChange({ policyId: 999999 }), ['policyId']],
      ['the owner among coUnitIds', withChange(() => ({ coUnitIds: [units.co, units.owner] })), ['coUnitIds']],
    ])('rejects %s: 400 naming it, nothing stored', async (_, body, fields) => {
      await expectRejected(() => post(body()), 400, ...fields);
    });

    it('answers broken JSON with 400 in the error shape', async () => {
      await expectRejected(() => http(app).post('/api/v1/tasks').set(as(admin)).set('content-type', 'application/json').send('{"title": "半截'), 400);
    });

    it('answers a body over 1 MB with 413 in the error shape', async () => {
      const body = { ...validTask(), description: 'x'.repeat(1_100_000) };
      await expectRejected(() => post(body), 413);
    });
  });

  describe('POST /tasks/:id/transitions', () => {
    let task: { id: number };

    beforeAll(async () => {
      const res = await http(app)
        .post('/api/v1/tasks')
        .set(as(admin))
        .send({ title: '校验流转', issuerUnitId: units.issuer, ownerUnitId: units.owner, dueAt: inDays(10) })
        .expect(201);
      task = res.body;
    });

    const act = (id: string, body: Record<string, unknown>) => http(app).post(`/api/v1/tasks/${id}/transitions`).set(as(admin)).send(body);

    it.each<[string, number, string, Record<string, unknown>, string[]]>([
      ['an unknown action', 400, 'task', { action: 'approve' }, ['action']],
      ['no action', 400, 'task', { comment: '无动作' }, ['action']],
      ['a non-numeric id', 400, 'abc', { action: 'assign' }, ['id']],
      ['id 0', 400, '0', { action: 'assign' }, ['id']],
      ['a negative id', 400, '-1', { action: 'assign' }, ['id']],
      ['a huge id', 400, '99999999999', { action: 'assign' }, ['id']],
      ['an unknown id', 404, '999999', { action: 'assign' }, []],
      ['version 0', 400, 'task', { action: 'assign', version: 0 }, ['version']],
      ['version as a string', 400, 'task', { action: 'assign', version: '1' }, ['version']],
      ['a malformed dueAt', 400, 'task', { action: 'request_extension', comment: '延期', dueAt: '2099-13-01T00:00:00Z' }, ['dueAt']],
    ])('answers %s with %i, task unchanged', async (_, status, id, body, fields) => {
      await expectRejected(() => act(id === 'task' ? String(task.id) : id, body), status, ...fields);
      const read = await http(app).get(`/api/v1/tasks/${task.id}`).set(as(admin)).expect(200);
      expect(read.body).toMatchObject({ state: 'DRAFT', version: 1 });
    });

    it('rejects an extension to a dueAt past 9999-12-31 in UTC with 400 naming dueAt', async () => {
      const assigned = await http(app)
        .post('/api/v1/tasks')
        .set(as(admin))
        .send({ title: '校验延期', issuerUnitId: units.issuer, ownerUnitId: units.owner, dueAt: inDays(10) })
        .expect(201);
      await act(String(assigned.body.id), { action: 'assign' }).expect(200);
      const ownerLiaison = roleTokens.UNIT_LIAISON; // a liaison of the owner unit
      await expectRejected(
        () =>
          http(app)
            .post(`/api/v1/tasks/${assigned.body.id}/transitions`)
            .set(as(ownerLiaison))
            .send({ action: 'request_extension', comment: '延期', dueAt: '9999-12-31T23:00:00-08:00' }),
        400,
        'dueAt',
      );
      const read = await http(app).get(`/api/v1/tasks/${assigned.body.id}`).set(as(admin)).expect(200);
      expect(read.body).toMatchObject({ state: 'ASSIGNED', version: 2, extension: null });
    });
  });

  describe('list queries', () => {
    it.each<[string, string, Record<string, unknown>, string[]]>([
      ['pageSize 201', '/api/v1/tasks', { pageSize: 201 }, ['pageSize']],
      ['page 0', '/api/v1/tasks', { page: 0 }, ['page']],
      ['pageSize "ten"', '/api/v1/tasks', { pageSize: 'ten' }, ['pageSize']],
      ['an unknown parameter', '/api/v1/tasks', { sort: 'dueAt' }, ['sort']],
      ['state BOGUS', '/api/v1/tasks', { state: 'BOGUS' }, ['state']],
      ['timeliness LATER', '/api/v1/tasks', { timeliness: 'LATER' }, ['timeliness']],
      ['units of kind PLANET', '/api/v1/units', { kind: 'PLANET' }, ['kind']],
      ['chains of category X', '/api/v1/chains', { category: 'X' }, ['category']],
    ])('answers 400 to %s', async (_, path, query, fields) => {
      expectError(await http(app).get(path).query(query).set(as(admin)), 400, ...fields);
    });

    it('accepts the largest page size and the documented filters', async () => {
      const res = await http(app).get('/api/v1/tasks').query({ page: 1, pageSize: 200, state: 'DRAFT', timeliness: 'ON_TRACK' }).set(as(admin)).expect(200);
      expect(res.body).toEqual({ items: expect.any(Array), total: expect.any(Number) });
      const zones = await http(app).get('/api/v1/units').query({ kind: 'ZONE', pageSize: 200 }).set(as(admin)).expect(200);
      expect(zones.body.items).toContainEqual(expect.objectContaining({ id: units.owner, kind: 'ZONE' }));
      expect(zones.body.items.every((u: { kind: string }) => u.kind === 'ZONE')).toBe(true);
    });

    it('answers GET /chains/abc with 400 naming id and an unknown chain with 404', async () => {
      expectError(await http(app).get('/api/v1/chains/abc').set(as(admin)), 400, 'id');
      expectError(await http(app).get('/api/v1/chains/999999').set(as(admin)), 404);
    });
  });

  describe('text verbatim', () => {
    const tricky = `链长"制" 'O''Brien'; DROP TABLE units; -- 😀🚀 %_\\`;

    it('round-trips a unit name and a user displayName with Chinese, quotes, emoji and SQL-looking text', async () => {
      const name = `${tricky}${run}`;
      const unit = await http(app).post('/api/v1/units').set(as(admin)).send({ name, kind: 'ASSOCIATION' }).expect(201);
      expect(unit.body.name).toBe(name);
      const listed = await http(app).get('/api/v1/units').query({ kind: 'ASSOCIATION', pageSize: 200 }).set(as(admin)).expect(200);
      expect(listed.body.items).toContainEqual(expect.objectContaining({ id: unit.body.id, name }));

      const user = await createUser(app, admin, { roles: ['UNIT_LIAISON'], unitId: unit.body.id, displayName: tricky });
      const me = await http(app).get('/api/v1/me').set(as(user.token)).expect(200);
      expect(me.body).toMatchObject({ displayName: tricky, unitId: unit.body.id });
    });

    it('treats names that differ only in their emoji as different units', async () => {
      await newUnit(`表情-${run}-😀`);
      const other = await http(app)
        .post('/api/v1/units')
        .set(as(admin))
        .send({ name: `表情-${run}-🚗`, kind: 'DEPARTMENT' });
      expect({ status: other.status, name: other.body.name }).toEqual({ status: 201, name: `表情-${run}-🚗` });
    });
  });

  describe('operations', () => {
    it('answers GET /health with the database and Redis up, without a token', async () => {
      const res = await http(app).get('/health').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
    });

    it('publishes an OpenAPI document with the task routes', async () => {
      const res = await http(app).get('/api/docs-json').expect(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(res.body.paths['/api/v1/tasks']).toEqual(expect.objectContaining({ get: expect.any(Object), post: expect.any(Object) }));
      expect(res.body.paths['/api/v1/tasks/{id}/transitions']).toEqual(expect.objectContaining({ post: expect.any(Object) }));
    });
  });
});
