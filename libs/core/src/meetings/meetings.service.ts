import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { Clock, problemDueAt } from '@duban/domain';
import { ChainsRepository, MeetingEntity, MeetingFilter, MeetingsRepository, ProblemsRepository, Transactions, Tx, UnitsRepository } from '@duban/persistence';
import { AuthUser, seesEverything } from '../auth/auth-user';
import { obligationScope, problemScope, taskScope } from '../auth/scope';
import { Page, PageRequest, pageOffset } from '../common/page';
import { References } from '../common/references.service';
import { DeadlineTriggerService } from '../engine/deadline-trigger.service';
import { ListItemsService, monthOf } from '../lists/list-items.service';
import { GENERAL_PROBLEM_POLICY } from '../problems/problems.service';
import { ZoneService } from '../profiles/zone.service';
import { TasksService } from '../tasks/tasks.service';

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

export interface Minutes {
  summary: string;
  decisions: { title: string; ownerUnitId: number; dueAt?: Date }[];
}

/** A decision of the minutes, as the task it became. */
export interface DecisionTaskView {
  id: number;
  title: string;
  ownerUnitId: number;
  dueAt: string;
  state: 'ASSIGNED';
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
  ) {}

  async list(filter: MeetingFilter, page: PageRequest): Promise<Page<MeetingView>> {
    const { rows, total } = await this.meetings.list(filter, pageOffset(page));
    return { items: rows.map(toMeetingView), total };
  }

  async get(id: number): Promise<MeetingView> {
    return toMeetingView(await this.find(id));
  }

  /**
   * The agenda, prefilled from live data: the chain's four lists and this month's changes,
   * overdue tasks and reports, open problems, and the previous meeting's decisions.
   */
  async agenda(user: AuthUser, id: number) {
    const meeting = await this.find(id);
    const now = this.clock.now();
    const chain = meeting.chainId;
    // The meeting is public; what its agenda shows of tasks, reports and problems is the caller's to see.
    const tasks = taskScope(user, 't');
    const previous = await this.meetings.previousHeld(meeting);
    return {
      meeting: toMeetingView(meeting),
      lists: chain === null ? null : (await this.lists.live(chain)).items,
      listChanges: chain === null ? null : await this.lists.history(chain, monthOf(meeting.scheduledAt, await this.zones.zone())),
      overdueTasks: await this.meetings.overdueTasks(chain, now, tasks),
      overdueReports: await this.meetings.overdueReports(chain, now, obligationScope(user, 'o')),
      openProblems: await this.meetings.openProblems(chain, problemScope(user, 'p')),
      previousMeetingId: previous,
      lastDecisions: previous === null ? [] : await this.meetings.decisions(previous, tasks),
    };
  }

  /**
   * Records the minutes once. Each decision becomes a task through the one creation path — created
   * as a DRAFT and assigned (交办) by the chain's lead department, on 13710 timings unless the
   * minutes give a date — in the same transaction as the minutes and their event.
   */
  async minutes(user: AuthUser, id: number, input: Minutes): Promise<MeetingView & { tasks: DecisionTaskView[] }> {
    const now = this.clock.now();
    const { created, armed } = await this.transactions.run(async (tx) => {
      const meeting = await this.meetings.find(id, tx);
      if (!meeting) throw new NotFoundException(`meeting ${id} not found`);
      const leads = meeting.chainId === null ? [] : await this.chains.leadUnits(meeting.chainId, tx);
      await this.assertMayRecord(tx, user, meeting.chainId, leads);
      if (meeting.state !== 'SCHEDULED') throw new ConflictException('the minutes of this meeting are already recorded');
      if (meeting.scheduledAt.getTime() > now.getTime()) throw new ConflictException(`the meeting is scheduled for ${meeting.scheduledAt.toISOString()}; record its minutes once it has been held`);
      await this.references.assert(tx, 'unit', 'decisions.ownerUnitId', input.decisions.map((d) => d.ownerUnitId));
      for (const [i, d] of input.decisions.entries()) {
        if (d.dueAt && d.dueAt.getTime() <= now.getTime()) throw new BadRequestException(`decisions.${i}.dueAt must be in the future`);
      }
      const issuer = leads[0] ?? user.unitId ?? (await this.units.firstOffice(tx));
      if (!issuer) throw new BadRequestException('no issuing unit for the decisions: record the minutes as a member of a unit');
      const policyId = await this.problems.policyNamed(tx, GENERAL_PROBLEM_POLICY);
      const decision = { user, issuerUnitId: issuer };
      const created: DecisionTaskView[] = [];
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
      if (!(await this.meetings.recordMinutes(tx, id, { summary: input.summary, at: now, by: user.id, decisions: created.map((t) => t.id) }))) {
        throw new ConflictException('the minutes of this meeting are already recorded');
      }
      return { created, armed };
    });
    await this.trigger.arm(armed);
    return { ...(await this.get(id)), tasks: created };
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
