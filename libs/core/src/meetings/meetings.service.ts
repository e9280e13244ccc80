import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { Clock, problemDueAt } from '@duban/domain';
import { ChainsRepository, MeetingEntity, MeetingFilter, MeetingsRepository, ProblemsRepository, Transactions, Tx, UnitsRepository } from '@duban/persistence';
import { AuthUser, seesEverything } from '../auth/auth-user';
import { obligationScope, problemScope, taskScope } from '../auth/scope';
import { Page, PageRequest, pageOffset } from '../common/page';
import { References } from '../common/references.service';
import { DeadlineTriggerService } from '../engine/deadline-trigger.service';
import { ListHistoryView, ListItemsService, ListItemView, monthOf } from '../lists/list-items.service';
import { GENERAL_PROBLEM_POLICY, ProblemsService } from '../problems/problems.service';
import { ZoneService } from '../profiles/zone.service';
import { TasksService } from '../tasks/tasks.service';
import { FilesService, FileView } from '../files/files.service';

export interface MeetingView {
  id: number;
  cadenceId: number | null;
  chainId: number | null;
  title: string;
  scheduledAt: string;
  convenerRole: string | null;
  state: string;
  summary: string | null;
  minutesAt: string | null;
}

/** A task a meeting decided (议定事项), as the caller may see it. */
export interface MeetingDecisionView {
  id: number;
  title: string;
  state: string;
  ownerUnitId: number;
  dueAt: string;
  completedAt: string | null;
}

/** One meeting with the tasks its minutes created (none before it is held) and the minutes' files (sign-in sheet, photos). */
export type MeetingDetail = MeetingView & { decisions: MeetingDecisionView[]; files: FileView[] };

/** The minutes' answer: the meeting, held, with the tasks its decisions became. */
export type MinutesView = MeetingView & {
  tasks: { id: number; title: string; ownerUnitId: number; dueAt: string; state: string }[];
  /** The problems the minutes raised, routed to the chain's lead department. */
  problems: { id: number; title: string; chainId: number; raisedByUnitId: number; routedToUnitId: number }[];
  files: FileView[];
};

export interface AgendaTaskView {
  id: number;
  title: string;
  ownerUnitId: number;
  ownerUnitName: string;
  dueAt: string;
  escalationLevel: number;
}

export interface AgendaReportView {
  id: number;
  period: string;
  unitId: number;
  unitName: string;
  dueAt: string;
  escalationLevel: number;
}

export interface AgendaProblemView {
  id: number;
  title: string;
  severity: string;
  state: string;
  routedToUnitId: number;
  raisedByUnitId: number;
  dueAt: string;
}

/** A meeting's agenda, prefilled from live data (a meeting of no chain has no lists). */
export interface AgendaView {
  meeting: MeetingView;
  lists: ListItemView[] | null;
  listChanges: ListHistoryView | null;
  overdueTasks: AgendaTaskView[];
  overdueReports: AgendaReportView[];
  openProblems: AgendaProblemView[];
  previousMeetingId: number | null;
  lastDecisions: MeetingDecisionView[];
}

export interface Minutes {
  summary: string;
  decisions: { title: string; ownerUnitId: number; dueAt?: Date }[];
  /** Matters brought to the meeting that need coordination: each a problem on the 13710 clocks. */
  problems?: { title: string; detail?: string; raisedByUnitId: number; chainId?: number }[];
  /** The minutes' evidence (sign-in sheet, photos, the signed minutes): the caller's uploads. */
  fileIds?: number[];
}

/** What the assign step of each decision says in its timeline. */
const DECISION_COMMENT = '会议议定事项';

/** Chain meetings from the cadences: agendas drawn from live data; minutes whose decisions become tasks. */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly meetings: MeetingsRepository,
    private readonly chains: ChainsRepository,
    private readonly units: UnitsRepository,
    private readonly problems: ProblemsRepository,
    private readonly transactions: Transactions,
    private readonly references: References,
    private readonly tasks: TasksService,
    private readonly lists: ListItemsService,
    private readonly trigger: DeadlineTriggerService,
    private readonly zones: ZoneService,
    private readonly clock: Clock,
    private readonly files: FilesService,
    private readonly problemLedger: ProblemsService,
  ) {}

  async list(filter: MeetingFilter, page: PageRequest): Promise<Page<MeetingView>> {
    const { rows, total } = await this.meetings.list(filter, pageOffset(page));
    return { items: rows.map(toMeetingView), total };
  }

  /** The meeting is public; of its decisions, the caller sees the tasks in their scope. */
  async get(user: AuthUser, id: number): Promise<MeetingDetail> {
    const meeting = toMeetingView(await this.find(id));
    return { ...meeting, decisions: await this.decisions(user, id), files: (await this.files.ofSubjects('MEETING', [id])).get(id) ?? [] };
  }

  /**
   * The agenda, prefilled from live data: the chain's four lists and this month's changes,
   * overdue tasks and reports, open problems, and the previous meeting's decisions.
   */
  async agenda(user: AuthUser, id: number): Promise<AgendaView> {
    const meeting = await this.find(id);
    const now = this.clock.now();
    const chain = meeting.chainId;
    // The meeting is public; what its agenda shows of tasks, reports and problems is the caller's to see.
    const previous = await this.meetings.previousHeld(meeting);
    const overdueTasks = await this.meetings.overdueTasks(chain, now, taskScope(user, 't'));
    const overdueReports = await this.meetings.overdueReports(chain, now, obligationScope(user, 'o'));
    const openProblems = await this.meetings.openProblems(chain, problemScope(user, 'p'));
    return {
      meeting: toMeetingView(meeting),
      lists: chain === null ? null : (await this.lists.live(chain)).items,
      listChanges: chain === null ? null : await this.lists.history(chain, monthOf(meeting.scheduledAt, await this.zones.zone())),
      overdueTasks: overdueTasks.map((r) => ({ ...r, dueAt: r.dueAt.toISOString() })),
      overdueReports: overdueReports.map((r) => ({ ...r, dueAt: r.dueAt.toISOString() })),
      openProblems: openProblems.map((r) => ({ ...r, dueAt: r.dueAt.toISOString() })),
      previousMeetingId: previous,
      lastDecisions: previous === null ? [] : await this.decisions(user, previous),
    };
  }

  /**
   * Records the minutes once. Each decision becomes a task through the one creation path — created
   * as a DRAFT and assigned (交办) by the chain's lead department, on 13710 timings unless the
   * minutes give a date — in the same transaction as the minutes and their event.
   */
  async minutes(user: AuthUser, id: number, input: Minutes): Promise<MinutesView> {
    const now = this.clock.now();
    this.files.assertFileIds(input.fileIds);
    const { created, raised, armed, files } = await this.transactions.run(async (tx) => {
      const meeting = await this.meetings.find(id, tx);
      if (!meeting) throw new NotFoundException(`meeting ${id} not found`);
      const leads = meeting.chainId === null ? [] : await this.chains.leadUnits(meeting.chainId, tx);
      await this.assertMayRecord(tx, user, meeting.chainId, leads);
      if (meeting.state !== 'SCHEDULED') throw new ConflictException('the minutes of this meeting are already recorded');
      if (meeting.scheduledAt.getTime() > now.getTime())
        throw new ConflictException(`the meeting is scheduled for ${meeting.scheduledAt.toISOString()}; record its minutes once it has been held`);
      await this.references.assert(
        tx,
        'unit',
        'decisions.ownerUnitId',
        input.decisions.map((d) => d.ownerUnitId),
      );
      for (const [i, d] of input.decisions.entries()) {
        if (d.dueAt && d.dueAt.getTime() <= now.getTime()) throw new BadRequestException(`decisions.${i}.dueAt must be in the future`);
      }
      const issuer = leads[0] ?? user.unitId ?? (await this.units.firstOffice(tx));
      if (!issuer) throw new BadRequestException('no issuing unit for the decisions: record the minutes as a member of a unit');
      const policyId = await this.problems.policyNamed(tx, GENERAL_PROBLEM_POLICY);
      const decision = { user, issuerUnitId: issuer };
      const created: MinutesView['tasks'] = [];
      const armed: (Date | null)[] = [];
      for (const d of input.decisions) {
        const dueAt = d.dueAt ?? problemDueAt(now, 'GENERAL');
        const taskId = await this.tasks.createWithin(tx, decision, {
          title: d.title,
          description: `${meeting.title}议定事项`,
          issuerUnitId: issuer,
          ownerUnitId: d.ownerUnitId,
          chainId: meeting.chainId ?? undefined,
          policyId: policyId ?? undefined,
          source: { kind: 'MEETING', ref: String(id) },
          dueAt,
        });
        armed.push(await this.tasks.transitionWithin(tx, decision, taskId, { action: 'assign', comment: DECISION_COMMENT }));
        created.push({ id: taskId, title: d.title, ownerUnitId: d.ownerUnitId, dueAt: dueAt.toISOString(), state: 'ASSIGNED' });
      }
      const raised = await this.problemLedger.raiseFromMeeting(tx, { id, chainId: meeting.chainId, recordedBy: user.id }, input.problems ?? [], now);
      armed.push(...raised.armed);
      const eventId = await this.meetings.recordMinutes(tx, id, { summary: input.summary, at: now, by: user.id, decisions: created.map((t) => t.id) });
      if (eventId === null) throw new ConflictException('the minutes of this meeting are already recorded');
      const files = await this.files.attachWithin(tx, user, input.fileIds, { type: 'MEETING', id, eventId }, now);
      return { created, raised: raised.problems, armed, files };
    });
    await this.trigger.arm(armed);
    return { ...toMeetingView(await this.find(id)), tasks: created, problems: raised, files };
  }

  /** The tasks the meeting's minutes created, in the caller's scope. */
  private async decisions(user: AuthUser, meetingId: number): Promise<MeetingDecisionView[]> {
    const rows = await this.meetings.decisions(meetingId, taskScope(user, 't'));
    return rows.map((r) => ({ ...r, dueAt: r.dueAt.toISOString(), completedAt: r.completedAt?.toISOString() ?? null }));
  }

  private async assertMayRecord(tx: Tx, user: AuthUser, chainId: number | null, leads: number[]): Promise<void> {
    if (seesEverything(user)) return;
    if (user.roles.includes('LEAD_UNIT') && user.unitId !== null && leads.includes(user.unitId)) return;
    if (user.roles.includes('CHAIN_LEADER') && chainId !== null && (await this.chains.isLeader(chainId, user.id, tx))) return;
    throw new ForbiddenException("only the chain's leader or lead department, a supervisor or an admin may record the minutes");
  }

  private async find(id: number): Promise<MeetingEntity> {
    const row = await this.meetings.find(id);
    if (!row) throw new NotFoundException(`meeting ${id} not found`);
    return row;
  }
}

function toMeetingView(r: MeetingEntity): MeetingView {
  return {
    id: r.id,
    cadenceId: r.cadenceId,
    chainId: r.chainId,
    title: r.title,
    scheduledAt: r.scheduledAt.toISOString(),
    convenerRole: r.convenerRole,
    state: r.state,
    summary: r.summary,
    minutesAt: r.minutesAt?.toISOString() ?? null,
  };
}
