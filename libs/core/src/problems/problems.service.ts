import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@duban/config';
import { Clock, decideProblemTransition, deriveTimeliness, ProblemAction, ProblemActor, problemDueAt, ProblemState, Severity, Timeliness } from '@duban/domain';
import { appendEvents, EventsRepository, SUBJECTS } from '@duban/persistence';
import { AuthUser } from '../auth/auth-user';
import { problemScope } from '../auth/scope';
import { SubjectEventView, timeline } from '../common/events';
import { Page, PageRequest, pageOffset } from '../common/page';
import { DeadlineTriggerService } from '../engine/deadline-trigger.service';
import { SchedulingService } from '../engine/scheduling.service';
import { StepsViewService, StepView } from '../engine/steps-view.service';

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

/** One problem with its escalation steps, done and to come. */
export type ProblemDetail = ProblemView & { steps: StepView[] };

/** 问题台账: coordination matters from monthly reports, routed to the chain's lead department. */
@Injectable()
export class ProblemsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly scheduling: SchedulingService,
    private readonly trigger: DeadlineTriggerService,
    private readonly history: EventsRepository,
    private readonly steps: StepsViewService,
  ) {}

  /** Each coordination matter of a report becomes a GENERAL problem on 13710 timings. Returns step instants to arm. */
  async raiseFromReport(
    em: EntityManager,
    report: { obligationId: number; chainId: number | null; raisedByUnitId: number; routedToUnitId: number },
    matters: { title: string; detail?: string }[],
    now: Date,
  ): Promise<Date[]> {
    const policyId = await this.policyId(em, 'GENERAL');
    const armed: Date[] = [];
    for (const matter of matters) {
      const dueAt = problemDueAt(now, 'GENERAL');
      const result = await em.query(
        `INSERT INTO problems (chain_id, obligation_id, title, detail, raised_by_unit_id, routed_to_unit_id, severity, state, due_at, policy_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'GENERAL', 'OPEN', ?, ?, ?)`,
        [report.chainId, report.obligationId, matter.title, matter.detail ?? null, report.raisedByUnitId, report.routedToUnitId, dueAt, policyId, now],
      );
      const id = Number(result.insertId);
      armed.push(...[await this.scheduling.schedule(em, SUBJECTS.PROBLEM, id, dueAt, policyId, now, false)].filter((t): t is Date => t !== null));
      await appendEvents(em, [{ subjectType: 'PROBLEM', subjectId: id, at: now, actorId: null, action: 'raise', fromState: null, toState: 'OPEN', data: { obligationId: report.obligationId } }]);
    }
    return armed;
  }

  /** The ledger in the caller's scope; list rows leave the detail to the record. */
  async list(user: AuthUser, filter: { chainId?: number; state?: ProblemState; unitId?: number }, page: PageRequest): Promise<Page<Omit<ProblemView, 'detail'>>> {
    const scope = problemScope(user);
    const where: string[] = [scope.sql];
    const params: unknown[] = [...scope.params];
    if (filter.chainId !== undefined) (where.push('p.chain_id = ?'), params.push(filter.chainId));
    if (filter.state) (where.push('p.state = ?'), params.push(filter.state));
    if (filter.unitId !== undefined) (where.push('(p.routed_to_unit_id = ? OR p.raised_by_unit_id = ?)'), params.push(filter.unitId, filter.unitId));
    const { skip, take } = pageOffset(page);
    const [{ total }] = await this.db.query(`SELECT COUNT(*) AS total FROM problems p WHERE ${where.join(' AND ')}`, params);
    const rows = await this.db.query(`SELECT p.* FROM problems p WHERE ${where.join(' AND ')} ORDER BY p.due_at, p.id LIMIT ? OFFSET ?`, [...params, take, skip]);
    return { items: rows.map((r: Record<string, any>) => omitDetail(this.toView(r))), total: Number(total) };
  }

  async get(user: AuthUser, id: number): Promise<ProblemDetail> {
    const row = await this.findVisible(this.db.manager, user, id);
    const steps = await this.steps.of('PROBLEM', {
      id: row.id,
      dueAt: row.due_at,
      policyId: row.policy_id,
      scheduleGen: row.schedule_gen,
      nextStep: row.next_step,
      nextStepAt: row.next_step_at,
    });
    return { ...this.toView(row), steps };
  }

  /** The problem's timeline, oldest first: the engine's steps and people's acts. */
  async events(user: AuthUser, id: number): Promise<Page<SubjectEventView>> {
    await this.findVisible(this.db.manager, user, id);
    return timeline(await this.history.ofSubject('PROBLEM', id));
  }

  async transition(user: AuthUser, id: number, input: { action: ProblemAction; comment?: string; satisfaction?: number; severity?: Severity; version?: number }): Promise<ProblemDetail> {
    const armed = await this.db.transaction(async (em) => {
      const row = await this.findVisible(em, user, id);
      if (input.version !== undefined && input.version !== row.version) throw new ConflictException(`version: the problem is at version ${row.version}, not ${input.version}`);
      const outcome = decideProblemTransition(row.state, input.action, this.actorsOf(user, row), input);
      if (!outcome.ok) {
        if (outcome.error === 'FORBIDDEN') throw new ForbiddenException(outcome.message);
        if (outcome.error === 'CONFLICT') throw new ConflictException(outcome.message);
        throw new BadRequestException(outcome.message);
      }
      const now = this.clock.now();
      const stamp: Partial<Record<ProblemAction, string>> = { acknowledge: 'acknowledged_at', feedback: 'feedback_at', resolve: 'resolved_at', close: 'closed_at' };
      const sets = ['state = ?', 'version = version + 1'];
      const params: unknown[] = [outcome.to];
      if (stamp[input.action]) (sets.push(`${stamp[input.action]} = ?`), params.push(now));
      if (input.satisfaction !== undefined) (sets.push('satisfaction = ?'), params.push(input.satisfaction));
      const result = await em.query(`UPDATE problems SET ${sets.join(', ')} WHERE id = ? AND state = ? AND version = ?`, [...params, id, row.state, row.version]);
      if (result.affectedRows !== 1) throw new ConflictException('the problem was changed by someone else; reload it and retry');

      let nextAt: Date | null = null;
      if (input.action === 'acknowledge' && input.severity === 'MAJOR' && row.severity !== 'MAJOR') {
        // A major problem has a month (13710), on its own policy.
        const dueAt = problemDueAt(row.created_at, 'MAJOR');
        const policyId = await this.policyId(em, 'MAJOR');
        await em.query('UPDATE problems SET severity = ?, due_at = ?, policy_id = ? WHERE id = ?', ['MAJOR', dueAt, policyId, id]);
        nextAt = await this.scheduling.schedule(em, SUBJECTS.PROBLEM, id, dueAt, policyId, now, true);
      } else if (outcome.to === 'RESOLVED') {
        await this.scheduling.settle(em, SUBJECTS.PROBLEM, [id], now);
      } else if (input.action === 'reopen') {
        // Not solved after all: another round on the problem's own timing, from now.
        const dueAt = problemDueAt(now, row.severity);
        await em.query('UPDATE problems SET due_at = ?, resolved_at = NULL, closed_at = NULL WHERE id = ?', [dueAt, id]);
        nextAt = await this.scheduling.schedule(em, SUBJECTS.PROBLEM, id, dueAt, row.policy_id, now, true);
      }
      await appendEvents(em, [
        {
          subjectType: 'PROBLEM',
          subjectId: id,
          at: now,
          actorId: user.id,
          action: input.action,
          fromState: outcome.from,
          toState: outcome.to,
          comment: input.comment ?? null,
          data: input.severity || input.satisfaction !== undefined ? { severity: input.severity, satisfaction: input.satisfaction } : null,
        },
      ]);
      return nextAt;
    });
    await this.trigger.arm([armed]);
    return this.get(user, id);
  }

  private async policyId(em: EntityManager, severity: Severity): Promise<number | null> {
    const [row] = await em.query('SELECT id FROM escalation_policies WHERE name = ?', [severity === 'MAJOR' ? MAJOR_PROBLEM_POLICY : GENERAL_PROBLEM_POLICY]);
    return row ? Number(row.id) : null;
  }

  private actorsOf(user: AuthUser, row: Record<string, any>): Set<ProblemActor> {
    const actors = new Set<ProblemActor>();
    if (user.roles.includes('SUPERVISOR') || user.roles.includes('ADMIN')) actors.add('SUPERVISOR');
    if (user.unitId !== null && user.unitId === row.routed_to_unit_id) actors.add('ROUTED');
    if (user.unitId !== null && user.unitId === row.raised_by_unit_id) actors.add('RAISER');
    return actors;
  }

  private async findVisible(em: EntityManager, user: AuthUser, id: number): Promise<Record<string, any>> {
    const scope = problemScope(user);
    const [row] = await em.query(`SELECT p.* FROM problems p WHERE p.id = ? AND ${scope.sql}`, [id, ...scope.params]);
    if (!row) throw new NotFoundException(`problem ${id} not found`);
    return row;
  }

  private toView(r: Record<string, any>): ProblemView {
    const state = r.state as ProblemState;
    const done = state === 'RESOLVED' || state === 'CLOSED';
    return {
      id: r.id,
      title: r.title,
      detail: r.detail,
      chainId: r.chain_id,
      obligationId: r.obligation_id,
      raisedByUnitId: r.raised_by_unit_id,
      routedToUnitId: r.routed_to_unit_id,
      severity: r.severity,
      state,
      timeliness: deriveTimeliness({ state: done ? 'DONE' : 'IN_PROGRESS', dueAt: r.due_at, completedAt: r.resolved_at }, this.clock.now(), this.config.tasks.dueSoonWindowMs),
      escalationLevel: r.escalation_level,
      dueAt: r.due_at.toISOString(),
      satisfaction: r.satisfaction,
      createdAt: r.created_at.toISOString(),
      version: r.version,
    };
  }
}

function omitDetail({ detail: _detail, ...row }: ProblemView): Omit<ProblemView, 'detail'> {
  return row;
}
