import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import {
  Clock,
  CommitChoices,
  MAX_NOTICE_TASKS,
  instantAt,
  localParts,
  NoticeDocument,
  planCommit,
  PlannedTask,
  proposeImport,
  ProposedTask,
  Recurrence,
  unresolvedOf,
} from '@duban/domain';
import { ImportResult, ImportRow, ImportsRepository, Transactions } from '@duban/persistence';
import { AuditService } from '../audit/audit.service';
import { AuthUser, hasAnyRole } from '../auth/auth-user';
import { CadencesService, CadenceView } from '../cadences/cadences.service';
import { ZoneService } from '../profiles/zone.service';
import { Page, PageRequest, pageOffset } from '../common/page';
import { TaskDetail, TasksService } from '../tasks/tasks.service';

/** How long an uncommitted preview is kept. */
export const PREVIEW_DAYS = 7;

export interface ImportView {
  id: number;
  /** Where the notice came from (a file name, a URL), as the importer said. */
  source: string | null;
  document: { number: string | null; title: string | null; issuedAt: string | null };
  /** The year year-less dates took, and the default deadline's (31 December). */
  year: number;
  tasks: ProposedTask[];
  unresolvedUnits: string[];
  /** The notice's text; each task's [start, end) points into it. */
  text: string;
  createdAt: string;
  expiresAt: string;
  committedAt: string | null;
  parentTaskId: number | null;
  result: ImportResult | null;
}

export type ImportSummary = Omit<ImportView, 'tasks' | 'unresolvedUnits' | 'text'> & { taskCount: number };

export interface CommitInput extends CommitChoices {
  /** The issuing office: default the importer's unit; admins and supervisors may name another. */
  issuerUnitId?: number;
}

export interface CommitView {
  import: ImportView;
  /** The notice as one task, parent of the others. */
  parent: TaskDetail;
  tasks: { seq: number; task: TaskDetail }[];
  cadences: { seq: number; cadence: CadenceView }[];
}

/**
 * Imports a notice: a preview of the tasks it assigns (nothing else is written), corrected and
 * committed as DRAFT tasks through TasksService.create and report cadences through
 * CadencesService.create, in one transaction. Previews are their importer's own.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly imports: ImportsRepository,
    private readonly transactions: Transactions,
    private readonly tasks: TasksService,
    private readonly cadences: CadencesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly zones: ZoneService,
  ) {}

  /** Reads a notice into a preview. 400 for empty text; 422 for a text that is no Chinese notice or assigns nothing. */
  async preview(user: AuthUser, input: { text: string; source?: string }, field = 'text'): Promise<ImportView> {
    assertMayImport(user);
    const now = this.clock.now();
    const proposal = proposeImport(input.text, await this.imports.unitDirectory(), { fallbackYear: Number(localParts(now, await this.zones.zone()).date.slice(0, 4)) });
    if (proposal === 'EMPTY') throw new BadRequestException(`${field} must not be empty`);
    if (proposal === 'NOT_CHINESE') throw new UnprocessableEntityException(`${field}: no Chinese text found; Duban reads Chinese government notices (通知, 工作要点, 方案)`);
    if (proposal === 'NO_TASKS') {
      throw new UnprocessableEntityException(
        `${field}: no task found; Duban reads numbered items with 牵头单位/责任单位 lines, （责任单位：…） at a paragraph's end, 序号/任务/负责单位 tables and sentences such as "每月20日前报送"`,
      );
    }
    if (proposal === 'TOO_MANY_TASKS') throw new UnprocessableEntityException(`${field}: more than ${MAX_NOTICE_TASKS} tasks found; import the notice in parts`);
    const id = await this.transactions.run(async (tx) => {
      await this.imports.removeExpired(tx, now);
      return this.imports.insert(tx, {
        createdBy: user.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + PREVIEW_DAYS * 86_400_000),
        source: input.source?.trim().slice(0, 200) || null,
        document: { ...proposal.document, year: proposal.year },
        text: proposal.text,
        tasks: proposal.tasks,
      });
    });
    return this.get(user, id);
  }

  /** The caller's own preview; another's, an unknown or an expired one answers 404. */
  async get(user: AuthUser, id: number): Promise<ImportView> {
    return toView(await this.findOwn(user, id));
  }

  async list(user: AuthUser, page: PageRequest): Promise<Page<ImportSummary>> {
    const { rows, total } = await this.imports.listOwn(user.id, this.clock.now(), pageOffset(page));
    return { items: rows.map((r) => ({ ...summaryOf(r), taskCount: r.taskCount })), total };
  }

  /**
   * Creates the selected tasks (DRAFT, issued by the importing office, the first lead owning,
   * the other leads and the responsible units as co-units) under one parent task for the
   * notice, and a REPORT cadence for each recurring task. Once only: 409 after.
   */
  async commit(user: AuthUser, id: number, input: CommitInput): Promise<CommitView> {
    assertMayImport(user);
    const preview = await this.findOwn(user, id);
    if (preview.committedAt) throw new ConflictException(`import ${id} was committed at ${preview.committedAt.toISOString()}; it creates its tasks once`);
    const issuerUnitId = input.issuerUnitId ?? user.unitId;
    if (issuerUnitId === null) throw new BadRequestException('issuerUnitId: you belong to no unit; name the issuing unit');
    if (input.issuerUnitId !== undefined && input.issuerUnitId !== user.unitId && !hasAnyRole(user, 'ADMIN', 'SUPERVISOR')) {
      throw new ForbiddenException('issuerUnitId: you may only issue tasks from your own unit');
    }
    const plan = planCommit({ year: preview.document.year, tasks: preview.tasks }, input);
    if (!plan.ok) {
      const invalid = plan.problems.filter((p) => p.kind === 'invalid');
      if (invalid.length) throw new BadRequestException(invalid.map((p) => p.message));
      throw new ConflictException(plan.problems.map((p) => p.message));
    }
    await this.assertUnitsExist(input);
    const now = this.clock.now();
    const zone = await this.zones.zone();
    const dueAt = (t: PlannedTask) => instantAt(t.dueDate, '23:59:59', zone);
    const past = plan.tasks.filter((t) => dueAt(t).getTime() <= now.getTime());
    if (past.length) {
      throw new BadRequestException(past.map((t) => `edits: task ${t.seq} is due ${t.dueDate}, which has passed; give it a later dueDate in edits, or leave it out of select`));
    }

    const ref = preview.document.number ?? `导入${id}`;
    const created = await this.transactions.run(async (tx) => {
      const locked = await this.imports.findOwn(id, user.id, now, tx, true);
      if (!locked || locked.committedAt) throw new ConflictException(`import ${id} was committed by a concurrent request; it creates its tasks once`);
      const parent = await this.tasks.create(
        user,
        {
          title: clip(preview.document.title ?? preview.source ?? `导入的通知（${ref}）`, 200),
          description: `${[preview.document.number, preview.document.title].filter(Boolean).join(' ')}：导入的 ${plan.tasks.length} 项任务的总任务。`,
          issuerUnitId,
          ownerUnitId: issuerUnitId,
          dueAt: new Date(Math.max(...plan.tasks.map((t) => dueAt(t).getTime()))),
          source: { kind: 'NOTICE', ref: clip(ref, 200) },
        },
        tx,
      );
      const tasks: CommitView['tasks'] = [];
      const cadences: CommitView['cadences'] = [];
      for (const t of plan.tasks) {
        const task = await this.tasks.create(
          user,
          {
            title: clip(t.title, 200),
            description: clip(t.detail ?? t.excerpt, 10_000),
            issuerUnitId,
            ownerUnitId: t.ownerUnitId,
            coUnitIds: t.coUnitIds.filter((u) => u !== t.ownerUnitId),
            dueAt: dueAt(t),
            parentId: parent.id,
            source: { kind: 'NOTICE', ref: clip(`${ref}#${t.seq}`, 200) },
          },
          tx,
        );
        tasks.push({ seq: t.seq, task });
        if (t.recurrence) {
          const cadence = await this.cadences.create(user, cadenceOf(id, t, t.recurrence, issuerUnitId, now, t.dueNamed ? dueAt(t) : undefined), tx);
          cadences.push({ seq: t.seq, cadence });
        }
      }
      const result: ImportResult = { tasks: tasks.map((t) => ({ seq: t.seq, taskId: t.task.id })), cadences: cadences.map((c) => ({ seq: c.seq, cadenceId: c.cadence.id })) };
      if (!(await this.imports.markCommitted(tx, id, { at: now, by: user.id, parentTaskId: parent.id, result }))) {
        throw new ConflictException(`import ${id} was committed by a concurrent request; it creates its tasks once`);
      }
      await this.audit.record(tx, user.id, { action: 'import.commit', target: 'import', targetId: id, after: { parentTaskId: parent.id, issuerUnitId, ...result } });
      return { parent, tasks, cadences };
    });
    return { import: await this.get(user, id), ...created };
  }

  private async findOwn(user: AuthUser, id: number): Promise<ImportRow> {
    const row = await this.imports.findOwn(id, user.id, this.clock.now());
    if (!row) throw new NotFoundException(`import ${id} not found (previews are their importer's own and expire after ${PREVIEW_DAYS} days)`);
    return row;
  }

  private async assertUnitsExist(input: CommitInput): Promise<void> {
    const named = (values: (number | number[] | null)[]) => values.flatMap((v) => (v === null ? [] : Array.isArray(v) ? v : [v]));
    const checks: [string, number[]][] = [
      ['mapping', named(Object.values(input.mapping ?? {}))],
      ['edits', (input.edits ?? []).flatMap((e) => [...(e.leadUnitIds ?? []), ...(e.coUnitIds ?? [])])],
      ['issuerUnitId', input.issuerUnitId !== undefined ? [input.issuerUnitId] : []],
    ];
    const existing = await this.imports.existingUnits(checks.flatMap(([, ids]) => ids));
    const problems = checks.flatMap(([field, ids]) => [...new Set(ids.filter((u) => !existing.has(u)))].map((u) => `${field}: unit ${u} does not exist`));
    if (problems.length) throw new BadRequestException(problems);
  }
}

/** Lead-department staff, supervisors and admins import; a notice's tasks are issued by an office. */
function assertMayImport(user: AuthUser): void {
  if (!hasAnyRole(user, 'ADMIN', 'SUPERVISOR', 'LEAD_UNIT')) throw new ForbiddenException('only lead-department staff, supervisors and admins import notices');
}

/**
 * A recurring task's report: owed by its leads to the issuer, due on the day the notice names
 * (the period's last day when it names none; Friday for a weekly one) at 23:59:59, from the
 * commit until the task's deadline when the notice names one.
 */
function cadenceOf(importId: number, t: PlannedTask, r: Recurrence, issuerUnitId: number, now: Date, until: Date | undefined) {
  const weekly = r.frequency === 'WEEKLY';
  return {
    name: clip(`导入${importId}-${t.seq} ${t.title}`, 100),
    kind: 'REPORT' as const,
    frequency: r.frequency,
    ...(weekly ? { weekday: r.weekday ?? 5 } : { dayOfMonth: r.dayOfMonth ?? 31, ...(r.month ? { month: r.month } : {}) }),
    time: '23:59:59',
    shift: 'NONE' as const,
    activeFrom: now,
    ...(until && until.getTime() > now.getTime() ? { activeTo: until } : {}),
    owingUnitIds: t.leadUnitIds,
    receiverUnitId: issuerUnitId,
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function documentOf(d: NoticeDocument): ImportView['document'] {
  return { number: d.number ?? null, title: d.title ?? null, issuedAt: d.issuedAt ?? null };
}

function summaryOf(row: Omit<ImportRow, 'text' | 'tasks'>): Omit<ImportSummary, 'taskCount'> {
  return {
    id: row.id,
    source: row.source,
    document: documentOf(row.document),
    year: row.document.year,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    committedAt: row.committedAt?.toISOString() ?? null,
    parentTaskId: row.parentTaskId,
    result: row.result,
  };
}

function toView(row: ImportRow): ImportView {
  return { ...summaryOf(row), tasks: row.tasks, unresolvedUnits: unresolvedOf(row.tasks), text: row.text };
}
