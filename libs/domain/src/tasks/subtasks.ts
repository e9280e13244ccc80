import { OPEN_TASK_STATES, TaskActor, TaskState } from './task-lifecycle';

/*
 * 任务分解: a task split into sub-tasks, one per responsible unit. The parent becomes a container:
 * it is not escalated itself (each child has its own due date and escalation, so supervision
 * reaches the late child only), it takes no lifecycle action but `cancel` (which cancels its open
 * children), and its state and progress roll up from its children. One level only: a sub-task is
 * not split again.
 */

/** The states in which a task may be split: open and not yet submitted as a whole. */
export const SPLITTABLE_STATES: readonly TaskState[] = ['DRAFT', 'ASSIGNED', 'IN_PROGRESS'];

/** Who may split a task: whoever may assign it (交办). */
export const SPLIT_ACTORS: readonly TaskActor[] = ['ISSUER', 'SUPERVISOR', 'ADMIN'];

/** The event action recorded on a parent when its state rolls up from its children. */
export const ROLL_UP_ACTION = 'rollup';

/** The event action recorded on a parent when it is split. */
export const SPLIT_ACTION = 'split';

export interface SplitRequest {
  readonly actors: ReadonlySet<TaskActor>;
  readonly parent: { readonly state: TaskState; readonly dueAt: Date; readonly parentId: number | null };
  /** The units to give a sub-task each, as asked. */
  readonly ownerUnitIds: readonly number[];
  /** The units that already own a sub-task of this parent. */
  readonly existingOwnerUnitIds: readonly number[];
  /** The sub-tasks' due date (the parent's when none is asked). */
  readonly dueAt: Date;
  readonly now: Date;
}

export type SplitOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: 'FORBIDDEN' | 'CONFLICT'; readonly message: string }
  | { readonly ok: false; readonly error: 'INVALID'; readonly field: string; readonly message: string };

/** Decides a split without side effects, in the lifecycle's order: may I (403), can it be done now (409), is the request sound (400). */
export function decideSplit(request: SplitRequest): SplitOutcome {
  const { parent, ownerUnitIds, dueAt } = request;
  if (!SPLIT_ACTORS.some((a) => request.actors.has(a))) {
    return { ok: false, error: 'FORBIDDEN', message: 'only the issuing unit, a supervisor or an admin may split a task into sub-tasks' };
  }
  if (parent.parentId !== null)
    return { ok: false, error: 'CONFLICT', message: `this task is a sub-task of task ${parent.parentId}; sub-tasks are not split again (one level only)` };
  if (!SPLITTABLE_STATES.includes(parent.state))
    return { ok: false, error: 'CONFLICT', message: `a task is split while it is ${SPLITTABLE_STATES.join(', ')}; this one is ${parent.state}` };
  if (ownerUnitIds.length === 0) return { ok: false, error: 'INVALID', field: 'ownerUnitIds', message: 'ownerUnitIds: name at least one unit' };
  const duplicates = [...new Set(ownerUnitIds.filter((u, i) => ownerUnitIds.indexOf(u) !== i))];
  if (duplicates.length) return { ok: false, error: 'INVALID', field: 'ownerUnitIds', message: `ownerUnitIds: unit(s) ${duplicates.join(', ')} named twice` };
  const taken = ownerUnitIds.filter((u) => request.existingOwnerUnitIds.includes(u));
  if (taken.length) return { ok: false, error: 'INVALID', field: 'ownerUnitIds', message: `ownerUnitIds: unit(s) ${taken.join(', ')} already have a sub-task of this task` };
  if (dueAt.getTime() > parent.dueAt.getTime()) {
    return { ok: false, error: 'INVALID', field: 'dueAt', message: `dueAt: a sub-task is due no later than its parent (${parent.dueAt.toISOString()})` };
  }
  if (dueAt.getTime() <= request.now.getTime()) return { ok: false, error: 'INVALID', field: 'dueAt', message: 'dueAt must be in the future' };
  return { ok: true };
}

/** How far a parent is: done children over children not cancelled (0 when there are none). */
export function progressOf(children: readonly TaskState[]): number {
  const counted = children.filter((s) => s !== 'CANCELLED');
  return counted.length === 0 ? 0 : counted.filter((s) => s === 'DONE').length / counted.length;
}

/**
 * The state a parent's children give it, or null when they give none (no children, or none yet
 * assigned: the parent keeps its own). Any child open and under way → IN_PROGRESS; all closed →
 * DONE if at least one was done, CANCELLED if every one was cancelled.
 */
export function rolledUpState(children: readonly TaskState[]): TaskState | null {
  if (children.length === 0 || children.every((s) => s === 'DRAFT')) return null;
  if (children.some((s) => OPEN_TASK_STATES.includes(s))) return 'IN_PROGRESS';
  return children.includes('DONE') ? 'DONE' : 'CANCELLED';
}

/**
 * Decides a parent's roll-up after a change of its children: the state to move it to, or null when
 * it stays (it already stands there, or it is closed: a closed parent never reopens).
 */
export function decideRollUp(parentState: TaskState, children: readonly TaskState[]): { from: TaskState; to: TaskState; comment: string | null } | null {
  if (!OPEN_TASK_STATES.includes(parentState)) return null;
  const to = rolledUpState(children);
  if (to === null || to === parentState) return null;
  const comment = to === 'DONE' ? '子任务均已办结' : to === 'CANCELLED' ? '子任务均已撤销' : null;
  return { from: parentState, to, comment };
}
