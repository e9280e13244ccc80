import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { binaryBody, http, reportBody, sql, virtualClockSuite } from './support/harness';

/*
 * 年考评 on the virtual clock (004: “坚持‘月台账、季通报、年考评’工作制度”): zhengzhou-2021 from
 * October 2026 to mid-January 2027. Monthly reports on time, late, partly and never; the monthly
 * evaluations and the fourth quarter's assessment published by their cadences; then the YEARLY
 * evaluation run on 15 January composes them, per unit and per chain, by the profile's rule:
 *   unit  = (60 × mean monthly score + 40 × mean quarterly score) / 100
 *   chain = mean quarterly score (chains are not scored monthly)
 *   a quarter's score = 100 × (30 × 办结率 + 40 × 按时办结率 + 30 × 按时报送率) / the weights of the rates known.
 * The test recomputes that rule from the published notices it composed. The year started with the
 * profile in October, so it composes the months and quarters that were published (September's and
 * Q3's, run by their cadences just after the profile was loaded, included).
 */
describe('the yearly evaluation (年考评), October 2026 – January 2027 (e2e)', () => {
  const suite = virtualClockSuite('yearly', {
    start: '2026-10-01T08:00:00+08:00',
    profiles: ['zhengzhou-2021'],
    chains: ['智能传感器'],
    people: {
      onTime: { roles: ['UNIT_LIAISON'], unit: '经开区' },
      partly: { roles: ['UNIT_LIAISON'], unit: '高新区' },
      late: { roles: ['UNIT_LIAISON'], unit: '金水区' },
      supervisor: { roles: ['SUPERVISOR'], unit: '市政府办公厅' },
    },
  });
  const { who, unit, as, advance } = suite;
  let api: INestApplication;
  let sensors: number;
  beforeAll(() => {
    [api, sensors] = [suite.api, suite.chain['智能传感器']];
  });

  const submit = async (p: { token: string }, unitName: string, period: string, only?: number) => {
    const owed = await http(api).get('/api/v1/obligations').query({ period, unitId: unit[unitName], pageSize: 200 }).set(as(p)).expect(200);
    for (const o of owed.body.items as { id: number; chainId: number | null }[]) {
      if (only !== undefined && o.chainId !== only) continue;
      await http(api)
        .post(`/api/v1/obligations/${o.id}/report`)
        .set(as(p))
        .send(reportBody(o, `${period}工作进展`))
        .expect(200);
    }
  };

  it('declares the yearly cadence: in January, for the year before', async () => {
    const cadences = await http(api).get('/api/v1/cadences').query({ pageSize: 200 }).set(as(who.supervisor)).expect(200);
    const yearly = cadences.body.items.find((c: { kind: string }) => c.kind === 'YEARLY_EVALUATION');
    expect(yearly).toMatchObject({ name: '产业链年度考评', frequency: 'YEARLY', month: 1, dayOfMonth: 15, shift: 'NEXT_WORKDAY' });
    const preview = await http(api)
      .get(`/api/v1/cadences/${yearly.id}/occurrences`)
      .query({ from: '2026-10-01T00:00:00+08:00', to: '2028-12-31T00:00:00+08:00' })
      .set(as(who.supervisor))
      .expect(200);
    // 15 January 2028 is a Saturday.
    expect(preview.body.items.map((o: { period: string; dueAt: string }) => [o.period, o.dueAt])).toEqual([
      ['2027', '2027-01-15T01:00:00.000Z'],
      ['2028', '2028-01-17T01:00:00.000Z'],
    ]);
  });

  it('reports through the fourth quarter: on time, late, for one chain only, and never', async () => {
    for (const [month, next] of [
      ['2026-10', '2026-11'],
      ['2026-11', '2026-12'],
      ['2026-12', '2027-01'],
    ]) {
      await advance(`${month}-12T09:00:00+08:00`);
      await submit(who.onTime, '经开区', month);
      await submit(who.partly, '高新区', month, sensors);
      await advance(`${month}-22T09:00:00+08:00`); // after the 20th: late
      await submit(who.late, '金水区', month);
      await advance(`${next}-02T09:00:00+08:00`);
    }
    // The year has closed, but December's evaluation and the quarter's assessment are not out yet.
    expect((await http(api).post('/api/v1/evaluations/2026/compute').set(as(who.supervisor)).expect(409)).body.message).toContain('2026-12');
    await http(api).get('/api/v1/evaluations/2026').set(as(who.supervisor)).expect(404);
    await advance('2027-01-12T09:00:00+08:00'); // December scored on the 5th, Q4 assessed on the 11th (the 10th is a Sunday)
    await http(api).get('/api/v1/evaluations/2026').set(as(who.supervisor)).expect(404);
  }, 600_000);

  let yearly: YearlyBody;

  it('publishes the year on its cadence, composed from the published months and quarters by the profile’s rule', async () => {
    await advance('2027-01-15T10:00:00+08:00');
    const notices = await sql<{ kind: string; period: string; published_at: Date; published_by: number | null }>(
      api,
      `SELECT kind, period, published_at, published_by FROM notices WHERE period LIKE '2026%' ORDER BY kind, period`,
    );
    const yearRow = notices.find((n) => n.kind === 'YEARLY');
    expect(yearRow).toMatchObject({ period: '2026', published_by: null }); // by the scheduled run
    // Run by the tick that brought 15 January 09:00 due (not there on the 12th, see above).
    expect(yearRow!.published_at.toISOString().slice(0, 10)).toBe('2027-01-15');
    const months = notices.filter((n) => n.kind === 'MONTHLY').map((n) => n.period);
    const quarters = notices.filter((n) => n.kind === 'QUARTERLY').map((n) => n.period);
    expect(months).toEqual(expect.arrayContaining(['2026-10', '2026-11', '2026-12']));
    expect(quarters).toEqual(expect.arrayContaining(['2026-Q4']));

    yearly = (await http(api).get('/api/v1/evaluations/2026').set(as(who.partly)).expect(200)).body;
    expect(yearly).toMatchObject({
      period: '2026',
      title: '郑州市重点产业链工作推进机制年度考评通报（2026年）',
      profile: 'zhengzhou-2021',
      rules: { monthlyWeight: 60, quarterlyWeight: 40, rateWeights: { completionRate: 30, onTimeCompletionRate: 40, onTimeReportRate: 30 } },
      composedOf: { months, quarters },
    });

    // The rule, recomputed from the notices it composed.
    const monthly = await Promise.all(months.map(async (m) => (await http(api).get(`/api/v1/evaluations/${m}`).set(as(who.supervisor)).expect(200)).body));
    const assessed = await Promise.all(quarters.map(async (q) => (await http(api).get(`/api/v1/assessments/${q}`).set(as(who.supervisor)).expect(200)).body));
    const quarterScore = (r: Rates) => {
      const parts = (
        [
          [30, r.completionRate],
          [40, r.onTimeCompletionRate],
          [30, r.onTimeReportRate],
        ] as const
      ).filter(([, v]) => v !== null);
      return parts.length ? parts.reduce((sum, [w, v]) => sum + w * v! * 100, 0) / parts.reduce((sum, [w]) => sum + w, 0) : null;
    };
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
    const quartersOf = (pick: (a: Assessed) => Rates[], id: number) => mean(assessed.flatMap((a) => pick(a).filter((r) => r.id === id)).flatMap((r) => quarterScore(r) ?? []));

    expect(yearly.items).toHaveLength(16); // the 16 zones and districts the months rank
    for (const item of yearly.items) {
      const m = mean(monthly.flatMap((e: { items: { unitId: number; score: number }[] }) => e.items.filter((i) => i.unitId === item.unitId).map((i) => i.score)));
      const q = quartersOf((a) => a.units, item.unitId);
      const expected = m !== null && q !== null ? (60 * m + 40 * q) / 100 : (m ?? q)!;
      expect(Math.abs(item.score - expected)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(item.monthly.count).toBe(months.length);
      expect(item.rank).toBe(1 + yearly.items.filter((o) => o.score > item.score).length);
    }
    expect(yearly.chains).toHaveLength(15);
    for (const chain of yearly.chains) {
      expect(Math.abs(chain.score - quartersOf((a) => a.chains, chain.chainId)!)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(chain.rank).toBe(1 + yearly.chains.filter((o) => o.score > chain.score).length);
    }
    const row = (name: string) => yearly.items.find((i) => i.unitName === name)!;
    // On time every month ranks first; the late one above the one that reported for one chain, above the one that never did.
    expect(row('经开区').rank).toBe(1);
    expect(row('金水区').score).toBeGreaterThan(row('高新区').score);
    expect(row('高新区').score).toBeGreaterThan(row('二七区').score);
    // 高新区 reported on time for 智能传感器 only: no other chain's reports came in on time as often.
    const q4 = (assessed as Assessed[]).find((a) => a.quarter === '2026-Q4')!;
    const sensorsRate = q4.chains.find((c) => c.id === sensors)!.onTimeReportRate!;
    for (const c of q4.chains.filter((c) => c.id !== sensors)) expect(c.onTimeReportRate!).toBeLessThan(sensorsRate);
  });

  it('draws the notice as a workbook and a printable page', async () => {
    const xlsx = await http(api)
      .get('/api/v1/evaluations/2026/notice.xlsx')
      .set(as(who.late))
      .buffer(true)
      .parse(binaryBody as never)
      .expect(200);
    expect(xlsx.headers['content-disposition']).toContain('evaluation-2026.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(String(sheet.getRow(1).getCell(1).value)).toContain('年度考评通报（2026年）');
    const ranked: { name: unknown; score: unknown }[] = [];
    for (let r = 1; r <= sheet.rowCount; r++) {
      const cells = sheet.getRow(r);
      if (typeof cells.getCell(1).value === 'number') ranked.push({ name: cells.getCell(2).value, score: cells.getCell(3).value });
    }
    expect(ranked).toEqual([...yearly.items.map((i) => ({ name: i.unitName, score: i.score })), ...yearly.chains.map((c) => ({ name: c.chainName, score: c.score }))]);
    const html = await http(api).get('/api/v1/evaluations/2026/notice.html').set(as(who.late)).expect(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('一、各单位年度考评');
    expect(html.text).toContain('二、各产业链年度考评');
    expect(html.text).toContain('年度得分＝月度评比均分×60%＋季度评估均分×40%');
    expect(html.text).not.toContain('<script');
  });

  it('is immutable once published: a second publish returns it unchanged, the database refuses a change', async () => {
    await http(api).post('/api/v1/evaluations/2026/compute').set(as(who.late)).expect(403);
    const again = await http(api).post('/api/v1/evaluations/2026/compute').set(as(who.supervisor)).expect(200);
    expect(again.body).toEqual(yearly);
    await expect(sql(api, `UPDATE notices SET title = 'x' WHERE kind = 'YEARLY' AND period = '2026'`)).rejects.toThrow(/immutable/);
    await expect(sql(api, `DELETE FROM notices WHERE kind = 'YEARLY' AND period = '2026'`)).rejects.toThrow(/immutable/);
    const [count] = await sql<{ n: number }>(api, `SELECT COUNT(*) AS n FROM notices WHERE kind = 'YEARLY'`);
    expect(Number(count.n)).toBe(1);
    const audit = await sql<{ n: number }>(api, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'notice.publish' AND target_id = 'YEARLY:2026'`);
    expect(Number(audit[0].n)).toBe(1);
    expect((await http(api).get('/api/v1/evaluations/2026').set(as(who.supervisor)).expect(200)).body).toEqual(yearly);
  });

  it('tells a year from a month and answers a bad period with a 400 naming it', async () => {
    for (const bad of ['2026-Q4', '2026-13', '26', '20261', '2026-H2']) {
      const res = await http(api).get(`/api/v1/evaluations/${bad}`).set(as(who.supervisor)).expect(400);
      expect(res.body.message).toContain('period must look like 2026-07 (a month) or 2026 (a year)');
    }
    await http(api).get('/api/v1/evaluations/2025').set(as(who.supervisor)).expect(404);
    await http(api).get('/api/v1/evaluations/2025/notice.html').set(as(who.supervisor)).expect(404);
    expect((await http(api).post('/api/v1/evaluations/2027/compute').set(as(who.supervisor)).expect(409)).body.message).toContain('has not closed yet');
    expect((await http(api).get('/api/v1/evaluations/2026-12').set(as(who.supervisor)).expect(200)).body.items[0]).toHaveProperty('breakdown');
  });
});

interface Rates {
  id: number;
  tasks: number;
  completionRate: number | null;
  onTimeCompletionRate: number | null;
  onTimeReportRate: number | null;
}
interface Assessed {
  quarter: string;
  units: Rates[];
  chains: Rates[];
}
interface YearlyBody {
  items: { unitId: number; unitName: string; score: number; rank: number; monthly: { count: number } }[];
  chains: { chainId: number; chainName: string; score: number; rank: number }[];
}
