import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import {
  Clock,
  decideProblemTransition,
  PROBLEM_POLICIES,
  ProblemAction,
  ProblemActor,
  problemDueAt,
  ProblemPolicyKey,
  ProblemState,
  problemTimeliness,
  raisedClock,
  retimeProblem,
  Severity,
  Timeliness,
} from '@duban/domain';
import { ChainsRepository, EventsRepository, NewProblemRow, ProblemChanges, ProblemEntity, ProblemsRepository, SUBJECTS, Transactions, Tx } from '@duban/persistence';
import { AuthUser, seesEverything } from '../auth/auth-user';
import { CalendarService } from '../calendar/calendar.service';
import { ZoneService } from '../profiles/zone.service';
import { problemScope } from '../auth/scope';
import { SubjectEventView, timeline } from '../common/events';
import { References } from '../common/references.service';
import { Page, PageRequest, pageOffset } from '../common/page';
import { DeadlineTriggerService } from '../engine/deadline-trigger.service';
import { SchedulingService } from '../engine/scheduling.service';
import { StepsViewService, StepView } from '../engine/steps-view.service';
import { FilesService, FileView } from '../files/files.service';

export const GENERAL_PROBLEM_POLICY = PROBLEM_POLICIES.GENERAL;

export interface ProblemView {
  id: number;
  title: string;
  detail: string | null;
  chainId: number | null;
  obligationId: number | null;
  raisedByUnitId: number;
  routedToUnitId: number;
  severity: Severity;
  state: ProblemState;
  timeliness: Timeliness | null;
  escalationLevel: number;
  dueAt: string;
  satisfaction: number | null;
  createdAt: string;
  version: number;
}

/** One problem with its escalation steps, done and to come, and the evidence of its feedback and resolution. */
export type ProblemDetail = ProblemView & { steps: StepView[]; files: FileView[] };

/** The steps that carry evidence files. */
const EVIDENCE_ACTIONS: readonly ProblemAction[] = ['feedback', 'resolve'];

export interface ProblemTransitionInput {
  action: ProblemAction;
  comment?: string;
  satisfaction?: number;
  severity?: Severity;
  /** A major problem's plan date, stated when acknowledging or with a feedback: the new solve-by date. */
  plannedAt?: Date;
  version?: number;
  /** Evidence (见证材料) for a feedback or a resolution: the caller's uploads, attached with the step. */
  fileIds?: number[];
}

/** A coordination matter as a unit raises it on the ledger (POST /problems). */
export interface RaiseProblemInput {
  chainId: number;
  title: string;
  detail?: string;
}

/** The problem as it is raised: where it came from, who raised it and whom it is routed to. */
type NewProblem = Pick<NewProblemRow, 'title' | 'detail' | 'chainId' | 'obligationId' | 'raisedByUnitId' | 'routedToUnitId'>;

/** The instant each action stamps on the problem. */
const STAMPS: Partial<Record<ProblemAction, 'acknowledgedAt' | 'feedbackAt' | 'resolvedAt' | 'closedAt'>> = {
  acknowledge: 'acknowledgedAt',
  feedback: 'feedbackAt',
  resolve: 'resolvedAt',
  close: 'closedAt',
};

/** 问题台账: coordination matters from monthly reports, routed to the chain's lead department. */
@Injectable()
export class ProblemsService {
  constructor(
    private readonly problems: ProblemsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly scheduling: SchedulingService,
    private readonly trigger: DeadlineTriggerService,
    private readonly history: EventsRepository,
    private readonly steps: StepsViewService,
    private readonly files: FilesService,
    private readonly chains: ChainsRepository,
    private readonly references: References,
    private readonly calendars: CalendarService,
    private readonly zones: ZoneService,
  ) {}

  /**
   * Each coordination matter of a report becomes a GENERAL problem on the 13710 clocks, in the
   * report's transaction. Returns step instants to arm once it has committed.
   */
  async raiseFromReport(
    tx: Tx,
    report: { obligationId: number; chainId: number | null; raisedByUnitId: number; routedToUnitId: number },
    matters: { title: string; detail?: string }[],
    now: Date,
  ): Promise<Date[]> {
    const armed: Date[] = [];
    for (const matter of matters) {
      const { next } = await this.raiseWithin(
        tx,
        { ...report, title: matter.title, detail: matter.detail ?? null },
        { actorId: null, data: { obligationId: report.obligationId } },
        now,
      );
      if (next) armed.push(next);
    }
    return armed;
  }

  /**
   * The matters a chain meeting's minutes raise (e.g. Henan's 调度会议: “个性重大问题通过……调度会……协调解决”),
   * each from the unit that brought it, routed to the chain's lead department, in the minutes'
   * transaction. Returns the problems and the step instants to arm once it has committed.
   */
  async raiseFromMeeting(
    tx: Tx,
    meeting: { id: number; chainId: number | null; recordedBy: number },
    matters: { title: string; detail?: string; raisedByUnitId: number; chainId?: number }[],
    now: Date,
  ): Promise<{ problems: { id: number; title: string; chainId: number; raisedByUnitId: number; routedToUnitId: number }[]; armed: Date[] }> {
    await this.references.assert(
      tx,
      'unit',
      'problems.raisedByUnitId',
      matters.map((m) => m.raisedByUnitId),
    );
    await this.references.assert(
      tx,
      'chain',
      'problems.chainId',
      matters.map((m) => m.chainId),
    );
    const problems = [];
    const armed: Date[] = [];
    for (const [i, m] of matters.entries()) {
      // A meeting on several chains (or none) names each problem's chain.
      const chainId = m.chainId ?? meeting.chainId;
      if (chainId === null) throw new BadRequestException(`problems.${i}.chainId: name the chain the problem is about (the meeting is on no single chain)`);
      const routedToUnitId = await this.routeOf(tx, chainId, `problems.${i}.chainId`);
      const problem = { title: m.title.trim(), detail: m.detail?.trim() || null, chainId, obligationId: null, raisedByUnitId: m.raisedByUnitId, routedToUnitId };
      const { id, next } = await this.raiseWithin(tx, problem, { actorId: meeting.recordedBy, data: { meetingId: meeting.id } }, now);
      problems.push({ id, title: problem.title, chainId, raisedByUnitId: m.raisedByUnitId, routedToUnitId });
      if (next) armed.push(next);
    }
    return { problems, armed };
  }

  /**
   * A unit raises a problem about a chain (any unit: an enterprise, a city, a department); it is
   * routed to the chain's lead department (责任单位) and starts on the 13710 clocks.
   */
  async raise(user: AuthUser, input: RaiseProblemInput): Promise<ProblemDetail> {
    const raisedByUnitId = user.unitId;
    // Raised by a unit's staff, who then follow it to closure (the ledger shows a unit's staff what it raised).
    const unitStaff = seesEverything(user) || user.roles.includes('LEAD_UNIT') || user.roles.includes('UNIT_LIAISON');
    if (raisedByUnitId === null || !unitStaff) throw new ForbiddenException("a problem is raised by a unit: raise it as a member of one (a unit's staff)");
    const now = this.clock.now();
    const { id, next } = await this.transactions.run(async (tx) => {
      await this.references.assert(tx, 'chain', 'chainId', [input.chainId]);
      const routedToUnitId = await this.routeOf(tx, input.chainId, 'chainId');
      const problem = { title: input.title.trim(), detail: input.detail?.trim() || null, chainId: input.chainId, obligationId: null, raisedByUnitId, routedToUnitId };
      return this.raiseWithin(tx, problem, { actorId: user.id, data: null }, now);
    });
    await this.trigger.arm([next]);
    return this.get(user, id);
  }

  /** The one path onto the ledger: OPEN, GENERAL until acknowledged, on the acknowledge clock. */
  private async raiseWithin(
    tx: Tx,
    problem: NewProblem,
    event: { actorId: number | null; data: Record<string, unknown> | null },
    now: Date,
  ): Promise<{ id: number; next: Date | null }> {
    const clock = raisedClock(now, await this.calendars.calendar(), await this.zones.zone());
    const policyId = await this.policyOf(tx, clock.policy);
    const dueAt = problemDueAt(now, 'GENERAL');
    const id = await this.problems.raise(tx, { ...problem, severity: 'GENERAL', dueAt, stepDueAt: clock.stepDueAt, policyId, createdAt: now }, event);
    return { id, next: await this.scheduling.schedule(tx, SUBJECTS.PROBLEM, id, clock.stepDueAt, policyId, now, false) };
  }

  /** The chain's (first) lead department, which a problem about it is routed to. */
  private async routeOf(tx: Tx, chainId: number, field: string): Promise<number> {
    const [lead] = await this.chains.leadUnits(chainId, tx);
    if (lead === undefined) throw new BadRequestException(`${field}: chain ${chainId} has no lead department (责任单位) to route the problem to`);
    return lead;
  }

  private policyOf(tx: Tx, key: ProblemPolicyKey): Promise<number | null> {
    return this.problems.policyNamed(tx, PROBLEM_POLICIES[key]);
  }

  /** The ledger in the caller's scope; list rows leave the detail to the record. */
  async list(user: AuthUser, filter: { chainId?: number; state?: ProblemState; unitId?: number }, page: PageRequest): Promise<Page<Omit<ProblemView, 'detail'>>> {
    const { rows, total } = await this.problems.page(filter, problemScope(user), pageOffset(page));
    return { items: rows.map((r) => omitDetail(this.toView(r))), total };
  }

  async get(user: AuthUser, id: number): Promise<ProblemDetail> {
    const row = await this.findVisible(user, id);
    // Its steps count from the deadline of the 13710 clock it runs on.
    return { ...this.toView(row), steps: await this.steps.of('PROBLEM', { ...row, dueAt: row.stepDueAt }), files: (await this.files.ofSubjects('PROBLEM', [id])).get(id) ?? [] };
  }

  /** The problem's timeline, oldest first: the engine's steps and people's acts. */
  async events(user: AuthUser, id: number): Promise<Page<SubjectEventView>> {
    await this.findVisible(user, id);
    return timeline(await this.history.ofSubject('PROBLEM', id), await this.files.ofSubject('PROBLEM', id));
  }

  /**
   * One step of the 13710 ledger: decided by the domain's table, applied by one conditional UPDATE
   * (with a new timing where the step gives one) and its event, and the step cursor placed, in
   * one transaction.
   */
  async transition(user: AuthUser, id: number, input: ProblemTransitionInput): Promise<ProblemDetail> {
    if (input.fileIds?.length && !EVIDENCE_ACTIONS.includes(input.action))
      throw new BadRequestException('fileIds: files attach to a feedback (feedback) or a resolution (resolve) only');
    this.files.assertFileIds(input.fileIds);
    const armed = await this.transactions.run(async (tx) => {
      const row = await this.findVisible(user, id, tx);
      if (input.version !== undefined && input.version !== row.version) throw new ConflictException(`version: the problem is at version ${row.version}, not ${input.version}`);
      const now = this.clock.now();
      const outcome = decideProblemTransition(row.state, input.action, actorsOf(user, row), input, { severity: row.severity, now });
      if (!outcome.ok) {
        if (outcome.error === 'FORBIDDEN') throw new ForbiddenException(outcome.message);
        if (outcome.error === 'CONFLICT') throw new ConflictException(outcome.message);
        throw new BadRequestException(outcome.message);
      }
      const changes: ProblemChanges = { state: outcome.to };
      const stamp = STAMPS[input.action];
      if (stamp) changes[stamp] = now;
      if (input.satisfaction !== undefined) changes.satisfaction = input.satisfaction;
      if (input.action === 'reopen') Object.assign(changes, { resolvedAt: null, closedAt: null });
      // The next 13710 clock, where the step starts one (domain `retimeProblem`).
      const retimed = retimeProblem(row, input.action, input, now);
      const policyId = retimed ? await this.policyOf(tx, retimed.policy) : null;
      if (retimed) Object.assign(changes, { severity: retimed.severity, dueAt: retimed.dueAt, stepDueAt: retimed.stepDueAt, policyId });
      const eventId = await this.problems.transition(tx, row, changes, {
        at: now,
        actorId: user.id,
        action: input.action,
        fromState: outcome.from,
        toState: outcome.to,
        comment: input.comment ?? null,
        data:
          input.severity || input.satisfaction !== undefined || input.plannedAt
            ? { severity: input.severity, satisfaction: input.satisfaction, plannedAt: input.plannedAt?.toISOString() }
            : null,
      });
      if (eventId === null) throw new ConflictException('the problem was changed by someone else; reload it and retry');
      await this.files.attachWithin(tx, user, input.fileIds, { type: 'PROBLEM', id, eventId }, now);

      if (retimed) return this.scheduling.schedule(tx, SUBJECTS.PROBLEM, id, retimed.stepDueAt, policyId, now, true);
      if (outcome.to === 'RESOLVED') await this.scheduling.settle(tx, SUBJECTS.PROBLEM, [id], now);
      return null;
    });
    await this.trigger.arm([armed]);
    return this.get(user, id);
  }

  /** The problem if the caller may see it; otherwise 404, as if it did not exist. */
  private async findVisible(user: AuthUser, id: number, tx?: Tx): Promise<ProblemEntity> {
    const row = await this.problems.find(id, problemScope(user), tx);
    if (!row) throw new NotFoundException(`problem ${id} not found`);
    return row;
  }

  private toView(r: ProblemEntity): ProblemView {
    return {
      id: r.id,
      title: r.title,
      detail: r.detail,
      chainId: r.chainId,
      obligationId: r.obligationId,
      raisedByUnitId: r.raisedByUnitId,
      routedToUnitId: r.routedToUnitId,
      severity: r.severity,
      state: r.state,
      timeliness: problemTimeliness(r, this.clock.now(), this.config.tasks.dueSoonWindowMs),
      escalationLevel: r.escalationLevel,
      dueAt: r.dueAt.toISOString(),
      satisfaction: r.satisfaction,
      createdAt: r.createdAt.toISOString(),
      version: r.version,
    };
  }
}

/** How the caller stands to the problem: supervisor, the unit it is routed to, the unit that raised it. */
function actorsOf(user: AuthUser, row: ProblemEntity): Set<ProblemActor> {
  const actors = new Set<ProblemActor>();
  if (user.roles.includes('SUPERVISOR') || user.roles.includes('ADMIN')) actors.add('SUPERVISOR');
  if (user.unitId !== null && user.unitId === row.routedToUnitId) actors.add('ROUTED');
  if (user.unitId !== null && user.unitId === row.raisedByUnitId) actors.add('RAISER');
  return actors;
}

function omitDetail({ detail: _detail, ...row }: ProblemView): Omit<ProblemView, 'detail'> {
  return row;
}
