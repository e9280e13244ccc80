import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { Clock, DEFAULT_SCORING, monthsOf, periodBounds, previousPeriod, ScoredUnit, scoreAndRank, ScoringRules, UnitKind } from '@duban/domain';
import { EvaluationsRepository, SupervisionRepository, Transactions, Tx } from '@duban/persistence';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { problemScope, taskScope } from '../auth/scope';
import { DEFAULT_ZONE } from '../cadences/cadences.service';
import { NoticeTable, noticeHtml, noticeWorkbook } from './notice-documents';

export interface EvaluationSnapshot {
  period: string;
  title: string;
  profile: string | null;
  rules: ScoringRules;
  computedAt: string;
  items: ScoredUnit[];
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
 * Monthly scoring (月度评比) and the quarterly assessment (季度评估), each published once
 * as an immutable notice (通报) from which the workbook and printable page are drawn.
 */
@Injectable()
export class EvaluationsService {
  private readonly logger = new Logger(EvaluationsService.name);
  /** Unpublished assessments, kept until something they read changes (see EvaluationsRepository.changeMark). */
  private readonly liveAssessments = new Map<string, { mark: string; snapshot: AssessmentSnapshot }>();
  /** How many times an assessment was computed (the cache's effect is visible in tests). */
  computations = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly evaluations: EvaluationsRepository,
    private readonly supervision: SupervisionRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  /** Scores and ranks the month once it has closed, and publishes the notice; later calls return it unchanged. */
  async computeMonth(period: string, userId: number | null): Promise<EvaluationSnapshot> {
    const bounds = periodBounds(period, DEFAULT_ZONE);
    if (!bounds || period.includes('Q')) throw new BadRequestException('period must be a month YYYY-MM');
    const published = await this.notice<EvaluationSnapshot>('MONTHLY', period);
    if (published) return published;
    if (this.clock.now().getTime() < bounds.end.getTime()) throw new ConflictException(`${period} has not closed yet; it can be scored from ${bounds.end.toISOString()}`);

    const { rules, kinds, profile, title } = await this.scoringProfile();
    const units: { id: number; name: string }[] = await this.db.query('SELECT id, name FROM units WHERE kind IN (?) ORDER BY id', [kinds]);
    const counts = await this.monthCounts(period, bounds, units.map((u) => u.id));
    const previous = await this.notice<EvaluationSnapshot>('MONTHLY', previousPeriod('MONTH', bounds.start, DEFAULT_ZONE));
    const previousRanks = new Map((previous?.items ?? []).map((i) => [i.unitId, i.rank]));
    const items = scoreAndRank(
      rules,
      units.map((u) => ({ unitId: u.id, unitName: u.name, counts: counts.get(u.id) ?? {} })),
      previousRanks,
    );
    const snapshot: EvaluationSnapshot = { period, title: `${title}月度评比通报（${periodLabel(period)}）`, profile, rules, computedAt: this.clock.now().toISOString(), items };
    return this.publish('MONTHLY', period, snapshot, userId, async () => undefined);
  }

  async month(period: string): Promise<EvaluationSnapshot> {
    const published = await this.notice<EvaluationSnapshot>('MONTHLY', period);
    if (!published) throw new NotFoundException(`the evaluation of ${period} has not been computed`);
    return published;
  }

  async monthNotice(period: string, format: 'xlsx' | 'html'): Promise<Buffer | string> {
    const e = await this.month(period);
    const table: NoticeTable = {
      title: e.title,
      subtitle: `发布时间：${localDate(e.computedAt)}　　计分规则：基础分${e.rules.base}分；${Object.entries(e.rules.points).map(([k, v]) => `${COUNT_NAMES[k]}${v > 0 ? '+' : ''}${v}分/项`).join('，')}`,
      sections: [
        {
          columns: ['名次', '单位', '得分', '名次变化', ...Object.values(COUNT_NAMES)],
          rows: e.items.map((i) => [
            i.rank,
            i.unitName,
            i.score,
            i.rankDelta === null ? '—' : i.rankDelta > 0 ? `↑${i.rankDelta}` : i.rankDelta < 0 ? `↓${-i.rankDelta}` : '—',
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
    const published = await this.notice<AssessmentSnapshot>('QUARTERLY', quarter);
    const snapshot = published ?? (await this.liveQuarter(quarter));
    return { ...snapshot, majorOverdue: await this.inScope(user, snapshot.majorOverdue), published: published !== null };
  }

  /**
   * Publishes a closed quarter's assessment once (later calls return it): the notice, and its
   * major overdue matters put under listed supervision (挂牌督办, level 3) with their events,
   * all in one transaction.
   */
  async publishQuarter(actor: AuthUser | null, quarter: string): Promise<AssessmentView> {
    const bounds = quarterBounds(quarter);
    const existing = await this.notice<AssessmentSnapshot>('QUARTERLY', quarter);
    if (existing) return { ...existing, published: true };
    const now = this.clock.now();
    if (now.getTime() < bounds.end.getTime()) throw new ConflictException(`${quarter} has not closed yet; it can be published from ${bounds.end.toISOString()}`);
    const snapshot = await this.computeQuarter(quarter, now);
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
    const bounds = quarterBounds(quarter);
    const now = this.clock.now();
    const open = now.getTime() < bounds.end.getTime();
    const mark = `${await this.evaluations.changeMark()}${open ? `:${Math.floor(now.getTime() / 60_000)}` : ''}`;
    const hit = this.liveAssessments.get(quarter);
    if (hit && hit.mark === mark) return hit.snapshot;
    const snapshot = await this.computeQuarter(quarter, now);
    if (this.liveAssessments.size > 100) this.liveAssessments.clear();
    this.liveAssessments.set(quarter, { mark, snapshot });
    return snapshot;
  }

  /**
   * Per unit and per chain, over the tasks assigned and due in the quarter (drafts are not yet
   * anyone's work): completion rate, on-time completion rate, overdue count and on-time report
   * rate; and the major matters overdue at the quarter's end (or now, while it runs).
   */
  private async computeQuarter(quarter: string, now: Date): Promise<AssessmentSnapshot> {
    this.computations += 1;
    const bounds = quarterBounds(quarter);
    const months = monthsOf(quarter);
    const rates = async (groupColumn: 'owner_unit_id' | 'chain_id', reportColumn: 'unit_id' | 'chain_id', names: string) => {
      const tasks: Record<string, any>[] = await this.db.query(
        `SELECT t.${groupColumn} AS id, COUNT(*) AS tasks,
                SUM(t.state = 'DONE') AS done,
                SUM(t.state = 'DONE' AND t.completed_at <= t.due_at) AS on_time,
                SUM(t.state <> 'DONE' OR t.completed_at > t.due_at) AS overdue
           FROM tasks t WHERE t.due_at >= ? AND t.due_at < ? AND t.state NOT IN ('DRAFT', 'CANCELLED') AND t.${groupColumn} IS NOT NULL GROUP BY t.${groupColumn}`,
        [bounds.start, bounds.end],
      );
      const reports: Record<string, any>[] = await this.db.query(
        `SELECT o.${reportColumn} AS id, COUNT(*) AS reports, SUM(o.timeliness = 'ON_TIME') AS on_time
           FROM obligations o WHERE o.period IN (?) AND o.due_at < ? AND o.${reportColumn} IS NOT NULL GROUP BY o.${reportColumn}`,
        [months, now],
      );
      const ids = [...new Set([...tasks, ...reports].map((r) => Number(r.id)))];
      const labels: Record<string, any>[] = ids.length ? await this.db.query(`SELECT id, name FROM ${names} WHERE id IN (?)`, [ids]) : [];
      const nameOf = new Map(labels.map((l) => [Number(l.id), l.name as string]));
      return ids
        .map((id) => {
          const t = tasks.find((r) => Number(r.id) === id);
          const r = reports.find((x) => Number(x.id) === id);
          const total = Number(t?.tasks ?? 0);
          const reportCount = Number(r?.reports ?? 0);
          return {
            id,
            name: nameOf.get(id) ?? String(id),
            tasks: total,
            completionRate: total ? round(Number(t!.done) / total) : null,
            onTimeCompletionRate: total ? round(Number(t!.on_time) / total) : null,
            overdueCount: Number(t?.overdue ?? 0),
            reports: reportCount,
            onTimeReportRate: reportCount ? round(Number(r!.on_time) / reportCount) : null,
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    };
    return {
      quarter,
      title: `${(await this.scoringProfile()).title}季度评估通报（${quarter.replace('-Q', '年第')}季度）`,
      computedAt: now.toISOString(),
      units: await rates('owner_unit_id', 'unit_id', 'units'),
      chains: await rates('chain_id', 'chain_id', 'chains'),
      majorOverdue: await this.majorOverdue(bounds.end, now),
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
    const a = await this.notice<AssessmentSnapshot>('QUARTERLY', quarter);
    if (!a) throw new NotFoundException(`the assessment of ${quarter} has not been published`);
    const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
    const rows = (list: AssessmentRow[]) => list.map((r) => [r.name, r.tasks, pct(r.completionRate), pct(r.onTimeCompletionRate), r.overdueCount, r.reports, pct(r.onTimeReportRate)]);
    const columns = ['任务数', '办结率', '按时办结率', '逾期数', '应报月报', '按时报送率'];
    const table: NoticeTable = {
      title: a.title,
      subtitle: `发布时间：${localDate(a.computedAt)}`,
      sections: [
        { heading: '一、各单位情况', columns: ['单位', ...columns], rows: rows(a.units) },
        { heading: '二、各产业链情况', columns: ['产业链', ...columns], rows: rows(a.chains) },
        {
          heading: '三、重大事项逾期（已挂牌督办）',
          columns: ['事项', '责任单位', '截止时间'],
          rows: a.majorOverdue.map((m) => [m.title, m.ownerUnitName, localDate(m.dueAt)]),
        },
      ],
      footer: '督办：市政府办公厅',
    };
    return format === 'xlsx' ? noticeWorkbook(table) : noticeHtml(table);
  }

  /** Runs the evaluation runs the cadences materialised, once their time has come. */
  async runDue(now = this.clock.now()): Promise<number> {
    const runs: { id: number; kind: string; due_at: Date }[] = await this.db.query(`SELECT id, kind, due_at FROM evaluation_runs WHERE state = 'PENDING' AND due_at <= ? ORDER BY due_at`, [now]);
    for (const run of runs) {
      const claimed = await this.db.query(`UPDATE evaluation_runs SET state = 'RUNNING' WHERE id = ? AND state = 'PENDING'`, [run.id]);
      if (claimed.affectedRows !== 1) continue;
      try {
        if (run.kind === 'EVALUATION') await this.computeMonth(previousPeriod('MONTH', run.due_at, DEFAULT_ZONE), null);
        else await this.publishQuarter(null, previousPeriod('QUARTER', run.due_at, DEFAULT_ZONE));
        await this.db.query(`UPDATE evaluation_runs SET state = 'DONE' WHERE id = ?`, [run.id]);
      } catch (error) {
        this.logger.warn(`evaluation run ${run.id} failed: ${(error as Error).message}`);
        await this.db.query(`UPDATE evaluation_runs SET state = 'PENDING' WHERE id = ?`, [run.id]);
      }
    }
    return runs.length;
  }

  private async monthCounts(period: string, bounds: { start: Date; end: Date }, unitIds: number[]): Promise<Map<number, Record<string, number>>> {
    const counts = new Map<number, Record<string, number>>();
    if (unitIds.length === 0) return counts;
    const add = (rows: { unit: number; n: number }[], key: string) => {
      for (const r of rows) counts.set(Number(r.unit), { ...(counts.get(Number(r.unit)) ?? {}), [key]: Number(r.n) });
    };
    add(await this.db.query(`SELECT unit_id AS unit, COUNT(*) AS n FROM obligations WHERE period = ? AND timeliness = 'LATE' AND unit_id IN (?) GROUP BY unit_id`, [period, unitIds]), 'reportLate');
    add(await this.db.query(`SELECT unit_id AS unit, COUNT(*) AS n FROM obligations WHERE period = ? AND state = 'OPEN' AND unit_id IN (?) GROUP BY unit_id`, [period, unitIds]), 'reportMissing');
    add(
      await this.db.query(
        `SELECT owner_unit_id AS unit, COUNT(*) AS n FROM tasks WHERE state = 'DONE' AND completed_at >= ? AND completed_at < ? AND completed_at <= due_at AND owner_unit_id IN (?) GROUP BY owner_unit_id`,
        [bounds.start, bounds.end, unitIds],
      ),
      'taskDoneOnTime',
    );
    add(
      await this.db.query(
        `SELECT owner_unit_id AS unit, COUNT(*) AS n FROM tasks
          WHERE due_at >= ? AND due_at < ? AND state NOT IN ('DRAFT', 'CANCELLED') AND (state <> 'DONE' OR completed_at > due_at) AND owner_unit_id IN (?) GROUP BY owner_unit_id`,
        [bounds.start, bounds.end, unitIds],
      ),
      'taskOverdue',
    );
    add(
      await this.db.query(`SELECT owner_unit_id AS unit, COUNT(*) AS n FROM supervision_entries WHERE open_marker = 1 AND level = 3 AND owner_unit_id IN (?) GROUP BY owner_unit_id`, [unitIds]),
      'openListedSupervision',
    );
    return counts;
  }

  private async majorOverdue(end: Date, now: Date): Promise<AssessmentSnapshot['majorOverdue']> {
    const at = end.getTime() < now.getTime() ? end : now;
    const tasks = await this.db.query(
      `SELECT 'TASK' AS subjectType, t.id AS subjectId, t.title, t.owner_unit_id AS ownerUnitId, u.name AS ownerUnitName, t.due_at AS dueAt
         FROM tasks t JOIN units u ON u.id = t.owner_unit_id
        WHERE t.priority = 'URGENT' AND t.state IN ('ASSIGNED', 'IN_PROGRESS', 'SUBMITTED') AND t.due_at < ?`,
      [at],
    );
    const problems = await this.db.query(
      `SELECT 'PROBLEM' AS subjectType, p.id AS subjectId, p.title, p.routed_to_unit_id AS ownerUnitId, u.name AS ownerUnitName, p.due_at AS dueAt
         FROM problems p JOIN units u ON u.id = p.routed_to_unit_id
        WHERE p.severity = 'MAJOR' AND p.state IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS') AND p.due_at < ?`,
      [at],
    );
    return [...tasks, ...problems].map((r) => ({ ...r, subjectId: Number(r.subjectId), dueAt: (r.dueAt as Date).toISOString() }));
  }

  private async scoringProfile(): Promise<{ rules: ScoringRules; kinds: UnitKind[]; profile: string | null; title: string }> {
    const [row] = await this.db.query('SELECT name, title, scoring FROM profiles WHERE scoring IS NOT NULL ORDER BY loaded_at, name LIMIT 1');
    const scoring = row ? (typeof row.scoring === 'string' ? JSON.parse(row.scoring) : row.scoring) : null;
    return {
      rules: scoring ? { base: scoring.base, points: { ...DEFAULT_SCORING.points, ...scoring.points } } : DEFAULT_SCORING,
      kinds: scoring?.unitKinds ?? ['ZONE', 'DISTRICT'],
      profile: row?.name ?? null,
      title: row?.title ?? '产业链工作',
    };
  }

  private async notice<T>(kind: string, period: string): Promise<T | null> {
    const [row] = await this.db.query('SELECT snapshot FROM notices WHERE kind = ? AND period = ?', [kind, period]);
    return row ? ((typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : row.snapshot) as T) : null;
  }

  /**
   * Publishes once, with what must happen along with it (`alongside`) and its audit entry in the
   * same transaction; a concurrent publisher's snapshot wins and is returned to both.
   */
  private async publish<T extends { title: string }>(kind: string, period: string, snapshot: T, userId: number | null, alongside: (tx: Tx) => Promise<void>): Promise<T> {
    await this.transactions.run(async (tx) => {
      if (!(await this.evaluations.insertNotice(tx, { kind, period, title: snapshot.title, snapshot, at: this.clock.now(), by: userId }))) return;
      await alongside(tx);
      await this.audit.record(tx, userId, { action: 'notice.publish', target: 'notice', targetId: `${kind}:${period}`, after: { title: snapshot.title } });
    });
    return (await this.notice<T>(kind, period))!;
  }
}

function quarterBounds(quarter: string): { start: Date; end: Date } {
  const bounds = periodBounds(quarter, DEFAULT_ZONE);
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

function localDate(iso: string): string {
  return DateTime.fromISO(iso, { zone: DEFAULT_ZONE }).toFormat('yyyy年M月d日');
}
