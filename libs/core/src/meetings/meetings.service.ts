import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AdHocMeetingType, Clock, LEADER_ROLES, mayConvene, mayRecordMinutes, problemDueAt } from '@duban/domain';
import { ChainsRepository, MeetingEntity, MeetingFilter, MeetingsRepository, ProblemsRepository, ProfilesRepository, Transactions, Tx, UnitsRepository } from '@duban/persistence';
import { AuditService } from '../audit/audit.service';
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
  /** An ad-hoc meeting's type (JOINT 联席会议, ALLIANCE 联盟会商, TOPICAL 专题会); null for a cadence's. */
  type: AdHocMeetingType | null;
  /** Its chain when it has exactly one. */
  chainId: number | null;
  /** Every chain it covers (none: a meeting of every chain, such as the half-year "10+5" meeting). */
  chainIds: number[];
  cluster: string | null;
  title: string;
  scheduledAt: string;
  convenerRole: string | null;
  convenerUnitId: number | null;
  convenerName: string | null;
  delegateUserId: number | null;
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
export type MeetingDetail = MeetingView & { decisions: MeetingDecisionView[]; files: FileView[]; mayRecordMinutes: boolean };

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
  /** `chainId`: one of the meeting's chains the decision is about (default: its one chain, if it has one). */
  decisions: { title: string; ownerUnitId: number; dueAt?: Date; chainId?: number }[];
  /** Matters brought to the meeting that need coordination: each a problem on the 13710 clocks. */
  problems?: { title: string; detail?: string; raisedByUnitId: number; chainId?: number }[];
  /** The minutes' evidence (sign-in sheet, photos, the signed minutes): the caller's uploads. */
  fileIds?: number[];
}

/** An ad-hoc meeting its convener calls (适时召开). */
export interface NewMeeting {
  type: AdHocMeetingType;
  chainIds: number[];
  scheduledAt: Date;
  title?: string;
}

/** What the assign step of each decision says in its timeline. */
const DECISION_COMMENT = '会议议定事项';

/** Meetings from the cadences and ad-hoc ones their conveners call: agendas drawn from live data; minutes whose decisions become tasks. */
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
    private readonly profiles: ProfilesRepository,
    private readonly audit: AuditService,
    private readonly problemLedger: ProblemsService,
  ) {}

  async list(filter: MeetingFilter, page: PageRequest): Promise<Page<MeetingView>> {
    const { rows, total } = await this.meetings.list(filter, pageOffset(page));
    const chains = await this.meetings.chainsOf(rows.map((r) => r.id));
    return { items: rows.map((r) => toMeetingView(r, chains.get(r.id) ?? [])), total };
  }

  /** The meeting is public; of its decisions, the caller sees the tasks in their scope. */
  async get(user: AuthUser, id: number): Promise<MeetingDetail> {
    const meeting = await this.view(id);
    return {
      ...meeting,
      decisions: await this.decisions(user, id),
      files: (await this.files.ofSubjects('MEETING', [id])).get(id) ?? [],
      mayRecordMinutes: await this.mayRecord(null, user, meeting),
    };
  }

  /**
   * Calls an ad-hoc meeting (联席会议, 联盟会商, 专题会) on chains of one profile, as that profile
   * allows: its convener must hold one of the type's convener roles on every chain named. Its
   * agenda is prefilled like any meeting's; its minutes create decision tasks the same way.
   */
  async create(user: AuthUser, input: NewMeeting): Promise<MeetingView> {
    const chainIds = [...new Set(input.chainIds)].sort((a, b) => a - b);
    await this.references.assert(null, 'chain', 'chainIds', chainIds);
    const profiles = await this.profiles.meetingTypesOf(chainIds);
    if (profiles.length !== 1) throw new BadRequestException('chainIds: the chains of one meeting must belong to one profile');
    const rule = profiles[0].types.find((t) => t.type === input.type);
    if (!rule) {
      const allowed = profiles[0].types.map((t) => `${t.type} (${t.name})`).join(', ') || 'none';
      throw new BadRequestException(`type: ${input.type} is not a meeting of these chains' profile; it has ${allowed}`);
    }
    const held = await this.chains.rolesHeld(chainIds, user.id, user.unitId);
    const caller = { roles: user.roles, holds: (chainId: number) => held.get(chainId) ?? [] };
    if (!mayConvene(rule, caller, chainIds)) {
      throw new ForbiddenException(`only a holder of ${rule.convenerRoles.join(' or ')} on every chain named, a supervisor or an admin may convene a ${rule.name}`);
    }
    // The role the caller convenes as: a unit's role makes the unit the convener, a leader's the person.
    const as = rule.convenerRoles.find((r) => chainIds.every((c) => caller.holds(c).includes(r))) ?? null;
    const byUnit = as !== null && !LEADER_ROLES.includes(as);
    const named = await this.chains.named(chainIds);
    const clusters = new Set((await this.chains.ofProfile(profiles[0].profile)).filter((c) => chainIds.includes(c.id)).map((c) => c.cluster));
    const cluster = clusters.size === 1 ? [...clusters][0] : null;
    const about = chainIds.length === 1 ? named[0].name : (cluster ?? `${chainIds.length}条产业链`);
    const now = this.clock.now();
    const id = await this.transactions.run(async (tx) => {
      const id = await this.meetings.createAdHoc(tx, {
        type: input.type,
        chainIds,
        cluster,
        title: input.title ?? `${rule.name}（${about}）`,
        scheduledAt: input.scheduledAt,
        convenerRole: as === null || as === 'LEAD_UNIT' || LEADER_ROLES.includes(as) ? as : null,
        convenerUnitId: byUnit ? user.unitId : null,
        convenerName: byUnit ? null : user.displayName,
        by: user.id,
        at: now,
      });
      await this.audit.record(tx, user.id, {
        action: 'meeting.create',
        target: 'meeting',
        targetId: id,
        after: { type: input.type, chainIds, scheduledAt: input.scheduledAt.toISOString() },
      });
      return id;
    });
    return this.view(id);
  }

  /**
   * The 总群链长 gives a scheduled meeting they convene to a 群链长 (“或委托其他群链长负责召集”):
   * the delegate must lead one of its chains as a LEADER, and then records its minutes.
   */
  async delegate(user: AuthUser, id: number, userId: number): Promise<MeetingView> {
    const meeting = await this.view(id);
    if (meeting.convenerRole !== 'GENERAL_LEADER') throw new ConflictException('only a meeting the general leader convenes can be delegated');
    if (!seesEverything(user)) {
      const held = await this.chains.rolesHeld(meeting.chainIds, user.id, user.unitId);
      if (!user.roles.includes('CHAIN_LEADER') || !meeting.chainIds.some((c) => held.get(c)?.includes('GENERAL_LEADER')))
        throw new ForbiddenException('only its general leader, a supervisor or an admin may delegate this meeting');
    }
    const delegateHolds = await this.chains.rolesHeld(meeting.chainIds, userId, null);
    if (!meeting.chainIds.some((c) => delegateHolds.get(c)?.includes('LEADER')))
      throw new BadRequestException(`userId: user ${userId} is not a leader (群链长) of this meeting's chains`);
    await this.transactions.run(async (tx) => {
      if (!(await this.meetings.delegate(tx, id, { userId, at: this.clock.now(), by: user.id }))) throw new ConflictException('the meeting has been held');
      await this.audit.record(tx, user.id, {
        action: 'meeting.delegate',
        target: 'meeting',
        targetId: id,
        before: { delegateUserId: meeting.delegateUserId },
        after: { delegateUserId: userId },
      });
    });
    return this.view(id);
  }

  /**
   * The agenda, prefilled from live data: the chain's four lists and this month's changes,
   * overdue tasks and reports, open problems, and the previous meeting's decisions.
   */
  async agenda(user: AuthUser, id: number): Promise<AgendaView> {
    const meeting = await this.find(id);
    const now = this.clock.now();
    const chainIds = (await this.meetings.chainsOf([id])).get(id) ?? [];
    // A meeting of no chain is of every chain.
    const chains = chainIds.length ? chainIds : null;
    // The meeting is public; what its agenda shows of tasks, reports and problems is the caller's to see.
    const previous = await this.meetings.previousHeld(meeting);
    const overdueTasks = await this.meetings.overdueTasks(chains, now, taskScope(user, 't'));
    const overdueReports = await this.meetings.overdueReports(chains, now, obligationScope(user, 'o'));
    const openProblems = await this.meetings.openProblems(chains, problemScope(user, 'p'));
    const month = monthOf(meeting.scheduledAt, await this.zones.zone());
    return {
      meeting: toMeetingView(meeting, chainIds),
      lists: chains === null ? null : (await Promise.all(chains.map((c) => this.lists.live(c)))).flatMap((l) => l.items),
      listChanges: chains === null ? null : mergeHistories(month, await Promise.all(chains.map((c) => this.lists.history(c, month)))),
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
      const row = await this.meetings.find(id, tx);
      if (!row) throw new NotFoundException(`meeting ${id} not found`);
      const meeting = toMeetingView(row, (await this.meetings.chainsOf([id], tx)).get(id) ?? []);
      if (!(await this.mayRecord(tx, user, meeting))) {
        throw new ForbiddenException(
          "only the meeting's convener (or the leader it was delegated to), its chain's leader or lead department, a supervisor or an admin may record the minutes",
        );
      }
      if (meeting.state !== 'SCHEDULED') throw new ConflictException('the minutes of this meeting are already recorded');
      if (row.scheduledAt.getTime() > now.getTime()) throw new ConflictException(`the meeting is scheduled for ${meeting.scheduledAt}; record its minutes once it has been held`);
      await this.references.assert(
        tx,
        'unit',
        'decisions.ownerUnitId',
        input.decisions.map((d) => d.ownerUnitId),
      );
      for (const [i, d] of input.decisions.entries()) {
        if (d.dueAt && d.dueAt.getTime() <= now.getTime()) throw new BadRequestException(`decisions.${i}.dueAt must be in the future`);
        if (d.chainId !== undefined && !meeting.chainIds.includes(d.chainId))
          throw new BadRequestException(`decisions.${i}.chainId: chain ${d.chainId} is not one of this meeting's chains`);
      }
      for (const [i, p] of (input.problems ?? []).entries()) {
        if (p.chainId !== undefined && !meeting.chainIds.includes(p.chainId))
          throw new BadRequestException(`problems.${i}.chainId: chain ${p.chainId} is not one of this meeting's chains`);
      }
      const issuer = meeting.convenerUnitId ?? (await this.sharedLead(tx, meeting.chainIds)) ?? user.unitId ?? (await this.units.firstOffice(tx));
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
          chainId: d.chainId ?? meeting.chainId ?? undefined,
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
    return { ...(await this.view(id)), tasks: created, problems: raised, files };
  }

  /** The tasks the meeting's minutes created, in the caller's scope. */
  private async decisions(user: AuthUser, meetingId: number): Promise<MeetingDecisionView[]> {
    const rows = await this.meetings.decisions(meetingId, taskScope(user, 't'));
    return rows.map((r) => ({ ...r, dueAt: r.dueAt.toISOString(), completedAt: r.completedAt?.toISOString() ?? null }));
  }

  /** Whether the caller may record the meeting's minutes (the domain's rule, on the roles they hold on its chains). */
  private async mayRecord(tx: Tx | null, user: AuthUser, meeting: MeetingView): Promise<boolean> {
    const held = await this.chains.rolesHeld(meeting.chainIds, user.id, user.unitId, tx ?? undefined);
    return mayRecordMinutes(meeting, { id: user.id, unitId: user.unitId, roles: user.roles, holds: (chainId) => held.get(chainId) ?? [] });
  }

  /** The lead department every one of the chains shares (the first such), which issues the decisions of a meeting no unit convenes. */
  private async sharedLead(tx: Tx, chainIds: readonly number[]): Promise<number | null> {
    if (chainIds.length === 0) return null;
    const leads = await Promise.all(chainIds.map((c) => this.chains.leadUnits(c, tx)));
    return leads[0].find((unit) => leads.every((l) => l.includes(unit))) ?? null;
  }

  private async view(id: number): Promise<MeetingView> {
    return toMeetingView(await this.find(id), (await this.meetings.chainsOf([id])).get(id) ?? []);
  }

  private async find(id: number): Promise<MeetingEntity> {
    const row = await this.meetings.find(id);
    if (!row) throw new NotFoundException(`meeting ${id} not found`);
    return row;
  }
}

function toMeetingView(r: MeetingEntity, chainIds: number[]): MeetingView {
  return {
    id: r.id,
    cadenceId: r.cadenceId,
    type: r.type,
    chainId: r.chainId,
    chainIds,
    cluster: r.cluster,
    title: r.title,
    scheduledAt: r.scheduledAt.toISOString(),
    convenerRole: r.convenerRole,
    convenerUnitId: r.convenerUnitId,
    convenerName: r.convenerName,
    delegateUserId: r.delegateUserId,
    state: r.state,
    summary: r.summary,
    minutesAt: r.minutesAt?.toISOString() ?? null,
  };
}

/** The month's list changes of several chains, as one. */
function mergeHistories(month: string, histories: ListHistoryView[]): ListHistoryView {
  if (histories.length === 1) return histories[0];
  const summary = {} as ListHistoryView['summary'];
  for (const h of histories) {
    for (const [type, n] of Object.entries(h.summary) as [keyof ListHistoryView['summary'], { added: number; removed: number }][]) {
      summary[type] = { added: (summary[type]?.added ?? 0) + n.added, removed: (summary[type]?.removed ?? 0) + n.removed };
    }
  }
  return { month, added: histories.flatMap((h) => h.added), removed: histories.flatMap((h) => h.removed), summary };
}
