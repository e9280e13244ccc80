import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Clock } from '@duban/domain';
import { andWhereScope, appendEvents, EventsRepository, ObligationEntity, ObligationState, SUBJECTS } from '@duban/persistence';
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

/** One obligation with its escalation steps, done and to come, and the evidence its report carried. */
export type ObligationDetail = ObligationView & { steps: StepView[]; files: FileView[] };

/** Report obligations: one unit owes one report for one occurrence. */
@Injectable()
export class ObligationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly scheduling: SchedulingService,
    private readonly problems: ProblemsService,
    private readonly trigger: DeadlineTriggerService,
    private readonly history: EventsRepository,
    private readonly steps: StepsViewService,
    private readonly files: FilesService,
  ) {}

  async list(user: AuthUser, filter: ObligationFilter, page: PageRequest): Promise<Page<ObligationView>> {
    const qb = this.scoped(this.db.manager, user);
    if (filter.cadenceId !== undefined) qb.andWhere('t.cadence_id = :cadence', { cadence: filter.cadenceId });
    if (filter.unitId !== undefined) qb.andWhere('t.unit_id = :unit', { unit: filter.unitId });
    if (filter.period) qb.andWhere('t.period = :period', { period: filter.period });
    if (filter.state) qb.andWhere('t.state = :state', { state: filter.state });
    if (filter.timeliness) qb.andWhere('t.timeliness = :timeliness', { timeliness: filter.timeliness });
    const { skip, take } = pageOffset(page);
    const [rows, total] = await qb.orderBy('t.due_at', 'ASC').addOrderBy('t.id', 'ASC').skip(skip).take(take).getManyAndCount();
    return { items: rows.map(toObligationView), total };
  }

  async get(user: AuthUser, id: number): Promise<ObligationDetail> {
    const obligation = await this.findVisible(this.db.manager, user, id);
    return { ...toObligationView(obligation), steps: await this.steps.of('OBLIGATION', obligation), files: (await this.files.ofSubjects('OBLIGATION', [id])).get(id) ?? [] };
  }

  /** The obligation's timeline, oldest first: the engine's steps and people's acts. */
  async events(user: AuthUser, id: number): Promise<Page<SubjectEventView>> {
    await this.findVisible(this.db.manager, user, id);
    return timeline(await this.history.ofSubject('OBLIGATION', id), await this.files.ofSubject('OBLIGATION', id));
  }

  /**
   * The owing unit submits its report: the obligation is SUBMITTED, on time or late, its
   * escalation stops and its supervision entry closes (销号).
   */
  async report(user: AuthUser, id: number, input: { progress: string; coordinationMatters?: { title: string; detail?: string }[]; fileIds?: number[] }): Promise<ObligationDetail> {
    this.files.assertFileIds(input.fileIds);
    const armed = await this.db.transaction(async (em) => {
      const obligation = await this.findVisible(em, user, id);
      if (user.unitId !== obligation.unitId) throw new ForbiddenException('only the owing unit may submit this report');
      if (obligation.state !== 'OPEN') throw new ConflictException(`the report is already ${obligation.state}`);
      const now = this.clock.now();
      const timeliness = now.getTime() <= obligation.dueAt.getTime() ? 'ON_TIME' : 'LATE';
      const result = await em.query(
        `UPDATE obligations SET state = 'SUBMITTED', timeliness = ?, submitted_at = ?, version = version + 1 WHERE id = ? AND state = 'OPEN' AND version = ?`,
        [timeliness, now, id, obligation.version],
      );
      if (result.affectedRows !== 1) throw new ConflictException('the obligation was changed by someone else; reload it and retry');
      await em.query('INSERT INTO reports (obligation_id, progress, coordination_matters, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?)', [
        id,
        input.progress,
        input.coordinationMatters ? JSON.stringify(input.coordinationMatters) : null,
        user.id,
        now,
      ]);
      await this.scheduling.settle(em, SUBJECTS.OBLIGATION, [id], now);
      const [eventId] = await appendEvents(em, [
        { subjectType: 'OBLIGATION', subjectId: id, at: now, actorId: user.id, action: 'report', fromState: 'OPEN', toState: 'SUBMITTED', data: { timeliness } },
      ]);
      await this.files.attachWithin(em, user, input.fileIds, { type: 'OBLIGATION', id, eventId }, now);
      // Matters needing coordination go to the problem ledger, routed to the report's receiver.
      if (!input.coordinationMatters?.length) return [];
      if (obligation.receiverUnitId === null) throw new ConflictException('this report has no receiving unit to route coordination matters to');
      return this.problems.raiseFromReport(
        em,
        { obligationId: id, chainId: obligation.chainId, raisedByUnitId: obligation.unitId, routedToUnitId: obligation.receiverUnitId },
        input.coordinationMatters,
        now,
      );
    });
    await this.trigger.arm(armed);
    return this.get(user, id);
  }

  private scoped(em: EntityManager, user: AuthUser): SelectQueryBuilder<ObligationEntity> {
    return andWhereScope(em.getRepository(ObligationEntity).createQueryBuilder('t'), obligationScope(user));
  }

  private async findVisible(em: EntityManager, user: AuthUser, id: number): Promise<ObligationEntity> {
    const row = await this.scoped(em, user).andWhere('t.id = :id', { id }).getOne();
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
