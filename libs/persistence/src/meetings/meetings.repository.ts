import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ProblemState, Severity, TaskState } from '@duban/domain';
import { appendEvents } from '../events';
import { pageOf } from '../paging';
import { PROBLEM_TIMELINESS_COLUMNS } from '../problems/problems.repository';
import { ReplicaReads } from '../replicas/replica-reads';
import type { ScopeFilter } from '../scope';
import { OBLIGATION_TIMELINESS_COLUMNS, TASK_TIMELINESS_COLUMNS, timelinessWhere } from '../timeliness-sql';
import type { Tx } from '../transactions';
import { MeetingEntity } from './meeting.entity';

export interface MeetingFilter {
  chainId?: number;
  /** Scheduled at or after. */
  from?: Date;
  /** Scheduled at or before. */
  to?: Date;
}

/** An overdue task as an agenda lists it. */
export interface AgendaTaskRow {
  id: number;
  title: string;
  ownerUnitId: number;
  ownerUnitName: string;
  dueAt: Date;
  escalationLevel: number;
}

/** An overdue report as an agenda lists it. */
export interface AgendaReportRow {
  id: number;
  period: string;
  unitId: number;
  unitName: string;
  dueAt: Date;
  escalationLevel: number;
}

/** An open problem as an agenda lists it. */
export interface AgendaProblemRow {
  id: number;
  title: string;
  severity: Severity;
  state: ProblemState;
  routedToUnitId: number;
  raisedByUnitId: number;
  dueAt: Date;
}

/** A task a meeting decided, as the next meeting's agenda follows it up. */
export interface DecisionRow {
  id: number;
  title: string;
  state: TaskState;
  ownerUnitId: number;
  dueAt: Date;
  completedAt: Date | null;
}

/** The most rows each part of an agenda lists. */
const AGENDA_LIMIT = 200;

/** The chain meetings the cadences schedule, their minutes, and what their agendas draw from live data. */
@Injectable()
export class MeetingsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly replicas: ReplicaReads,
  ) {}

  /** A page of meetings in the order they are held, and how many match. */
  async list(filter: MeetingFilter, page: { skip: number; take: number }): Promise<{ rows: MeetingEntity[]; total: number }> {
    // A list decides nothing: a caught-up replica may serve it (see ReplicaReads).
    return this.replicas.read(async (db) => {
      const qb = db.getRepository(MeetingEntity).createQueryBuilder('m');
      if (filter.chainId !== undefined) qb.andWhere('m.chain_id = :chainId', { chainId: filter.chainId });
      if (filter.from) qb.andWhere('m.scheduled_at >= :from', { from: filter.from });
      if (filter.to) qb.andWhere('m.scheduled_at <= :to', { to: filter.to });
      return pageOf(qb, { 'm.scheduled_at': 'ASC', 'm.id': 'ASC' }, page);
    });
  }

  /** One meeting; in a transaction it is locked for the rest of it (recording minutes reads what it changes). */
  async find(id: number, tx?: Tx): Promise<MeetingEntity | null> {
    const qb = (tx ?? this.db.manager).getRepository(MeetingEntity).createQueryBuilder('m').where('m.id = :id', { id });
    if (tx) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** The last meeting held before this one: of the same chain, or for a meeting of no chain, of the same cadence. */
  async previousHeld(meeting: Pick<MeetingEntity, 'id' | 'chainId' | 'cadenceId' | 'scheduledAt'>): Promise<number | null> {
    const [row]: { id: number }[] = await this.db.query(
      `SELECT id FROM meetings WHERE state = 'HELD' AND id <> ? AND ${meeting.chainId === null ? 'chain_id IS NULL AND cadence_id <=> ?' : 'chain_id = ?'} AND scheduled_at < ?
        ORDER BY scheduled_at DESC LIMIT 1`,
      [meeting.id, meeting.chainId ?? meeting.cadenceId, meeting.scheduledAt],
    );
    return row ? Number(row.id) : null;
  }

  /** Assigned tasks overdue at `now` (the domain's red light), of the chain (or every chain), inside `scope` (alias `t`), soonest due first. */
  async overdueTasks(chainId: number | null, now: Date, scope: ScopeFilter): Promise<AgendaTaskRow[]> {
    const overdue = timelinessWhere('OVERDUE', TASK_TIMELINESS_COLUMNS, { now, soon: now });
    const chain = onChain('t', chainId);
    return this.db.query(
      `SELECT t.id, t.title, t.owner_unit_id AS ownerUnitId, u.name AS ownerUnitName, t.due_at AS dueAt, t.escalation_level AS escalationLevel
         FROM tasks t JOIN units u ON u.id = t.owner_unit_id
        WHERE ${chain.sql} AND t.state <> 'DRAFT' AND ${overdue.sql} AND ${scope.sql} ORDER BY t.due_at LIMIT ${AGENDA_LIMIT}`,
      [...chain.params, ...overdue.params, ...scope.params],
    );
  }

  /** Reports overdue at `now`, of the chain (or every chain), inside `scope` (alias `o`), soonest due first. */
  async overdueReports(chainId: number | null, now: Date, scope: ScopeFilter): Promise<AgendaReportRow[]> {
    const overdue = timelinessWhere('OVERDUE', OBLIGATION_TIMELINESS_COLUMNS, { now, soon: now });
    const chain = onChain('o', chainId);
    return this.db.query(
      `SELECT o.id, o.period, o.unit_id AS unitId, u.name AS unitName, o.due_at AS dueAt, o.escalation_level AS escalationLevel
         FROM obligations o JOIN units u ON u.id = o.unit_id
        WHERE ${chain.sql} AND ${overdue.sql} AND ${scope.sql} ORDER BY o.due_at, u.name LIMIT ${AGENDA_LIMIT}`,
      [...chain.params, ...overdue.params, ...scope.params],
    );
  }

  /** Problems not yet resolved, of the chain (or every chain), inside `scope` (alias `p`), major ones first, then soonest due. */
  async openProblems(chainId: number | null, scope: ScopeFilter): Promise<AgendaProblemRow[]> {
    const chain = onChain('p', chainId);
    return this.db.query(
      `SELECT p.id, p.title, p.severity, p.state, p.routed_to_unit_id AS routedToUnitId, p.raised_by_unit_id AS raisedByUnitId, p.due_at AS dueAt
         FROM problems p WHERE ${chain.sql} AND ${PROBLEM_TIMELINESS_COLUMNS.stage('OPEN')} AND ${scope.sql}
        ORDER BY p.severity = 'MAJOR' DESC, p.due_at LIMIT ${AGENDA_LIMIT}`,
      [...chain.params, ...scope.params],
    );
  }

  /** The tasks a meeting decided, inside `scope` (alias `t`). */
  async decisions(meetingId: number, scope: ScopeFilter): Promise<DecisionRow[]> {
    return this.db.query(
      `SELECT t.id, t.title, t.state, t.owner_unit_id AS ownerUnitId, t.due_at AS dueAt, t.completed_at AS completedAt
         FROM tasks t WHERE t.source_kind = 'MEETING' AND t.source_ref = ? AND ${scope.sql} ORDER BY t.id`,
      [String(meetingId), ...scope.params],
    );
  }

  /**
   * Records a scheduled meeting's minutes, with its `minutes` event naming the tasks it decided;
   * false (and nothing written) when its minutes are already recorded.
   */
  /** Records the minutes once, with their event; answers the event's id, or null when they were recorded already. */
  async recordMinutes(tx: Tx, id: number, minutes: { summary: string; at: Date; by: number; decisions: number[] }): Promise<string | null> {
    const result = await tx
      .createQueryBuilder()
      .update(MeetingEntity)
      .set({ state: 'HELD', summary: minutes.summary, minutesAt: minutes.at, minutesBy: minutes.by })
      .where(`id = :id AND state = 'SCHEDULED'`, { id })
      .execute();
    if (result.affected !== 1) return null;
    const [eventId] = await appendEvents(tx, [
      {
        subjectType: 'MEETING',
        subjectId: id,
        at: minutes.at,
        actorId: minutes.by,
        action: 'minutes',
        fromState: 'SCHEDULED',
        toState: 'HELD',
        data: { decisions: minutes.decisions },
      },
    ]);
    return eventId;
  }

  /**
   * The meeting of a cadence's occurrence, scheduled once (the unique key on the occurrence); an
   * occurrence that moved moves the meeting with it while it is still only scheduled.
   */
  async scheduleForOccurrence(
    tx: Tx,
    m: { cadenceId: number; occurrenceId: number; chainId: number | null; title: string; scheduledAt: Date; convenerRole: string | null },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO meetings (cadence_id, occurrence_id, chain_id, title, scheduled_at, convener_role) VALUES (?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE scheduled_at = IF(state = 'SCHEDULED', VALUES(scheduled_at), scheduled_at)`,
      [m.cadenceId, m.occurrenceId, m.chainId, m.title, m.scheduledAt, m.convenerRole],
    );
  }
}

function onChain(alias: string, chainId: number | null): ScopeFilter {
  return chainId === null ? { sql: '1 = 1', params: [] } : { sql: `${alias}.chain_id = ?`, params: [chainId] };
}
