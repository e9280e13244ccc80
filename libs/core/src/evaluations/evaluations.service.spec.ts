import { BadRequestException, ConflictException } from '@nestjs/common';
import { Clock, FixedClock } from '@duban/domain';
import type { ChainsRepository, EvaluationRunEntity, EvaluationsRepository, MajorOverdueRow, SupervisionRepository, Transactions, Tx, UnitsRepository } from '@duban/persistence';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import type { ZoneService } from '../profiles/zone.service';
import { EngineHooks } from '../engine/engine-hooks';
import { AssessmentSnapshot, EvaluationSnapshot, EvaluationsService } from './evaluations.service';

/*
 * EvaluationsService over mocked repositories: what a month's ranking counts and when it may be
 * published; the quarter's rates, its notice and the listed supervision it brings, in one
 * transaction; the runs the cadences schedule.
 */
const TX = { tx: 'the transaction' } as unknown as Tx;
const AUGUST = new Date('2026-08-03T01:00:00Z');
const OCTOBER = new Date('2026-10-12T01:00:00Z');
const supervisor: AuthUser = { id: 3, username: 'ducha', displayName: '赵敏', roles: ['SUPERVISOR'], unitId: 50, mustChangePassword: false };
const MAJOR: MajorOverdueRow = {
  subjectType: 'PROBLEM',
  subjectId: 40,
  title: '企业用电增容审批慢',
  ownerUnitId: 10,
  ownerUnitName: '市工信局',
  dueAt: new Date('2026-08-10T01:00:00Z'),
};

function setup(now: Date, published: Record<string, unknown> = {}) {
  const notices = new Map(Object.entries(published));
  const evaluations = {
    notice: jest.fn(async (kind: string, period: string) => notices.get(`${kind}:${period}`) ?? null),
    notices: jest.fn(async (kind: string, periods: string[]) => new Map(periods.filter((p) => notices.has(`${kind}:${p}`)).map((p) => [p, notices.get(`${kind}:${p}`)]))),
    insertNotice: jest.fn(async (_tx: Tx, n: { kind: string; period: string; snapshot: unknown }) => {
      if (notices.has(`${n.kind}:${n.period}`)) return false;
      notices.set(`${n.kind}:${n.period}`, JSON.parse(JSON.stringify(n.snapshot)));
      return true;
    }),
    scoringProfile: jest.fn(async () => ({ name: 'zhengzhou-2021', title: '郑州市产业链', scoring: { base: 100, points: { reportLate: -2 } } })),
    scoringCounts: jest.fn(async () => [
      { unitId: 30, count: 'taskDoneOnTime', n: 1 },
      { unitId: 32, count: 'reportLate', n: 2 },
      { unitId: 33, count: 'reportMissing', n: 1 },
    ]),
    taskRates: jest.fn(async (by: string) =>
      by === 'UNIT'
        ? [
            { id: 31, tasks: 1, done: 0, onTime: 0, overdue: 1 },
            { id: 30, tasks: 1, done: 1, onTime: 1, overdue: 0 },
          ]
        : [{ id: 1, tasks: 2, done: 1, onTime: 1, overdue: 1 }],
    ),
    reportRates: jest.fn(async (by: string) =>
      by === 'UNIT'
        ? [
            { id: 31, reports: 3, onTime: 0 },
            { id: 29, reports: 3, onTime: 3 },
          ]
        : [],
    ),
    majorOverdue: jest.fn(async () => [MAJOR]),
    changeMark: jest.fn(async () => '1:1:1:1:1'),
    visibleSubjects: jest.fn(async (_type: string, ids: number[]) => new Set(ids)),
    dueRuns: jest.fn(async () => [] as EvaluationRunEntity[]),
    claimRun: jest.fn(async () => true),
    settleRun: jest.fn(async () => undefined),
  } as unknown as jest.Mocked<EvaluationsRepository>;
  const units = {
    ofKinds: jest.fn(async () => [
      { id: 29, name: '经开区' },
      { id: 30, name: '高新区' },
      { id: 31, name: '二七区' },
      { id: 32, name: '金水区' },
      { id: 33, name: '惠济区' },
    ]),
    named: jest.fn(async () => [
      { id: 29, name: '经开区' },
      { id: 30, name: '高新区' },
      { id: 31, name: '二七区' },
    ]),
  } as unknown as jest.Mocked<UnitsRepository>;
  const chains = { named: jest.fn(async () => [{ id: 1, name: '智能传感器' }]) } as unknown as jest.Mocked<ChainsRepository>;
  const supervision = { raise: jest.fn(async () => undefined) } as unknown as jest.Mocked<SupervisionRepository>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const audit = { record: jest.fn(async () => undefined) } as unknown as jest.Mocked<AuditService>;
  const zones = { zone: jest.fn(async () => 'Asia/Shanghai') } as unknown as jest.Mocked<ZoneService>;
  const clock: Clock = new FixedClock(now);
  const hooks = new EngineHooks();
  const service = new EvaluationsService(evaluations, units, chains, supervision, transactions, audit, zones, clock, hooks);
  return { service, evaluations, units, supervision, transactions, audit, hooks };
}

describe('EvaluationsService', () => {
  describe('monthly ranking', () => {
    it("scores the closed month in the profile's zone and publishes it once, with its audit entry, ranked against last month", async () => {
      const lastMonth = { items: [{ unitId: 30, rank: 3 }] };
      const { service, evaluations, audit } = setup(AUGUST, { 'MONTHLY:2026-06': lastMonth });
      const snapshot = await service.computeMonth('2026-07', supervisor.id);
      // July in Beijing: from 16:00 UTC on 30 June to 16:00 UTC on 31 July.
      expect(evaluations.scoringCounts).toHaveBeenCalledWith(
        { period: '2026-07', start: new Date('2026-06-30T16:00:00Z'), end: new Date('2026-07-31T16:00:00Z') },
        [29, 30, 31, 32, 33],
        AUGUST,
      );
      expect(snapshot.title).toBe('郑州市产业链月度评比通报（2026年7月）');
      expect(snapshot.items.map((i) => [i.unitName, i.score, i.rank, i.rankDelta])).toEqual([
        ['高新区', 101, 1, 2],
        ['二七区', 100, 2, null],
        ['经开区', 100, 2, null],
        ['金水区', 96, 4, null],
        ['惠济区', 95, 5, null],
      ]);
      expect(evaluations.insertNotice).toHaveBeenCalledWith(TX, expect.objectContaining({ kind: 'MONTHLY', period: '2026-07', by: supervisor.id, at: AUGUST }));
      expect(audit.record).toHaveBeenCalledWith(TX, supervisor.id, { action: 'notice.publish', target: 'notice', targetId: 'MONTHLY:2026-07', after: { title: snapshot.title } });

      // Published, it is immutable: computing again answers it and counts nothing.
      evaluations.scoringCounts.mockClear();
      expect(await service.computeMonth('2026-07', supervisor.id)).toEqual(snapshot);
      expect(evaluations.scoringCounts).not.toHaveBeenCalled();
    });

    it('refuses a month still open (409) or a period that is not a month (400)', async () => {
      const { service, evaluations } = setup(AUGUST);
      await expect(service.computeMonth('2026-08', null)).rejects.toThrow(ConflictException);
      await expect(service.computeMonth('2026-Q3', null)).rejects.toThrow(new BadRequestException('period must be a month YYYY-MM'));
      expect(evaluations.insertNotice).not.toHaveBeenCalled();
    });
  });

  describe('quarterly assessment', () => {
    it('publishes the closed quarter with its rates (by name in Chinese order), and lists its major overdue matters (挂牌督办) in the same transaction', async () => {
      const { service, evaluations, supervision, transactions } = setup(OCTOBER);
      const view = await service.publishQuarter(supervisor, '2026-Q3');
      expect(transactions.run).toHaveBeenCalledTimes(1);
      // The quarter's end in Beijing; overdue judged now, the major matters at the quarter's end.
      expect(evaluations.taskRates).toHaveBeenCalledWith('UNIT', { start: new Date('2026-06-30T16:00:00Z'), end: new Date('2026-09-30T16:00:00Z') }, OCTOBER);
      expect(evaluations.reportRates).toHaveBeenCalledWith('UNIT', ['2026-07', '2026-08', '2026-09'], OCTOBER);
      expect(evaluations.majorOverdue).toHaveBeenCalledWith(new Date('2026-09-30T16:00:00Z'));
      expect(view.units).toEqual([
        { id: 31, name: '二七区', tasks: 1, completionRate: 0, onTimeCompletionRate: 0, overdueCount: 1, reports: 3, onTimeReportRate: 0 },
        { id: 30, name: '高新区', tasks: 1, completionRate: 1, onTimeCompletionRate: 1, overdueCount: 0, reports: 0, onTimeReportRate: null },
        { id: 29, name: '经开区', tasks: 0, completionRate: null, onTimeCompletionRate: null, overdueCount: 0, reports: 3, onTimeReportRate: 1 },
      ]);
      expect(view.chains).toEqual([{ id: 1, name: '智能传感器', tasks: 2, completionRate: 0.5, onTimeCompletionRate: 0.5, overdueCount: 1, reports: 0, onTimeReportRate: null }]);
      expect(supervision.raise).toHaveBeenCalledWith(
        TX,
        { subjectType: 'PROBLEM', subjectId: 40, ownerUnitId: 10, level: 3, reason: '2026-Q3季度评估：重大事项“企业用电增容审批慢”逾期（挂牌督办）' },
        { actorId: supervisor.id, at: OCTOBER, source: { assessment: '2026-Q3' } },
      );
      expect(view).toMatchObject({ published: true, majorOverdue: [{ subjectId: 40, dueAt: '2026-08-10T01:00:00.000Z' }] });
    });

    it('lists nothing again when another publisher won the race: its notice is answered', async () => {
      const theirs = { quarter: '2026-Q3', title: '已发布', computedAt: OCTOBER.toISOString(), units: [], chains: [], majorOverdue: [] };
      const { service, evaluations, supervision, audit } = setup(OCTOBER);
      evaluations.notice.mockResolvedValueOnce(null);
      evaluations.insertNotice.mockResolvedValueOnce(false);
      evaluations.notice.mockResolvedValueOnce(theirs);
      expect(await service.publishQuarter(supervisor, '2026-Q3')).toEqual({ ...theirs, published: true });
      expect(supervision.raise).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('answers the live figures of an open quarter without writing, recomputed only when something changed', async () => {
      const { service, evaluations } = setup(new Date('2026-09-10T01:00:00Z'));
      const first = await service.quarter(supervisor, '2026-Q3');
      await service.quarter(supervisor, '2026-Q3');
      expect(first.published).toBe(false);
      expect(service.computations).toBe(1);
      // While the quarter runs, the major matters are those overdue now.
      expect(evaluations.majorOverdue).toHaveBeenCalledWith(new Date('2026-09-10T01:00:00Z'));
      evaluations.changeMark.mockResolvedValue('2:1:1:1:1');
      await service.quarter(supervisor, '2026-Q3');
      expect(service.computations).toBe(2);
      expect(evaluations.insertNotice).not.toHaveBeenCalled();
    });
  });

  it('runs each due run once: claimed, computed for the period before it, and settled (pending again when it fails)', async () => {
    const { service, evaluations } = setup(OCTOBER, {
      'MONTHLY:2026-09': { title: '九月' } as Partial<EvaluationSnapshot>,
      'QUARTERLY:2026-Q3': { title: '三季度' } as Partial<AssessmentSnapshot>,
    });
    const run = (id: number, kind: 'EVALUATION' | 'ASSESSMENT') => ({ id, kind, dueAt: new Date('2026-10-10T01:00:00Z') }) as EvaluationRunEntity;
    evaluations.dueRuns.mockResolvedValue([run(1, 'EVALUATION'), run(2, 'ASSESSMENT'), run(3, 'EVALUATION')]);
    evaluations.claimRun.mockImplementation(async (id: number) => id !== 3);
    expect(await service.runDue()).toBe(3);
    expect(evaluations.notice).toHaveBeenCalledWith('MONTHLY', '2026-09');
    expect(evaluations.notice).toHaveBeenCalledWith('QUARTERLY', '2026-Q3');
    expect(evaluations.settleRun.mock.calls).toEqual([
      [1, false],
      [2, false],
    ]);

    evaluations.dueRuns.mockResolvedValue([{ id: 4, kind: 'EVALUATION', dueAt: new Date('2026-08-10T01:00:00Z') } as EvaluationRunEntity]);
    evaluations.scoringProfile.mockRejectedValueOnce(new Error('database gone'));
    await service.runDue();
    expect(evaluations.settleRun).toHaveBeenLastCalledWith(4, true);
  });

  describe('yearly evaluation (年考评)', () => {
    const JANUARY = new Date('2027-01-15T01:00:00Z');
    const month = (scores: Record<number, number>) => ({ items: Object.entries(scores).map(([unitId, score]) => ({ unitId: Number(unitId), score })) });
    const quarter = (units: [number, number | null, number | null][], chains: [number, string, number][]) => ({
      units: units.map(([id, completionRate, onTimeReportRate]) => ({ id, completionRate, onTimeCompletionRate: completionRate, onTimeReportRate })),
      chains: chains.map(([id, name, rate]) => ({ id, name, completionRate: rate, onTimeCompletionRate: rate, onTimeReportRate: null })),
    });
    const year = {
      'MONTHLY:2026-11': month({ 29: 100, 30: 104, 31: 96 }),
      'MONTHLY:2026-12': month({ 29: 98, 30: 100, 31: 96 }),
      'QUARTERLY:2026-Q4': quarter(
        [
          [29, 1, 1],
          [30, 0.5, 0.5],
          [31, null, 0],
          [10, 1, 1], // a department: not ranked yearly (the profile ranks zones and districts)
        ],
        [
          [1, '智能传感器', 0.5],
          [2, '生物医药', 1],
        ],
      ),
      'YEARLY:2025': { items: [{ unitId: 29, rank: 3 }], chains: [{ chainId: 1, rank: 1 }] },
    };

    it('composes the published months and quarters by the default rules (60:40), ranks units and chains, and publishes once with its audit entry', async () => {
      const { service, audit } = setup(JANUARY, year);
      const e = await service.computeYear('2026', supervisor.id);
      // 经开区 months 99, quarter 100 → 99.4; 高新区 102, 50 → 81.2; 二七区 96, 0 → 57.6; 惠济区 and 金水区 had nothing.
      expect(e.items.map((i) => [i.unitName, i.score, i.rank, i.rankDelta, i.monthly, i.quarterly])).toEqual([
        ['经开区', 99.4, 1, 2, { score: 99, count: 2 }, { score: 100, count: 1 }],
        ['高新区', 81.2, 2, null, { score: 102, count: 2 }, { score: 50, count: 1 }],
        ['二七区', 57.6, 3, null, { score: 96, count: 2 }, { score: 0, count: 1 }],
      ]);
      expect(e.chains.map((c) => [c.chainName, c.score, c.rank, c.rankDelta])).toEqual([
        ['生物医药', 100, 1, null],
        ['智能传感器', 50, 2, -1],
      ]);
      expect(e).toMatchObject({ period: '2026', title: '郑州市产业链年度考评通报（2026年）', composedOf: { months: ['2026-11', '2026-12'], quarters: ['2026-Q4'] } });
      expect(audit.record).toHaveBeenCalledWith(TX, supervisor.id, expect.objectContaining({ action: 'notice.publish', targetId: 'YEARLY:2026' }));
      expect(await service.computeYear('2026', null)).toEqual(e);
      expect(audit.record).toHaveBeenCalledTimes(1);
      expect(await service.evaluation('2026')).toEqual(e);
    });

    it('uses the weights the profile sets', async () => {
      const { service, evaluations } = setup(JANUARY, year);
      evaluations.scoringProfile.mockResolvedValue({
        name: 'p',
        title: 't',
        scoring: { base: 100, yearly: { monthlyWeight: 1, quarterlyWeight: 0, rateWeights: { completionRate: 1, onTimeCompletionRate: 0, onTimeReportRate: 0 } } },
      });
      const e = await service.computeYear('2026', null);
      expect(e.items.map((i) => [i.unitName, i.score])).toEqual([
        ['高新区', 102],
        ['经开区', 99],
        ['二七区', 96],
      ]);
    });

    it('waits for the year to close and for December and the fourth quarter; refuses a period that is not a year', async () => {
      await expect(setup(new Date('2026-12-31T15:00:00Z'), year).service.computeYear('2026', null)).rejects.toThrow(ConflictException);
      const { 'QUARTERLY:2026-Q4': _q4, ...withoutQ4 } = year;
      await expect(setup(JANUARY, withoutQ4).service.computeYear('2026', null)).rejects.toThrow(/2026-Q4's assessment/);
      const { 'MONTHLY:2026-12': _dec, ...withoutDecember } = year;
      await expect(setup(JANUARY, withoutDecember).service.computeYear('2026', null)).rejects.toThrow(/2026-12's evaluation/);
      await expect(setup(JANUARY, year).service.computeYear('2026-12', null)).rejects.toThrow(new BadRequestException('period must be a year YYYY'));
    });

    it('is run by its cadence for the year before the run', async () => {
      const { service, evaluations } = setup(JANUARY, year);
      evaluations.dueRuns.mockResolvedValue([{ id: 7, kind: 'YEARLY_EVALUATION', dueAt: JANUARY } as EvaluationRunEntity]);
      await service.runDue();
      expect(evaluations.settleRun).toHaveBeenLastCalledWith(7, false);
      expect((await service.year('2026')).period).toBe('2026');
    });

    it('draws its notice: both rankings, the rule in words and what it was composed of', async () => {
      const { service } = setup(JANUARY, year);
      await service.computeYear('2026', null);
      const html = (await service.notice('2026', 'html')) as string;
      expect(html).toContain('年度考评通报（2026年）');
      expect(html).toContain('年度得分＝月度评比均分×60%＋季度评估均分×40%');
      expect(html).toContain('依据：11、12月月度评比；第4季度评估');
      expect(html).toContain('<td>经开区</td><td>99.4</td><td>↑2</td><td>99（2期）</td><td>100（1期）</td>');
      expect(html).toContain('<td>智能传感器</td><td>50</td><td>↓1</td>');
    });
  });

  it('registers with the engine, whose tick runs the due runs (the engine imports no evaluation code)', async () => {
    const { service, evaluations, hooks } = setup(OCTOBER);
    await hooks.afterTick();
    expect(evaluations.dueRuns).not.toHaveBeenCalled();
    service.onModuleInit();
    expect(hooks.names()).toEqual(['evaluations']);
    await hooks.afterSteps();
    expect(evaluations.dueRuns).not.toHaveBeenCalled();
    await hooks.afterTick();
    expect(evaluations.dueRuns).toHaveBeenCalledWith(OCTOBER);
  });
});
