import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { Clock, decideProblemTransition, ProblemAction, ProblemActor, problemDueAt, ProblemState, problemTimeliness, Severity, Timeliness } from '@duban/domain';
import { EventsRepository, ProblemChanges, ProblemEntity, ProblemsRepository, SUBJECTS, Transactions, Tx } from '@duban/persistence';
import { AuthUser } from '../auth/auth-user';
import { problemScope } from '../auth/scope';
import { SubjectEventView, timeline } from '../common/events';
import { Page, PageRequest, pageOffset } from '../common/page';
import { DeadlineTriggerService } from '../engine/deadline-trigger.service';
import { SchedulingService } from '../engine/scheduling.service';
import { StepsViewService, StepView } from '../engine/steps-view.service';
import { FilesService, FileView } from '../files/files.service';

export const GENERAL_PROBLEM_POLICY = '13710一般问题';
export const MAJOR_PROBLEM_POLICY = '13710重大问题';

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
  version?: number;
  /** Evidence (见证材料) for a feedback or a resolution: the caller's uploads, attached with the step. */
  fileIds?: number[];
}

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
  ) {}

  /**
   * Each coordination matter of a report becomes a GENERAL problem on 13710 timings, in the
   * report's transaction. Returns step instants to arm once it has committed.
   */
  async raiseFromReport(
    tx: Tx,
    report: { obligationId: number; chainId: number | null; raisedByUnitId: number; routedToUnitId: number },
    matters: { title: string; detail?: string }[],
    now: Date,
  ): Promise<Date[]> {
    const policyId = await this.problems.policyNamed(tx, GENERAL_PROBLEM_POLICY);
    const armed: Date[] = [];
    for (const matter of matters) {
      const dueAt = problemDueAt(now, 'GENERAL');
      const id = await this.problems.raise(
        tx,
        { ...report, title: matter.title, detail: matter.detail ?? null, severity: 'GENERAL', dueAt, policyId, createdAt: now },
        { actorId: null, data: { obligationId: report.obligationId } },
      );
      const next = await this.scheduling.schedule(tx, SUBJECTS.PROBLEM, id, dueAt, policyId, now, false);
      if (next) armed.push(next);
    }
    return armed;
  }

  /** The ledger in the caller's scope; list rows leave the detail to the record. */
  async list(user: AuthUser, filter: { chainId?: number; state?: ProblemState; unitId?: number }, page: PageRequest): Promise<Page<Omit<ProblemView, 'detail'>>> {
    const { rows, total } = await this.problems.page(filter, problemScope(user), pageOffset(page));
    return { items: rows.map((r) => omitDetail(this.toView(r))), total };
  }

  async get(user: AuthUser, id: number): Promise<ProblemDetail> {
    const row = await this.findVisible(user, id);
    return { ...this.toView(row), steps: await this.steps.of('PROBLEM', row), files: (await this.files.ofSubjects('PROBLEM', [id])).get(id) ?? [] };
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
      const outcome = decideProblemTransition(row.state, input.action, actorsOf(user, row), input);
      if (!outcome.ok) {
        if (outcome.error === 'FORBIDDEN') throw new ForbiddenException(outcome.message);
        if (outcome.error === 'CONFLICT') throw new ConflictException(outcome.message);
        throw new BadRequestException(outcome.message);
      }
      const now = this.clock.now();
      const changes: ProblemChanges = { state: outcome.to };
      const stamp = STAMPS[input.action];
      if (stamp) changes[stamp] = now;
      if (input.satisfaction !== undefined) changes.satisfaction = input.satisfaction;
      // A new timing: a major problem has a month from when it was raised, on its own policy; a
      // reopened one another round on its own timing, from now.
      let timing: { dueAt: Date; policyId: number | null } | null = null;
      if (input.action === 'acknowledge' && input.severity === 'MAJOR' && row.severity !== 'MAJOR') {
        timing = { dueAt: problemDueAt(row.createdAt, 'MAJOR'), policyId: await this.problems.policyNamed(tx, MAJOR_PROBLEM_POLICY) };
        Object.assign(changes, { severity: 'MAJOR', ...timing });
      } else if (input.action === 'reopen') {
        timing = { dueAt: problemDueAt(now, row.severity), policyId: row.policyId };
        Object.assign(changes, { dueAt: timing.dueAt, resolvedAt: null, closedAt: null });
      }
      const eventId = await this.problems.transition(tx, row, changes, {
        at: now,
        actorId: user.id,
        action: input.action,
        fromState: outcome.from,
        toState: outcome.to,
        comment: input.comment ?? null,
        data: input.severity || input.satisfaction !== undefined ? { severity: input.severity, satisfaction: input.satisfaction } : null,
      });
      if (eventId === null) throw new ConflictException('the problem was changed by someone else; reload it and retry');
      await this.files.attachWithin(tx, user, input.fileIds, { type: 'PROBLEM', id, eventId }, now);

      if (timing) return this.scheduling.schedule(tx, SUBJECTS.PROBLEM, id, timing.dueAt, timing.policyId, now, true);
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
