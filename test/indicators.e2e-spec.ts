import { INestApplication } from '@nestjs/common';
import { everyTableCount, http, loadProfile, sql, virtualClockSuite } from './support/harness';

/*
 * Per-zone targets on the virtual clock (002 （七）: “明确各开发区和区县（市）工业增长、新增入库、投资增速、
 * 产业招商等具体目标，实施过程管理，坚持月报制度，以月保季、以季保年”; 附表1 gives the figures). zhengzhou-2021
 * in July–August 2026: the 工业经济指标月报 is owed by the 16 zones and districts on the 20th, to 市工信局;
 * each report gives the four year-to-date figures; GET /indicators compares the latest with 2021's targets
 * (the newest plan not after 2026), named as such. 金水区 reports late, 二七区 never.
 */
describe('per-zone targets and the monthly indicator report (e2e)', () => {
  const suite = virtualClockSuite('indicators', {
    start: '2026-07-01T08:00:00+08:00',
    profiles: ['zhengzhou-2021'],
    chains: ['智能传感器'],
    people: {
      gaoxin: { roles: ['UNIT_LIAISON'], unit: '高新区' },
      jingkai: { roles: ['UNIT_LIAISON'], unit: '经开区' },
      jinshui: { roles: ['UNIT_LIAISON'], unit: '金水区' },
      erqi: { roles: ['UNIT_LIAISON'], unit: '二七区' },
      receiver: { roles: ['LEAD_UNIT'], unit: '市工信局' },
      supervisor: { roles: ['SUPERVISOR'], unit: '市政府办公厅' },
    },
  });
  const { who, unit, as, advance } = suite;
  let api: INestApplication;
  let cadenceId: number;
  beforeAll(() => {
    api = suite.api;
  });

  const owed = async (p: { token: string }, name: string, period: string) => {
    const res = await http(api).get('/api/v1/obligations').query({ cadenceId, unitId: unit[name], period }).set(as(p)).expect(200);
    expect(res.body.items).toHaveLength(1);
    return res.body.items[0] as { id: number; state: string; timeliness: string; escalationLevel: number };
  };
  const figures = (growth: number, manufacturing: number, firms: number, investment: number) => [
    { key: 'industrialValueAddedGrowth', value: growth },
    { key: 'manufacturingValueAddedGrowth', value: manufacturing },
    { key: 'newEnterprises', value: firms },
    { key: 'industrialInvestmentGrowth', value: investment },
  ];

  it('loads the four indicators and 附表1’s targets for the 16 units once, however often the profile is loaded', async () => {
    await loadProfile(api, 'zhengzhou-2021');
    const [counts] = await sql<{ indicators: number; targets: number; years: string }>(
      api,
      `SELECT (SELECT COUNT(*) FROM indicators) AS indicators, (SELECT COUNT(*) FROM indicator_targets) AS targets, (SELECT GROUP_CONCAT(DISTINCT year) FROM indicator_targets) AS years`,
    );
    expect({ ...counts, indicators: Number(counts.indicators), targets: Number(counts.targets) }).toEqual({ indicators: 4, targets: 64, years: '2021' });
    const [zhongmou] = await sql<{ value: string }>(
      api,
      `SELECT t.value FROM indicator_targets t JOIN units u ON u.id = t.unit_id JOIN indicators i ON i.id = t.indicator_id WHERE u.name = '中牟县' AND i.indicator_key = 'newEnterprises'`,
    );
    expect(Number(zhongmou.value)).toBe(30);
  });

  it('emits the 工业经济指标月报: one obligation per zone and district, due the 20th, to 市工信局, on no chain', async () => {
    const cadences = await http(api).get('/api/v1/cadences').query({ pageSize: 200 }).set(as(who.supervisor)).expect(200);
    const cadence = cadences.body.items.find((c: { name: string }) => c.name === '工业经济指标月报');
    expect(cadence).toMatchObject({ kind: 'REPORT', frequency: 'MONTHLY', dayOfMonth: 20, owingUnitKinds: ['ZONE', 'DISTRICT'], receiverUnitId: unit['市工信局'] });
    expect(cadence.chainId).toBeUndefined();
    cadenceId = cadence.id;
    await advance('2026-07-02T09:00:00+08:00');
    const july = await http(api).get('/api/v1/obligations').query({ cadenceId, period: '2026-07', pageSize: 100 }).set(as(who.supervisor)).expect(200);
    expect(july.body.total).toBe(16);
    for (const o of july.body.items) {
      expect(o).toMatchObject({ period: '2026-07', dueAt: '2026-07-20T15:59:59.000Z', receiverUnitId: unit['市工信局'], chainId: null, state: 'OPEN' });
    }
    // The receiving department sees them all; a liaison its own.
    expect((await http(api).get('/api/v1/obligations').query({ cadenceId, period: '2026-07' }).set(as(who.receiver)).expect(200)).body.total).toBe(16);
    expect((await http(api).get('/api/v1/obligations').query({ cadenceId, period: '2026-07' }).set(as(who.gaoxin)).expect(200)).body.total).toBe(1);
    // Its detail lists the four figures the report gives, none given yet.
    const report = await owed(who.gaoxin, '高新区', '2026-07');
    const detail = await http(api).get(`/api/v1/obligations/${report.id}`).set(as(who.gaoxin)).expect(200);
    expect(detail.body.indicators).toEqual([
      { key: 'industrialValueAddedGrowth', name: '规上工业增加值增速', unit: '%', kind: 'GROWTH_RATE', value: null },
      { key: 'manufacturingValueAddedGrowth', name: '规上制造业增加值增速', unit: '%', kind: 'GROWTH_RATE', value: null },
      { key: 'newEnterprises', name: '规上工业新增入库企业数量', unit: '户', kind: 'COUNT', value: null },
      { key: 'industrialInvestmentGrowth', name: '工业投资增速', unit: '%', kind: 'GROWTH_RATE', value: null },
    ]);
  });

  it('refuses a report with missing, unknown, repeated or unsound figures with 400 naming the field, changing nothing', async () => {
    await advance('2026-07-15T10:00:00+08:00');
    const report = await owed(who.gaoxin, '高新区', '2026-07');
    const sensors = suite.chain['智能传感器'];
    const all = await http(api).get('/api/v1/obligations').query({ unitId: unit['高新区'], period: '2026-07', pageSize: 100 }).set(as(who.gaoxin)).expect(200);
    const perChain = (all.body.items as { id: number; chainId: number | null }[]).find((o) => o.chainId === sensors)!;
    const before = await everyTableCount(api);
    const cases: [number, object, string][] = [
      [
        report.id,
        { progress: '1—7月' },
        'indicators: give the year-to-date figure of each of industrialValueAddedGrowth, manufacturingValueAddedGrowth, newEnterprises, industrialInvestmentGrowth',
      ],
      [report.id, { progress: '1—7月', indicators: figures(8, 9, 30, 10).slice(0, 3) }, 'indicators: missing industrialInvestmentGrowth'],
      [
        report.id,
        { progress: '1—7月', indicators: [figures(8, 9, 30, 10)[0], { key: 'salesGrowth', value: 3 }, ...figures(8, 9, 30, 10).slice(1)] },
        'indicators.1.key: no indicator salesGrowth',
      ],
      [report.id, { progress: '1—7月', indicators: [...figures(8, 9, 30, 10), { key: 'newEnterprises', value: 31 }] }, 'indicators.4.key: newEnterprises is given twice'],
      [report.id, { progress: '1—7月', indicators: figures(8, 9, 30.5, 10) }, 'indicators.2.value: must be a whole number'],
      [report.id, { progress: '1—7月', indicators: figures(8, -120, 30, 10) }, 'indicators.1.value: must be between -100 and 1000'],
      [report.id, { progress: '1—7月', indicators: figures(8.125, 9, 30, 10) }, 'indicators.0.value: must have at most two decimals'],
      [report.id, { progress: '1—7月', indicators: [{ key: 'industrialValueAddedGrowth', value: '8' }, ...figures(8, 9, 30, 10).slice(1)] }, 'indicators.0.value must be a number'],
      [report.id, { progress: '1—7月', indicators: [{ key: 'industrialValueAddedGrowth' }, ...figures(8, 9, 30, 10).slice(1)] }, 'indicators.0.value must be a number'],
      [report.id, { progress: '1—7月', indicators: { industrialValueAddedGrowth: 8 } }, 'indicators.property industrialValueAddedGrowth should not exist'],
      [perChain.id, { progress: '传感器链进展', indicators: figures(8, 9, 30, 10) }, 'indicators: this report collects no indicators'],
    ];
    for (const [id, body, message] of cases) {
      const res = await http(api).post(`/api/v1/obligations/${id}/report`).set(as(who.gaoxin)).send(body).expect(400);
      expect((res.body.message as string[]).join('\n')).toContain(message);
    }
    expect(await everyTableCount(api)).toEqual(before);
    expect((await owed(who.gaoxin, '高新区', '2026-07')).state).toBe('OPEN');
  });

  it('stores the four year-to-date figures with the report, on time', async () => {
    const report = await owed(who.gaoxin, '高新区', '2026-07');
    const filed = await http(api)
      .post(`/api/v1/obligations/${report.id}/report`)
      .set(as(who.gaoxin))
      .send({ progress: '1—7月累计：规上工业增加值增长8.5%', indicators: figures(8.5, 9.1, 35, 13) })
      .expect(200);
    expect(filed.body).toMatchObject({ state: 'SUBMITTED', timeliness: 'ON_TIME' });
    expect(filed.body.indicators.map((i: { key: string; value: number }) => [i.key, i.value])).toEqual([
      ['industrialValueAddedGrowth', 8.5],
      ['manufacturingValueAddedGrowth', 9.1],
      ['newEnterprises', 35],
      ['industrialInvestmentGrowth', 13],
    ]);
    const rows = await sql<{ unit_id: number; period: string; n: number }>(
      api,
      'SELECT unit_id, period, COUNT(*) AS n FROM indicator_actuals WHERE obligation_id = ? GROUP BY unit_id, period',
      [report.id],
    );
    expect(rows.map((r) => [r.unit_id, r.period, Number(r.n)])).toEqual([[unit['高新区'], '2026-07', 4]]);
    // A report is given once.
    await http(api)
      .post(`/api/v1/obligations/${report.id}/report`)
      .set(as(who.gaoxin))
      .send({ progress: '再报', indicators: figures(9, 9, 35, 13) })
      .expect(409);
    const jingkai = await owed(who.jingkai, '经开区', '2026-07');
    await http(api)
      .post(`/api/v1/obligations/${jingkai.id}/report`)
      .set(as(who.jingkai))
      .send({ progress: '1—7月累计', indicators: figures(12.4, 12, 52, 12) })
      .expect(200);
  });

  it('escalates a late or missing indicator report like any report: 金水区 late, 二七区 under supervision', async () => {
    await advance('2026-07-22T10:00:00+08:00');
    const late = await owed(who.jinshui, '金水区', '2026-07');
    expect(late).toMatchObject({ state: 'OPEN', timeliness: 'OVERDUE', escalationLevel: 1 }); // 催办 a working day after
    const filed = await http(api)
      .post(`/api/v1/obligations/${late.id}/report`)
      .set(as(who.jinshui))
      .send({ progress: '1—7月累计', indicators: figures(6.2, 6.8, 8, 5.5) })
      .expect(200);
    expect(filed.body).toMatchObject({ state: 'SUBMITTED', timeliness: 'LATE' });
    await advance('2026-07-24T10:00:00+08:00');
    const missing = await owed(who.erqi, '二七区', '2026-07');
    expect(missing).toMatchObject({ state: 'OPEN', timeliness: 'OVERDUE', escalationLevel: 2 }); // 督办 three working days after
    const supervision = await http(api)
      .get('/api/v1/supervision')
      .query({ subjectType: 'OBLIGATION', open: true, unitId: unit['二七区'], pageSize: 100 })
      .set(as(who.supervisor))
      .expect(200);
    const entry = supervision.body.items.find((e: { subjectId: number }) => e.subjectId === missing.id);
    expect(entry).toMatchObject({ subjectType: 'OBLIGATION', level: 2, subjectTitle: '工业经济指标月报（2026-07）', ownerUnitName: '二七区' });
  });

  type UnitRow = {
    unitId: number;
    unitName: string;
    indicators: {
      key: string;
      target: { value: number; year: number; source: string } | null;
      actual: { value: number; period: string } | null;
      met: boolean | null;
      months: { period: string; value: number }[];
    }[];
  };

  it('shows each unit’s targets, from 2021’s plan honestly named, against its latest figures', async () => {
    const overview = await http(api).get('/api/v1/indicators').query({ year: 2026 }).set(as(who.supervisor)).expect(200);
    expect(overview.body.year).toBe(2026);
    expect(overview.body.indicators.map((i: { key: string; unit: string }) => `${i.key} ${i.unit}`)).toEqual([
      'industrialValueAddedGrowth %',
      'manufacturingValueAddedGrowth %',
      'newEnterprises 户',
      'industrialInvestmentGrowth %',
    ]);
    const units = overview.body.units as UnitRow[];
    expect(units).toHaveLength(16);
    const row = (name: string) => units.find((u) => u.unitName === name)!;
    const source = '《郑州市2021年制造业高质量发展工作要点》附表1';
    expect(row('高新区').indicators).toEqual([
      {
        key: 'industrialValueAddedGrowth',
        target: { value: 12, year: 2021, source },
        actual: expect.objectContaining({ value: 8.5, period: '2026-07' }),
        met: false,
        months: [{ period: '2026-07', value: 8.5 }],
      },
      {
        key: 'manufacturingValueAddedGrowth',
        target: { value: 12, year: 2021, source },
        actual: expect.objectContaining({ value: 9.1, period: '2026-07' }),
        met: false,
        months: [{ period: '2026-07', value: 9.1 }],
      },
      {
        key: 'newEnterprises',
        target: { value: 60, year: 2021, source },
        actual: expect.objectContaining({ value: 35, period: '2026-07' }),
        met: false,
        months: [{ period: '2026-07', value: 35 }],
      },
      {
        key: 'industrialInvestmentGrowth',
        target: { value: 12, year: 2021, source },
        actual: expect.objectContaining({ value: 13, period: '2026-07' }),
        met: true,
        months: [{ period: '2026-07', value: 13 }],
      },
    ]);
    expect(row('经开区').indicators.map((i) => i.met)).toEqual([true, true, true, true]);
    expect(row('二七区').indicators.map((i) => [i.target?.value, i.actual, i.met])).toEqual([
      [7, null, null],
      [7, null, null],
      [10, null, null],
      [5, null, null],
    ]);
    // No plan is older than 2021: a year before it has no targets and no figures.
    expect((await http(api).get('/api/v1/indicators').query({ year: 2020 }).set(as(who.supervisor)).expect(200)).body.units).toEqual([]);
    for (const year of ['1999', '2026.5', 'abc']) {
      const bad = await http(api).get('/api/v1/indicators').query({ year }).set(as(who.supervisor)).expect(400);
      expect((bad.body.message as string[]).join()).toMatch(/^year /);
    }
  });

  it('answers the latest month’s figures as they come in, and scopes them: a liaison its own unit, the city every unit', async () => {
    await advance('2026-08-12T10:00:00+08:00');
    const august = await owed(who.gaoxin, '高新区', '2026-08');
    await http(api)
      .post(`/api/v1/obligations/${august.id}/report`)
      .set(as(who.gaoxin))
      .send({ progress: '1—8月累计', indicators: figures(12.1, 12.3, 61, 14) })
      .expect(200);
    const mine = await http(api).get('/api/v1/indicators').query({ year: 2026 }).set(as(who.gaoxin)).expect(200);
    expect((mine.body.units as UnitRow[]).map((u) => u.unitName)).toEqual(['高新区']);
    const gaoxin = (mine.body.units as UnitRow[])[0];
    expect(gaoxin.indicators.map((i) => [i.actual?.value, i.actual?.period, i.met])).toEqual([
      [12.1, '2026-08', true],
      [12.3, '2026-08', true],
      [61, '2026-08', true],
      [14, '2026-08', true],
    ]);
    expect(gaoxin.indicators[2].months).toEqual([
      { period: '2026-07', value: 35 },
      { period: '2026-08', value: 61 },
    ]);
    const erqi = await http(api).get('/api/v1/indicators').query({ year: 2026 }).set(as(who.erqi)).expect(200);
    expect((erqi.body.units as UnitRow[]).map((u) => u.unitName)).toEqual(['二七区']);
    for (const p of [who.receiver, who.supervisor])
      expect((await http(api).get('/api/v1/indicators').set(as(p)).expect(200)).body).toMatchObject({ year: 2026, units: expect.any(Array) });
    expect((await http(api).get('/api/v1/indicators').set(as(who.receiver)).expect(200)).body.units).toHaveLength(16);
    await http(api).get('/api/v1/indicators').expect(401);
  });
});
