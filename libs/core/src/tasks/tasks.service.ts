import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import {
  Clock,
  decideRollUp,
  decideSplit,
  decideTransition,
  deriveTimeliness,
  isOfOwnerUnit,
  OPEN_TASK_STATES,
  progressOf,
  ROLL_UP_ACTION,
  SPLIT_ACTION,
  TASK_TITLE_MAX_LENGTH,
  TaskAction,
  TaskActor,
  taskActorsOf,
  TaskState,
  Timeliness,
} from '@duban/domain';
import {
  ChainsRepository,
  EventsRepository,
  SubtaskRow,
  SUBJECTS,
  TaskChanges,
  TaskEntity,
  TaskListFilter,
  TaskListRow,
  TaskPriority,
  TasksRepository,
  Transactions,
  Tx,
} from '@duban/persistence';
import { AuthUser, hasAnyRole, seesEverything } from '../auth/auth-user';
import { taskScope } from '../auth/scope';
import { likeContains, Page, PageRequest, pageOffset } from '../common/page';
import { References } from '../common/references.service';
import { SubjectEventView, timeline } from '../common/events';
import { DeadlineTriggerService } from '../engine/deadline-trigger.service';
import { SchedulingService } from '../engine/scheduling.service';
import { StepsViewService, StepView } from '../engine/steps-view.service';
import { FilesService, FileView } from '../files/files.service';
import { todoActorOf } from './todo-actor';

export interface NewTask {
  title: string;
  description?: string;
  issuerUnitId: number;
  ownerUnitId: number;
  coUnitIds?: number[];
  dueAt: Date;
  chainId?: number;
  policyId?: number;
  priority?: TaskPriority;
  source?: { kind: string; ref: string };
  /** The task this one is decomposed from (an imported notice's parent task). */
  parentId?: number;
}

export interface TaskFilter {
  /** Any of these states. */
  state?: TaskState[];
  timeliness?: Timeliness;
  /** Due in [dueFrom, dueTo]. */
  dueFrom?: Date;
  dueTo?: Date;
  /** What the caller can act on now (待办, see {@link todoActorOf}). */
  todo?: boolean;
  /** true: only tasks split into sub-tasks (their containers); false: only the work items. */
  split?: boolean;
  ownerUnitId?: number;
  issuerUnitId?: number;
  chainId?: number;
  /** The sub-tasks of this task. */
  parentId?: number;
  escalationLevel?: number;
  q?: string;
}

/** 任务分解: one sub-task per unit, due by `dueAt` (default: the parent's due date). */
export interface SplitInput {
  ownerUnitIds: number[];
  dueAt?: Date;
}

/** A sub-task as its parent's record lists it. */
export interface SubtaskView {
  id: number;
  ownerUnitId: number;
  state: TaskState;
  timeliness: Timeliness | null;
  escalationLevel: number;
  dueAt: string;
  /** 1 when done, else 0 (a sub-task is not split again). */
  progress: number;
}

export interface TransitionInput {
  action: TaskAction;
  comment?: string;
  dueAt?: Date;
  version?: number;
  /** With `assign`: give the task to another unit (after the owner declined it, say). */
  ownerUnitId?: number;
  /** Evidence (见证材料) for a submission or a return: the caller's uploads, attached with the act. */
  fileIds?: number[];
}

export interface TaskView {
  id: number;
  /** The task this one was decomposed from, or null. */
  parentId: number | null;
  title: string;
  description: string | null;
  state: TaskState;
  timeliness: Timeliness | null;
  escalationLevel: number;
  dueAt: string;
  version: number;
  issuerUnitId: number;
  ownerUnitId: number;
  coUnitIds: number[];
  chainId: number | null;
  policyId: number | null;
  priority: TaskPriority;
  source: { kind: string; ref: string | null } | null;
  extension: { dueAt: string; reason: string | null; requestedAt: string | null; requestedBy: number | null } | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * A mechanism's decision issuing tasks in its own name (a meeting's minutes, a profile's documents):
 * the task is issued by `issuerUnitId`, as that unit would issue it, and recorded as the act of
 * `user`, who set it going — or of no one (null) when a profile is loaded, whose documents' tasks
 * are recorded as they were issued, past due dates included. The deciding context has checked
 * that `user` may take that decision.
 */
export interface IssuingDecision {
  user: AuthUser | null;
  issuerUnitId: number;
}

/** Who creates or moves a task: a user with what their roles and unit allow, or a mechanism's decision. */
export type TaskActorRef = AuthUser | IssuingDecision;

/** A row of a task list: the record without its long text. */
export type TaskListItem = Omit<TaskView, 'description'>;

/** One entry of a task's timeline. */
export type TaskEventView = SubjectEventView;

/**
 * One task with its escalation steps, done and to come, its evidence files, and its sub-tasks
 * (任务分解) with the share of them done (`progress`, null when the task is not split).
 */
export type TaskDetail = TaskView & { steps: StepView[]; files: FileView[]; children: SubtaskView[]; progress: number | null };

/** The actions that carry evidence files. */
const EVIDENCE_ACTIONS: readonly TaskAction[] = ['submit', 'return'];

@Injectable()
export class TasksService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repo: TasksRepository,
    private readonly references: References,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly scheduling: SchedulingService,
    private readonly trigger: DeadlineTriggerService,
    private readonly chains: ChainsRepository,
    private readonly history: EventsRepository,
    private readonly steps: StepsViewService,
    private readonly files: FilesService,
  ) {}

  /** Creates a task (see {@link createWithin}); given `tx`, inside the caller's transaction (an import creates a notice's tasks together). */
  async create(user: AuthUser, input: NewTask, tx?: Tx): Promise<TaskDetail> {
    const id = tx ? await this.createWithin(tx, user, input) : await this.transactions.run((work) => this.createWithin(work, user, input));
    return this.detail(user, id, tx);
  }

  /**
   * The one way a task comes to be (the api, a meeting's decisions, the notice importer): checked, inserted as a
   * DRAFT with its co-units and its `create` event, in the caller's transaction. Answers its id.
   */
  async createWithin(tx: Tx, actor: TaskActorRef, input: NewTask): Promise<number> {
    const now = this.clock.now();
    if (isDecision(actor)) {
      if (actor.issuerUnitId !== input.issuerUnitId) throw new BadRequestException(`issuerUnitId: the decision issues tasks from unit ${actor.issuerUnitId}`);
    } else if (!hasAnyRole(actor, 'ADMIN', 'SUPERVISOR')) {
      if (!actor.roles.includes('LEAD_UNIT')) throw new ForbiddenException('only an issuing unit, a supervisor or an admin may create tasks');
      if (actor.unitId !== input.issuerUnitId) throw new ForbiddenException('issuerUnitId: you may only issue tasks from your own unit');
      if (input.policyId !== undefined) throw new ForbiddenException("policyId: only a supervisor or an admin chooses a task's escalation policy; others get the default");
    }
    const recordsHistory = isDecision(actor) && actor.user === null;
    if (!recordsHistory && input.dueAt.getTime() <= now.getTime()) throw new BadRequestException('dueAt must be in the future');
    if ([...input.title].length > TASK_TITLE_MAX_LENGTH) throw new BadRequestException(`title: at most ${TASK_TITLE_MAX_LENGTH} characters`);
    const coUnitIds = [...new Set(input.coUnitIds ?? [])];
    if (coUnitIds.includes(input.ownerUnitId)) throw new BadRequestException('coUnitIds must not include ownerUnitId');

    await this.references.assert(tx, 'unit', 'issuerUnitId', [input.issuerUnitId]);
    await this.references.assert(tx, 'unit', 'ownerUnitId', [input.ownerUnitId]);
    await this.references.assert(tx, 'unit', 'coUnitIds', coUnitIds);
    await this.references.assert(tx, 'chain', 'chainId', [input.chainId]);
    await this.references.assert(tx, 'escalation policy', 'policyId', [input.policyId]);
    if (input.parentId !== undefined) {
      const parent = await (isDecision(actor) ? this.findIssuedBy(actor.issuerUnitId, input.parentId, tx) : this.findVisible(actor, input.parentId, tx));
      if (parent.parentId !== null) throw new ConflictException(`parentId: task ${parent.id} is itself a sub-task; sub-tasks are not split again (one level only)`);
    }
    if (!isDecision(actor)) await this.assertAssignable(tx, actor, { ownerUnitId: input.ownerUnitId, coUnitIds, chainId: input.chainId });
    return this.repo.insert(
      tx,
      {
        parentId: input.parentId ?? null,
        title: input.title,
        description: input.description ?? null,
        issuerUnitId: input.issuerUnitId,
        ownerUnitId: input.ownerUnitId,
        coUnitIds,
        chainId: input.chainId ?? null,
        policyId: input.policyId ?? null,
        priority: input.priority ?? 'NORMAL',
        sourceKind: input.source?.kind ?? null,
        sourceRef: input.source?.ref ?? null,
        dueAt: input.dueAt,
        createdBy: actorIdOf(actor),
        at: now,
      },
      { actorId: actorIdOf(actor), data: { dueAt: input.dueAt.toISOString() } },
    );
  }

  /** Tasks in the caller's scope, soonest due first; list rows leave the description to the record. */
  async list(user: AuthUser, filter: TaskFilter, page: PageRequest): Promise<Page<TaskListItem>> {
    const { rows, total } = await this.repo.page(this.listFilter(user, filter), pageOffset(page));
    const now = this.clock.now();
    return { items: rows.map((row) => this.listItemOf(row, row.coUnitIds, now)), total };
  }

  /** How many tasks the list would answer for this filter (the dashboard's counts). */
  count(user: AuthUser, filter: TaskFilter): Promise<number> {
    return this.repo.count(this.listFilter(user, filter));
  }

  /** The caller's scope and the filter, for the repository; the light's filter is generated from the domain's rules. */
  private listFilter(user: AuthUser, filter: TaskFilter): TaskListFilter {
    const now = this.clock.now();
    return {
      scopes: [taskScope(user)],
      todo: filter.todo ? todoActorOf(user) : undefined,
      split: filter.split,
      states: filter.state,
      ownerUnitId: filter.ownerUnitId,
      issuerUnitId: filter.issuerUnitId,
      chainId: filter.chainId,
      parentId: filter.parentId,
      escalationLevel: filter.escalationLevel,
      titleLike: filter.q ? likeContains(filter.q) : undefined,
      dueFrom: filter.dueFrom,
      dueTo: filter.dueTo,
      timeliness: filter.timeliness ? { value: filter.timeliness, now, soon: new Date(now.getTime() + this.config.tasks.dueSoonWindowMs) } : undefined,
    };
  }

  get(user: AuthUser, id: number): Promise<TaskDetail> {
    return this.detail(user, id);
  }

  private async detail(user: AuthUser, id: number, tx?: Tx): Promise<TaskDetail> {
    const task = await this.findVisible(user, id, tx);
    const [view] = await this.toViews([task], tx);
    const children = (await this.repo.children([id], tx)).get(id) ?? [];
    return {
      ...view,
      steps: await this.steps.of('TASK', task),
      files: (await this.files.ofSubjects('TASK', [id])).get(id) ?? [],
      children: children.map((c) => this.subtaskView(c)),
      progress: children.length ? progressOf(children.map((c) => c.state)) : null,
    };
  }

  private subtaskView(c: SubtaskRow): SubtaskView {
    return {
      id: c.id,
      ownerUnitId: c.ownerUnitId,
      state: c.state,
      timeliness: deriveTimeliness(c, this.clock.now(), this.config.tasks.dueSoonWindowMs),
      escalationLevel: c.escalationLevel,
      dueAt: c.dueAt.toISOString(),
      progress: c.state === 'DONE' ? 1 : 0,
    };
  }

  /**
   * 任务分解: splits a task into one sub-task per unit, each issued by the task's issuer, assigned at
   * once and escalated on its own. The task becomes a container (see the domain's subtasks.ts): its
   * own escalation stops and its open supervision entry closes, and its state rolls up from its
   * children. The split is recorded on the task; answers the task with its children.
   */
  async split(user: AuthUser, id: number, input: SplitInput): Promise<TaskDetail> {
    const nextSteps = await this.transactions.run(async (tx) => {
      await this.findVisible(user, id, tx);
      const parent = (await this.repo.lock(id, tx))!;
      const existing = (await this.repo.children([id], tx, true)).get(id) ?? [];
      const now = this.clock.now();
      const dueAt = input.dueAt ?? parent.dueAt;
      const outcome = decideSplit({
        actors: taskActorsOf(user, parent),
        parent,
        ownerUnitIds: input.ownerUnitIds,
        existingOwnerUnitIds: existing.map((c) => c.ownerUnitId),
        dueAt,
        now,
      });
      if (!outcome.ok) {
        if (outcome.error === 'FORBIDDEN') throw new ForbiddenException(outcome.message);
        if (outcome.error === 'CONFLICT') throw new ConflictException(outcome.message);
        throw new BadRequestException(outcome.message);
      }
      await this.references.assert(tx, 'unit', 'ownerUnitIds', input.ownerUnitIds);
      await this.assertAssignable(tx, user, { ownerUnitId: input.ownerUnitIds[0], coUnitIds: input.ownerUnitIds.slice(1), chainId: undefined });
      const eventId = await this.repo.change(
        tx,
        parent,
        { updatedAt: now, extensionDueAt: null, extensionReason: null, extensionRequestedAt: null, extensionRequestedBy: null },
        {
          at: now,
          actorId: user.id,
          action: SPLIT_ACTION,
          fromState: parent.state,
          toState: parent.state,
          comment: null,
          data: { ownerUnitIds: input.ownerUnitIds, dueAt: dueAt.toISOString() },
        },
      );
      if (eventId === null) throw new ConflictException('the task was changed by someone else; reload it and retry');
      // Supervision goes to the late child, not to the container.
      await this.scheduling.settle(tx, SUBJECTS.TASK, [id], now);
      // The split is the issuer's decision: the children are issued and assigned in its name, recorded as the caller's act.
      const decision: IssuingDecision = { user, issuerUnitId: parent.issuerUnitId };
      const coUnits = (await this.repo.coUnits([id], tx)).get(id) ?? [];
      const nextAt: (Date | null)[] = [];
      for (const ownerUnitId of input.ownerUnitIds) {
        const childId = await this.createWithin(tx, decision, {
          title: parent.title,
          description: parent.description ?? undefined,
          issuerUnitId: parent.issuerUnitId,
          ownerUnitId,
          coUnitIds: coUnits.filter((u) => u !== ownerUnitId),
          dueAt,
          chainId: parent.chainId ?? undefined,
          policyId: parent.policyId ?? undefined,
          priority: parent.priority,
          source: parent.sourceKind ? { kind: parent.sourceKind, ref: parent.sourceRef ?? '' } : undefined,
          parentId: id,
        });
        nextAt.push(await this.transitionWithin(tx, decision, childId, { action: 'assign' }));
      }
      return nextAt;
    });
    await this.trigger.arm(nextSteps);
    return this.get(user, id);
  }

  /**
   * Rolls a parent's state up from its children after one of them changed (the domain's
   * {@link decideRollUp}): a conditional UPDATE of the parent and its `rollup` event, in the
   * child's transaction, which holds the parent's lock.
   */
  private async rollUp(tx: Tx, parentId: number, actorId: number | null, now: Date): Promise<void> {
    const parent = await this.repo.lock(parentId, tx);
    if (!parent) return;
    const children = ((await this.repo.children([parentId], tx, true)).get(parentId) ?? []).map((c) => c.state);
    const decision = decideRollUp(parent.state, children);
    if (!decision) return;
    const changes: TaskChanges = { state: decision.to, updatedAt: now };
    if (decision.to === 'DONE') changes.completedAt = now;
    const eventId = await this.repo.change(tx, parent, changes, {
      at: now,
      actorId,
      action: ROLL_UP_ACTION,
      fromState: decision.from,
      toState: decision.to,
      comment: decision.comment,
      data: { children: children.length, done: children.filter((s) => s === 'DONE').length, progress: progressOf(children) },
    });
    if (eventId === null) throw new ConflictException(`task ${parentId} was changed by someone else; retry`);
    if (decision.to === 'DONE' || decision.to === 'CANCELLED') await this.scheduling.settle(tx, SUBJECTS.TASK, [parentId], now);
  }

  /** Cancelling a parent cancels its open children, each with the parent's reason and its own event. */
  private async cancelChildren(tx: Tx, children: SubtaskRow[], actorId: number | null, comment: string | null, parentId: number, now: Date): Promise<void> {
    const open = children.filter((c) => OPEN_TASK_STATES.includes(c.state));
    for (const child of open) {
      const changes: TaskChanges = { state: 'CANCELLED', updatedAt: now, extensionDueAt: null, extensionReason: null, extensionRequestedAt: null, extensionRequestedBy: null };
      const eventId = await this.repo.change(tx, child, changes, { at: now, actorId, action: 'cancel', fromState: child.state, toState: 'CANCELLED', comment, data: { parentId } });
      if (eventId === null) throw new ConflictException(`sub-task ${child.id} was changed by someone else; reload it and retry`);
    }
    await this.scheduling.settle(
      tx,
      SUBJECTS.TASK,
      open.map((c) => c.id),
      now,
    );
  }

  /** The task's timeline, oldest first. */
  async events(user: AuthUser, id: number): Promise<Page<SubjectEventView>> {
    await this.findVisible(user, id);
    return timeline(await this.history.ofSubject('TASK', id), await this.files.ofSubject('TASK', id));
  }

  /**
   * Applies one lifecycle action: decided by the pure table, persisted by a conditional
   * UPDATE on (id, state, version) and recorded by an event in the same transaction.
   */
  async transition(user: AuthUser, id: number, input: TransitionInput): Promise<TaskDetail> {
    const nextStepAt = await this.transactions.run((tx) => this.transitionWithin(tx, user, id, input));
    await this.trigger.arm([nextStepAt]);
    return this.get(user, id);
  }

  /**
   * {@link transition} in the caller's transaction. Answers when the task's next escalation step
   * falls, for the caller to arm once its transaction has committed.
   */
  async transitionWithin(tx: Tx, actor: TaskActorRef, id: number, input: TransitionInput): Promise<Date | null> {
    const found = isDecision(actor) ? await this.findIssuedBy(actor.issuerUnitId, id, tx) : await this.findVisible(actor, id, tx);
    // A parent is locked before its child changes, so the children's roll-ups queue one after another.
    if (found.parentId !== null) await this.repo.lock(found.parentId, tx);
    const task = (await this.repo.lock(id, tx)) ?? found;
    const children = (await this.repo.children([id], tx, true)).get(id) ?? [];
    if (input.version !== undefined && input.version !== task.version) {
      throw new ConflictException(`version: the task is at version ${task.version}, not ${input.version}; reload it and retry`);
    }
    const now = this.clock.now();
    const reassignTo = input.ownerUnitId !== undefined && input.ownerUnitId !== task.ownerUnitId ? input.ownerUnitId : null;
    if (input.ownerUnitId !== undefined && input.action !== 'assign') throw new BadRequestException('ownerUnitId may only be given with action assign');
    if (input.fileIds?.length && !EVIDENCE_ACTIONS.includes(input.action))
      throw new BadRequestException('fileIds: files attach to a submission (submit) or a return (return) only');
    this.files.assertFileIds(input.fileIds);
    const outcome = decideTransition(
      {
        state: task.state,
        split: children.length > 0,
        dueAt: task.dueAt,
        issuerUnitId: task.issuerUnitId,
        ownerUnitId: task.ownerUnitId,
        extension: task.extensionDueAt ? { dueAt: task.extensionDueAt } : null,
      },
      { action: input.action, actors: actorsOf(actor, task), ofOwnerUnit: isOfOwnerUnit(unitOf(actor), task), now, comment: input.comment, dueAt: input.dueAt },
    );
    if (!outcome.ok) {
      if (outcome.error === 'FORBIDDEN') throw new ForbiddenException(outcome.message);
      if (outcome.error === 'CONFLICT') throw new ConflictException(outcome.message);
      throw new BadRequestException(outcome.message);
    }
    if (reassignTo !== null) {
      await this.references.assert(tx, 'unit', 'ownerUnitId', [reassignTo]);
      const coUnits = (await this.repo.coUnits([id], tx)).get(id) ?? [];
      if (coUnits.includes(reassignTo)) throw new BadRequestException('ownerUnitId is already a co-unit of this task');
      if (!isDecision(actor)) await this.assertAssignable(tx, actor, { ownerUnitId: reassignTo, coUnitIds: [], chainId: undefined });
    }

    const extensionChanged = (outcome.extension?.dueAt.getTime() ?? null) !== (task.extensionDueAt?.getTime() ?? null);
    const changes: TaskChanges = { state: outcome.to, dueAt: outcome.dueAt, updatedAt: now };
    if (extensionChanged) {
      changes.extensionDueAt = outcome.extension?.dueAt ?? null;
      changes.extensionReason = outcome.extension ? (input.comment ?? null) : null;
      changes.extensionRequestedAt = outcome.extension ? now : null;
      changes.extensionRequestedBy = outcome.extension ? actorIdOf(actor) : null;
    }
    if (outcome.to === 'DONE') changes.completedAt = now;
    if (reassignTo !== null) changes.ownerUnitId = reassignTo;
    // A declined task starts over when it is assigned again: a new schedule, no escalation.
    const eventId = await this.repo.change(
      tx,
      task,
      changes,
      {
        at: now,
        actorId: actorIdOf(actor),
        action: input.action,
        fromState: outcome.from,
        toState: outcome.to,
        comment: input.comment ?? null,
        data: this.eventData(task, outcome.dueAt, outcome.extension?.dueAt ?? null, input.action, reassignTo),
      },
      input.action === 'decline',
    );
    if (eventId === null) throw new ConflictException('the task was changed by someone else; reload it and retry');
    if (input.fileIds?.length) {
      if (isDecision(actor)) throw new BadRequestException('fileIds: a decision carries no files');
      await this.files.attachWithin(tx, actor, input.fileIds, { type: 'TASK', id, eventId }, now);
    }
    if (outcome.to === 'CANCELLED' && children.length) await this.cancelChildren(tx, children, actorIdOf(actor), input.comment ?? null, id, now);
    if (task.parentId !== null) await this.rollUp(tx, task.parentId, actorIdOf(actor), now);

    // The deadline engine follows the task from assignment to closure (or until it is declined).
    if (outcome.to === 'DONE' || outcome.to === 'CANCELLED' || input.action === 'decline') {
      await this.scheduling.settle(tx, SUBJECTS.TASK, [id], now);
      return null;
    }
    if (input.action === 'assign' || (input.action === 'approve_extension' && outcome.dueAt.getTime() !== task.dueAt.getTime())) {
      return this.scheduling.schedule(tx, SUBJECTS.TASK, id, outcome.dueAt, task.policyId, now, input.action !== 'assign');
    }
    return null;
  }

  private eventData(task: TaskEntity, dueAt: Date, extensionDueAt: Date | null, action: TaskAction, reassignTo: number | null): Record<string, unknown> | null {
    switch (action) {
      case 'assign':
        return reassignTo === null ? null : { previousOwnerUnitId: task.ownerUnitId, ownerUnitId: reassignTo };
      case 'decline':
        return { ownerUnitId: task.ownerUnitId };
      case 'request_extension':
        return { dueAt: task.dueAt.toISOString(), requestedDueAt: extensionDueAt?.toISOString() };
      case 'approve_extension':
        return { previousDueAt: task.dueAt.toISOString(), dueAt: dueAt.toISOString() };
      case 'reject_extension':
        return { rejectedDueAt: task.extensionDueAt?.toISOString(), dueAt: dueAt.toISOString() };
      default:
        return null;
    }
  }

  /**
   * Lead-unit staff assign only to units of the chains their unit leads (and only on those
   * chains); supervisors and admins to any unit.
   */
  private async assertAssignable(tx: Tx, user: AuthUser, target: { ownerUnitId: number; coUnitIds: number[]; chainId: number | undefined }): Promise<void> {
    if (seesEverything(user) || user.unitId === null) return;
    const outside = await this.chains.unitsOutsideChainsLedBy(user.unitId, [target.ownerUnitId, ...target.coUnitIds], tx);
    if (outside.includes(target.ownerUnitId)) throw new ForbiddenException(`ownerUnitId: your unit may assign tasks only to units of the chains it leads`);
    if (outside.length > 0) throw new ForbiddenException(`coUnitIds: unit(s) ${outside.join(', ')} are not on a chain your unit leads`);
    if (target.chainId !== undefined && !(await this.chains.isLedBy(target.chainId, user.unitId, tx))) {
      throw new ForbiddenException('chainId: your unit does not lead this chain');
    }
  }

  /** The task if the caller may see it; otherwise 404, as if it did not exist. */
  private async findVisible(user: AuthUser, id: number, tx?: Tx): Promise<TaskEntity> {
    const task = await this.repo.findIn(taskScope(user), id, tx);
    if (!task) throw new NotFoundException(`task ${id} not found`);
    return task;
  }

  /** A task the deciding unit issued (a mechanism's decision acts on its own tasks only). */
  private async findIssuedBy(issuerUnitId: number, id: number, tx: Tx): Promise<TaskEntity> {
    const task = await this.repo.findIssuedBy(issuerUnitId, id, tx);
    if (!task) throw new NotFoundException(`task ${id} not found`);
    return task;
  }

  private async toViews(tasks: TaskEntity[], tx?: Tx): Promise<TaskView[]> {
    const coUnits = await this.repo.coUnits(
      tasks.map((t) => t.id),
      tx,
    );
    const now = this.clock.now();
    return tasks.map((t) => ({ ...this.listItemOf(t, coUnits.get(t.id) ?? [], now), description: t.description }));
  }

  /** What a person sees of a task in a list (a list row or a whole task). */
  private listItemOf(t: Omit<TaskListRow, 'coUnitIds'>, coUnitIds: number[], now: Date): TaskListItem {
    return {
      id: t.id,
      parentId: t.parentId,
      title: t.title,
      state: t.state,
      timeliness: deriveTimeliness(t, now, this.config.tasks.dueSoonWindowMs),
      escalationLevel: t.escalationLevel,
      dueAt: t.dueAt.toISOString(),
      version: t.version,
      issuerUnitId: t.issuerUnitId,
      ownerUnitId: t.ownerUnitId,
      coUnitIds,
      chainId: t.chainId,
      policyId: t.policyId,
      priority: t.priority,
      source: t.sourceKind ? { kind: t.sourceKind, ref: t.sourceRef } : null,
      extension: t.extensionDueAt
        ? {
            dueAt: t.extensionDueAt.toISOString(),
            reason: t.extensionReason,
            requestedAt: t.extensionRequestedAt?.toISOString() ?? null,
            requestedBy: t.extensionRequestedBy,
          }
        : null,
      completedAt: t.completedAt?.toISOString() ?? null,
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
    };
  }
}

function isDecision(actor: TaskActorRef): actor is IssuingDecision {
  return 'issuerUnitId' in actor;
}

/** Who the record names as having acted: the user, the user behind a decision, or no one (a profile's load). */
function actorIdOf(actor: TaskActorRef): number | null {
  return isDecision(actor) ? (actor.user?.id ?? null) : actor.id;
}

/** A decision acts as its issuing unit does (交办 as the issuer); a user as their roles and unit stand to the task. */
function actorsOf(actor: TaskActorRef, task: TaskEntity): Set<TaskActor> {
  return isDecision(actor) ? new Set<TaskActor>(actor.issuerUnitId === task.issuerUnitId ? ['ISSUER'] : []) : taskActorsOf(actor, task);
}

function unitOf(actor: TaskActorRef): { unitId: number | null } {
  return isDecision(actor) ? { unitId: actor.issuerUnitId } : actor;
}
