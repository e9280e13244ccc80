import { INestApplication } from '@nestjs/common';
import { adminToken, createUser, http, startApi } from './support/harness';

/*
 * bull-board at /admin/queues: every Duban queue, for admins only (their bearer token, or the
 * path-scoped cookie the console sets), read-only.
 */
describe('queue dashboard (e2e)', () => {
  let app: INestApplication;
  let admin: string;
  let supervisor: string;

  beforeAll(async () => {
    app = await startApi();
    admin = await adminToken(app);
    supervisor = (await createUser(app, admin, { roles: ['SUPERVISOR'] })).token;
  });
  afterAll(() => app.close());

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  it('refuses anyone but an admin: 401 without a token or with a bad one, 403 for a supervisor', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const none = await http(app).get(path).expect(401);
      expect(none.body).toMatchObject({ statusCode: 401, message: expect.stringContaining('authorization') });
      await http(app).get(path).set(as('not-a-token')).expect(401);
      await http(app).get(path).set({ cookie: 'duban_queues=not-a-token' }).expect(401);
      await http(app).get(path).set(as(supervisor)).expect(403);
    }
  });

  it('shows an admin every Duban queue, read-only', async () => {
    const page = await http(app).get('/admin/queues').set(as(admin)).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('Duban 队列');
    const { body } = await http(app).get('/admin/queues/api/queues').query({ activeQueue: 'engine', status: 'latest', page: 1, jobsPerPage: 10 }).set(as(admin)).expect(200);
    const queues = body.queues as { name: string; readOnlyMode: boolean }[];
    expect(queues.map((q) => q.name).sort()).toEqual(['deadlines', 'email', 'engine', 'webhooks']);
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);
    // No job can be changed from it (the engine changes jobs; admin changes are audited).
    const res = await http(app).put('/admin/queues/api/queues/engine/pause').set(as(admin));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('lets the console open it in a tab: an admin gets an HttpOnly, same-site cookie for that path alone', async () => {
    await http(app).post('/api/v1/admin/queues/session').set(as(supervisor)).expect(403);
    const res = await http(app).post('/api/v1/admin/queues/session').set(as(admin)).expect(204);
    const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(set).toHaveLength(1);
    expect(set[0]).toMatch(/^duban_queues=[^;]+; Max-Age=\d+; Path=\/admin\/queues; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    const cookie = set[0].split(';')[0];
    await http(app).get('/admin/queues').set({ cookie }).expect(200);
  });
});
