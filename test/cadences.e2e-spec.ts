import { INestApplication } from '@nestjs/common';
import { adminToken, createUser, http, loadProfile, startApi, tableCounts, unitId } from './support/harness';

describe('cadences (e2e)', () => {
  let app: INestApplication;
  let admin: string;
  let supervisor: string;
  let lead: number;

  beforeAll(async () => {
    app = await startApi();
    await loadProfile(app, 'zhengzhou-2021');
    admin = await adminToken(app);
    supervisor = (await createUser(app, admin, { roles: ['SUPERVISOR'] })).token;
    lead = await unitId(app, '市工信局');
  });
  afterAll(() => app.close());

  const monthly = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    kind: 'REPORT',
    frequency: 'MONTHLY',
    dayOfMonth: 20,
    time: '23:59:59',
    shift: 'NEXT_WORKDAY',
    activeFrom: '2026-01-01T00:00:00+08:00',
    owingUnitKinds: ['ZONE', 'DISTRICT'],
    receiverUnitId: lead,
    ...extra,
  });
  const post = (token: string, body: object) => http(app).post('/api/v1/cadences').set('authorization', `Bearer ${token}`).send(body);

  it('creates a monthly report cadence and previews its due instants after the shift rule', async () => {
    const created = await post(admin, monthly('月报（测试）')).expect(201);
    expect(created.body).toMatchObject({ frequency: 'MONTHLY', dayOfMonth: 20, time: '23:59:59', timezone: 'Asia/Shanghai', shift: 'NEXT_WORKDAY', version: 1 });
    const preview = await http(app)
      .get(`/api/v1/cadences/${created.body.id}/occurrences`)
      .query({ from: '2026-01-01T00:00:00+08:00', to: '2026-12-31T23:59:59+08:00' })
      .set('authorization', `Bearer ${supervisor}`)
      .expect(200);
    expect(preview.body.total).toBe(12);
    expect(preview.body.items[1]).toEqual({ period: '2026-02', localDate: '2026-02-24', dueAt: '2026-02-24T15:59:59.000Z' });
    expect(preview.body.items[6]).toEqual({ period: '2026-07', localDate: '2026-07-20', dueAt: '2026-07-20T15:59:59.000Z' });
  });

  it('updates the rule (version bumps) and deletes the cadence', async () => {
    const created = await post(admin, monthly('季评（测试）', { frequency: 'QUARTERLY', dayOfMonth: 31, kind: 'ASSESSMENT', owingUnitKinds: undefined })).expect(201);
    const updated = await http(app)
      .put(`/api/v1/cadences/${created.body.id}`)
      .set('authorization', `Bearer ${admin}`)
      .send(monthly('季评（测试）', { frequency: 'QUARTERLY', dayOfMonth: 10, month: 1, kind: 'ASSESSMENT', owingUnitKinds: undefined, shift: 'NONE' }))
      .expect(200);
    expect(updated.body).toMatchObject({ dayOfMonth: 10, month: 1, version: 2 });
    await http(app).delete(`/api/v1/cadences/${created.body.id}`).set('authorization', `Bearer ${admin}`).expect(204);
    await http(app).get(`/api/v1/cadences/${created.body.id}`).set('authorization', `Bearer ${admin}`).expect(404);
  });

  it.each([
    ['no anchor', { dayOfMonth: undefined }, 'dayOfMonth'],
    ['a bad time', { time: '24:00' }, 'time'],
    ['an unknown zone', { timezone: 'Mars/Olympus' }, 'timezone'],
    ['a bad shift', { shift: 'SOMETIMES' }, 'shift'],
    ['an activeTo before activeFrom', { activeTo: '2025-01-01T00:00:00Z' }, 'activeTo'],
    ['a report nobody owes', { owingUnitKinds: undefined }, 'owing'],
    ['an unknown policy', { policyId: 999999 }, 'policyId'],
    ['an unknown receiver', { receiverUnitId: 999999 }, 'receiverUnitId'],
    ['an unknown unit kind', { owingUnitKinds: ['PLANET'] }, 'owingUnitKinds'],
    ['a weekly cadence without weekday', { frequency: 'WEEKLY', dayOfMonth: undefined }, 'weekday'],
    ['a quarter month out of range', { frequency: 'QUARTERLY', month: 4 }, 'month'],
  ])('rejects %s with 400 naming the field, changing nothing', async (_, change, field) => {
    const before = await tableCounts(app);
    const res = await post(admin, monthly(`坏周期-${field}`, change)).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await tableCounts(app)).toEqual(before);
  });

  it('is configured by admins only', async () => {
    await post(supervisor, monthly('越权周期')).expect(403);
  });
});
