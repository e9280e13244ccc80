import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { AppConfig } from '@duban/config';
import {
  Clock,
  decideTransition,
  deriveTimeliness,
  isOfOwnerUnit,
  TaskAction,
  TaskActor,
  taskActorsOf,
  TaskState,
  Timeliness,
} from '@duban/domain';
import {
  appendEvents,
  ChainEntity,
  ChainsRepository,
  EscalationPolicyEntity,
  EventsRepository,
  TaskCoUnitEntity,
  TaskEntity,
  TaskPriority,
  SUBJECTS,
  TASK_TIMELINESS_COLUMNS,
  timelinessWhere,
  Tx,
  UnitEntity,
  UserEntity,
} from '@duban/persistence';
import { AuthUser, hasAnyRole, seesEverything } from '../auth/auth-user';
import { likeContains, Page, PageRequest, pageOffset } from '../common/page';
import { assertReferences } from '../common/references';
import { SubjectEventView, timeline } from '../common/events';
import { DeadlineTriggerService } from '../engine/deadline-trigger.service';
import { SchedulingService } from '../engine/scheduling.service';
import { StepsViewService, StepView } from '../engine/steps-view.service';
import { FilesService, FileView } from '../files/files.service';
import { applyTaskScope, todoScope, whereScope } from './task-scope';

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
  /** What the caller can act on now (see {@link todoScope}). */
  todo?: boolean;
  ownerUnitId?: number;
  issuerUnitId?: number;
  chainId?: number;
  escalationLevel?: number;
  q?: string;
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
 * A mechanism's decision issuing tasks in its own name (a meeting's minutes): the task is issued
 * by `issuerUnitId`, as that unit would issue it, and recorded as the act of `user`, who set it
 * going. The deciding context has checked that `user` may take that decision.
 */
export interface IssuingDecision {
  user: AuthUser;
  issuerUnitId: number;
}

/** Who creates or moves a task: a user with what their roles and unit allow, or a mechanism's decision. */
export type TaskActorRef = AuthUser | IssuingDecision;

/** A row of a task list: the record without its long text. */
export type TaskListItem = Omit<TaskView, 'description'>;

/** One entry of a task's timeline. */
export type TaskEventView = SubjectEventView;

/** One task with its escalation steps, done and to come, and its evidence files. */
export type TaskDetail = TaskView & { steps: StepView[]; files: FileView[] };

/** The actions that carry evidence files. */
const EVIDENCE_ACTIONS: readonly TaskAction[] = ['submit', 'return'];

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
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
    const id = tx ? await this.createWithin(tx, user, input) : await this.db.transaction((em) => this.createWithin(em, user, input));
    return this.detail(tx ?? this.db.manager, user, id);
  }

  /**
   * The one way a task comes to be (the api, a meeting's decisions, the notice importer): checked, inserted as a
   * DRAFT with its co-units and its `create` event, in the caller's transaction. Answers its id.
   */
  async createWithin(em: EntityManager, actor: TaskActorRef, input: NewTask): Promise<number> {
    const user = actingUser(actor);
    if (isDecision(actor)) {
      if (actor.issuerUnitId !== input.issuerUnitId) throw new BadRequestException(`issuerUnitId: the decision issues tasks from unit ${actor.issuerUnitId}`);
    } else if (!hasAnyRole(user, 'ADMIN', 'SUPERVISOR')) {
      if (!user.roles.includes('LEAD_UNIT')) throw new ForbiddenException('only an issuing unit, a supervisor or an admin may create tasks');
      if (user.unitId !== input.issuerUnitId) throw new ForbiddenException('issuerUnitId: you may only issue tasks from your own unit');
      if (input.policyId !== undefined) throw new ForbiddenException("policyId: only a supervisor or an admin chooses a task's escalation policy; others get the default");
    }
    const now = this.clock.now();
    if (input.dueAt.getTime() <= now.getTime()) throw new BadRequestException('dueAt must be in the future');
    const coUnitIds = [...new Set(input.coUnitIds ?? [])];
    if (coUnitIds.includes(input.ownerUnitId)) throw new BadRequestException('coUnitIds must not include ownerUnitId');

    await assertReferences(em, UnitEntity, 'issuerUnitId', [input.issuerUnitId], 'unit');
    await assertReferences(em, UnitEntity, 'ownerUnitId', [input.ownerUnitId], 'unit');
    await assertReferences(em, UnitEntity, 'coUnitIds', coUnitIds, 'unit');
    await assertReferences(em, ChainEntity, 'chainId', [input.chainId], 'chain');
    await assertReferences(em, EscalationPolicyEntity, 'policyId', [input.policyId], 'escalation policy');
    if (input.parentId !== undefined) await this.findVisible(em, user, input.parentId);
    if (!isDecision(actor)) await this.assertAssignable(em, user, { ownerUnitId: input.ownerUnitId, coUnitIds, chainId: input.chainId });
    const { identifiers } = await em.insert(TaskEntity, {
      parentId: input.parentId ?? null,
      title: input.title,
      description: input.description ?? null,
      state: 'DRAFT',
      version: 1,
      issuerUnitId: input.issuerUnitId,
      ownerUnitId: input.ownerUnitId,
      chainId: input.chainId ?? null,
      policyId: input.policyId ?? null,
      priority: input.priority ?? 'NORMAL',
      sourceKind: input.source?.kind ?? null,
      sourceRef: input.source?.ref ?? null,
      dueAt: input.dueAt,
      createdBy: user.id,
      createdAt: now,
      updatedAt: now,
    });
    const taskId = Number(identifiers[0].id);
    if (coUnitIds.length > 0) await em.insert(TaskCoUnitEntity, coUnitIds.map((unitId) => ({ taskId, unitId })));
    await appendEvents(em, [
      { subjectType: 'TASK', subjectId: taskId, at: now, actorId: user.id, action: 'create', fromState: null, toState: 'DRAFT', data: { dueAt: input.dueAt.toISOString() } },
    ]);
    return taskId;
  }

  /** Tasks in the caller's scope, soonest due first; list rows leave the description to the record. */
  async list(user: AuthUser, filter: TaskFilter, page: PageRequest): Promise<Page<TaskListItem>> {
    const qb = this.filtered(user, filter);
    const { skip, take } = pageOffset(page);
    // Plain LIMIT/OFFSET and COUNT(*): TypeORM's skip/take and getCount add a DISTINCT pass a join-free query does not need.
    const [rows, count] = await Promise.all([
      qb.clone().orderBy('t.due_at', 'ASC').addOrderBy('t.id', 'ASC').offset(skip).limit(take).getMany(),
      qb.clone().select('COUNT(*)', 'n').getRawOne<{ n: string }>(),
    ]);
    const views = await this.toViews(this.db.manager, rows);
    return { items: views.map(({ description: _description, ...item }) => item), total: Number(count?.n ?? 0) };
  }

  /** How many tasks the list would answer for this filter (the dashboard's counts). */
  async count(user: AuthUser, filter: TaskFilter): Promise<number> {
    const row = await this.filtered(user, filter).select('COUNT(*)', 'n').getRawOne<{ n: string }>();
    return Number(row?.n ?? 0);
  }

  private filtered(user: AuthUser, filter: TaskFilter): SelectQueryBuilder<TaskEntity> {
    const qb = applyTaskScope(this.db.getRepository(TaskEntity).createQueryBuilder('t'), user);
    if (filter.state?.length) qb.andWhere('t.state IN (:...states)', { states: filter.state });
    if (filter.ownerUnitId !== undefined) qb.andWhere('t.owner_unit_id = :owner', { owner: filter.ownerUnitId });
    if (filter.issuerUnitId !== undefined) qb.andWhere('t.issuer_unit_id = :issuer', { issuer: filter.issuerUnitId });
    if (filter.chainId !== undefined) qb.andWhere('t.chain_id = :chain', { chain: filter.chainId });
    if (filter.escalationLevel !== undefined) qb.andWhere('t.escalation_level = :level', { level: filter.escalationLevel });
    if (filter.q) qb.andWhere('t.title LIKE :q', { q: likeContains(filter.q) });
    if (filter.timeliness) this.whereTimeliness(qb, filter.timeliness);
    if (filter.dueFrom) qb.andWhere('t.due_at >= :dueFrom', { dueFrom: filter.dueFrom });
    if (filter.dueTo) qb.andWhere('t.due_at <= :dueTo', { dueTo: filter.dueTo });
    if (filter.todo) whereScope(qb, todoScope(user));
    return qb;
  }

  async get(user: AuthUser, id: number): Promise<TaskDetail> {
    return this.detail(this.db.manager, user, id);
  }

  private async detail(em: EntityManager, user: AuthUser, id: number): Promise<TaskDetail> {
    const task = await this.findVisible(em, user, id);
    const [view] = await this.toViews(em, [task]);
    return { ...view, steps: await this.steps.of('TASK', task), files: (await this.files.ofSubjects('TASK', [id])).get(id) ?? [] };
  }

  /** The task's timeline, oldest first. */
  async events(user: AuthUser, id: number): Promise<Page<SubjectEventView>> {
    await this.findVisible(this.db.manager, user, id);
    return timeline(await this.history.ofSubject('TASK', id), await this.files.ofSubject('TASK', id));
  }

  /**
   * Applies one lifecycle action: decided by the pure table, persisted by a conditional
   * UPDATE on (id, state, version) and recorded by an event in the same transaction.
   */
  async transition(user: AuthUser, id: number, input: TransitionInput): Promise<TaskDetail> {
    const nextStepAt = await this.db.transaction((em) => this.transitionWithin(em, user, id, input));
    await this.trigger.arm([nextStepAt]);
    return this.get(user, id);
  }

  /**
   * {@link transition} in the caller's transaction. Answers when the task's next escalation step
   * falls, for the caller to arm once its transaction has committed.
   */
  async transitionWithin(em: EntityManager, actor: TaskActorRef, id: number, input: TransitionInput): Promise<Date | null> {
    const user = actingUser(actor);
    const task = isDecision(actor) ? await this.findIssuedBy(em, actor.issuerUnitId, id) : await this.findVisible(em, user, id);
    if (input.version !== undefined && input.version !== task.version) {
      throw new ConflictException(`version: the task is at version ${task.version}, not ${input.version}; reload it and retry`);
    }
    const now = this.clock.now();
    const reassignTo = input.ownerUnitId !== undefined && input.ownerUnitId !== task.ownerUnitId ? input.ownerUnitId : null;
    if (input.ownerUnitId !== undefined && input.action !== 'assign') throw new BadRequestException('ownerUnitId may only be given with action assign');
    if (input.fileIds?.length && !EVIDENCE_ACTIONS.includes(input.action)) throw new BadRequestException('fileIds: files attach to a submission (submit) or a return (return) only');
    this.files.assertFileIds(input.fileIds);
    const outcome = decideTransition(
      {
        state: task.state,
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
      await assertReferences(em, UnitEntity, 'ownerUnitId', [reassignTo], 'unit');
      const coUnits = await em.find(TaskCoUnitEntity, { where: { taskId: id } });
      if (coUnits.some((c) => c.unitId === reassignTo)) throw new BadRequestException('ownerUnitId is already a co-unit of this task');
      if (!isDecision(actor)) await this.assertAssignable(em, user, { ownerUnitId: reassignTo, coUnitIds: [], chainId: undefined });
    }

    const extensionChanged = (outcome.extension?.dueAt.getTime() ?? null) !== (task.extensionDueAt?.getTime() ?? null);
    const changes: Partial<TaskEntity> = { state: outcome.to, dueAt: outcome.dueAt, updatedAt: now };
    if (extensionChanged) {
      changes.extensionDueAt = outcome.extension?.dueAt ?? null;
      changes.extensionReason = outcome.extension ? (input.comment ?? null) : null;
      changes.extensionRequestedAt = outcome.extension ? now : null;
      changes.extensionRequestedBy = outcome.extension ? user.id : null;
    }
    if (outcome.to === 'DONE') changes.completedAt = now;
    if (reassignTo !== null) changes.ownerUnitId = reassignTo;
    // A declined task starts over when it is assigned again: a new schedule, no escalation.
    const restart = input.action === 'decline' ? { escalationLevel: 0, reminded: false, scheduleGen: () => 'schedule_gen + 1' } : {};

    const result = await em
      .createQueryBuilder()
      .update(TaskEntity)
      .set({ ...changes, ...restart, version: () => 'version + 1' })
      .where('id = :id AND state = :state AND version = :version', { id, state: task.state, version: task.version })
      .execute();
    if (result.affected !== 1) throw new ConflictException('the task was changed by someone else; reload it and retry');

    const [eventId] = await appendEvents(em, [
      {
        subjectType: 'TASK',
        subjectId: id,
        at: now,
        actorId: user.id,
        action: input.action,
        fromState: outcome.from,
        toState: outcome.to,
        comment: input.comment ?? null,
        data: this.eventData(task, outcome.dueAt, outcome.extension?.dueAt ?? null, input.action, reassignTo),
      },
    ]);
    await this.files.attachWithin(em, user, input.fileIds, { type: 'TASK', id, eventId }, now);

    // The deadline engine follows the task from assignment to closure (or until it is declined).
    if (outcome.to === 'DONE' || outcome.to === 'CANCELLED' || input.action === 'decline') {
      await this.scheduling.settle(em, SUBJECTS.TASK, [id], now);
      return null;
    }
    if (input.action === 'assign' || (input.action === 'approve_extension' && outcome.dueAt.getTime() !== task.dueAt.getTime())) {
      return this.scheduling.schedule(em, SUBJECTS.TASK, id, outcome.dueAt, task.policyId, now, input.action !== 'assign');
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
  private async assertAssignable(em: EntityManager, user: AuthUser, target: { ownerUnitId: number; coUnitIds: number[]; chainId: number | undefined }): Promise<void> {
    if (seesEverything(user) || user.unitId === null) return;
    const outside = await this.chains.unitsOutsideChainsLedBy(user.unitId, [target.ownerUnitId, ...target.coUnitIds], em);
    if (outside.includes(target.ownerUnitId)) throw new ForbiddenException(`ownerUnitId: your unit may assign tasks only to units of the chains it leads`);
    if (outside.length > 0) throw new ForbiddenException(`coUnitIds: unit(s) ${outside.join(', ')} are not on a chain your unit leads`);
    if (target.chainId !== undefined && !(await this.chains.isLedBy(target.chainId, user.unitId, em))) {
      throw new ForbiddenException('chainId: your unit does not lead this chain');
    }
  }

  /** The task if the caller may see it; otherwise 404, as if it did not exist. */
  private async findVisible(em: EntityManager, user: AuthUser, id: number): Promise<TaskEntity> {
    const task = await applyTaskScope(em.getRepository(TaskEntity).createQueryBuilder('t'), user).andWhere('t.id = :id', { id }).getOne();
    if (!task) throw new NotFoundException(`task ${id} not found`);
    return task;
  }

  /** A task the deciding unit issued (a mechanism's decision acts on its own tasks only). */
  private async findIssuedBy(em: EntityManager, issuerUnitId: number, id: number): Promise<TaskEntity> {
    const task = await em.findOneBy(TaskEntity, { id, issuerUnitId });
    if (!task) throw new NotFoundException(`task ${id} not found`);
    return task;
  }

  /** The light's filter, generated from the domain's rules (the record's light and the list agree). */
  private whereTimeliness(qb: SelectQueryBuilder<TaskEntity>, timeliness: Timeliness): void {
    const now = this.clock.now();
    const soon = new Date(now.getTime() + this.config.tasks.dueSoonWindowMs);
    whereScope(qb, timelinessWhere(timeliness, TASK_TIMELINESS_COLUMNS, { now, soon }));
  }

  private async toViews(em: EntityManager, tasks: TaskEntity[]): Promise<TaskView[]> {
    const ids = tasks.map((t) => t.id);
    const coUnits = ids.length ? await em.find(TaskCoUnitEntity, { where: { taskId: In(ids) }, order: { unitId: 'ASC' } }) : [];
    const now = this.clock.now();
    return tasks.map((t) => ({
      id: t.id,
      parentId: t.parentId,
      title: t.title,
      description: t.description,
      state: t.state,
      timeliness: deriveTimeliness(t, now, this.config.tasks.dueSoonWindowMs),
      escalationLevel: t.escalationLevel,
      dueAt: t.dueAt.toISOString(),
      version: t.version,
      issuerUnitId: t.issuerUnitId,
      ownerUnitId: t.ownerUnitId,
      coUnitIds: coUnits.filter((c) => c.taskId === t.id).map((c) => c.unitId),
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
    }));
  }
}

function isDecision(actor: TaskActorRef): actor is IssuingDecision {
  return 'issuerUnitId' in actor;
}

function actingUser(actor: TaskActorRef): AuthUser {
  return isDecision(actor) ? actor.user : actor;
}

/** A decision acts as its issuing unit does (交办 as the issuer); a user as their roles and unit stand to the task. */
function actorsOf(actor: TaskActorRef, task: TaskEntity): Set<TaskActor> {
  return isDecision(actor) ? new Set<TaskActor>(actor.issuerUnitId === task.issuerUnitId ? ['ISSUER'] : []) : taskActorsOf(actor, task);
}

function unitOf(actor: TaskActorRef): { unitId: number | null } {
  return isDecision(actor) ? { unitId: actor.issuerUnitId } : actor;
}
