import { UserRole } from '../org/org.types';

export const TASK_STATES = ['DRAFT', 'ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'DONE', 'CANCELLED'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** A task's title is at most this many characters (the tasks.title column is sized to it). */
export const TASK_TITLE_MAX_LENGTH = 200;

export const TASK_ACTIONS = ['assign', 'accept', 'submit', 'return', 'complete', 'cancel', 'request_extension', 'approve_extension', 'reject_extension', 'decline'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** How the acting user stands to the task; a user may stand in several ways at once. */
export type TaskActor = 'ISSUER' | 'OWNER' | 'SUPERVISOR' | 'ADMIN';

export const OPEN_TASK_STATES: readonly TaskState[] = ['DRAFT', 'ASSIGNED', 'IN_PROGRESS', 'SUBMITTED'];

interface TransitionRule {
  readonly from: readonly TaskState[];
  /** `null` keeps the state (extension requests and decisions). */
  readonly to: TaskState | null;
  readonly actors: readonly TaskActor[];
  readonly commentRequired: boolean;
}

/** The lifecycle table of DESIGN.md, as data. */
export const TASK_TRANSITIONS: Readonly<Record<TaskAction, TransitionRule>> = {
  assign: { from: ['DRAFT'], to: 'ASSIGNED', actors: ['ISSUER', 'SUPERVISOR', 'ADMIN'], commentRequired: false },
  accept: { from: ['ASSIGNED'], to: 'IN_PROGRESS', actors: ['OWNER'], commentRequired: false },
  submit: { from: ['IN_PROGRESS'], to: 'SUBMITTED', actors: ['OWNER'], commentRequired: false },
  return: { from: ['SUBMITTED'], to: 'IN_PROGRESS', actors: ['ISSUER', 'SUPERVISOR'], commentRequired: true },
  complete: { from: ['SUBMITTED'], to: 'DONE', actors: ['ISSUER', 'SUPERVISOR'], commentRequired: false },
  cancel: { from: OPEN_TASK_STATES, to: 'CANCELLED', actors: ['ISSUER', 'SUPERVISOR', 'ADMIN'], commentRequired: true },
  request_extension: { from: ['ASSIGNED', 'IN_PROGRESS'], to: null, actors: ['OWNER'], commentRequired: true },
  // A pending request may be decided while the task is open, even after the owner submitted.
  approve_extension: { from: ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED'], to: null, actors: ['ISSUER', 'SUPERVISOR'], commentRequired: false },
  reject_extension: { from: ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED'], to: null, actors: ['ISSUER', 'SUPERVISOR'], commentRequired: false },
  // 退回交办: the owner turns an assignment down before signing for it; the issuer reassigns or cancels.
  decline: { from: ['ASSIGNED'], to: 'DRAFT', actors: ['OWNER'], commentRequired: true },
};

/**
 * Separation of duties: nobody decides on work their own unit owns — completing, returning or
 * granting more time. Where the issuing unit is the owning unit, a supervisor decides.
 */
export const OWNER_UNIT_MAY_NOT: readonly TaskAction[] = ['complete', 'return', 'approve_extension'];

/** The only lifecycle action a parent split into sub-tasks takes itself; its state otherwise rolls up from them (see subtasks.ts). */
export const CONTAINER_ACTIONS: readonly TaskAction[] = ['cancel'];

export interface TaskSnapshot {
  readonly state: TaskState;
  /** The task is split into sub-tasks (任务分解): a container, see {@link CONTAINER_ACTIONS}. Default false. */
  readonly split?: boolean;
  readonly dueAt: Date;
  readonly issuerUnitId: number;
  readonly ownerUnitId: number;
  readonly extension: { readonly dueAt: Date } | null;
}

export interface TransitionRequest {
  readonly action: TaskAction;
  readonly actors: ReadonlySet<TaskActor>;
  /** The caller belongs to the owning unit (whatever their role): see {@link OWNER_UNIT_MAY_NOT}. */
  readonly ofOwnerUnit: boolean;
  readonly now: Date;
  readonly comment?: string;
  /** The new due date asked for by `request_extension`. */
  readonly dueAt?: Date;
}

export type TransitionOutcome =
  | {
      readonly ok: true;
      readonly from: TaskState;
      readonly to: TaskState;
      readonly dueAt: Date;
      /** The pending extension after the transition. */
      readonly extension: { readonly dueAt: Date } | null;
    }
  /** FORBIDDEN: the actor may never take this action on this task. */
  | { readonly ok: false; readonly error: 'FORBIDDEN'; readonly message: string }
  /** CONFLICT: the action is not possible in the task's present state. */
  | { readonly ok: false; readonly error: 'CONFLICT'; readonly message: string }
  /** INVALID: the request itself lacks something; `field` names it. */
  | { readonly ok: false; readonly error: 'INVALID'; readonly field: string; readonly message: string };

/** How a user stands to a task, from their roles and unit. */
export function taskActorsOf(
  user: { readonly roles: readonly UserRole[]; readonly unitId: number | null },
  task: Pick<TaskSnapshot, 'issuerUnitId' | 'ownerUnitId'>,
): Set<TaskActor> {
  const actors = new Set<TaskActor>();
  if (user.roles.includes('ADMIN')) actors.add('ADMIN');
  if (user.roles.includes('SUPERVISOR')) actors.add('SUPERVISOR');
  if (user.unitId !== null) {
    if (user.unitId === task.issuerUnitId && user.roles.includes('LEAD_UNIT')) actors.add('ISSUER');
    if (user.unitId === task.ownerUnitId && (user.roles.includes('UNIT_LIAISON') || user.roles.includes('LEAD_UNIT'))) {
      actors.add('OWNER');
    }
  }
  return actors;
}

/** Whether the caller belongs to the unit that owns the task. */
export function isOfOwnerUnit(user: { readonly unitId: number | null }, task: Pick<TaskSnapshot, 'ownerUnitId'>): boolean {
  return user.unitId !== null && user.unitId === task.ownerUnitId;
}

/**
 * Decides a transition without side effects. The checks run in the order a user
 * would want to hear about them: may I do this at all (403), can it be done now
 * (409), is my request complete (400).
 */
export function decideTransition(task: TaskSnapshot, request: TransitionRequest): TransitionOutcome {
  const rule = TASK_TRANSITIONS[request.action];
  if (!rule.actors.some((actor) => request.actors.has(actor))) {
    return { ok: false, error: 'FORBIDDEN', message: `action ${request.action} is not allowed for your role on this task` };
  }
  if (request.ofOwnerUnit && OWNER_UNIT_MAY_NOT.includes(request.action)) {
    return { ok: false, error: 'FORBIDDEN', message: `action ${request.action}: your unit owns this task, so the issuer or a supervisor decides (separation of duties)` };
  }
  if (task.split && !CONTAINER_ACTIONS.includes(request.action)) {
    return {
      ok: false,
      error: 'CONFLICT',
      message: `action ${request.action}: this task is split into sub-tasks and its state follows them; act on the sub-tasks (only ${CONTAINER_ACTIONS.join(', ')} applies here)`,
    };
  }
  if (!rule.from.includes(task.state)) {
    return { ok: false, error: 'CONFLICT', message: `action ${request.action} is not possible in state ${task.state}` };
  }

  const pending = task.extension;
  if (request.action === 'request_extension') {
    if (pending) return { ok: false, error: 'CONFLICT', message: 'an extension request is already pending' };
    if (request.now.getTime() >= task.dueAt.getTime()) {
      return { ok: false, error: 'CONFLICT', message: 'an extension must be requested before the task is due' };
    }
  }
  if ((request.action === 'approve_extension' || request.action === 'reject_extension') && !pending) {
    return { ok: false, error: 'CONFLICT', message: 'there is no pending extension request' };
  }

  if (rule.commentRequired && !request.comment?.trim()) {
    return { ok: false, error: 'INVALID', field: 'comment', message: `comment is required for ${request.action}` };
  }
  if (request.action === 'request_extension') {
    if (!request.dueAt) {
      return { ok: false, error: 'INVALID', field: 'dueAt', message: 'dueAt (the new due date) is required for request_extension' };
    }
    if (request.dueAt.getTime() <= task.dueAt.getTime()) {
      return { ok: false, error: 'INVALID', field: 'dueAt', message: 'dueAt must be later than the current due date' };
    }
  }

  const to = rule.to ?? task.state;
  switch (request.action) {
    case 'request_extension':
      return { ok: true, from: task.state, to, dueAt: task.dueAt, extension: { dueAt: request.dueAt! } };
    case 'approve_extension':
      return { ok: true, from: task.state, to, dueAt: pending!.dueAt, extension: null };
    case 'reject_extension':
      return { ok: true, from: task.state, to, dueAt: task.dueAt, extension: null };
    default:
      // Closing or declining a task settles any request still pending.
      return { ok: true, from: task.state, to, dueAt: task.dueAt, extension: to === 'DONE' || to === 'CANCELLED' || to === 'DRAFT' ? null : pending };
  }
}
