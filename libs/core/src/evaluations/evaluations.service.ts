import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import {
  Clock,
  composeYear,
  DEFAULT_SCORING,
  DEFAULT_YEARLY,
  monthsOf,
  periodBounds,
  periodKind,
  previousPeriod,
  quartersOf,
  ScoredUnit,
  scoreAndRank,
  ScoringCount,
  ScoringRules,
  UnitKind,
  YearlyPart,
  YearlyRules,
} from '@duban/domain';
import {
  ChainsRepository,
  EvaluationsRepository,
  NamedRow,
  NoticeKind,
  RatesBy,
  ReportRatesRow,
  SupervisionRepository,
  TaskRatesRow,
  Transactions,
  Tx,
  UnitsRepository,
} from '@duban/persistence';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { problemScope, taskScope } from '../auth/scope';
import { ZoneService } from '../profiles/zone.service';
import { EngineHooks } from '../engine/engine-hooks';
import { localDate, NoticeTable, noticeHtml, noticeWorkbook, rankDeltaText } from './notice-documents';
import { yearlyNoticeTable } from './yearly-notice';

export interface EvaluationSnapshot {
  period: string;
  title: string;
  profile: string | null;
  rules: ScoringRules;
  computedAt: string;
  items: ScoredUnit[];
}

/** A unit's place in the yearly evaluation (年考评), with the two parts its score is composed of. */
export interface YearlyUnit {
  unitId: number;
  unitName: string;
  score: number;
  rank: number;
  rankDelta: number | null;
  monthly: YearlyPart;
  quarterly: YearlyPart;
}

/** A chain's place in the yearly evaluation: chains are not scored monthly, so only its quarters count. */
export interface YearlyChain {
  chainId: number;
  chainName: string;
  score: number;
  rank: number;
  rankDelta: number | null;
  quarterly: YearlyPart;
}

/** The yearly evaluation, shaped like a month's (period, title, rules, items) with the chains and the notices it composed. */
export interface YearlyEvaluationSnapshot {
  period: string;
  title: string;
  profile: string | null;
  rules: YearlyRules;
  computedAt: string;
  items: YearlyUnit[];
  chains: YearlyChain[];
  /** The published monthly evaluations and quarterly assessments it was composed from. */
  composedOf: { months: string[]; quarters: string[] };
}

export interface AssessmentRow {
  id: number;
  name: string;
  tasks: number;
  completionRate: number | null;
  onTimeCompletionRate: number | null;
  overdueCount: number;
  reports: number;
  onTimeReportRate: number | null;
}

export type AssessmentView = AssessmentSnapshot & { published: boolean };

export interface AssessmentSnapshot {
  quarter: string;
  title: string;
  computedAt: string;
  units: AssessmentRow[];
  chains: AssessmentRow[];
  majorOverdue: { subjectType: 'TASK' | 'PROBLEM'; subjectId: number; title: string; ownerUnitId: number; ownerUnitName: string; dueAt: string }[];
}

const COUNT_NAMES: Record<string, string> = {
  reportLate: '迟报',
  reportMissing: '未报',
  taskDoneOnTime: '按时办结',
  taskOverdue: '逾期任务',
  openListedSupervision: '挂牌督办',
};

/**
 * Monthly scoring (月度评比), the quarterly assessment (季度评估) and the yearly evaluation
 * (年考评) composed from them, each published once as an immutable notice (通报) from which the
 * workbook and printable page are drawn.
 */
@Injectable()
export class EvaluationsService implements OnModuleInit {
  private readonly logger = new Logger(EvaluationsService.name);
  /** Unpublished assessments, kept until something they read changes (see EvaluationsRepository.changeMark). */
  private readonly liveAssessments = new Map<string, { mark: string; snapshot: AssessmentSnapshot }>();
  /** How many times an assessment was computed (the cache's effect is visible in tests). */
  computations = 0;

  constructor(
    private readonly evaluations: EvaluationsRepository,
    private readonly units: UnitsRepository,
    private readonly chains: ChainsRepository,
    private readonly supervision: SupervisionRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly zones: ZoneService,
    private readonly clock: Clock,
    private readonly hooks: EngineHooks,
  ) {}

  /** Scoring and assessment runs fall due like steps: the engine's tick runs them after the steps of their time. */
  onModuleInit(): void {
    this.hooks.register({ name: 'evaluations', afterTick: () => this.runDue() });
  }

  /** Scores and ranks the month once it has closed, and publishes the notice; later calls return it unchanged. */
  async computeMonth(period: string, userId: number | null): Promise<EvaluationSnapshot> {
    const zone = await this.zones.zone();
    const bounds = periodBounds(period, zone);
    if (!bounds || periodKind(period) !== 'MONTH') throw new BadRequestException('period must be a month YYYY-MM');
    const published = await this.evaluations.notice<EvaluationSnapshot>('MONTHLY', period);
    if (published) return published;
    const now = this.clock.now();
    if (now.getTime() < bounds.end.getTime()) throw new ConflictException(`${period} has not closed yet; it can be scored from ${bounds.end.toISOString()}`);

    const { rules, kinds, profile, title } = await this.scoringProfile();
    const units = await this.units.ofKinds(kinds);
    const counts = new Map<number, Partial<Record<ScoringCount, number>>>();
    for (const row of await this.evaluations.scoringCounts(
      { period, ...bounds },
      units.map((u) => u.id),
      now,
    )) {
      counts.set(row.unitId, { ...counts.get(row.unitId), [row.count]: row.n });
    }
    const previous = await this.evaluations.notice<EvaluationSnapshot>('MONTHLY', previousPeriod('MONTH', bounds.start, zone));
    const previousRanks = new Map((previous?.items ?? []).map((i) => [i.unitId, i.rank]));
    const items = scoreAndRank(
      rules,
      units.map((u) => ({ unitId: u.id, unitName: u.name, counts: counts.get(u.id) ?? {} })),
      previousRanks,
    );
    const snapshot: EvaluationSnapshot = { period, title: `${title}月度评比通报（${periodLabel(period)}）`, profile, rules, computedAt: now.toISOString(), items };
    return this.publish('MONTHLY', period, snapshot, userId, async () => undefined);
  }

  /** A month's evaluation or (`YYYY`) the year's. */
  async evaluation(period: string): Promise<EvaluationSnapshot | YearlyEvaluationSnapshot> {
    return periodKind(period) === 'YEAR' ? this.year(period) : this.month(period);
  }

  /** Computes and publishes a month's evaluation or (`YYYY`) the year's, once. */
  async compute(period: string, userId: number | null): Promise<EvaluationSnapshot | YearlyEvaluationSnapshot> {
    return periodKind(period) === 'YEAR' ? this.computeYear(period, userId) : this.computeMonth(period, userId);
  }

  /** The notice of a month's evaluation or (`YYYY`) the year's. */
  async notice(period: string, format: 'xlsx' | 'html'): Promise<Buffer | string> {
    return periodKind(period) === 'YEAR' ? this.yearNotice(period, format) : this.monthNotice(period, format);
  }

  /**
   * Composes the closed year from its published monthly evaluations and quarterly assessments (the
   * profile's `scoring.yearly` rules) and publishes the notice; later calls return it unchanged.
   * It waits for December's evaluation and the fourth quarter's assessment, so that it is never
   * published without them.
   */
  async computeYear(year: string, userId: number | null): Promise<YearlyEvaluationSnapshot> {
    const bounds = periodBounds(year, await this.zones.zone());
    if (!bounds || periodKind(year) !== 'YEAR') throw new BadRequestException('period must be a year YYYY');
    const published = await this.evaluations.notice<YearlyEvaluationSnapshot>('YEARLY', year);
    if (published) return published;
    const now = this.clock.now();
    if (now.getTime() < bounds.end.getTime()) throw new ConflictException(`${year} has not closed yet; it can be evaluated from ${bounds.end.toISOString()}`);
    const months = await this.evaluations.notices<EvaluationSnapshot>('MONTHLY', monthsOf(year));
    const quarters = await this.evaluations.notices<AssessmentSnapshot>('QUARTERLY', quartersOf(year));
    if (!months.has(`${year}-12`) || !quarters.has(`${year}-Q4`)) {
      throw new ConflictException(`${year} can be evaluated once ${year}-12's evaluation and ${year}-Q4's assessment are published`);
    }

    const { kinds, profile, title, yearly: rules } = await this.scoringProfile();
    const previous = await this.evaluations.notice<YearlyEvaluationSnapshot>('YEARLY', String(Number(year) - 1));
    const quarterRows = (pick: (a: AssessmentSnapshot) => AssessmentRow[], id: number) => [...quarters.values()].flatMap((q) => pick(q).filter((r) => r.id === id));
    const units = composeYear(
      rules,
      (await this.units.ofKinds(kinds)).map((u) => ({
        id: u.id,
        name: u.name,
        monthlyScores: [...months.values()].flatMap((m) => m.items.filter((i) => i.unitId === u.id).map((i) => i.score)),
        quarters: quarterRows((q) => q.units, u.id),
      })),
      new Map((previous?.items ?? []).map((i) => [i.unitId, i.rank])),
    );
    const chainNames = new Map([...quarters.values()].flatMap((q) => q.chains.map((c) => [c.id, c.name] as const)));
    const chains = composeYear(
      rules,
      [...chainNames].map(([id, name]) => ({ id, name, monthlyScores: [], quarters: quarterRows((q) => q.chains, id) })),
      new Map((previous?.chains ?? []).map((c) => [c.chainId, c.rank])),
    );
    const snapshot: YearlyEvaluationSnapshot = {
      period: year,
      title: `${title}年度考评通报（${year}年）`,
      profile,
      rules,
      computedAt: now.toISOString(),
      items: units.map(({ id, name, ...rest }) => ({ unitId: id, unitName: name, ...rest })),
      chains: chains.map(({ id, name, score, rank, rankDelta, quarterly }) => ({ chainId: id, chainName: name, score, rank, rankDelta, quarterly })),
      composedOf: { months: [...months.keys()].sort(), quarters: [...quarters.keys()].sort() },
    };
    return this.publish('YEARLY', year, snapshot, userId, async () => undefined);
  }

  async year(year: string): Promise<YearlyEvaluationSnapshot> {
    const published = await this.evaluations.notice<YearlyEvaluationSnapshot>('YEARLY', year);
    if (!published) throw new NotFoundException(`the evaluation of ${year} has not been computed`);
    return published;
  }

  async yearNotice(year: string, format: 'xlsx' | 'html'): Promise<Buffer | string> {
    const table = yearlyNoticeTable(await this.year(year), await this.zones.zone());
    return format === 'xlsx' ? noticeWorkbook(table) : noticeHtml(table);
  }

  async month(period: string): Promise<EvaluationSnapshot> {
    const published = await this.evaluations.notice<EvaluationSnapshot>('MONTHLY', period);
    if (!published) throw new NotFoundException(`the evaluation of ${period} has not been computed`);
    return published;
  }

  async monthNotice(period: string, format: 'xlsx' | 'html'): Promise<Buffer | string> {
    const e = await this.month(period);
    const zone = await this.zones.zone();
    const table: NoticeTable = {
      title: e.title,
      subtitle: `发布时间：${localDate(e.computedAt, zone)}　　计分规则：基础分${e.rules.base}分；${Object.entries(e.rules.points)
        .map(([k, v]) => `${COUNT_NAMES[k]}${v > 0 ? '+' : ''}${v}分/项`)
        .join('，')}`,
      sections: [
        {
          columns: ['名次', '单位', '得分', '名次变化', ...Object.values(COUNT_NAMES)],
          rows: e.items.map((i) => [
            i.rank,
            i.unitName,
            i.score,
            rankDeltaText(i.rankDelta),
            ...Object.keys(COUNT_NAMES).map((k) => i.breakdown[k as keyof typeof i.breakdown].count),
          ]),
        },
      ],
      footer: '督办：市政府办公厅',
    };
    return format === 'xlsx' ? noticeWorkbook(table) : noticeHtml(table);
  }

  /**
   * The quarterly assessment as the caller may see it: the published notice once there is one,
   * otherwise the live figures. Reading never writes. Major overdue matters are limited to the
   * caller's scope (the published documents, notice.xlsx and notice.html, name them all).
   */
  async quarter(user: AuthUser, quarter: string): Promise<AssessmentView> {
    const published = await this.evaluations.notice<AssessmentSnapshot>('QUARTERLY', quarter);
    const snapshot = published ?? (await this.liveQuarter(quarter));
    return { ...snapshot, majorOverdue: await this.inScope(user, snapshot.majorOverdue), published: published !== null };
  }

  /**
   * Publishes a closed quarter's assessment once (later calls return it): the notice, and its
   * major overdue matters put under listed supervision (挂牌督办, level 3) with their events,
   * all in one transaction.
   */
  async publishQuarter(actor: AuthUser | null, quarter: string): Promise<AssessmentView> {
    const bounds = quarterBounds(quarter, await this.zones.zone());
    const existing = await this.evaluations.notice<AssessmentSnapshot>('QUARTERLY', quarter);
    if (existing) return { ...existing, published: true };
    const now = this.clock.now();
    if (now.getTime() < bounds.end.getTime()) throw new ConflictException(`${quarter} has not closed yet; it can be published from ${bounds.end.toISOString()}`);
    const snapshot = await this.computeQuarter(quarter, bounds, now);
    const notice = await this.publish('QUARTERLY', quarter, snapshot, actor?.id ?? null, async (tx) => {
      for (const m of snapshot.majorOverdue) {
        await this.supervision.raise(
          tx,
          { subjectType: m.subjectType, subjectId: m.subjectId, ownerUnitId: m.ownerUnitId, level: 3, reason: `${quarter}季度评估：重大事项“${m.title}”逾期（挂牌督办）` },
          { actorId: actor?.id ?? null, at: now, source: { assessment: quarter } },
        );
      }
    });
    return { ...notice, published: true };
  }

  /** The live assessment, recomputed only when something it reads has changed (and, while the quarter is open, each minute). */
  private async liveQuarter(quarter: string): Promise<AssessmentSnapshot> {
    const bounds = quarterBounds(quarter, await this.zones.zone());
    const now = this.clock.now();
    const open = now.getTime() < bounds.end.getTime();
    const mark = `${await this.evaluations.changeMark()}${open ? `:${Math.floor(now.getTime() / 60_000)}` : ''}`;
    const hit = this.liveAssessments.get(quarter);
    if (hit && hit.mark === mark) return hit.snapshot;
    const snapshot = await this.computeQuarter(quarter, bounds, now);
    if (this.liveAssessments.size > 100) this.liveAssessments.clear();
    this.liveAssessments.set(quarter, { mark, snapshot });
    return snapshot;
  }

  /**
   * Per unit and per chain, over the tasks assigned and due in the quarter (drafts are not yet
   * anyone's work): completion rate, on-time completion rate, overdue count (overdue now, or
   * done late) and on-time report rate; and the major matters overdue at the quarter's end (or
   * now, while it runs).
   */
  private async computeQuarter(quarter: string, bounds: { start: Date; end: Date }, now: Date): Promise<AssessmentSnapshot> {
    this.computations += 1;
    const months = monthsOf(quarter);
    const rates = async (by: RatesBy) => {
      const tasks = await this.evaluations.taskRates(by, bounds, now);
      const reports = await this.evaluations.reportRates(by, months, now);
      const ids = [...new Set([...tasks, ...reports].map((r) => r.id))];
      const labels = await (by === 'UNIT' ? this.units : this.chains).named(ids);
      return assessmentRows(ids, tasks, reports, labels);
    };
    const at = bounds.end.getTime() < now.getTime() ? bounds.end : now;
    return {
      quarter,
      title: `${(await this.scoringProfile()).title}季度评估通报（${quarter.replace('-Q', '年第')}季度）`,
      computedAt: now.toISOString(),
      units: await rates('UNIT'),
      chains: await rates('CHAIN'),
      majorOverdue: (await this.evaluations.majorOverdue(at)).map((r) => ({ ...r, dueAt: r.dueAt.toISOString() })),
    };
  }

  /** The major overdue matters the caller may see. */
  private async inScope(user: AuthUser, matters: AssessmentSnapshot['majorOverdue']): Promise<AssessmentSnapshot['majorOverdue']> {
    const ids = (type: 'TASK' | 'PROBLEM') => matters.filter((m) => m.subjectType === type).map((m) => m.subjectId);
    const visible = {
      TASK: await this.evaluations.visibleSubjects('TASK', ids('TASK'), taskScope(user, 's')),
      PROBLEM: await this.evaluations.visibleSubjects('PROBLEM', ids('PROBLEM'), problemScope(user, 's')),
    };
    return matters.filter((m) => visible[m.subjectType].has(m.subjectId));
  }

  async quarterNotice(quarter: string, format: 'xlsx' | 'html'): Promise<Buffer | string> {
    const a = await this.evaluations.notice<AssessmentSnapshot>('QUARTERLY', quarter);
    if (!a) throw new NotFoundException(`the assessment of ${quarter} has not been published`);
    const zone = await this.zones.zone();
    const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
    const rows = (list: AssessmentRow[]) =>
      list.map((r) => [r.name, r.tasks, pct(r.completionRate), pct(r.onTimeCompletionRate), r.overdueCount, r.reports, pct(r.onTimeReportRate)]);
    const columns = ['任务数', '办结率', '按时办结率', '逾期数', '应报月报', '按时报送率'];
    const table: NoticeTable = {
      title: a.title,
      subtitle: `发布时间：${localDate(a.computedAt, zone)}`,
      sections: [
        { heading: '一、各单位情况', columns: ['单位', ...columns], rows: rows(a.units) },
        { heading: '二、各产业链情况', columns: ['产业链', ...columns], rows: rows(a.chains) },
        {
          heading: '三、重大事项逾期（已挂牌督办）',
          columns: ['事项', '责任单位', '截止时间'],
          rows: a.majorOverdue.map((m) => [m.title, m.ownerUnitName, localDate(m.dueAt, zone)]),
        },
      ],
      footer: '督办：市政府办公厅',
    };
    return format === 'xlsx' ? noticeWorkbook(table) : noticeHtml(table);
  }

  /** Runs the evaluation runs the cadences materialised, once their time has come. */
  async runDue(now = this.clock.now()): Promise<number> {
    const runs = await this.evaluations.dueRuns(now);
    const zone = await this.zones.zone();
    for (const run of runs) {
      if (!(await this.evaluations.claimRun(run.id))) continue;
      try {
        if (run.kind === 'EVALUATION') await this.computeMonth(previousPeriod('MONTH', run.dueAt, zone), null);
        else if (run.kind === 'YEARLY_EVALUATION') await this.computeYear(previousPeriod('YEAR', run.dueAt, zone), null);
        else await this.publishQuarter(null, previousPeriod('QUARTER', run.dueAt, zone));
        await this.evaluations.settleRun(run.id, false);
      } catch (error) {
        this.logger.warn(`evaluation run ${run.id} failed: ${(error as Error).message}`);
        await this.evaluations.settleRun(run.id, true);
      }
    }
    return runs.length;
  }

  private async scoringProfile(): Promise<{ rules: ScoringRules; kinds: UnitKind[]; profile: string | null; title: string; yearly: YearlyRules }> {
    const row = await this.evaluations.scoringProfile();
    const scoring = row?.scoring ?? null;
    return {
      rules: scoring ? { base: scoring.base, points: { ...DEFAULT_SCORING.points, ...scoring.points } } : DEFAULT_SCORING,
      kinds: scoring?.unitKinds ?? ['ZONE', 'DISTRICT'],
      profile: row?.name ?? null,
      title: row?.title ?? '产业链工作',
      yearly: scoring?.yearly ?? DEFAULT_YEARLY,
    };
  }

  /**
   * Publishes once, with what must happen along with it (`alongside`) and its audit entry in the
   * same transaction; a concurrent publisher's snapshot wins and is returned to both.
   */
  private async publish<T extends { title: string }>(kind: NoticeKind, period: string, snapshot: T, userId: number | null, alongside: (tx: Tx) => Promise<void>): Promise<T> {
    await this.transactions.run(async (tx) => {
      if (!(await this.evaluations.insertNotice(tx, { kind, period, title: snapshot.title, snapshot, at: this.clock.now(), by: userId }))) return;
      await alongside(tx);
      await this.audit.record(tx, userId, { action: 'notice.publish', target: 'notice', targetId: `${kind}:${period}`, after: { title: snapshot.title } });
    });
    return (await this.evaluations.notice<T>(kind, period))!;
  }
}

/** The assessment's rows for these units or chains, by name in Chinese order. */
function assessmentRows(ids: number[], tasks: TaskRatesRow[], reports: ReportRatesRow[], labels: NamedRow[]): AssessmentRow[] {
  const nameOf = new Map(labels.map((l) => [l.id, l.name]));
  return ids
    .map((id) => {
      const t = tasks.find((r) => r.id === id);
      const r = reports.find((x) => x.id === id);
      const total = t?.tasks ?? 0;
      const reportCount = r?.reports ?? 0;
      return {
        id,
        name: nameOf.get(id) ?? String(id),
        tasks: total,
        completionRate: total ? round(t!.done / total) : null,
        onTimeCompletionRate: total ? round(t!.onTime / total) : null,
        overdueCount: t?.overdue ?? 0,
        reports: reportCount,
        onTimeReportRate: reportCount ? round(r!.onTime / reportCount) : null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

function quarterBounds(quarter: string, zone: string): { start: Date; end: Date } {
  const bounds = periodBounds(quarter, zone);
  if (!bounds || !quarter.includes('Q')) throw new BadRequestException('quarter must look like 2026-Q3');
  return bounds;
}

function round(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}

function periodLabel(period: string): string {
  const [y, m] = period.split('-');
  return `${y}年${Number(m)}月`;
}
