import { INestApplication } from '@nestjs/common';
import { DateTime } from 'luxon';
import { chainId, http, isolatedEnvironment, login, sql, startApi, unitId } from './support/harness';
import { BUILT, exitWithin, start } from './support/processes';

/*
 * `npm run up` with DUBAN_DEMO=1, as a newcomer meets it: the seed (the built CLI, on a fresh
 * database) makes the demo accounts and three months of history with the real engine, then the
 * console's users sign in and find a living mechanism — reminders in the liaison's inbox, reports
 * on time, late and missing, escalations on the supervision list, a published ranking, problems
 * on their 13710 timers, a held meeting whose decisions are tasks. Every row traces back to the
 * engine or a service (events, step runs), and seeding again changes nothing.
 */
describe('the demo (DUBAN_DEMO=1): a living mechanism for a newcomer (e2e)', () => {
  const ZONE = 'Asia/Shanghai';
  let cleanup: () => Promise<void>;
  let api: INestApplication;
  let first: { output: string; ms: number; endedAt: Date };
  let second: { output: string; before: Record<string, string>; after: Record<string, string> };
  const token: Record<string, string> = {};
  const unit: Record<string, number> = {};
  let sensors: number;
  const months = (back: number) => DateTime.now().setZone(ZONE).minus({ months: back }).toFormat('yyyy-MM');

  async function seed(): Promise<string> {
    const run = start('seed', BUILT.cli, { ...process.env, PORT: '3000' }, ['seed', '--profile', 'zhengzhou-2021']);
    const exit = await exitWithin(run, 240_000);
    expect({ exit, output: run.output() }).toMatchObject({ exit: { code: 0 } });
    return run.output();
  }

  /** CHECKSUM TABLE of every table of the database. */
  async function checksums(): Promise<Record<string, string>> {
    const tables = await sql<{ name: string }>(api, `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name`);
    const sums = await sql<{ Table: string; Checksum: string | number | null }>(api, `CHECKSUM TABLE ${tables.map((t) => `\`${t.name}\``).join(', ')}`);
    return Object.fromEntries(sums.map((s) => [s.Table.split('.').pop()!, String(s.Checksum)]));
  }

  beforeAll(async () => {
    cleanup = await isolatedEnvironment('demo', { DUBAN_DEMO: '1' });
    const began = Date.now();
    const output = await seed();
    first = { output, ms: Date.now() - began, endedAt: new Date() };
    api = await startApi();
    const before = await checksums();
    const again = await seed();
    second = { output: again, before, after: await checksums() };
    for (const [username, password] of [
      ['gongyi', 'demo-liaison-2021'],
      ['gaoxin', 'demo-liaison-2021'],
      ['gxj', 'demo-lead-2021'],
      ['ducha', 'demo-supervisor-2021'],
      ['lianzhang', 'demo-leader-2021'],
      ['admin', 'admin-test-password'],
    ]) {
      token[username] = await login(api, username, password);
    }
    for (const name of ['巩义市', '高新区', '金水区', '二七区', '市工信局', '中牟县', '航空港区', '荥阳市']) unit[name] = await unitId(api, name);
    sensors = await chainId(api, '智能传感器');
  }, 600_000);

  afterAll(async () => {
    await api?.close();
    await cleanup?.();
  });

  const as = (username: string) => ({ authorization: `Bearer ${token[username]}` });
  const get = async (username: string, path: string, query: Record<string, unknown> = {}) =>
    (await http(api).get(`/api/v1${path}`).query(query).set(as(username)).expect(200)).body;

  it('prints where to sign in and the demo accounts, and seeds in well under a minute', () => {
    expect(first.output).toContain('Sign in at http://localhost:3000/ as:');
    for (const line of [
      /admin\s+.+系统管理员/,
      /gongyi\s+demo-liaison-2021\s+联络员（巩义市）/,
      /gxj\s+demo-lead-2021\s+牵头部门（市工信局）/,
      /ducha\s+demo-supervisor-2021\s+督查（市政府办公厅）/,
      /lianzhang\s+demo-leader-2021\s+链长/,
    ]) {
      expect(first.output).toMatch(line);
    }
    expect(first.output).toMatch(/demo: lived .* in [\d.]+ s/);
    expect(first.output).not.toContain('skipped');
    const seconds = Number(/in ([\d.]+) s/.exec(first.output)![1]);
    process.stdout.write(`demo seeding took ${seconds} s (the process ${(first.ms / 1000).toFixed(1)} s)\n`);
    expect(seconds).toBeLessThan(120); // 7 s on the idle 2-core machine, 20 s when it is busy
  });

  it('seeding a second time changes no row, and says the demo is there', () => {
    expect(second.output).toContain('demo: already seeded');
    expect(second.output).toContain('gongyi');
    expect(Object.keys(second.after).length).toBeGreaterThan(20);
    expect(second.after).toEqual(second.before);
  });

  it('gives the liaison of 巩义市 this month’s reports to file and unread reminders', async () => {
    const me = await get('gongyi', '/me');
    expect(me).toMatchObject({ username: 'gongyi', displayName: '王静', unitId: unit['巩义市'], roles: ['UNIT_LIAISON'] });
    const thisMonth = await get('gongyi', '/obligations', { period: months(0), pageSize: 200 });
    expect(thisMonth.total).toBe(16); // one report to each chain's lead department, and the 工业经济指标月报 to 市工信局
    expect(thisMonth.items.every((o: { unitId: number }) => o.unitId === unit['巩义市'])).toBe(true);
    const unread = await get('gongyi', '/notifications', { unread: true, pageSize: 200 });
    expect(unread.total).toBeGreaterThan(0);
    expect(unread.items.map((n: { kind: string }) => n.kind)).toContain('REMIND');
    expect(unread.items[0].title).toMatch(/[\u4e00-\u9fa5]/);
    // It read the older ones; what came since is unread.
    const all = await get('gongyi', '/notifications', { pageSize: 200 });
    expect(all.items.some((n: { readAt: string | null }) => n.readAt !== null)).toBe(true);
    // Something to sign for.
    const assigned = await get('gongyi', '/tasks', { state: 'ASSIGNED' });
    expect(assigned.total).toBeGreaterThanOrEqual(1);
  });

  it('shows last months’ reports on time, late and missing (still open, overdue)', async () => {
    for (const back of [1, 2, 3]) {
      const period = months(back);
      const count = async (query: Record<string, string>) => (await get('ducha', '/obligations', { period, pageSize: 1, ...query })).total as number;
      expect({ period, onTime: (await count({ timeliness: 'ON_TIME' })) > 100 }).toEqual({ period, onTime: true });
      expect(await count({ timeliness: 'LATE' })).toBeGreaterThanOrEqual(16); // 金水区, every month
      const missing = await get('ducha', '/obligations', { period, state: 'OPEN', unitId: unit['二七区'], pageSize: 200 });
      expect(missing.total).toBe(16);
      expect(missing.items.every((o: { timeliness: string; escalationLevel: number }) => o.timeliness === 'OVERDUE' && o.escalationLevel >= 2)).toBe(true);
    }
    const jinshui = await get('ducha', '/obligations', { period: months(2), unitId: unit['金水区'], pageSize: 200 });
    expect(jinshui.items.every((o: { state: string; timeliness: string; submittedAt: string }) => o.state === 'SUBMITTED' && o.timeliness === 'LATE')).toBe(true);
  });

  it('puts overdue work on the supervisor’s list at levels 2 and 3', async () => {
    const level2 = await get('ducha', '/supervision', { open: true, level: 2, pageSize: 200 });
    const level3 = await get('ducha', '/supervision', { open: true, level: 3, pageSize: 200 });
    expect(level2.total).toBeGreaterThan(0);
    expect(level3.total).toBeGreaterThan(0);
    const subjects = new Set([...level2.items, ...level3.items].map((e: { subjectType: string }) => e.subjectType));
    expect(subjects).toEqual(new Set(['OBLIGATION', 'TASK', 'PROBLEM']));
    expect(level3.items.some((e: { reason: string }) => e.reason.includes('挂牌督办'))).toBe(true);
    const closed = await get('ducha', '/supervision', { open: false, pageSize: 1 });
    expect(closed.total).toBeGreaterThan(0); // late reports and tasks, 销号 once done
  });

  it('has last month’s ranking published by the scoring cadence’s run, with ranks', async () => {
    const cadences = await get('admin', '/cadences', { pageSize: 200 });
    const scoring = cadences.items.find((c: { kind: string }) => c.kind === 'EVALUATION');
    const thisMonth = DateTime.now().setZone(ZONE).startOf('month');
    const runs = await get('admin', `/cadences/${scoring.id}/occurrences`, { from: thisMonth.toISO(), to: thisMonth.endOf('month').toISO() });
    const ranOnThisMonth = Date.parse(runs.items[0].dueAt) <= first.endedAt.getTime();
    const period = months(ranOnThisMonth ? 1 : 2);
    const evaluation = await get('ducha', `/evaluations/${period}`);
    expect(evaluation.items).toHaveLength(16);
    const row = (name: string) => evaluation.items.find((i: { unitName: string }) => i.unitName === name);
    expect(row('二七区').breakdown.reportMissing.count).toBe(16);
    expect(row('金水区').breakdown.reportLate.count).toBe(16);
    expect(row('二七区').rank).toBe(16);
    expect(row('荥阳市')).toMatchObject({ score: 100 }); // on time, no tasks
    expect(row('金水区').rank).toBeGreaterThan(row('荥阳市').rank);
    expect(evaluation.items.map((i: { rank: number }) => i.rank)).toEqual([...evaluation.items.map((i: { rank: number }) => i.rank)].sort((a, b) => a - b));
    const [published] = await sql<{ published_by: number | null }>(api, `SELECT published_by FROM notices WHERE kind = 'MONTHLY' AND period = ?`, [period]);
    expect(published.published_by).toBeNull(); // the scheduled run, not a person
  });

  it('has the zones’ year-to-date indicators against 2021’s targets: 二七区 never reported, 金水区 late but there', async () => {
    const overview = await get('ducha', '/indicators');
    expect(overview.year).toBe(DateTime.fromJSDate(first.endedAt).setZone(ZONE).year);
    expect(overview.units).toHaveLength(16);
    type Row = { unitName: string; indicators: { target: { year: number } | null; actual: { period: string } | null; met: boolean | null }[] };
    const row = (name: string) => (overview.units as Row[]).find((u) => u.unitName === name)!;
    expect(row('二七区').indicators.every((i) => i.actual === null && i.met === null)).toBe(true);
    expect(row('金水区').indicators.every((i) => i.actual !== null && i.target?.year === 2021)).toBe(true);
    const judged = (overview.units as Row[]).flatMap((u) => u.indicators.map((i) => i.met));
    expect(judged).toContain(true);
    expect(judged).toContain(false);
  });

  it('keeps problems on their 13710 timers: one closed with a rating, a major one listed, open ones with steps to come', async () => {
    const ledger = await get('gxj', '/problems', { pageSize: 200 });
    const byTitle = (title: string) => ledger.items.find((p: { title: string }) => p.title === title);
    expect(byTitle('传感谷二期用地指标未落实')).toMatchObject({
      state: 'CLOSED',
      satisfaction: 5,
      timeliness: 'ON_TIME',
      routedToUnitId: unit['市工信局'],
      raisedByUnitId: unit['高新区'],
    });
    expect(byTitle('智能装备企业技改补贴兑现慢')).toMatchObject({ state: 'ACKNOWLEDGED', severity: 'MAJOR', timeliness: 'OVERDUE', escalationLevel: 3 });
    const open = ledger.items.filter((p: { state: string }) => ['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS'].includes(p.state));
    const pending = await sql<{ id: number }>(api, `SELECT id FROM problems WHERE state IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS') AND next_step_at > ?`, [first.endedAt]);
    expect(pending.length).toBeGreaterThanOrEqual(1);
    expect(open.map((p: { id: number }) => p.id)).toEqual(expect.arrayContaining(pending.map((p) => p.id)));
  });

  it('has held the chain’s meetings, whose decisions became tasks, and left this month’s for the leader', async () => {
    const meetings = await get('lianzhang', '/meetings', { chainId: sensors, pageSize: 200 });
    const held = meetings.items.filter((m: { state: string }) => m.state === 'HELD');
    expect(held.length).toBeGreaterThanOrEqual(2); // three, unless last month's was pushed into this one by holidays
    const thisMonth = meetings.items.filter((m: { scheduledAt: string }) => DateTime.fromISO(m.scheduledAt, { zone: ZONE }).toFormat('yyyy-MM') === months(0));
    expect(thisMonth).toHaveLength(1);
    expect(thisMonth[0].state).toBe('SCHEDULED'); // the leader records its minutes
    const tasks = await get('lianzhang', '/tasks', { chainId: sensors, pageSize: 200 });
    const decided = tasks.items.filter(
      (t: { source: { kind: string; ref: string } | null }) => t.source?.kind === 'MEETING' && held.some((m: { id: number }) => String(m.id) === t.source!.ref),
    );
    expect(decided.length).toBeGreaterThanOrEqual(4);
    expect(decided.some((t: { state: string }) => t.state === 'DONE')).toBe(true);
    expect(decided.some((t: { state: string; escalationLevel: number }) => t.state === 'ASSIGNED' && t.escalationLevel === 3)).toBe(true); // 二七区 left it alone
  });

  it('has the lead department’s tasks: done on time, done late, declined and reassigned, extended', async () => {
    const tasks = (await get('gxj', '/tasks', { issuerUnitId: unit['市工信局'], pageSize: 200 })).items as {
      id: number;
      title: string;
      state: string;
      timeliness: string;
      ownerUnitId: number;
    }[];
    const events = async (id: number) =>
      (await get('gxj', `/tasks/${id}/events`)).items as { action: string; from: string | null; to: string | null; data: Record<string, unknown> | null }[];
    expect(tasks.some((t) => t.state === 'DONE' && t.timeliness === 'ON_TIME')).toBe(true);
    expect(tasks.some((t) => t.state === 'DONE' && t.timeliness === 'LATE')).toBe(true);
    const reassigned = tasks.find((t) => t.title === '谋划智能传感器配套产业园区项目')!;
    expect(reassigned.ownerUnitId).toBe(unit['航空港区']);
    const walk = (await events(reassigned.id)).filter((e) => e.to !== null).map((e) => e.action);
    expect(walk).toEqual(['create', 'assign', 'decline', 'assign', 'accept', 'submit', 'complete']);
    expect((await events(reassigned.id)).find((e) => e.action === 'decline')!.data).toEqual({ ownerUnitId: unit['中牟县'] });
    const extended = tasks.find((t) => t.title === '编制巩义市传感器产业招商图谱')!;
    expect((await events(extended.id)).map((e) => e.action)).toEqual(expect.arrayContaining(['request_extension', 'approve_extension', 'complete']));
    expect(extended).toMatchObject({ state: 'DONE', timeliness: 'ON_TIME' });
    const returned = tasks.find((t) => t.title === '报送智能传感器重点项目推进情况')!;
    expect((await events(returned.id)).map((e) => e.action)).toContain('return');
  });

  it('made every row through the engine or a service: events for each change, step runs for each step', async () => {
    // Each task's and problem's events walk its states, from creation to where it stands.
    for (const [type, table] of [
      ['TASK', 'tasks'],
      ['PROBLEM', 'problems'],
    ]) {
      const subjects = await sql<{ id: number; state: string }>(api, `SELECT id, state FROM ${table}`);
      const events = await sql<{ subject_id: number; from_state: string | null; to_state: string | null }>(
        api,
        `SELECT subject_id, from_state, to_state FROM events WHERE subject_type = ? AND to_state IS NOT NULL ORDER BY subject_id, id`,
        [type],
      );
      const bySubject = new Map<number, { from_state: string | null; to_state: string | null }[]>();
      for (const e of events) bySubject.set(e.subject_id, [...(bySubject.get(e.subject_id) ?? []), e]);
      const broken = subjects.filter((s) => {
        const walk = bySubject.get(s.id) ?? [];
        return walk.length === 0 || walk[0].from_state !== null || walk.some((e, i) => i > 0 && e.from_state !== walk[i - 1].to_state) || walk.at(-1)!.to_state !== s.state;
      });
      expect({ type, broken }).toEqual({ type, broken: [] });
    }
    const [checks] = await sql<Record<string, number>>(
      api,
      `SELECT
         (SELECT COUNT(*) FROM obligations o WHERE (o.state = 'SUBMITTED') <> EXISTS (
            SELECT 1 FROM events e WHERE e.subject_type = 'OBLIGATION' AND e.subject_id = o.id AND e.action = 'report' AND e.from_state = 'OPEN' AND e.to_state = 'SUBMITTED' AND e.at = o.submitted_at)) AS reportsWithoutEvent,
         (SELECT COUNT(*) FROM obligations WHERE state = 'SUBMITTED') - (SELECT COUNT(*) FROM reports) AS reportsWithoutRow,
         (SELECT COUNT(*) FROM step_runs r WHERE NOT EXISTS (
            SELECT 1 FROM events e WHERE e.subject_type = r.subject_type AND e.subject_id = r.subject_id AND e.action = r.action AND e.at = r.ran_at AND JSON_EXTRACT(e.data, '$.step') = r.step_index)) AS stepsWithoutEvent,
         (SELECT COUNT(*) FROM events e WHERE JSON_EXTRACT(e.data, '$.step') IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM step_runs r WHERE e.subject_type = r.subject_type AND e.subject_id = r.subject_id AND e.action = r.action AND JSON_EXTRACT(e.data, '$.step') = r.step_index)) AS stepEventsWithoutRun,
         (SELECT COUNT(*) FROM notifications n WHERE NOT EXISTS (
            SELECT 1 FROM step_runs r WHERE r.subject_type = n.subject_type AND r.subject_id = n.subject_id AND CONCAT(r.schedule_gen, '-', r.step_index) = n.step_key AND r.ran_at = n.created_at)) AS notificationsWithoutStep,
         (SELECT COUNT(*) FROM supervision_entries s WHERE NOT EXISTS (
            SELECT 1 FROM events e WHERE e.subject_type = s.subject_type AND e.subject_id = s.subject_id AND e.action IN ('supervise', 'escalate') AND e.at = s.opened_at)) AS entriesWithoutEvent,
         (SELECT COUNT(*) FROM meetings m WHERE m.state = 'HELD' AND NOT EXISTS (
            SELECT 1 FROM events e WHERE e.subject_type = 'MEETING' AND e.subject_id = m.id AND e.action = 'minutes')) AS meetingsWithoutEvent,
         (SELECT COUNT(*) FROM step_runs) AS steps,
         (SELECT COUNT(*) FROM notifications) AS notifications`,
    );
    expect(Object.fromEntries(Object.entries(checks).map(([k, v]) => [k, Number(v)]))).toEqual({
      reportsWithoutEvent: 0,
      reportsWithoutRow: 0,
      stepsWithoutEvent: 0,
      stepEventsWithoutRun: 0,
      notificationsWithoutStep: 0,
      entriesWithoutEvent: 0,
      meetingsWithoutEvent: 0,
      steps: expect.any(Number),
      notifications: expect.any(Number),
    });
    expect(Number(checks.steps)).toBeGreaterThan(500);
  });

  it('leaves the clock at the real now: nothing dated later, nothing due left undone, no virtual clock', async () => {
    const [late] = await sql<Record<string, number>>(
      api,
      `SELECT (SELECT COUNT(*) FROM events WHERE at > ?) AS events,
              (SELECT COUNT(*) FROM step_runs WHERE ran_at > ?) AS steps,
              (SELECT COUNT(*) FROM obligations WHERE state = 'OPEN' AND next_step_at <= ?) +
              (SELECT COUNT(*) FROM tasks WHERE state IN ('ASSIGNED', 'IN_PROGRESS') AND next_step_at <= ?) +
              (SELECT COUNT(*) FROM problems WHERE state IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS') AND next_step_at <= ?) AS undone,
              (SELECT COUNT(*) FROM evaluation_runs WHERE state <> 'DONE' AND due_at <= ?) AS runs,
              (SELECT COUNT(*) FROM engine_state WHERE \`key\` = 'clock.offset') AS virtualClock`,
      Array(6).fill(first.endedAt),
    );
    expect(Object.fromEntries(Object.entries(late).map(([k, v]) => [k, Number(v)]))).toEqual({ events: 0, steps: 0, undone: 0, runs: 0, virtualClock: 0 });
    const [{ loaded }] = await sql<{ loaded: Date }>(api, `SELECT loaded_at AS loaded FROM profiles WHERE name = 'zhengzhou-2021'`);
    expect(DateTime.fromJSDate(loaded, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')).toBe(`${months(3)}-14 08:00`);
  });
});
