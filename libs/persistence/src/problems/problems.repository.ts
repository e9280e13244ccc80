import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PROBLEM_STATES, problemStage, ProblemState, Severity } from '@duban/domain';
import { EscalationPolicyEntity } from '../escalation/escalation-policy.entity';
import { appendEvents, NewEvent } from '../events';
import { pageOf } from '../paging';
import { ReplicaReads } from '../replicas/replica-reads';
import { andWhereScope, ScopeFilter } from '../scope';
import type { TimelinessColumns } from '../timeliness-sql';
import type { Tx } from '../transactions';
import { ProblemEntity } from './problem.entity';

/** A coordination matter raised onto the ledger. */
export interface NewProblemRow {
  chainId: number | null;
  obligationId: number | null;
  title: string;
  detail: string | null;
  raisedByUnitId: number;
  routedToUnitId: number;
  severity: Severity;
  dueAt: Date;
  /** The deadline its steps count from (the acknowledge clock's when raised). */
  stepDueAt: Date;
  policyId: number | null;
  createdAt: Date;
}

export interface ProblemFilter {
  chainId?: number;
  state?: ProblemState;
  /** Routed to or raised by this unit. */
  unitId?: number;
}

/** What one transition writes: the new state and whichever of its stamps, rating and timing it changes. */
export type ProblemChanges = { state: ProblemState } & Partial<
  Pick<ProblemEntity, 'acknowledgedAt' | 'feedbackAt' | 'resolvedAt' | 'closedAt' | 'satisfaction' | 'severity' | 'dueAt' | 'stepDueAt' | 'policyId'>
>;

/** The event of a change to a problem (its subject is the problem). */
export type ProblemEvent = Omit<NewEvent, 'subjectType' | 'subjectId'>;

/** A problem row (alias `p`) as timeliness reads it; its stage comes from the state by the domain's own mapping. */
export const PROBLEM_TIMELINESS_COLUMNS: TimelinessColumns = {
  stage: (stage) =>
    `p.state IN (${PROBLEM_STATES.filter((s) => problemStage(s) === stage)
      .map((s) => `'${s}'`)
      .join(', ')})`,
  dueAt: 'p.due_at',
  completedAt: 'p.resolved_at',
  reminded: null,
};

/** The problem ledger (问题台账). */
@Injectable()
export class ProblemsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly replicas: ReplicaReads,
  ) {}

  /** Raises a problem with its `raise` event, in the caller's transaction; answers its id. */
  async raise(tx: Tx, row: NewProblemRow, event: Pick<NewEvent, 'actorId' | 'data'>): Promise<number> {
    const { identifiers } = await tx.insert(ProblemEntity, { ...row, state: 'OPEN' });
    const id = Number(identifiers[0].id);
    await appendEvents(tx, [{ subjectType: 'PROBLEM', subjectId: id, at: row.createdAt, action: 'raise', fromState: null, toState: 'OPEN', ...event }]);
    return id;
  }

  /** A page of the ledger inside `scope` (alias `p`), soonest due first, and how many match. */
  async page(filter: ProblemFilter, scope: ScopeFilter, page: { skip: number; take: number }): Promise<{ rows: ProblemEntity[]; total: number }> {
    // A list decides nothing: a caught-up replica may serve it (see ReplicaReads).
    return this.replicas.read(async (db) => {
      const qb = andWhereScope(db.getRepository(ProblemEntity).createQueryBuilder('p'), scope);
      if (filter.chainId !== undefined) qb.andWhere('p.chain_id = :chainId', { chainId: filter.chainId });
      if (filter.state) qb.andWhere('p.state = :state', { state: filter.state });
      if (filter.unitId !== undefined) qb.andWhere('(p.routed_to_unit_id = :unitId OR p.raised_by_unit_id = :unitId)', { unitId: filter.unitId });
      return pageOf(qb, { 'p.due_at': 'ASC', 'p.id': 'ASC' }, page);
    });
  }

  /** The problem, if inside `scope` (alias `p`). */
  async find(id: number, scope: ScopeFilter, tx?: Tx): Promise<ProblemEntity | null> {
    return andWhereScope((tx ?? this.db.manager).getRepository(ProblemEntity).createQueryBuilder('p'), scope)
      .andWhere('p.id = :id', { id })
      .getOne();
  }

  /**
   * Applies a decided transition to the state and version it was decided on, with its event;
   * answers the event's id, or null (and nothing written) when the problem moved since it was read.
   */
  async transition(tx: Tx, from: { id: number; state: ProblemState; version: number }, changes: ProblemChanges, event: ProblemEvent): Promise<string | null> {
    const result = await tx
      .createQueryBuilder()
      .update(ProblemEntity)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND state = :state AND version = :version', from)
      .execute();
    if (result.affected !== 1) return null;
    const [eventId] = await appendEvents(tx, [{ subjectType: 'PROBLEM', subjectId: from.id, ...event }]);
    return eventId;
  }

  /** The id of the escalation policy a profile names (the 13710 timings); null when the profile has none. */
  async policyNamed(tx: Tx, name: string): Promise<number | null> {
    const row = await tx.findOne(EscalationPolicyEntity, { select: { id: true }, where: { name } });
    return row?.id ?? null;
  }
}
