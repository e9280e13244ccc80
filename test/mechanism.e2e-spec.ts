import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { eventually, http, reportBody, sql, virtualClockSuite } from './support/harness';

/*
 * A quarter of the zhengzhou-2021 mechanism on the virtual clock, July to September 2026:
 * the four lists adjusted, monthly reports on time, late and never, coordination matters
 * walking the 13710 ledger, a chain meeting whose decisions become tasks, July's ranking and
 * its workbook, and the Q3 assessment with its rates and named major overdue matters.
 */
describe('the chain-leader mechanism, July–September 2026 (e2e)', () => {
  const suite = virtualClockSuite('mechanism', {
    start: '2026-07-01T08:00:00+08:00',
    profiles: ['zhengzhou-2021'],
    people: {
      onTime: { roles: ['UNIT_LIAISON'], unit: '经开区' },
      raiser: { roles: ['UNIT_LIAISON'], unit: '高新区' },
      late: { roles: ['UNIT_LIAISON'], unit: '金水区' },
      never: { roles: ['UNIT_LIAISON'], unit: '二七区' },
      lead: { roles: ['LEAD_UNIT'], unit: '市工信局' },
      supervisor: { roles: ['SUPERVISOR'], unit: '市政府办公厅' },
      leader: { roles: ['CHAIN_LEADER'], chains: [{ chain: '智能传感器', role: 'LEADER' }], displayName: '史占勇' },
    },
  });
  const { who, unit, as, advance } = suite;
  let api: INestApplication;
  let sensors: number;
  beforeAll(() => {
    [api, sensors] = [suite.api, suite.chain['智能传感器']];
  });

  const reports = async (p: { token: string }, unitName: string, period: string) =>
    (await http(api).get('/api/v1/obligations').query({ period, unitId: unit[unitName], pageSize: 200 }).set(as(p)).expect(200)).body.items as {
      id: number;
      chainId: number | null;
      state: string;
      timeliness: string;
    }[];
  const submitAll = async (p: { token: string }, unitName: string, period: string) => {
    for (const o of await reports(p, unitName, period)) {
      await http(api)
        .post(`/api/v1/obligations/${o.id}/report`)
        .set(as(p))
        .send(reportBody(o, `${period}工作进展`))
        .expect(200);
    }
  };

  it('ships the plan and the four maps of each chain, and the work points, as tasks of the right departments', async () => {
    const plans = await sql<{ title: string; owner: string }>(
      api,
      `SELECT t.title, u.name AS owner FROM tasks t JOIN units u ON u.id = t.owner_unit_id WHERE t.source_kind = 'CHAIN_PLAN' AND t.title LIKE '智能传感器%' OR t.title LIKE '生物医药%' ORDER BY t.id`,
    );
    expect(plans.filter((p) => p.title.startsWith('智能传感器')).every((p) => p.owner === '市工信局')).toBe(true);
    expect(plans.filter((p) => p.title.startsWith('生物医药')).every((p) => p.owner === '市发展改革委')).toBe(true);
    expect(plans.map((p) => p.title)).toContain('智能传感器重点招商图谱');
    const [points] = await sql<{ n: number }>(api, `SELECT COUNT(DISTINCT SUBSTRING_INDEX(source_ref, '-', 2)) AS n FROM tasks WHERE source_kind = 'WORK_POINT'`);
    expect(Number(points.n)).toBe(81);
  });

  it('keeps the four lists: ownership by the rule, removals with a reason, the month in history', async () => {
    const post = (p: { token: string }, body: object) => http(api).post(`/api/v1/chains/${sensors}/list-items`).set(as(p)).send(body);
    const matter = await post(who.lead, { type: 'MATTER', name: '突破MEMS传感器晶圆制造瓶颈', reason: '7月例会新增' }).expect(201);
    expect(matter.body).toMatchObject({ ownerUnitId: unit['市工信局'], ownerUnitName: '市工信局' });
    const park = await post(who.lead, { type: 'PARK', name: '郑州高新区智能传感谷', ownerUnitId: unit['高新区'] }).expect(201);
    const project = await post(who.supervisor, { type: 'PROJECT', name: '汉威科技传感器产业园二期', ownerUnitId: unit['高新区'] }).expect(201);
    expect((await post(who.lead, { type: 'PARK', name: '错误归属', ownerUnitId: unit['市工信局'] }).expect(400)).body.message).toContain('ownerUnitId');
    await post(who.raiser, { type: 'ENTERPRISE', name: '越权添加', ownerUnitId: unit['高新区'] }).expect(403);
    await http(api).delete(`/api/v1/chains/${sensors}/list-items/${project.body.id}`).set(as(who.lead)).send({}).expect(400);
    await http(api).delete(`/api/v1/chains/${sensors}/list-items/${project.body.id}`).set(as(who.lead)).send({ reason: '项目已建成投产，调出清单' }).expect(200);
    const live = await http(api).get(`/api/v1/chains/${sensors}/list-items`).set(as(who.raiser)).expect(200);
    expect(live.body.items.map((i: { id: number }) => i.id)).toEqual([matter.body.id, park.body.id]);
    // Paged on the server, in list order (重点事项 before 园区).
    const second = await http(api).get(`/api/v1/chains/${sensors}/list-items`).query({ page: 2, pageSize: 1 }).set(as(who.raiser)).expect(200);
    expect(second.body).toMatchObject({ total: 2, items: [{ id: park.body.id }] });
    const history = await http(api).get(`/api/v1/chains/${sensors}/list-items/history`).query({ month: '2026-07' }).set(as(who.raiser)).expect(200);
    expect(history.body.summary).toMatchObject({ MATTER: { added: 1, removed: 0 }, PARK: { added: 1, removed: 0 }, PROJECT: { added: 1, removed: 1 } });
    expect(history.body.removed[0]).toMatchObject({ name: '汉威科技传感器产业园二期', removedReason: '项目已建成投产，调出清单' });
  });

  let ignoredProblem: number;
  let solvedProblem: number;

  it('turns coordination matters into problems routed to the lead department, on 13710 timings', async () => {
    await advance('2026-07-10T09:00:00+08:00');
    await submitAll(who.onTime, '经开区', '2026-07');
    const mine = await reports(who.raiser, '高新区', '2026-07');
    for (const o of mine) {
      const matters = o.chainId === sensors ? [{ title: '传感谷二期用地指标未落实' }, { title: '企业用电增容审批慢', detail: '需协调供电公司' }] : [];
      await http(api)
        .post(`/api/v1/obligations/${o.id}/report`)
        .set(as(who.raiser))
        .send({ ...reportBody(o, '7月进展'), coordinationMatters: matters })
        .expect(200);
    }
    const ledger = await http(api).get('/api/v1/problems').query({ chainId: sensors }).set(as(who.lead)).expect(200);
    expect(ledger.body.total).toBe(2);
    expect(
      ledger.body.items.every(
        (p: Record<string, unknown>) => p.routedToUnitId === unit['市工信局'] && p.raisedByUnitId === unit['高新区'] && p.severity === 'GENERAL' && p.state === 'OPEN',
      ),
    ).toBe(true);
    [solvedProblem, ignoredProblem] = ledger.body.items.map((p: { id: number }) => p.id);
    // 7 days from the moment it was raised (to the minute: the virtual clock runs on in real time).
    expect(ledger.body.items[0].dueAt.slice(0, 16)).toBe('2026-07-17T01:00');
    expect(Date.parse(ledger.body.items[0].dueAt) - Date.parse(ledger.body.items[0].createdAt)).toBe(7 * 86_400_000);

    const act = (p: { token: string }, id: number, body: object) => http(api).post(`/api/v1/problems/${id}/transitions`).set(as(p)).send(body);
    await act(who.raiser, solvedProblem, { action: 'acknowledge' }).expect(403);
    await act(who.lead, solvedProblem, { action: 'acknowledge', comment: '当日研究部署' }).expect(200);
    await act(who.lead, solvedProblem, { action: 'feedback', comment: '已与自然资源规划局对接' }).expect(200);
    await advance('2026-07-14T09:00:00+08:00');
    await act(who.lead, solvedProblem, { action: 'resolve', comment: '用地指标已落实' }).expect(200);
    const closed = await act(who.raiser, solvedProblem, { action: 'close', satisfaction: 5 }).expect(200);
    expect(closed.body).toMatchObject({ state: 'CLOSED', satisfaction: 5, timeliness: 'ON_TIME' });
    // The other is acknowledged as major (a month) only on the 14th, its first progress fed back, and then left alone.
    const major = await act(who.lead, ignoredProblem, { action: 'acknowledge', severity: 'MAJOR' }).expect(200);
    expect(major.body.severity).toBe('MAJOR');
    expect(major.body.dueAt.slice(0, 16)).toBe('2026-08-10T01:00'); // a month from when it was raised
    expect(major.body.dueAt.slice(16)).toBe(major.body.createdAt.slice(16));
    // Its first progress was due on the 13th (13710 "3"): the engine urges it at once.
    const ran = async () =>
      (await sql<{ action: string }>(api, `SELECT action FROM step_runs WHERE subject_type = 'PROBLEM' AND subject_id = ? ORDER BY ran_at, step_index`, [ignoredProblem])).map(
        (r) => r.action,
      );
    expect(await eventually(async () => ((await ran()).length === 3 ? ran() : null))).toEqual(['urge', 'supervise', 'urge']);
    await act(who.lead, ignoredProblem, { action: 'feedback', comment: '已列入专题研究' }).expect(200);
  });

  let meeting: { id: number };

  it('prefills the July chain meeting’s agenda and turns its decisions into tasks', async () => {
    await advance('2026-07-21T09:00:00+08:00');
    await submitAll(who.late, '金水区', '2026-07');
    const meetings = await http(api)
      .get('/api/v1/meetings')
      .query({ chainId: sensors, from: '2026-07-01T00:00:00+08:00', to: '2026-07-31T23:59:59+08:00' })
      .set(as(who.leader))
      .expect(200);
    expect(meetings.body.items).toHaveLength(1);
    meeting = meetings.body.items[0];
    expect(meeting).toMatchObject({ convenerRole: 'LEADER', state: 'SCHEDULED', scheduledAt: '2026-07-27T01:00:00.000Z' }); // the 25th is a Saturday
    const agenda = await http(api).get(`/api/v1/meetings/${meeting.id}/agenda`).set(as(who.leader)).expect(200);
    expect(agenda.body.lists.map((i: { name: string }) => i.name)).toEqual(['突破MEMS传感器晶圆制造瓶颈', '郑州高新区智能传感谷']);
    expect(agenda.body.listChanges.summary.PROJECT).toEqual({ added: 1, removed: 1 });
    expect(agenda.body.overdueReports.map((r: { unitName: string }) => r.unitName)).toContain('二七区');
    expect(agenda.body.overdueReports.map((r: { unitName: string }) => r.unitName)).not.toContain('经开区');
    expect(agenda.body.openProblems.map((p: { id: number }) => p.id)).toEqual([ignoredProblem]);

    await http(api).post(`/api/v1/meetings/${meeting.id}/minutes`).set(as(who.raiser)).send({ summary: 'x', decisions: [] }).expect(403);
    await http(api).post(`/api/v1/meetings/${meeting.id}/minutes`).set(as(who.leader)).send({ summary: '提前', decisions: [] }).expect(409);
    await advance('2026-07-27T10:00:00+08:00');
    const minutes = await http(api)
      .post(`/api/v1/meetings/${meeting.id}/minutes`)
      .set(as(who.leader))
      .send({
        summary: '听取四个清单落实情况汇报，协调传感谷二期建设。',
        decisions: [
          { title: '高新区8月5日前报送传感谷二期建设计划', ownerUnitId: unit['高新区'], dueAt: '2026-08-05T17:00:00+08:00' },
          { title: '二七区落实传感器配套项目选址', ownerUnitId: unit['二七区'] },
        ],
      })
      .expect(200);
    expect(minutes.body.state).toBe('HELD');
    expect(minutes.body.tasks).toHaveLength(2);
    expect(minutes.body.tasks[1].dueAt.slice(0, 16)).toBe('2026-08-03T02:00'); // 7 days after the minutes
    await http(api).post(`/api/v1/meetings/${meeting.id}/minutes`).set(as(who.leader)).send({ summary: '重复', decisions: [] }).expect(409);
    const [done, ignored] = minutes.body.tasks;
    // The held meeting names its decisions; each reader sees those in their scope.
    const held = await http(api).get(`/api/v1/meetings/${meeting.id}`).set(as(who.leader)).expect(200);
    expect(held.body).toMatchObject({ state: 'HELD', summary: '听取四个清单落实情况汇报，协调传感谷二期建设。' });
    expect(held.body.decisions.map((d: { id: number; state: string }) => [d.id, d.state])).toEqual([
      [done.id, 'ASSIGNED'],
      [ignored.id, 'ASSIGNED'],
    ]);
    const raiserView = await http(api).get(`/api/v1/meetings/${meeting.id}`).set(as(who.raiser)).expect(200);
    expect(raiserView.body.decisions.map((d: { id: number }) => d.id)).toEqual([done.id]);
    const raiserTask = await http(api).get(`/api/v1/tasks/${done.id}`).set(as(who.raiser)).expect(200);
    expect(raiserTask.body).toMatchObject({ state: 'ASSIGNED', chainId: sensors, issuerUnitId: unit['市工信局'], source: { kind: 'MEETING', ref: String(meeting.id) } });
    // Created and assigned by the tasks' own lifecycle, as the leader's act in the lead department's name.
    const timeline = await http(api).get(`/api/v1/tasks/${done.id}/events`).set(as(who.raiser)).expect(200);
    expect(timeline.body.items.map((e: { action: string; from: string | null; to: string; actorName: string }) => [e.action, e.from, e.to, e.actorName])).toEqual([
      ['create', null, 'DRAFT', '史占勇'],
      ['assign', 'DRAFT', 'ASSIGNED', '史占勇'],
    ]);
    await http(api).post(`/api/v1/tasks/${done.id}/transitions`).set(as(who.raiser)).send({ action: 'accept' }).expect(200);
    await http(api).post(`/api/v1/tasks/${done.id}/transitions`).set(as(who.raiser)).send({ action: 'submit', comment: '已报送' }).expect(200);
    const completed = await http(api).post(`/api/v1/tasks/${done.id}/transitions`).set(as(who.lead)).send({ action: 'complete' }).expect(200);
    expect(completed.body).toMatchObject({ state: 'DONE', timeliness: 'ON_TIME' });

    // Ignored: overdue on 3 August, supervised three working days later.
    await advance('2026-08-07T09:00:00+08:00');
    const escalated = await http(api).get(`/api/v1/tasks/${ignored.id}`).set(as(who.never)).expect(200);
    expect(escalated.body).toMatchObject({ timeliness: 'OVERDUE', escalationLevel: 2 });
  });

  it('publishes July’s ranking after the month closes: on time first, late next, missing last, ties shared', async () => {
    const evaluation = await http(api).get('/api/v1/evaluations/2026-07').set(as(who.supervisor)).expect(200);
    const row = (name: string) => evaluation.body.items.find((i: { unitName: string }) => i.unitName === name);
    expect(evaluation.body.items).toHaveLength(16);
    expect(row('高新区')).toMatchObject({ score: 101, rank: 1, breakdown: { taskDoneOnTime: { count: 1, points: 1 } } }); // its decision done on time
    expect(row('经开区')).toMatchObject({ score: 100, rank: 2 });
    expect(row('金水区')).toMatchObject({ score: 100 - row('金水区').breakdown.reportLate.count, rank: 3 });
    expect(row('金水区').breakdown.reportLate.count).toBeGreaterThan(0);
    expect(row('经开区').breakdown.reportMissing.count).toBe(0);
    expect(row('二七区').breakdown.reportMissing.count).toBeGreaterThan(0);
    const last = evaluation.body.items.filter((i: { rank: number }) => i.rank === row('二七区').rank);
    expect(last.length).toBeGreaterThan(1); // the units that never reported share a rank
    expect(last.map((i: { unitName: string }) => i.unitName)).toContain('二七区');
    await http(api).post('/api/v1/evaluations/2026-07/compute').set(as(who.raiser)).expect(403);
    const again = await http(api).post('/api/v1/evaluations/2026-07/compute').set(as(who.supervisor)).expect(200);
    expect(again.body).toEqual(evaluation.body); // immutable once published
    await http(api).post('/api/v1/evaluations/2026-09/compute').set(as(who.supervisor)).expect(409);

    const xlsx = await http(api)
      .get('/api/v1/evaluations/2026-07/notice.xlsx')
      .set(as(who.supervisor))
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(String(sheet.getRow(1).getCell(1).value)).toContain('月度评比通报（2026年7月）');
    const names = [];
    for (let r = 1; r <= sheet.rowCount; r++) if (typeof sheet.getRow(r).getCell(1).value === 'number') names.push(sheet.getRow(r).getCell(2).value);
    expect(names.slice(0, 3)).toEqual(['高新区', '经开区', '金水区']);
    expect(names).toHaveLength(16);
    const html = await http(api).get('/api/v1/evaluations/2026-07/notice.html').set(as(who.supervisor)).expect(200);
    expect(html.text).toContain('<h1>');
    expect(html.text).toContain('高新区');
  });

  it('assesses Q3 once it closes: rates that match the events, major overdue matters named and listed', async () => {
    await advance('2026-08-12T09:00:00+08:00');
    // The ignored major problem fell due on 10 August and is being urged (13710: followed to closure). It was
    // supervised already in July: not acknowledged by the end of Friday 10 July (urged), nor of Monday 13 July, and
    // its first progress came late.
    const ignored = await http(api).get(`/api/v1/problems/${ignoredProblem}`).set(as(who.raiser)).expect(200);
    expect(ignored.body).toMatchObject({ state: 'IN_PROGRESS', timeliness: 'OVERDUE', escalationLevel: 2 });
    const steps = await sql<{ action: string }>(api, `SELECT action FROM step_runs WHERE subject_type = 'PROBLEM' AND subject_id = ? ORDER BY schedule_gen, step_index`, [
      ignoredProblem,
    ]);
    expect(steps.map((r) => r.action)).toEqual(['urge', 'supervise', 'urge', 'remind', 'remind', 'due', 'urge']);
    await submitAll(who.onTime, '经开区', '2026-08');
    await advance('2026-09-10T09:00:00+08:00');
    await submitAll(who.onTime, '经开区', '2026-09');
    const preview = await http(api).get('/api/v1/assessments/2026-Q3').set(as(who.supervisor)).expect(200);
    expect(preview.body.published).toBe(false);

    await advance('2026-10-12T09:00:00+08:00'); // the ASSESSMENT cadence ran on 10 October
    const [published] = await sql<{ published_at: Date }>(api, `SELECT published_at FROM notices WHERE kind = 'QUARTERLY' AND period = '2026-Q3'`);
    expect(published.published_at.toISOString().slice(0, 10)).toBe('2026-10-12'); // published by the scheduled run, not by this read
    const q3 = await http(api).get('/api/v1/assessments/2026-Q3').set(as(who.supervisor)).expect(200);
    expect(q3.body.published).toBe(true);
    const unitRow = (name: string) => q3.body.units.find((u: { name: string }) => u.name === name);
    expect(unitRow('经开区')).toMatchObject({ onTimeReportRate: 1 });
    expect(unitRow('二七区')).toMatchObject({ onTimeReportRate: 0, tasks: 1, completionRate: 0, onTimeCompletionRate: 0, overdueCount: 1 });
    expect(unitRow('高新区')).toMatchObject({ tasks: 1, completionRate: 1, onTimeCompletionRate: 1, overdueCount: 0 });
    expect(unitRow('金水区').onTimeReportRate).toBe(0);
    const chainRow = q3.body.chains.find((c: { name: string }) => c.name === '智能传感器');
    expect(chainRow).toMatchObject({ tasks: 2, completionRate: 0.5, overdueCount: 1 });
    expect(q3.body.majorOverdue).toEqual([expect.objectContaining({ subjectType: 'PROBLEM', subjectId: ignoredProblem, ownerUnitName: '市工信局' })]);
    const listed = await http(api).get('/api/v1/supervision').query({ subjectType: 'PROBLEM', open: true }).set(as(who.supervisor)).expect(200);
    expect(listed.body.items.find((e: { subjectId: number }) => e.subjectId === ignoredProblem)).toMatchObject({ level: 3 });
    const notice = await http(api).get('/api/v1/assessments/2026-Q3/notice.html').set(as(who.supervisor)).expect(200);
    expect(notice.text).toContain('问题“企业用电增容审批慢”'.slice(3, 11));
    const xlsx = await http(api)
      .get('/api/v1/assessments/2026-Q3/notice.xlsx')
      .set(as(who.supervisor))
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as ArrayBuffer);
    expect(String(book.worksheets[0].getRow(1).getCell(1).value)).toContain('季度评估通报');
  });
});

/** Collects a binary response body (supertest would read it as text). */
function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
