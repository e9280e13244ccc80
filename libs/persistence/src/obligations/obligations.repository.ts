import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { ChainRole, StepCursor, UnitKind } from '@duban/domain';
import { appendEvents, NewEvent } from '../events';
import { ReplicaReads } from '../replicas/replica-reads';
import { andWhereScope, ScopeFilter } from '../scope';
import type { Tx } from '../transactions';
import { ObligationEntity, ObligationState } from './obligation.entity';

/** What an obligation list is narrowed by, besides the caller's scope (alias `t`). */
export interface ObligationListFilter {
  cadenceId?: number;
  unitId?: number;
  period?: string;
  state?: ObligationState;
  /** The light the obligation keeps. */
  timeliness?: string;
}

/** Who owes an occurrence's report: units listed, of these kinds, or holding these roles on the chain (any of them). */
export interface OwingUnits {
  unitIds: readonly number[] | null;
  unitKinds: readonly UnitKind[] | null;
  chainRoles: { chainId: number; roles: readonly ChainRole[] } | null;
}

/** The obligations of one occurrence, as the engine materialises them. */
export interface NewObligations {
  occurrenceId: number;
  cadenceId: number;
  receiverUnitId: number | null;
  chainId: number | null;
  policyId: number;
  period: string;
  dueAt: Date;
  cursor: StepCursor;
}

/** A submitted report's record. */
export interface NewReport {
  obligationId: number;
  progress: string;
  coordinationMatters: readonly { title: string; detail?: string }[] | null;
  submittedBy: number;
  submittedAt: Date;
}

/** Report obligations (报送义务): one unit owes one report for one occurrence. */
@Injectable()
export class ObligationsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly replicas: ReplicaReads,
  ) {}

  /** A page of the obligations inside `scope`, soonest due first. */
  async page(scope: ScopeFilter, filter: ObligationListFilter, page: { skip: number; take: number }): Promise<{ rows: ObligationEntity[]; total: number }> {
    // A list decides nothing: a caught-up replica may serve it (see ReplicaReads).
    return this.replicas.read(async (db) => {
      const qb = this.scoped(db, scope);
      if (filter.cadenceId !== undefined) qb.andWhere('t.cadence_id = :cadence', { cadence: filter.cadenceId });
      if (filter.unitId !== undefined) qb.andWhere('t.unit_id = :unit', { unit: filter.unitId });
      if (filter.period) qb.andWhere('t.period = :period', { period: filter.period });
      if (filter.state) qb.andWhere('t.state = :state', { state: filter.state });
      if (filter.timeliness) qb.andWhere('t.timeliness = :timeliness', { timeliness: filter.timeliness });
      const [rows, total] = await qb.orderBy('t.due_at', 'ASC').addOrderBy('t.id', 'ASC').skip(page.skip).take(page.take).getManyAndCount();
      return { rows, total };
    });
  }

  /** The obligation if it lies inside `scope` (alias `t`). */
  findIn(scope: ScopeFilter, id: number, tx?: Tx): Promise<ObligationEntity | null> {
    return this.scoped(tx ?? this.db.manager, scope)
      .andWhere('t.id = :id', { id })
      .getOne();
  }

  /**
   * Records the report's submission: a conditional UPDATE of the OPEN obligation at its version to
   * SUBMITTED with its light and instant, and its event. False, with nothing written, when it has moved on.
   */
  async submit(
    tx: Tx,
    o: Pick<ObligationEntity, 'id' | 'version'>,
    change: { timeliness: string; at: Date },
    event: Omit<NewEvent, 'subjectType' | 'subjectId' | 'at'>,
  ): Promise<string | null> {
    const result = await tx.query(
      `UPDATE obligations SET state = 'SUBMITTED', timeliness = ?, submitted_at = ?, version = version + 1 WHERE id = ? AND state = 'OPEN' AND version = ?`,
      [change.timeliness, change.at, o.id, o.version],
    );
    if (result.affectedRows !== 1) return null;
    const [eventId] = await appendEvents(tx, [{ ...event, subjectType: 'OBLIGATION', subjectId: o.id, at: change.at }]);
    return eventId;
  }

  async insertReport(tx: Tx, r: NewReport): Promise<void> {
    await tx.query('INSERT INTO reports (obligation_id, progress, coordination_matters, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?)', [
      r.obligationId,
      r.progress,
      r.coordinationMatters ? JSON.stringify(r.coordinationMatters) : null,
      r.submittedBy,
      r.submittedAt,
    ]);
  }

  /**
   * One obligation per owing unit (never the receiver), in one INSERT … SELECT; the unique key keeps
   * an obligation once. Answers false when nobody is named as owing.
   */
  async createForOccurrence(tx: Tx, o: NewObligations, owing: OwingUnits): Promise<boolean> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (owing.unitIds?.length) {
      where.push('u.id IN (?)');
      params.push(owing.unitIds);
    }
    if (owing.unitKinds?.length) {
      where.push('u.kind IN (?)');
      params.push(owing.unitKinds);
    }
    if (owing.chainRoles?.roles.length) {
      where.push('u.id IN (SELECT cr.unit_id FROM chain_roles cr WHERE cr.chain_id = ? AND cr.role IN (?) AND cr.unit_id IS NOT NULL)');
      params.push(owing.chainRoles.chainId, owing.chainRoles.roles);
    }
    if (where.length === 0) return false;
    await tx.query(
      `INSERT IGNORE INTO obligations (occurrence_id, cadence_id, unit_id, receiver_unit_id, chain_id, policy_id, period, due_at, next_step, next_step_at)
       SELECT ?, ?, u.id, ?, ?, ?, ?, ?, ?, ? FROM units u WHERE (${where.join(' OR ')}) AND u.id <> ?`,
      [o.occurrenceId, o.cadenceId, o.receiverUnitId, o.chainId, o.policyId, o.period, o.dueAt, o.cursor.nextStep, o.cursor.nextStepAt, ...params, o.receiverUnitId ?? 0],
    );
    return true;
  }

  /** The occurrence moved: its open obligations take the new due instant and a new schedule, green again. */
  async rescheduleOpen(tx: Tx, occurrenceId: number, dueAt: Date, cursor: StepCursor): Promise<void> {
    await tx.query(
      `UPDATE obligations SET due_at = ?, schedule_gen = schedule_gen + 1, next_step = ?, next_step_at = ?, timeliness = 'ON_TRACK'
        WHERE occurrence_id = ? AND state = 'OPEN'`,
      [dueAt, cursor.nextStep, cursor.nextStepAt, occurrenceId],
    );
  }

  private scoped(tx: Tx, scope: ScopeFilter): SelectQueryBuilder<ObligationEntity> {
    return andWhereScope(tx.getRepository(ObligationEntity).createQueryBuilder('t'), scope);
  }
}
