import type { ScopeFilter } from '../scope';

/**
 * 任务分解: a task split into sub-tasks is their container (alias given). Its state and progress
 * roll up from them, so the work — to do, to count, to score, to supervise — is the sub-tasks',
 * each for its own unit, never the container's.
 */
export function isSplitTask(a = 't'): string {
  return `EXISTS (SELECT 1 FROM tasks ${a}_sub WHERE ${a}_sub.parent_id = ${a}.id)`;
}

/** A work item: not a container of sub-tasks (see {@link isSplitTask}). */
export function isWorkItem(a = 't'): string {
  return `NOT ${isSplitTask(a)}`;
}

/** Whose 待办 is asked for, as its SQL needs it (the roles that give each part are the caller's to decide). */
export interface TodoActor {
  /** The unit whose assigned work the caller signs for and feeds back on. */
  ownerUnitId: number | null;
  /** The unit whose issued work the caller reviews and decides extensions on (another unit's). */
  issuerUnitId: number | null;
  /** A supervisor reviews where the issuing unit is the owner (separation of duties). */
  supervisor: boolean;
}

const REVIEWABLE = `(t.state = 'SUBMITTED' OR (t.extension_due_at IS NOT NULL AND t.state IN ('ASSIGNED', 'IN_PROGRESS', 'SUBMITTED')))`;

/**
 * What the caller can act on now (待办), alias `t`: as the owner, assignments to sign for and work
 * to feed back on (a split task's owner acts on its sub-tasks, not on it); as the issuer,
 * submissions to review and extensions to decide on another unit's work; as a supervisor,
 * submissions where the issuing unit is the owner.
 */
export function todoWhere(actor: TodoActor): ScopeFilter {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (actor.ownerUnitId !== null) {
    clauses.push(`t.owner_unit_id = ? AND t.state IN ('ASSIGNED', 'IN_PROGRESS') AND ${isWorkItem('t')}`);
    params.push(actor.ownerUnitId);
  }
  if (actor.issuerUnitId !== null) {
    clauses.push(`t.issuer_unit_id = ? AND t.owner_unit_id <> ? AND ${REVIEWABLE}`);
    params.push(actor.issuerUnitId, actor.issuerUnitId);
  }
  if (actor.supervisor) clauses.push(`t.issuer_unit_id = t.owner_unit_id AND ${REVIEWABLE}`);
  return { sql: clauses.length ? `(${clauses.map((c) => `(${c})`).join(' OR ')})` : '1 = 0', params };
}
