import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AdHocMeetingType, ProblemState, Severity, TaskState } from '@duban/domain';
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

/** What any meeting is: its chains, its title and time, and who convenes it. */
interface ConvenedMeeting {
  chainIds: readonly number[];
  cluster: string | null;
  title: string;
  scheduledAt: Date;
  convenerRole: string | null;
  convenerUnitId: number | null;
  convenerName: string | null;
}

/** A meeting a cadence's occurrence schedules: one per group of its chains. */
export interface ScheduledMeeting extends ConvenedMeeting {
  cadenceId: number;
  occurrenceId: number;
  groupKey: string;
}

/** A meeting called when needed, by its convener. */
export interface AdHocMeeting extends ConvenedMeeting {
  type: AdHocMeetingType;
  by: number;
  at: Date;
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
      if (filter.chainId !== undefined) qb.andWhere('EXISTS (SELECT 1 FROM meeting_chains mc WHERE mc.meeting_id = m.id AND mc.chain_id = :chainId)', { chainId: filter.chainId });
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

  /** The chains of each meeting, in id order. */
  async chainsOf(meetingIds: readonly number[], tx?: Tx): Promise<Map<number, number[]>> {
    const chains = new Map<number, number[]>(meetingIds.map((id) => [id, []]));
    if (meetingIds.length === 0) return chains;
    const rows: { meetingId: number; chainId: number }[] = await (tx ?? this.db.manager).query(
      'SELECT meeting_id AS meetingId, chain_id AS chainId FROM meeting_chains WHERE meeting_id IN (?) ORDER BY meeting_id, chain_id',
      [meetingIds],
    );
    for (const r of rows) chains.get(Number(r.meetingId))?.push(Number(r.chainId));
    return chains;
  }

  /**
   * The last meeting held before this one: of the same chain (a meeting of one chain); of the same
   * cadence and group (a convener's or cluster's meeting, or one of no chain); of the same type and
   * convener (an ad-hoc meeting of several chains).
   */
  async previousHeld(meeting: Pick<MeetingEntity, 'id' | 'chainId' | 'cadenceId' | 'groupKey' | 'type' | 'convenerUnitId' | 'scheduledAt'>): Promise<number | null> {
    const same =
      meeting.chainId !== null
        ? { sql: 'chain_id = ?', params: [meeting.chainId] }
        : meeting.cadenceId !== null
          ? { sql: 'chain_id IS NULL AND cadence_id = ? AND group_key = ?', params: [meeting.cadenceId, meeting.groupKey] }
          : { sql: 'chain_id IS NULL AND cadence_id IS NULL AND type <=> ? AND convener_unit_id <=> ?', params: [meeting.type, meeting.convenerUnitId] };
    const [row]: { id: number }[] = await this.db.query(
      `SELECT id FROM meetings WHERE state = 'HELD' AND id <> ? AND ${same.sql} AND scheduled_at < ? ORDER BY scheduled_at DESC LIMIT 1`,
      [meeting.id, ...same.params, meeting.scheduledAt],
    );
    return row ? Number(row.id) : null;
  }

  /** Assigned tasks overdue at `now` (the domain's red light), of the chains (or every chain), inside `scope` (alias `t`), soonest due first. */
  async overdueTasks(chainIds: readonly number[] | null, now: Date, scope: ScopeFilter): Promise<AgendaTaskRow[]> {
    const overdue = timelinessWhere('OVERDUE', TASK_TIMELINESS_COLUMNS, { now, soon: now });
    const chain = onChains('t', chainIds);
    return this.db.query(
      `SELECT t.id, t.title, t.owner_unit_id AS ownerUnitId, u.name AS ownerUnitName, t.due_at AS dueAt, t.escalation_level AS escalationLevel
         FROM tasks t JOIN units u ON u.id = t.owner_unit_id
        WHERE ${chain.sql} AND t.state <> 'DRAFT' AND ${overdue.sql} AND ${scope.sql} ORDER BY t.due_at LIMIT ${AGENDA_LIMIT}`,
      [...chain.params, ...overdue.params, ...scope.params],
    );
  }

  /** Reports overdue at `now`, of the chains (or every chain), inside `scope` (alias `o`), soonest due first. */
  async overdueReports(chainIds: readonly number[] | null, now: Date, scope: ScopeFilter): Promise<AgendaReportRow[]> {
    const overdue = timelinessWhere('OVERDUE', OBLIGATION_TIMELINESS_COLUMNS, { now, soon: now });
    const chain = onChains('o', chainIds);
    return this.db.query(
      `SELECT o.id, o.period, o.unit_id AS unitId, u.name AS unitName, o.due_at AS dueAt, o.escalation_level AS escalationLevel
         FROM obligations o JOIN units u ON u.id = o.unit_id
        WHERE ${chain.sql} AND ${overdue.sql} AND ${scope.sql} ORDER BY o.due_at, u.name LIMIT ${AGENDA_LIMIT}`,
      [...chain.params, ...overdue.params, ...scope.params],
    );
  }

  /** Problems not yet resolved, of the chains (or every chain), inside `scope` (alias `p`), major ones first, then soonest due. */
  async openProblems(chainIds: readonly number[] | null, scope: ScopeFilter): Promise<AgendaProblemRow[]> {
    const chain = onChains('p', chainIds);
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
   * A meeting of a cadence's occurrence, scheduled once per group (the unique key on the occurrence
   * and group); an occurrence that moved moves the meeting with it while it is still only scheduled.
   */
  async scheduleForOccurrence(tx: Tx, m: ScheduledMeeting): Promise<void> {
    await tx.query(
      `INSERT INTO meetings (cadence_id, occurrence_id, group_key, chain_id, cluster, title, scheduled_at, convener_role, convener_unit_id, convener_name)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE scheduled_at = IF(state = 'SCHEDULED', VALUES(scheduled_at), scheduled_at)`,
      [m.cadenceId, m.occurrenceId, m.groupKey, soleChain(m.chainIds), m.cluster, m.title, m.scheduledAt, m.convenerRole, m.convenerUnitId, m.convenerName],
    );
    const [row]: { id: number }[] = await tx.query('SELECT id FROM meetings WHERE occurrence_id = ? AND group_key = ?', [m.occurrenceId, m.groupKey]);
    await this.addChains(tx, Number(row.id), m.chainIds);
  }

  /** An ad-hoc meeting its convener called, with its `create` event; answers its id. */
  async createAdHoc(tx: Tx, m: AdHocMeeting): Promise<number> {
    const result: { insertId: number } = await tx.query(
      `INSERT INTO meetings (type, chain_id, cluster, title, scheduled_at, convener_role, convener_unit_id, convener_name, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [m.type, soleChain(m.chainIds), m.cluster, m.title, m.scheduledAt, m.convenerRole, m.convenerUnitId, m.convenerName, m.by],
    );
    const id = Number(result.insertId);
    await this.addChains(tx, id, m.chainIds);
    await appendEvents(tx, [
      { subjectType: 'MEETING', subjectId: id, at: m.at, actorId: m.by, action: 'create', fromState: null, toState: 'SCHEDULED', data: { type: m.type, chainIds: m.chainIds } },
    ]);
    return id;
  }

  /** Gives a scheduled meeting to a delegate (总群链长 → 群链长), with its `delegate` event; false when it is held already. */
  async delegate(tx: Tx, id: number, d: { userId: number; at: Date; by: number }): Promise<boolean> {
    const result = await tx.createQueryBuilder().update(MeetingEntity).set({ delegateUserId: d.userId }).where(`id = :id AND state = 'SCHEDULED'`, { id }).execute();
    if (result.affected !== 1) return false;
    await appendEvents(tx, [
      { subjectType: 'MEETING', subjectId: id, at: d.at, actorId: d.by, action: 'delegate', fromState: 'SCHEDULED', toState: 'SCHEDULED', data: { userId: d.userId } },
    ]);
    return true;
  }

  private async addChains(tx: Tx, meetingId: number, chainIds: readonly number[]): Promise<void> {
    if (chainIds.length === 0) return;
    await tx.query('INSERT IGNORE INTO meeting_chains (meeting_id, chain_id) VALUES ?', [chainIds.map((c) => [meetingId, c])]);
  }
}

/** Rows of the chains, or of every chain (null). */
function onChains(alias: string, chainIds: readonly number[] | null): ScopeFilter {
  if (chainIds === null) return { sql: '1 = 1', params: [] };
  return chainIds.length ? { sql: `${alias}.chain_id IN (?)`, params: [chainIds] } : { sql: '1 = 0', params: [] };
}

/** A meeting of exactly one chain keeps it in `chain_id` too (the chain's meetings as they always were). */
function soleChain(chainIds: readonly number[]): number | null {
  return chainIds.length === 1 ? chainIds[0] : null;
}
