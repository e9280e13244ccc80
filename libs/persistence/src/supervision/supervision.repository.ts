import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DECIDED_ACTION, DecidedLevel, SupervisedType } from '@duban/domain';
import { SUBJECTS } from '../engine/subjects';
import type { SubjectType } from '../entities/event.entity';
import { appendEvents, NewEvent } from '../events';
import { ReplicaReads } from '../replicas/replica-reads';
import type { ScopeFilter } from '../scope';
import { foldTallyChanges, SUPERVISION_TALLIES, tallyRows, tallySource } from '../tallies';
import type { Tx } from '../transactions';

export interface SubjectRef {
  subjectType: SupervisedType;
  subjectId: number;
}

/** A task, report obligation or problem as a supervisor acts on it. */
export interface SupervisedRow {
  id: number;
  state: string;
  version: number;
  escalationLevel: number;
  ownerUnitId: number;
  dueAt: Date;
}

export interface SupervisionEntryRow {
  id: number;
  subjectType: SubjectType;
  subjectId: number;
  level: number;
  reason: string;
  ownerUnitId: number;
  chainId: number | null;
  openedAt: Date;
  closedAt: Date | null;
}

/** An entry as the supervision board shows it: with its subject's title and due instant, its unit's and chain's names. */
export interface SupervisionBoardRow extends SupervisionEntryRow {
  subjectTitle: string | null;
  ownerUnitName: string | null;
  chainName: string | null;
  dueAt: Date | null;
}

export interface SupervisionBoardFilter {
  open?: boolean;
  level?: number;
  unitId?: number;
  chainId?: number;
  subjectType?: SubjectType;
  /** Opened at or after. */
  from?: Date;
  /** Opened at or before. */
  to?: Date;
}

/** Open entries at one level. */
export interface OpenByLevelRow {
  level: number;
  count: number;
}

/** Open entries of one owner unit, and the highest level among them. */
export interface OpenByUnitRow {
  unitId: number;
  unitName: string;
  count: number;
  maxLevel: number;
}

/** Open entries on one chain. */
export interface OpenByChainRow {
  chainId: number;
  chainName: string;
  count: number;
}

/** A matter raised onto the supervision list by a process (the quarterly assessment), not by a person's decision. */
export interface RaisedMatter extends SubjectRef {
  ownerUnitId: number;
  level: DecidedLevel;
  reason: string;
}

/**
 * The supervision list's one rule, for every writer of entries (the engine's steps, the assessment,
 * a supervisor's decision): one open entry per subject (the unique key on open_marker), whose
 * level only goes up; raising it states the new reason.
 */
export const RAISE_OPEN_ENTRY = 'ON DUPLICATE KEY UPDATE reason = IF(VALUES(level) > level, VALUES(reason), reason), level = GREATEST(level, VALUES(level))';

const ENTRY_COLUMNS = `e.id, e.subject_type AS subjectType, e.subject_id AS subjectId, e.level, e.reason, e.owner_unit_id AS ownerUnitId,
  e.chain_id AS chainId, e.opened_at AS openedAt, e.closed_at AS closedAt`;

// One pass over the entries in the list's order (ix_supervision_list / ix_supervision_open_list);
// every join is on a primary key.
const BOARD = `SELECT ${ENTRY_COLUMNS}, u.name AS ownerUnitName, ch.name AS chainName,
       COALESCE(t.title, CONCAT(c.name, '（', o.period, '）'), p.title) AS subjectTitle, COALESCE(t.due_at, o.due_at, p.due_at) AS dueAt
  FROM supervision_entries e
  LEFT JOIN units u ON u.id = e.owner_unit_id
  LEFT JOIN chains ch ON ch.id = e.chain_id
  LEFT JOIN tasks t ON e.subject_type = 'TASK' AND t.id = e.subject_id
  LEFT JOIN obligations o ON e.subject_type = 'OBLIGATION' AND o.id = e.subject_id
  LEFT JOIN cadences c ON c.id = o.cadence_id
  LEFT JOIN problems p ON e.subject_type = 'PROBLEM' AND p.id = e.subject_id`;
const BOARD_ORDER = 'ORDER BY e.level DESC, e.opened_at, e.id';

/** The open entries' tallies as alias `e`, one row per key, with an `open_marker` of 1, so that a scope or filter written for entries reads them. */
const OPEN_TALLIES = tallySource(SUPERVISION_TALLIES, 'e', '1 AS open_marker');
/** The same as rows to sum for a total. */
const OPEN_TALLY_ROWS = tallyRows(SUPERVISION_TALLIES, 'e', '1 AS open_marker');

/** The supervision list (督办清单) and the escalation levels of the subjects on it. */
@Injectable()
export class SupervisionRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly replicas: ReplicaReads,
  ) {}

  /** The subject, if inside `scope` (alias `s`), locked for the rest of the transaction. */
  async lockSubject(tx: Tx, ref: SubjectRef, scope: ScopeFilter): Promise<SupervisedRow | null> {
    const subject = SUBJECTS[ref.subjectType];
    const [row]: SupervisedRow[] = await tx.query(
      `SELECT s.id, s.state, s.version, s.escalation_level AS escalationLevel, s.${subject.ownerColumn} AS ownerUnitId, s.due_at AS dueAt
         FROM ${subject.table} s WHERE s.id = ? AND ${scope.sql} FOR UPDATE`,
      [ref.subjectId, ...scope.params],
    );
    return row ?? null;
  }

  /** When the subject was last urged by a person (the engine's urge steps have no actor). */
  async lastManualUrgeAt(tx: Tx, ref: SubjectRef): Promise<Date | null> {
    const [row]: { at: Date | null }[] = await tx.query(`SELECT MAX(at) AS at FROM events WHERE subject_type = ? AND subject_id = ? AND action = 'urge' AND actor_id IS NOT NULL`, [
      ref.subjectType,
      ref.subjectId,
    ]);
    return row?.at ?? null;
  }

  /**
   * Sets the escalation level a decision arrived at, on the version it was decided on (never
   * lower), with the act's event; answers the event's id, or null (and nothing written) when the
   * subject moved since it was read.
   */
  async applyLevel(tx: Tx, ref: SubjectRef, change: { level: number; version: number }, event: Omit<NewEvent, 'subjectType' | 'subjectId'>): Promise<string | null> {
    const result = await tx.query(
      `UPDATE ${SUBJECTS[ref.subjectType].table} SET escalation_level = ?, version = version + 1 WHERE id = ? AND version = ? AND escalation_level <= ?`,
      [change.level, ref.subjectId, change.version, change.level],
    );
    if (Number(result.affectedRows) !== 1) return null;
    const [id] = await appendEvents(tx, [{ subjectType: ref.subjectType, subjectId: ref.subjectId, ...event }]);
    return id;
  }

  /** The subject's open entry, locked for the rest of the transaction. */
  async lockOpenEntry(tx: Tx, ref: SubjectRef): Promise<SupervisionEntryRow | null> {
    const [row]: SupervisionEntryRow[] = await tx.query(
      `SELECT ${ENTRY_COLUMNS} FROM supervision_entries e WHERE e.subject_type = ? AND e.subject_id = ? AND e.open_marker = 1 FOR UPDATE`,
      [ref.subjectType, ref.subjectId],
    );
    return row ?? null;
  }

  /** Opens the subject's entry at `level`, or raises its open one (see {@link RAISE_OPEN_ENTRY}); answers the open entry's id. */
  async openOrRaiseEntry(tx: Tx, entry: SubjectRef & { level: number; reason: string; ownerUnitId: number; at: Date }): Promise<number> {
    await tx.query(
      `INSERT INTO supervision_entries (subject_type, subject_id, level, reason, owner_unit_id, chain_id, opened_at)
       SELECT ?, s.id, ?, ?, ?, s.chain_id, ? FROM ${SUBJECTS[entry.subjectType].table} s WHERE s.id = ?
       ${RAISE_OPEN_ENTRY}`,
      [entry.subjectType, entry.level, entry.reason.slice(0, 500), entry.ownerUnitId, entry.at, entry.subjectId],
    );
    const [row]: { id: number }[] = await tx.query(`SELECT id FROM supervision_entries WHERE subject_type = ? AND subject_id = ? AND open_marker = 1`, [
      entry.subjectType,
      entry.subjectId,
    ]);
    return Number(row.id);
  }

  /**
   * Raises a matter to `level` for a process (the quarterly assessment's 挂牌督办): the subject's
   * level by a conditional UPDATE with its event, and its entry opened or raised.
   */
  async raise(tx: Tx, m: RaisedMatter, by: { actorId: number | null; at: Date; source: Record<string, unknown> }): Promise<void> {
    const raised = await tx.query(`UPDATE ${SUBJECTS[m.subjectType].table} SET escalation_level = ?, version = version + 1 WHERE id = ? AND escalation_level < ?`, [
      m.level,
      m.subjectId,
      m.level,
    ]);
    if (Number(raised.affectedRows) === 1) {
      await appendEvents(tx, [
        {
          subjectType: m.subjectType,
          subjectId: m.subjectId,
          at: by.at,
          actorId: by.actorId,
          action: DECIDED_ACTION[m.level],
          fromState: null,
          toState: null,
          comment: m.reason,
          data: { level: m.level, ...by.source },
        },
      ]);
    }
    await this.openOrRaiseEntry(tx, { ...m, at: by.at });
  }

  /** Closes (销号) the subjects' open entries: their work is done; the entries stay in history. */
  async closeOpenEntries(tx: Tx, subjectType: SubjectType, ids: readonly number[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await tx.query(`UPDATE supervision_entries SET closed_at = ?, open_marker = NULL WHERE subject_type = ? AND subject_id IN (?) AND open_marker = 1`, [at, subjectType, ids]);
  }

  /** A page of the board in the list's order (highest level, oldest first), and how many match. */
  async board(filter: SupervisionBoardFilter, scope: ScopeFilter, page: { skip: number; take: number }): Promise<{ rows: SupervisionBoardRow[]; total: number }> {
    const where = boardWhere(filter, scope);
    // The list, its export and its counts decide nothing: a caught-up replica may serve them (see ReplicaReads).
    return this.replicas.read(async (db) => {
      const [rows, [count]] = await Promise.all([
        db.query(`${BOARD} WHERE ${where.sql} ${BOARD_ORDER} LIMIT ? OFFSET ?`, [...where.params, page.take, page.skip]) as Promise<SupervisionBoardRow[]>,
        db.query(boardCount(filter, where.sql), where.params) as Promise<{ n: string }[]>,
      ]);
      return { rows, total: Number(count.n) };
    });
  }

  /** Open entries inside `scope` (alias `e`), counted by level, lowest first. */
  async openByLevel(scope: ScopeFilter): Promise<OpenByLevelRow[]> {
    const rows: { level: number; count: string }[] = await this.replicas.read((db) =>
      db.query(`SELECT e.level, SUM(e.open_entries) AS count FROM ${OPEN_TALLIES} WHERE ${scope.sql} GROUP BY e.level ORDER BY e.level`, scope.params),
    );
    return rows.map((r) => ({ level: Number(r.level), count: Number(r.count) }));
  }

  /** Open entries inside `scope` (alias `e`), counted by owner unit, most first. */
  async openByUnit(scope: ScopeFilter): Promise<OpenByUnitRow[]> {
    const rows: { unitId: number; unitName: string; count: string; maxLevel: number }[] = await this.replicas.read((db) =>
      db.query(
        `SELECT e.owner_unit_id AS unitId, u.name AS unitName, SUM(e.open_entries) AS count, MAX(e.level) AS maxLevel
         FROM ${OPEN_TALLIES} INNER JOIN units u ON u.id = e.owner_unit_id
        WHERE ${scope.sql} GROUP BY e.owner_unit_id, u.name ORDER BY count DESC`,
        scope.params,
      ),
    );
    return rows.map((r) => ({ unitId: Number(r.unitId), unitName: r.unitName, count: Number(r.count), maxLevel: Number(r.maxLevel) }));
  }

  /** Open entries inside `scope` (alias `e`), counted by chain, most first. */
  async openByChain(scope: ScopeFilter): Promise<OpenByChainRow[]> {
    const rows: { chainId: number; chainName: string; count: string }[] = await this.replicas.read((db) =>
      db.query(
        `SELECT e.chain_id AS chainId, c.name AS chainName, SUM(e.open_entries) AS count
         FROM ${OPEN_TALLIES} INNER JOIN chains c ON c.id = e.chain_id
        WHERE ${scope.sql} GROUP BY e.chain_id, c.name ORDER BY count DESC`,
        scope.params,
      ),
    );
    return rows.map((r) => ({ chainId: Number(r.chainId), chainName: r.chainName, count: Number(r.count) }));
  }

  /** Folds up to `limit` of the oldest tally changes into the tallies (see {@link foldTallyChanges}); answers how many. */
  foldTallyChanges(tx: Tx, limit: number): Promise<number> {
    return foldTallyChanges(tx, SUPERVISION_TALLIES, limit);
  }

  /** One entry as the board shows it. */
  async boardEntry(id: number, tx?: Tx): Promise<SupervisionBoardRow | null> {
    const [row]: SupervisionBoardRow[] = await (tx ?? this.db.manager).query(`${BOARD} WHERE e.id = ?`, [id]);
    return row ?? null;
  }
}

function boardWhere(filter: SupervisionBoardFilter, scope: ScopeFilter): ScopeFilter {
  const where = [scope.sql];
  const params = [...scope.params];
  const add = (sql: string, value: unknown) => (where.push(sql), params.push(value));
  if (filter.open !== undefined) where.push(filter.open ? 'e.open_marker = 1' : 'e.open_marker IS NULL');
  if (filter.level !== undefined) add('e.level = ?', filter.level);
  if (filter.unitId !== undefined) add('e.owner_unit_id = ?', filter.unitId);
  if (filter.chainId !== undefined) add('e.chain_id = ?', filter.chainId);
  if (filter.subjectType) add('e.subject_type = ?', filter.subjectType);
  if (filter.from) add('e.opened_at >= ?', filter.from);
  if (filter.to) add('e.opened_at <= ?', filter.to);
  return { sql: where.join(' AND '), params };
}

/**
 * The board's count, with the WHERE of {@link boardWhere}: open entries filtered on what the
 * tallies are kept by (scope, level, unit, chain, kind) are summed from the tallies; a filter on
 * when entries opened, or closed entries, are counted from the entries themselves.
 */
function boardCount(filter: SupervisionBoardFilter, where: string): string {
  const tallied = filter.open === true && !filter.from && !filter.to;
  return tallied ? `SELECT COALESCE(SUM(e.open_entries), 0) AS n FROM ${OPEN_TALLY_ROWS} WHERE ${where}` : `SELECT COUNT(*) AS n FROM supervision_entries e WHERE ${where}`;
}
