import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { Clock, IndicatorKind, indicatorReportProblems, reportLight } from '@duban/domain';
import { EventsRepository, IndicatorsRepository, ObligationEntity, ObligationsRepository, ObligationState, SUBJECTS, Transactions, Tx } from '@duban/persistence';
import { AuthUser } from '../auth/auth-user';
import { obligationScope } from '../auth/scope';
import { SubjectEventView, timeline } from '../common/events';
import { Page, PageRequest, pageOffset } from '../common/page';
import { DeadlineTriggerService } from '../engine/deadline-trigger.service';
import { SchedulingService } from '../engine/scheduling.service';
import { StepsViewService, StepView } from '../engine/steps-view.service';
import { ProblemsService } from '../problems/problems.service';
import { FilesService, FileView } from '../files/files.service';

export interface ObligationFilter {
  cadenceId?: number;
  unitId?: number;
  period?: string;
  state?: ObligationState;
  timeliness?: string;
}

export interface ObligationView {
  id: number;
  cadenceId: number;
  unitId: number;
  receiverUnitId: number | null;
  chainId: number | null;
  period: string;
  dueAt: string;
  state: ObligationState;
  timeliness: string;
  escalationLevel: number;
  submittedAt: string | null;
}

/** An indicator the report gives (工业经济指标), with the year-to-date figure it gave once submitted. */
export interface ReportIndicatorView {
  key: string;
  name: string;
  unit: string;
  kind: IndicatorKind;
  value: number | null;
}

/**
 * One obligation with its escalation steps, done and to come, the evidence its report carried, and
 * the indicators its report gives (none for a report that collects none).
 */
export type ObligationDetail = ObligationView & { steps: StepView[]; files: FileView[]; indicators: ReportIndicatorView[] };

/** A report as its owing unit submits it. */
export interface ReportInput {
  progress: string;
  coordinationMatters?: { title: string; detail?: string }[];
  fileIds?: number[];
  /** Year-to-date figures, one per indicator the report collects. */
  indicators?: { key: string; value: number }[];
}

/** Report obligations: one unit owes one report for one occurrence. */
@Injectable()
export class ObligationsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repo: ObligationsRepository,
    private readonly clock: Clock,
    private readonly scheduling: SchedulingService,
    private readonly problems: ProblemsService,
    private readonly trigger: DeadlineTriggerService,
    private readonly history: EventsRepository,
    private readonly steps: StepsViewService,
    private readonly files: FilesService,
    private readonly indicators: IndicatorsRepository,
  ) {}

  async list(user: AuthUser, filter: ObligationFilter, page: PageRequest): Promise<Page<ObligationView>> {
    const { rows, total } = await this.repo.page(obligationScope(user), filter, pageOffset(page));
    return { items: rows.map(toObligationView), total };
  }

  async get(user: AuthUser, id: number): Promise<ObligationDetail> {
    const obligation = await this.findVisible(user, id);
    const given = await this.indicators.actualsOf(id);
    return {
      ...toObligationView(obligation),
      steps: await this.steps.of('OBLIGATION', obligation),
      files: (await this.files.ofSubjects('OBLIGATION', [id])).get(id) ?? [],
      indicators: (await this.indicators.collectedBy(obligation.cadenceId)).map(({ id: indicatorId, ...i }) => ({ ...i, value: given.get(indicatorId) ?? null })),
    };
  }

  /** The obligation's timeline, oldest first: the engine's steps and people's acts. */
  async events(user: AuthUser, id: number): Promise<Page<SubjectEventView>> {
    await this.findVisible(user, id);
    return timeline(await this.history.ofSubject('OBLIGATION', id), await this.files.ofSubject('OBLIGATION', id));
  }

  /**
   * The owing unit submits its report: the obligation is SUBMITTED, on time or late, its
   * escalation stops and its supervision entry closes (销号).
   */
  async report(user: AuthUser, id: number, input: ReportInput): Promise<ObligationDetail> {
    this.files.assertFileIds(input.fileIds);
    const armed = await this.transactions.run(async (tx) => {
      const obligation = await this.findVisible(user, id, tx);
      if (user.unitId !== obligation.unitId) throw new ForbiddenException('only the owing unit may submit this report');
      const collected = await this.indicators.collectedBy(obligation.cadenceId, tx);
      const problems = indicatorReportProblems(collected, input.indicators);
      if (problems.length > 0) throw new BadRequestException(problems);
      if (obligation.state !== 'OPEN') throw new ConflictException(`the report is already ${obligation.state}`);
      const now = this.clock.now();
      const timeliness = reportLight(obligation.dueAt, now);
      const eventId = await this.repo.submit(
        tx,
        obligation,
        { timeliness, at: now },
        { actorId: user.id, action: 'report', fromState: 'OPEN', toState: 'SUBMITTED', data: { timeliness } },
      );
      if (eventId === null) throw new ConflictException('the obligation was changed by someone else; reload it and retry');
      await this.repo.insertReport(tx, {
        obligationId: id,
        progress: input.progress,
        coordinationMatters: input.coordinationMatters ?? null,
        submittedBy: user.id,
        submittedAt: now,
      });
      const idOf = new Map(collected.map((i) => [i.key, i.id]));
      await this.indicators.insertActuals(
        tx,
        (input.indicators ?? []).map(({ key, value }) => ({
          obligationId: id,
          indicatorId: idOf.get(key)!,
          unitId: obligation.unitId,
          period: obligation.period,
          value,
          reportedAt: now,
        })),
      );
      await this.scheduling.settle(tx, SUBJECTS.OBLIGATION, [id], now);
      await this.files.attachWithin(tx, user, input.fileIds, { type: 'OBLIGATION', id, eventId }, now);
      // Matters needing coordination go to the problem ledger, routed to the report's receiver.
      if (!input.coordinationMatters?.length) return [];
      if (obligation.receiverUnitId === null) throw new ConflictException('this report has no receiving unit to route coordination matters to');
      return this.problems.raiseFromReport(
        tx,
        { obligationId: id, chainId: obligation.chainId, raisedByUnitId: obligation.unitId, routedToUnitId: obligation.receiverUnitId },
        input.coordinationMatters,
        now,
      );
    });
    await this.trigger.arm(armed);
    return this.get(user, id);
  }

  private async findVisible(user: AuthUser, id: number, tx?: Tx): Promise<ObligationEntity> {
    const row = await this.repo.findIn(obligationScope(user), id, tx);
    if (!row) throw new NotFoundException(`obligation ${id} not found`);
    return row;
  }
}

export function toObligationView(o: ObligationEntity): ObligationView {
  return {
    id: o.id,
    cadenceId: o.cadenceId,
    unitId: o.unitId,
    receiverUnitId: o.receiverUnitId,
    chainId: o.chainId,
    period: o.period,
    dueAt: o.dueAt.toISOString(),
    state: o.state,
    timeliness: o.timeliness,
    escalationLevel: o.escalationLevel,
    submittedAt: o.submittedAt?.toISOString() ?? null,
  };
}
