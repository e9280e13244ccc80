import { Injectable } from '@nestjs/common';
import { Clock, LEVEL_NAMES, localMinute, localParts, overdueDays } from '@duban/domain';
import { OpenByChainRow, OpenByLevelRow, OpenByUnitRow, SubjectType, SupervisionBoardFilter, SupervisionBoardRow, SupervisionRepository } from '@duban/persistence';
import { AuthUser } from '../auth/auth-user';
import { supervisionScope } from '../auth/scope';
import { Page, PageRequest, pageOffset } from '../common/page';
import { tableWorkbook } from '../evaluations/notice-documents';
import { ZoneService } from '../profiles/zone.service';

export type SupervisionFilter = SupervisionBoardFilter;

/** An entry of the supervision list as the board shows it. */
export interface SupervisionView {
  id: number;
  subjectType: SubjectType;
  subjectId: number;
  /** The task's title, "<cadence name>（period）" for a report, the problem's title. */
  subjectTitle: string | null;
  level: number;
  reason: string;
  ownerUnitId: number;
  ownerUnitName: string | null;
  chainId: number | null;
  chainName: string | null;
  /** The subject's due instant (a task's after any approved extension). */
  dueAt: string | null;
  /**
   * 逾期天数: whole natural days (24-hour periods, not working days) from the due instant to now,
   * or to when the entry was closed (销号); 0 when not overdue by a full day.
   */
  overdueDays: number;
  openedAt: string;
  closedAt: string | null;
}

/** Open entries counted by level, by owner unit and by chain (the board's charts). */
export interface SupervisionSummaryView {
  /** Open entries in the caller's scope. */
  open: number;
  byLevel: OpenByLevelRow[];
  /** Most entries first; `maxLevel` is the unit's highest open level. */
  byUnit: OpenByUnitRow[];
  /** Most entries first; entries without a chain are not counted here. */
  byChain: OpenByChainRow[];
}

/** The most rows one export holds. */
export const EXPORT_LIMIT = 10_000;

const TYPE_NAMES: Record<string, string> = { TASK: '任务', OBLIGATION: '报送', PROBLEM: '问题' };
const EXPORT_COLUMNS = [
  { header: '督办级别', width: 10 },
  { header: '事项', width: 40 },
  { header: '类型', width: 8 },
  { header: '责任单位', width: 18 },
  { header: '产业链', width: 18 },
  { header: '截止时间', width: 17 },
  { header: '逾期天数', width: 10 },
  { header: '督办事由', width: 40 },
  { header: '开始时间', width: 17 },
  { header: '销号时间', width: 17 },
];

/** The supervision list (督办清单): what is supervised, at which level, open or closed. */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly entries: SupervisionRepository,
    private readonly clock: Clock,
    private readonly zones: ZoneService,
  ) {}

  /** Highest level first, oldest first; one query with its joins, in the order of the list's index. */
  async list(user: AuthUser, filter: SupervisionFilter, page: PageRequest): Promise<Page<SupervisionView>> {
    const { rows, total } = await this.entries.board(filter, supervisionScope(user), pageOffset(page));
    const now = this.clock.now();
    return { items: rows.map((r) => toSupervisionView(r, now)), total };
  }

  /** One entry as the board shows it (the caller has already been allowed to see it). */
  async entry(id: number): Promise<SupervisionView> {
    const row = await this.entries.boardEntry(id);
    if (!row) throw new Error(`supervision entry ${id} vanished`);
    return toSupervisionView(row, this.clock.now());
  }

  /** The list as a workbook (Chinese headers, times in the profile's zone): the first {@link EXPORT_LIMIT} rows in the list's order. */
  async exportWorkbook(user: AuthUser, filter: SupervisionFilter): Promise<{ workbook: Buffer; rows: number; total: number; localDate: string }> {
    const { rows, total } = await this.entries.board(filter, supervisionScope(user), { skip: 0, take: EXPORT_LIMIT });
    const now = this.clock.now();
    const zone = await this.zones.zone();
    const at = (d: Date | null) => (d ? localMinute(d, zone) : null);
    const workbook = await tableWorkbook(
      '督办清单',
      EXPORT_COLUMNS,
      rows.map((r) => [
        LEVEL_NAMES[r.level] ?? String(r.level),
        r.subjectTitle,
        TYPE_NAMES[r.subjectType] ?? r.subjectType,
        r.ownerUnitName,
        r.chainName,
        at(r.dueAt),
        toSupervisionView(r, now).overdueDays,
        r.reason,
        at(r.openedAt),
        at(r.closedAt),
      ]),
    );
    return { workbook, rows: rows.length, total, localDate: localParts(now, zone).date };
  }

  /** Open entries counted by level, by owner unit and by chain. */
  async summary(user: AuthUser): Promise<SupervisionSummaryView> {
    const scope = supervisionScope(user);
    const byLevel = await this.entries.openByLevel(scope);
    return { open: byLevel.reduce((n, r) => n + r.count, 0), byLevel, byUnit: await this.entries.openByUnit(scope), byChain: await this.entries.openByChain(scope) };
  }
}

export function toSupervisionView(r: SupervisionBoardRow, now: Date): SupervisionView {
  return {
    id: r.id,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    subjectTitle: r.subjectTitle,
    level: r.level,
    reason: r.reason,
    ownerUnitId: r.ownerUnitId,
    ownerUnitName: r.ownerUnitName,
    chainId: r.chainId,
    chainName: r.chainName,
    dueAt: r.dueAt?.toISOString() ?? null,
    overdueDays: r.dueAt ? overdueDays(r.dueAt, r.closedAt ?? now) : 0,
    openedAt: r.openedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
  };
}
