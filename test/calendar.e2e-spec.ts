import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { adminToken, createUser, http, startApi } from './support/harness';

/* The work calendar over HTTP: seeded from the official notices, editable by admins. */
describe('work calendar (e2e)', () => {
  let app: INestApplication;
  let admin: string;
  let reader: string;

  beforeAll(async () => {
    app = await startApi();
    admin = await adminToken(app);
    reader = (await createUser(app, admin, { roles: ['SUPERVISOR'] })).token;
  });
  afterAll(() => app.close());

  const get = (path: string) => http(app).get(`/api/v1/calendar/days${path}`).set('authorization', `Bearer ${reader}`);

  it('answers the official 2026 days: makeup workdays and holidays', async () => {
    expect((await get('/2026-02-14').expect(200)).body).toEqual({ date: '2026-02-14', workday: true, kind: 'MAKEUP_WORKDAY', name: '春节调休上班' });
    expect((await get('/2026-10-01').expect(200)).body).toEqual({ date: '2026-10-01', workday: false, kind: 'HOLIDAY', name: '国庆节' });
    expect((await get('/2026-07-18').expect(200)).body).toEqual({ date: '2026-07-18', workday: false, kind: 'WEEKEND' });
    expect((await get('/2004-05-03').expect(200)).body).toMatchObject({ workday: false, kind: 'HOLIDAY' });
  });

  it('lists a range, and refuses one longer than 366 days or reversed', async () => {
    const feb = await get('?from=2026-02-14&to=2026-02-24').expect(200);
    expect(feb.body.total).toBe(11);
    expect(feb.body.items.filter((d: { workday: boolean }) => d.workday).map((d: { date: string }) => d.date)).toEqual(['2026-02-14', '2026-02-24']);
    expect((await get('?from=2026-01-01&to=2027-01-02').expect(400)).body.message).toContain('366');
    await get('?from=2026-03-01&to=2026-02-01').expect(400);
    expect((await get('?from=2026-02-30&to=2026-03-01').expect(400)).body.message).toEqual(expect.arrayContaining([expect.stringContaining('from')]));
    expect((await get('/2026-13-01').expect(400)).body.message).toContain('date');
  });

  it('lets an admin set next year’s days; others may not', async () => {
    const before = await app.get(DataSource).query('SELECT COUNT(*) AS n FROM calendar_days');
    await http(app).put('/api/v1/calendar/days/2027-02-06').set('authorization', `Bearer ${reader}`).send({ workday: true }).expect(403);
    await http(app).put('/api/v1/calendar/days/2027-02-06').set('authorization', `Bearer ${admin}`).send({ workday: 'yes' }).expect(400);
    expect((await app.get(DataSource).query('SELECT COUNT(*) AS n FROM calendar_days'))[0].n).toBe(before[0].n);

    const set = await http(app).put('/api/v1/calendar/days/2027-02-06').set('authorization', `Bearer ${admin}`).send({ workday: true, name: '春节调休上班' }).expect(200);
    expect(set.body).toEqual({ date: '2027-02-06', workday: true, kind: 'MAKEUP_WORKDAY', name: '春节调休上班' });
    expect((await get('/2027-02-06').expect(200)).body.kind).toBe('MAKEUP_WORKDAY');
    await http(app).put('/api/v1/calendar/days/2027-02-10').set('authorization', `Bearer ${admin}`).send({ workday: false, name: '春节' }).expect(200);
    expect((await get('/2027-02-10').expect(200)).body).toMatchObject({ workday: false, kind: 'HOLIDAY', name: '春节' });
  });
});
