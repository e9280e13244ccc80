import { INestApplication } from '@nestjs/common';
import { http, sql, virtualClockSuite } from './support/harness';

/*
 * The whole 13710 rule on the virtual clock, in the henan-2021 mechanism (豫政办〔2021〕61号:
 * “落实‘13710’工作要求，坚持‘企业满意’标准”): problems raised by any unit (an enterprise here),
 * routed to the chain's 群链长责任单位, and each clock's step when its milestone is missed:
 * "1" acknowledged the day it is raised, "3" first progress within 3 days, "7" a general problem
 * solved in 7 days, "1" a major one in a month or by its plan's date, "0" closed with the
 * raiser's rating. Monday 6 July 2026 is a working day; 10–12 July hold a weekend.
 */
describe('the 13710 clocks and problems raised by any unit, henan-2021 (e2e)', () => {
  const suite = virtualClockSuite('problem_clocks', {
    start: '2026-07-06T10:00:00+08:00',
    profiles: ['henan-2021'],
    chains: ['新能源及智能网联汽车产业链'],
    people: {
      enterprise: { roles: ['UNIT_LIAISON'], unit: '宇通客车股份有限公司' },
      lead: { roles: ['LEAD_UNIT'], unit: '省发展改革委' },
      otherLead: { roles: ['LEAD_UNIT'], unit: '省工业和信息化厅' },
      supervisor: { roles: ['SUPERVISOR'], unit: '省政府办公厅' },
    },
  });
  const { who, unit, as, advance } = suite;
  let api: INestApplication;
  let cars: number;
  beforeAll(() => {
    [api, cars] = [suite.api, suite.chain['新能源及智能网联汽车产业链']];
  });
  const problem: Record<string, number> = {};

  const at = (local: string) => new Date(`${local}+08:00`).toISOString();
  const raise = (p: { token: string }, body: object) => http(api).post('/api/v1/problems').set(as(p)).send(body);
  const act = (p: { token: string }, id: number, body: object) => http(api).post(`/api/v1/problems/${id}/transitions`).set(as(p)).send(body);
  const get = async (id: number) => (await http(api).get(`/api/v1/problems/${id}`).set(as(who.enterprise)).expect(200)).body;
  type Step = { action: string; at: string; doneAt: string | null };
  /** The steps as [action, local time to the minute, done?]. */
  const steps = async (id: number) =>
    ((await get(id)).steps as Step[]).map((s) => [s.action, new Date(Date.parse(s.at) + 8 * 3_600_000).toISOString().slice(0, 16), s.doneAt !== null]);
  const ran = async (id: number) =>
    (await sql<{ action: string }>(api, `SELECT action FROM step_runs WHERE subject_type = 'PROBLEM' AND subject_id = ? ORDER BY ran_at, schedule_gen, step_index`, [id])).map(
      (r) => r.action,
    );

  it('takes a problem from any unit, routed to the chain’s 群链长责任单位 on the acknowledge clock; bad input changes nothing', async () => {
    const raised = await raise(who.enterprise, { chainId: cars, title: '智能网联测试道路审批慢', detail: '需协调交通、公安部门' }).expect(201);
    expect(raised.body).toMatchObject({
      chainId: cars,
      obligationId: null,
      raisedByUnitId: unit['宇通客车股份有限公司'],
      routedToUnitId: unit['省发展改革委'],
      severity: 'GENERAL',
      state: 'OPEN',
      escalationLevel: 0,
    });
    expect(Date.parse(raised.body.dueAt) - Date.parse(raised.body.createdAt)).toBe(7 * 86_400_000);
    // "1": urged at the end of the working day it was raised, then working days on.
    expect(raised.body.steps.map((s: Step) => [s.action, s.at, s.doneAt])).toEqual([
      ['urge', at('2026-07-06T23:59:59'), null],
      ['supervise', at('2026-07-07T23:59:59'), null],
      ['escalate', at('2026-07-09T23:59:59'), null],
    ]);
    problem.unacknowledged = raised.body.id;
    for (const name of ['noProgress', 'general', 'major', 'planned']) problem[name] = (await raise(who.enterprise, { chainId: cars, title: `问题${name}` }).expect(201)).body.id;

    // Routed to the responsible unit: its staff see it; another department's do not.
    const ledger = await http(api).get('/api/v1/problems').query({ chainId: cars }).set(as(who.lead)).expect(200);
    expect(ledger.body.total).toBe(5);
    await http(api).get(`/api/v1/problems/${problem.general}`).set(as(who.otherLead)).expect(404);

    const before = await sql<{ n: number }>(api, 'SELECT COUNT(*) AS n FROM problems');
    expect((await raise(who.enterprise, { title: '缺少产业链' }).expect(400)).body.message).toEqual(expect.arrayContaining([expect.stringContaining('chainId')]));
    expect((await raise(who.enterprise, { chainId: 999999, title: '不存在的产业链' }).expect(400)).body.message).toContain('chainId');
    expect((await raise(who.enterprise, { chainId: cars, title: '  ' }).expect(400)).body.message).toEqual(expect.arrayContaining([expect.stringContaining('title')]));
    await raise({ token: suite.admin }, { chainId: cars, title: '无单位' }).expect(403);
    expect(await sql<{ n: number }>(api, 'SELECT COUNT(*) AS n FROM problems')).toEqual(before);
  });

  it('"1": one left unacknowledged is urged at the end of the working day; one acknowledged that day is not', async () => {
    for (const name of ['noProgress', 'general']) await act(who.lead, problem[name], { action: 'acknowledge', comment: '当日研究部署' }).expect(200);
    const major = await act(who.lead, problem.major, { action: 'acknowledge', severity: 'MAJOR', comment: '重大复杂问题' }).expect(200);
    expect(major.body.dueAt).toBe(new Date(Date.parse(major.body.createdAt) + 31 * 86_400_000).toISOString()); // a month: 6 July to 6 August
    // A plan date is stated for a major problem only, and ahead.
    expect((await act(who.lead, problem.planned, { action: 'acknowledge', plannedAt: '2026-09-15T18:00:00+08:00' }).expect(400)).body.message).toContain('plannedAt');
    expect((await act(who.lead, problem.planned, { action: 'acknowledge', severity: 'MAJOR', plannedAt: '2026-07-01T18:00:00+08:00' }).expect(400)).body.message).toContain(
      'plannedAt',
    );
    const planned = await act(who.lead, problem.planned, { action: 'acknowledge', severity: 'MAJOR', plannedAt: '2026-09-15T18:00:00+08:00' }).expect(200);
    expect(planned.body).toMatchObject({ severity: 'MAJOR', dueAt: at('2026-09-15T18:00:00') });
    // Acknowledged: the feedback clock, three days from the raise.
    expect((await get(problem.noProgress)).steps.map((s: Step) => s.action)).toEqual(['remind', 'urge', 'supervise', 'escalate']);

    await advance('2026-07-07T09:00:00+08:00');
    expect(await steps(problem.unacknowledged)).toEqual([
      ['urge', '2026-07-06T23:59', true],
      ['supervise', '2026-07-07T23:59', false],
      ['escalate', '2026-07-09T23:59', false],
    ]);
    expect(await get(problem.unacknowledged)).toMatchObject({ state: 'OPEN', escalationLevel: 1 });
    expect(await ran(problem.general)).toEqual([]);
    const inbox = await http(api).get('/api/v1/notifications').set(as(who.lead)).expect(200);
    expect(inbox.body.items.map((n: { kind: string; title: string }) => [n.kind, n.title])).toContainEqual(['URGE', '【催办】问题“智能网联测试道路审批慢”已逾期，现予催办']);

    // Acknowledged late: the acknowledge clock stops and the feedback clock starts.
    await act(who.lead, problem.unacknowledged, { action: 'acknowledge', comment: '次日研究部署' }).expect(200);
    await advance('2026-07-08T09:00:00+08:00');
    expect(await ran(problem.unacknowledged)).toEqual(['urge']);
  });

  it('"3": first progress missing three days after the raise is urged; a problem with progress is not', async () => {
    await act(who.lead, problem.general, { action: 'feedback', comment: '已对接交通运输厅' }).expect(200);
    await act(who.lead, problem.major, { action: 'feedback', comment: '已制定工作方案' }).expect(200);
    await act(who.lead, problem.planned, { action: 'feedback', comment: '按计划推进' }).expect(200);
    await advance('2026-07-09T11:00:00+08:00');
    expect(await ran(problem.noProgress)).toEqual(['remind', 'urge']);
    expect((await steps(problem.noProgress)).slice(0, 2)).toEqual([
      ['remind', '2026-07-08T10:00', true],
      ['urge', '2026-07-09T10:00', true],
    ]);
    expect(await get(problem.noProgress)).toMatchObject({ state: 'ACKNOWLEDGED', escalationLevel: 1 });
    expect(await ran(problem.general)).toEqual([]);
    // Fed back: the solve clock, counted from the solve-by date.
    expect(await steps(problem.general)).toEqual([
      ['remind', '2026-07-12T10:00', false],
      ['due', '2026-07-13T10:00', false],
      ['urge', '2026-07-14T10:00', false],
      ['supervise', '2026-07-16T10:00', false],
      ['escalate', '2026-07-27T10:00', false],
    ]);
  });

  it('"7": a general problem unsolved on its seventh day falls due, and is urged the working day after', async () => {
    await advance('2026-07-14T11:00:00+08:00');
    expect(await ran(problem.general)).toEqual(['remind', 'due', 'urge']);
    expect(await get(problem.general)).toMatchObject({ state: 'IN_PROGRESS', timeliness: 'OVERDUE', escalationLevel: 1 });
    // The major ones are not due yet.
    expect(await ran(problem.major)).toEqual([]);
  });

  it('"1 (month)": a major problem falls due a month after it was raised, or on the date its plan states', async () => {
    await advance('2026-08-06T11:00:00+08:00');
    expect(await ran(problem.major)).toEqual(['remind', 'remind', 'due']);
    expect(await get(problem.major)).toMatchObject({ timeliness: 'OVERDUE' });
    expect(await ran(problem.planned)).toEqual([]);
    expect((await steps(problem.planned)).slice(0, 3)).toEqual([
      ['remind', '2026-09-08T18:00', false],
      ['remind', '2026-09-14T18:00', false],
      ['due', '2026-09-15T18:00', false],
    ]);
    // A new plan date with a feedback moves it again.
    await act(who.lead, problem.planned, { action: 'feedback', comment: '方案调整', plannedAt: '2026-09-30T18:00:00+08:00' }).expect(200);
    expect((await get(problem.planned)).dueAt).toBe(at('2026-09-30T18:00:00'));
    await advance('2026-09-16T09:00:00+08:00');
    expect(await ran(problem.planned)).toEqual([]); // the old plan's date passed without a step
    await advance('2026-09-30T18:30:00+08:00');
    expect(await ran(problem.planned)).toEqual(['remind', 'remind', 'due']);
  });

  it('"0": followed to closure (销号) with the raiser’s rating; the steps stop', async () => {
    await act(who.lead, problem.general, { action: 'resolve', comment: '测试道路已批复' }).expect(200);
    expect((await get(problem.general)).steps.every((s: Step) => s.doneAt !== null)).toBe(true);
    expect((await act(who.enterprise, problem.general, { action: 'close' }).expect(400)).body.message).toContain('satisfaction');
    const closed = await act(who.enterprise, problem.general, { action: 'close', satisfaction: 4, comment: '满意' }).expect(200);
    expect(closed.body).toMatchObject({ state: 'CLOSED', satisfaction: 4 });
    const done = await ran(problem.general);
    await advance('2026-10-30T09:00:00+08:00');
    expect(await ran(problem.general)).toEqual(done);
  });

  it('takes the problems a dispatch meeting’s minutes raise (群链长责任单位调度会议), routed to the chain’s 责任单位', async () => {
    const meetings = await http(api).get('/api/v1/meetings').query({ chainId: cars, from: '2026-10-01', to: '2026-10-31' }).set(as(who.lead)).expect(200);
    const dispatch = meetings.body.items.find((m: { title: string; state: string }) => m.title.includes('调度') && m.state === 'SCHEDULED');
    expect(dispatch).toBeDefined();
    const minutes = (problems: object[]) =>
      http(api).post(`/api/v1/meetings/${dispatch.id}/minutes`).set(as(who.lead)).send({ summary: '调度新能源汽车产业链重点工作。', decisions: [], problems });
    // A bad unit or chain is named, and nothing is recorded.
    expect((await minutes([{ title: '充电桩用地', raisedByUnitId: 999999 }]).expect(400)).body.message).toContain('problems.raisedByUnitId');
    expect((await minutes([{ title: '充电桩用地', raisedByUnitId: unit['宇通客车股份有限公司'], chainId: 999999 }]).expect(400)).body.message).toMatch(/problems\.0\.chainId/);
    // The dispatch meeting of a 责任单位 covers several chains: each problem names its own.
    const held = await minutes([{ title: '充电桩建设用地指标不足', detail: '需省自然资源厅协调', raisedByUnitId: unit['宇通客车股份有限公司'], chainId: cars }]).expect(200);
    expect(held.body.problems).toEqual([
      { id: expect.any(Number), title: '充电桩建设用地指标不足', chainId: cars, raisedByUnitId: unit['宇通客车股份有限公司'], routedToUnitId: unit['省发展改革委'] },
    ]);
    const raised = await get(held.body.problems[0].id);
    expect(raised).toMatchObject({ state: 'OPEN', routedToUnitId: unit['省发展改革委'] });
    // Friday 30 October: acknowledged by its end, or urged.
    expect(raised.steps[0]).toEqual({ action: 'urge', at: at('2026-10-30T23:59:59'), doneAt: null });
    const timeline = await http(api).get(`/api/v1/problems/${raised.id}/events`).set(as(who.lead)).expect(200);
    expect(timeline.body.items[0]).toMatchObject({ action: 'raise', actorId: who.lead.id });
  });
});
