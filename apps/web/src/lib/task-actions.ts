import { SPLIT_ACTORS, SPLITTABLE_STATES } from '@duban/domain/tasks/subtasks';
import { decideTransition, isOfOwnerUnit, TASK_ACTIONS, taskActorsOf, type TaskAction } from '@duban/domain/tasks/task-lifecycle';
import type { Schemas } from '../api/client';

export type { TaskAction };
type Task = Schemas['TaskListItemDto'];
type User = Pick<Schemas['MeDto'], 'roles' | 'unitId'>;

/**
 * The lifecycle actions this user may take on this task now: the api's own decision table
 * (libs/domain), asked with a complete request, so a button shows only where the api would
 * accept it (a missing reason or date is the form's to ask for).
 */
export function availableActions(task: Task | Schemas['TaskDto'], user: User, now: number): TaskAction[] {
  const snapshot = {
    state: task.state,
    // A task split into sub-tasks follows them (a list row does not say; its record does).
    split: 'children' in task && task.children.length > 0,
    dueAt: new Date(task.dueAt),
    issuerUnitId: task.issuerUnitId,
    ownerUnitId: task.ownerUnitId,
    extension: task.extension ? { dueAt: new Date(task.extension.dueAt) } : null,
  };
  const actors = taskActorsOf(user, task);
  const ofOwnerUnit = isOfOwnerUnit(user, task);
  return TASK_ACTIONS.filter((action) => {
    const outcome = decideTransition(snapshot, { action, actors, ofOwnerUnit, now: new Date(now) });
    return outcome.ok || outcome.error === 'INVALID';
  });
}

/** Whether this user may split the task into sub-tasks (任务分解) now: the api's own rule (libs/domain), short of the units and date the form asks for. */
export function maySplit(task: Schemas['TaskDto'], user: User): boolean {
  const actors = taskActorsOf(user, task);
  return task.parentId === null && SPLITTABLE_STATES.includes(task.state) && SPLIT_ACTORS.some((a) => actors.has(a));
}
