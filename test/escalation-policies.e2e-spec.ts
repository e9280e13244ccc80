import { INestApplication } from '@nestjs/common';
import { adminToken, createUser, http, startApi, tableCounts } from './support/harness';

describe('escalation policies (e2e)', () => {
  let app: INestApplication;
  let admin: string;
  let liaison: string;

  beforeAll(async () => {
    app = await startApi();
    admin = await adminToken(app);
    const unit = await http(app).post('/api/v1/units').set('authorization', `Bearer ${admin}`).send({ name: '督办规则测试区', kind: 'DISTRICT' }).expect(201);
    liaison = (await createUser(app, admin, { roles: ['UNIT_LIAISON'], unitId: unit.body.id })).token;
  });
  afterAll(() => app.close());

  const post = (token: string, body: unknown) =>
    http(app)
      .post('/api/v1/escalation-policies')
      .set('authorization', `Bearer ${token}`)
      .send(body as object);
  const steps = [
    { offset: -3, calendar: 'workday', action: 'remind' },
    { offset: 'PT0S', calendar: 'natural', action: 'due' },
    { offset: 'PT30S', calendar: 'natural', action: 'urge' },
    { offset: 'P3D', calendar: 'workday', action: 'supervise', notify: ['OWNER', 'SUPERVISOR'] },
  ];

  it('creates, reads, lists, updates and deletes a policy', async () => {
    const created = await post(admin, { name: '专项督办', steps }).expect(201);
    expect(created.body).toMatchObject({ name: '专项督办', steps });
    await http(app).get(`/api/v1/escalation-policies/${created.body.id}`).set('authorization', `Bearer ${admin}`).expect(200);
    const list = await http(app).get('/api/v1/escalation-policies').set('authorization', `Bearer ${admin}`).expect(200);
    expect(list.body.items.map((p: { name: string }) => p.name)).toContain('专项督办');
    const updated = await http(app)
      .put(`/api/v1/escalation-policies/${created.body.id}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ name: '专项督办（修订）', steps: steps.slice(1) })
      .expect(200);
    expect(updated.body.steps).toHaveLength(3);
    await http(app).delete(`/api/v1/escalation-policies/${created.body.id}`).set('authorization', `Bearer ${admin}`).expect(204);
    await http(app).get(`/api/v1/escalation-policies/${created.body.id}`).set('authorization', `Bearer ${admin}`).expect(404);
  });

  it.each([
    ['a month offset', { offset: 'P1M', calendar: 'natural', action: 'urge' }, 'offset'],
    ['a free-text offset', { offset: 'three days', calendar: 'natural', action: 'urge' }, 'offset'],
    ['a fractional workday offset', { offset: 1.5, calendar: 'workday', action: 'urge' }, 'offset'],
    ['an unknown action', { offset: 'P1D', calendar: 'natural', action: 'shout' }, 'action'],
    ['an unknown calendar', { offset: 'P1D', calendar: 'lunar', action: 'urge' }, 'calendar'],
    ['an unknown role', { offset: 'P1D', calendar: 'natural', action: 'urge', notify: ['MAYOR'] }, 'notify'],
    ['an extra field', { offset: 'P1D', calendar: 'natural', action: 'urge', level: 3 }, 'level'],
  ])('rejects %s with 400 naming the field, changing nothing', async (_, step, field) => {
    const before = await tableCounts(app);
    const res = await post(admin, { name: `坏规则${field}`, steps: [step] }).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await tableCounts(app)).toEqual(before);
  });

  it('rejects steps out of time order, an empty list and a duplicate name', async () => {
    const res = await post(admin, { name: '乱序', steps: [steps[2], steps[0]] }).expect(400);
    expect(res.body.message).toContain('time order');
    await post(admin, { name: '空', steps: [] }).expect(400);
    await post(admin, { name: '同名', steps }).expect(201);
    expect((await post(admin, { name: '同名', steps }).expect(409)).body.message).toContain('name');
  });

  it('is configured by admins and supervisors only', async () => {
    await post(liaison, { name: '越权', steps }).expect(403);
    const supervisor = await createUser(app, admin, { roles: ['SUPERVISOR'] });
    await post(supervisor.token, { name: `督查处规则${supervisor.id}`, steps }).expect(201);
  });
});
