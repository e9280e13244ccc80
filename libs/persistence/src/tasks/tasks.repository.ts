import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { TaskState, Timeliness } from '@duban/domain';
import { TaskCoUnitEntity, TaskEntity, TaskPriority } from '../entities/task.entity';
import { appendEvents, NewEvent } from '../events';
import { ReplicaReads } from '../replicas/replica-reads';
import { andWhereScope, ScopeFilter } from '../scope';
import { foldTallyChanges, readsOnlyTallyKeys, TASK_TALLIES, tallyRows } from '../tallies';
import { TASK_TIMELINESS_COLUMNS, timelinessWhere } from '../timeliness-sql';
import type { Tx } from '../transactions';
import { isSplitTask, isWorkItem, TodoActor, todoWhere } from './task-sql';

/** A task as it is first recorded: a DRAFT, with its co-units. */
export interface NewTaskRow {
  parentId: number | null;
  title: string;
  description: string | null;
  issuerUnitId: number;
  ownerUnitId: number;
  coUnitIds: number[];
  chainId: number | null;
  policyId: number | null;
  priority: TaskPriority;
  sourceKind: string | null;
  sourceRef: string | null;
  dueAt: Date;
  createdBy: number | null;
  at: Date;
}

/** What a task list is narrowed by; `scopes` are the caller's visibility (alias `t`). */
export interface TaskListFilter {
  scopes: ScopeFilter[];
  /** Only what this actor can act on now (待办). */
  todo?: TodoActor;
  /** true: only tasks split into sub-tasks (their containers); false: only work items, the sub-tasks and tasks not split. */
  split?: boolean;
  states?: TaskState[];
  ownerUnitId?: number;
  issuerUnitId?: number;
  chainId?: number;
  /** The sub-tasks of this task (任务分解). */
  parentId?: number;
  escalationLevel?: number;
  /** A LIKE pattern on the title, already escaped. */
  titleLike?: string;
  dueFrom?: Date;
  dueTo?: Date;
  /** The light, as the domain defines it at `now` (amber from `soon`). */
  timeliness?: { value: Timeliness; now: Date; soon: Date };
}

/** A sub-task as its parent shows it. */
export type SubtaskRow = Pick<TaskEntity, 'id' | 'parentId' | 'state' | 'version' | 'ownerUnitId' | 'dueAt' | 'escalationLevel' | 'reminded' | 'completedAt' | 'extensionDueAt'>;

/** The columns a lifecycle step may change. */
export type TaskChanges = Partial<
  Pick<TaskEntity, 'state' | 'dueAt' | 'ownerUnitId' | 'completedAt' | 'extensionDueAt' | 'extensionReason' | 'extensionRequestedAt' | 'extensionRequestedBy' | 'updatedAt'>
>;

/** Tasks (任务): their records, co-units and lists. Events are appended with each change, in its transaction. */
/** What the task list shows of a task: no description and none of the engine's bookkeeping. */
const TASK_LIST_PROPERTIES = [
  'id',
  'parentId',
  'title',
  'state',
  'version',
  'issuerUnitId',
  'ownerUnitId',
  'chainId',
  'policyId',
  'priority',
  'sourceKind',
  'sourceRef',
  'dueAt',
  'escalationLevel',
  'reminded',
  'extensionDueAt',
  'extensionReason',
  'extensionRequestedAt',
  'extensionRequestedBy',
  'completedAt',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof TaskEntity)[];

/** A row of the task list, with its co-units in unit order. */
export type TaskListRow = Pick<TaskEntity, (typeof TASK_LIST_PROPERTIES)[number]> & { coUnitIds: number[] };

/**
 * The list's total for a WHERE of {@link taskListWhere}: summed from the tallies when the scope
 * and filters name only their keys (an administrator's, a supervisor's or a chain leader's list
 * by unit, chain, state or level), otherwise counted from the tasks (a liaison's co-units, 待办,
 * split tasks, the light, a title, due dates).
 */
export function taskCountSql(where: string): string {
  return readsOnlyTallyKeys(TASK_TALLIES, 't', where)
    ? `SELECT COALESCE(SUM(t.tasks), 0) AS n FROM ${tallyRows(TASK_TALLIES, 't')} WHERE ${where}`
    : `SELECT COUNT(*) AS n FROM tasks t WHERE ${where}`;
}

const CO_UNITS_OF_T = '(SELECT GROUP_CONCAT(c.unit_id ORDER BY c.unit_id) FROM task_co_units c WHERE c.task_id = t.id)';

/**
 * The task list's WHERE (alias `t`) with its positional parameters: the scopes, then each filter
 * given. Written as SQL, not through a query builder, because the list is the api's hottest read
 * and building it with TypeORM cost about a tenth of the request's CPU.
 */
export function taskListWhere(filter: TaskListFilter): ScopeFilter {
  const parts: ScopeFilter[] = [...filter.scopes];
  const and = (sql: string, ...params: unknown[]) => parts.push({ sql, params });
  if (filter.todo) parts.push(todoWhere(filter.todo));
  if (filter.split !== undefined) and(filter.split ? isSplitTask('t') : isWorkItem('t'));
  if (filter.states?.length) and('t.state IN (?)', filter.states);
  if (filter.ownerUnitId !== undefined) and('t.owner_unit_id = ?', filter.ownerUnitId);
  if (filter.issuerUnitId !== undefined) and('t.issuer_unit_id = ?', filter.issuerUnitId);
  if (filter.chainId !== undefined) and('t.chain_id = ?', filter.chainId);
  if (filter.parentId !== undefined) and('t.parent_id = ?', filter.parentId);
  if (filter.escalationLevel !== undefined) and('t.escalation_level = ?', filter.escalationLevel);
  if (filter.titleLike) and('t.title LIKE ?', filter.titleLike);
  if (filter.timeliness) {
    const { value, now, soon } = filter.timeliness;
    parts.push(timelinessWhere(value, TASK_TIMELINESS_COLUMNS, { now, soon }));
  }
  if (filter.dueFrom) and('t.due_at >= ?', filter.dueFrom);
  if (filter.dueTo) and('t.due_at <= ?', filter.dueTo);
  return { sql: parts.length > 0 ? parts.map((p) => `(${p.sql})`).join(' AND ') : '1 = 1', params: parts.flatMap((p) => p.params) };
}

@Injectable()
export class TasksRepository {
  /** The list's SELECT columns (see {@link listSelect}). */
  private columns?: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly replicas: ReplicaReads,
  ) {}

  /** Inserts a DRAFT task, its co-units and its `create` event; answers its id. */
  async insert(tx: Tx, row: NewTaskRow, event: Pick<NewEvent, 'actorId' | 'data'>): Promise<number> {
    const { coUnitIds, at, ...task } = row;
    const { identifiers } = await tx.insert(TaskEntity, { ...task, state: 'DRAFT', version: 1, createdAt: at, updatedAt: at });
    const id = Number(identifiers[0].id);
    if (coUnitIds.length > 0)
      await tx.insert(
        TaskCoUnitEntity,
        coUnitIds.map((unitId) => ({ taskId: id, unitId })),
      );
    await appendEvents(tx, [{ subjectType: 'TASK', subjectId: id, at, actorId: event.actorId, action: 'create', fromState: null, toState: 'DRAFT', data: event.data ?? null }]);
    return id;
  }

  /**
   * Applies one lifecycle step: a conditional UPDATE on (id, state, version), bumping the version
   * (and, with `restartSchedule`, starting a new schedule with no escalation), and its event.
   * Answers the event's id; null, with nothing written, when the task has moved on.
   */
  async change(
    tx: Tx,
    task: Pick<TaskEntity, 'id' | 'state' | 'version'>,
    changes: TaskChanges,
    event: Omit<NewEvent, 'subjectType' | 'subjectId'>,
    restartSchedule = false,
  ): Promise<string | null> {
    const restart = restartSchedule ? { escalationLevel: 0, reminded: false, scheduleGen: () => 'schedule_gen + 1' } : {};
    const result = await tx
      .createQueryBuilder()
      .update(TaskEntity)
      .set({ ...changes, ...restart, version: () => 'version + 1' })
      .where('id = :id AND state = :state AND version = :version', { id: task.id, state: task.state, version: task.version })
      .execute();
    if (result.affected !== 1) return null;
    const [eventId] = await appendEvents(tx, [{ ...event, subjectType: 'TASK', subjectId: task.id }]);
    return eventId;
  }

  /** The task if it lies inside `scope` (alias `t`). */
  async findIn(scope: ScopeFilter, id: number, tx?: Tx): Promise<TaskEntity | null> {
    return andWhereScope((tx ?? this.db.manager).getRepository(TaskEntity).createQueryBuilder('t'), scope)
      .andWhere('t.id = :id', { id })
      .getOne();
  }

  /**
   * Locks a task for the rest of the transaction (a parent before its children change, so their
   * roll-ups queue one after another) and answers its current row.
   */
  lock(id: number, tx: Tx): Promise<TaskEntity | null> {
    return tx.getRepository(TaskEntity).createQueryBuilder('t').setLock('pessimistic_write').where('t.id = :id', { id }).getOne();
  }

  /**
   * The sub-tasks of these tasks, by parent, in id order. With `lock` (inside a transaction holding
   * the parent's lock) a locking read: it sees what concurrent transactions committed meanwhile.
   */
  async children(parentIds: number[], tx?: Tx, lock = false): Promise<Map<number, SubtaskRow[]>> {
    const byParent = new Map<number, SubtaskRow[]>(parentIds.map((id) => [id, []]));
    if (parentIds.length === 0) return byParent;
    const qb = (tx ?? this.db.manager)
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .select(['t.id', 't.parentId', 't.state', 't.version', 't.ownerUnitId', 't.dueAt', 't.escalationLevel', 't.reminded', 't.completedAt', 't.extensionDueAt'])
      .where('t.parent_id IN (:...parentIds)', { parentIds })
      .orderBy('t.id', 'ASC');
    if (lock) qb.setLock('pessimistic_write');
    for (const row of await qb.getMany()) byParent.get(row.parentId!)?.push(row);
    return byParent;
  }

  /** The task if `issuerUnitId` issued it. */
  findIssuedBy(issuerUnitId: number, id: number, tx?: Tx): Promise<TaskEntity | null> {
    return (tx ?? this.db.manager).findOneBy(TaskEntity, { id, issuerUnitId });
  }

  /** The id of the task a source (a profile's work point, a notice's item) created, if any. */
  async idOfSource(kind: string, ref: string, tx?: Tx): Promise<number | null> {
    const row = await (tx ?? this.db.manager).findOne(TaskEntity, { select: { id: true }, where: { sourceKind: kind, sourceRef: ref } });
    return row?.id ?? null;
  }

  /** Each task's co-units, in unit order. */
  async coUnits(taskIds: number[], tx?: Tx): Promise<Map<number, number[]>> {
    const byTask = new Map<number, number[]>(taskIds.map((id) => [id, []]));
    if (taskIds.length === 0) return byTask;
    const rows = await (tx ?? this.db.manager).find(TaskCoUnitEntity, { where: { taskId: In(taskIds) }, order: { unitId: 'ASC' } });
    for (const r of rows) byTask.get(r.taskId)?.push(r.unitId);
    return byTask;
  }

  /**
   * A page of the list, soonest due first, and how many there are in all (plain LIMIT/OFFSET and
   * COUNT(*): the query has no join to de-duplicate). Only the list's columns, as plain rows, with
   * each task's co-units in the same statement.
   */
  async page(filter: TaskListFilter, page: { skip: number; take: number }): Promise<{ rows: TaskListRow[]; total: number }> {
    const where = taskListWhere(filter);
    // A list decides nothing: a caught-up replica may serve it (see ReplicaReads).
    return this.replicas.read(async (db) => {
      const [raw, [{ n }]] = await Promise.all([
        db.query(`SELECT ${this.listSelect()}, ${CO_UNITS_OF_T} AS coUnitIds FROM tasks t WHERE ${where.sql} ORDER BY t.due_at, t.id LIMIT ? OFFSET ?`, [
          ...where.params,
          page.take,
          page.skip,
        ]) as Promise<(Omit<TaskListRow, 'coUnitIds'> & { coUnitIds: string | null })[]>,
        db.query(taskCountSql(where.sql), where.params) as Promise<{ n: string }[]>,
      ]);
      const rows = raw.map((r) => ({ ...r, reminded: Boolean(r.reminded), coUnitIds: r.coUnitIds ? r.coUnitIds.split(',').map(Number) : [] }));
      return { rows, total: Number(n) };
    });
  }

  /** The list's columns, each under its property's name, read once from the entity's metadata. */
  private listSelect(): string {
    this.columns ??= TASK_LIST_PROPERTIES.map((property) => `t.${this.db.getMetadata(TaskEntity).findColumnWithPropertyName(property)!.databaseName} AS \`${property}\``).join(
      ', ',
    );
    return this.columns;
  }

  /** How many tasks the list holds for this filter (a replica may answer). */
  async count(filter: TaskListFilter): Promise<number> {
    const where = taskListWhere(filter);
    const [{ n }]: { n: string }[] = await this.replicas.read((db) => db.query(taskCountSql(where.sql), where.params));
    return Number(n);
  }

  /** Folds up to `limit` of the oldest tally changes into the tallies (see {@link foldTallyChanges}); answers how many. */
  foldTallyChanges(tx: Tx, limit: number): Promise<number> {
    return foldTallyChanges(tx, TASK_TALLIES, limit);
  }
}
