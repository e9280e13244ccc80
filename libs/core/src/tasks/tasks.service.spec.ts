import { BadRequestException, ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import type { AppConfig } from '@duban/config';
import { FixedClock } from '@duban/domain';
import { SUBJECTS, type ChainsRepository, type EventsRepository, type TaskEntity, type TasksRepository, type Transactions, type Tx } from '@duban/persistence';
import type { AuthUser } from '../auth/auth-user';
import { taskScope } from '../auth/scope';
import type { References } from '../common/references.service';
import type { DeadlineTriggerService } from '../engine/deadline-trigger.service';
import type { SchedulingService } from '../engine/scheduling.service';
import type { StepsViewService } from '../engine/steps-view.service';
import type { FilesService } from '../files/files.service';
import { TasksService } from './tasks.service';

/*
 * TasksService over mocked repositories: the one creation path checks and inserts a DRAFT with its
 * event; each lifecycle action is the domain's decision applied by one conditional change.
 */
const NOW = new Date('2026-07-01T02:00:00Z');
const DUE = new Date('2026-07-20T09:00:00Z');
const TX = { tx: 'the transaction' } as unknown as Tx;
const ISSUER = 10;
const OWNER = 30;
const issuer: AuthUser = { id: 2, username: 'gxj', displayName: '王芳', roles: ['LEAD_UNIT'], unitId: ISSUER, mustChangePassword: false };
const liaison: AuthUser = { id: 6, username: 'gaoxin', displayName: '刘洋', roles: ['UNIT_LIAISON'], unitId: OWNER, mustChangePassword: false };
const supervisor: AuthUser = { id: 3, username: 'ducha', displayName: '赵敏', roles: ['SUPERVISOR'], unitId: 50, mustChangePassword: false };

function task(patch: Partial<TaskEntity> = {}): TaskEntity {
  return {
    id: 7,
    parentId: null,
    title: '报送传感谷二期建设计划',
    description: null,
    state: 'IN_PROGRESS',
    version: 3,
    issuerUnitId: ISSUER,
    ownerUnitId: OWNER,
    chainId: 1,
    policyId: null,
    priority: 'NORMAL',
    sourceKind: null,
    sourceRef: null,
    dueAt: DUE,
    escalationLevel: 0,
    reminded: false,
    scheduleGen: 1,
    extensionDueAt: null,
    extensionReason: null,
    extensionRequestedAt: null,
    extensionRequestedBy: null,
    completedAt: null,
    createdBy: 2,
    createdAt: new Date('2026-06-01T00:00:00Z'),
    updatedAt: new Date('2026-06-01T00:00:00Z'),
    ...patch,
  } as TaskEntity;
}

function setup(row: TaskEntity | null = task()) {
  const repo = {
    insert: jest.fn(async () => 7),
    change: jest.fn(async (): Promise<string | null> => '9001'),
    findIn: jest.fn(async () => row),
    findIssuedBy: jest.fn(async () => row),
    lock: jest.fn(async () => row),
    children: jest.fn(async (ids: number[]) => new Map(ids.map((id) => [id, []]))),
    coUnits: jest.fn(async (ids: number[]) => new Map(ids.map((id) => [id, [31]]))),
    page: jest.fn(async () => ({ rows: row ? [row] : [], total: row ? 1 : 0 })),
    count: jest.fn(async () => 4),
  } as unknown as jest.Mocked<TasksRepository>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const references = { assert: jest.fn(async () => undefined) } as unknown as jest.Mocked<References>;
  const config = { tasks: { dueSoonWindowMs: 3 * 86_400_000 } } as AppConfig;
  const nextStep = new Date('2026-07-17T01:00:00Z');
  const scheduling = { schedule: jest.fn(async () => nextStep), settle: jest.fn(async () => undefined) } as unknown as jest.Mocked<SchedulingService>;
  const trigger = { arm: jest.fn(async () => undefined) } as unknown as jest.Mocked<DeadlineTriggerService>;
  const chains = { unitsOutsideChainsLedBy: jest.fn(async () => []), isLedBy: jest.fn(async () => true) } as unknown as jest.Mocked<ChainsRepository>;
  const history = { ofSubject: jest.fn(async () => []) } as unknown as jest.Mocked<EventsRepository>;
  const steps = { of: jest.fn(async () => []) } as unknown as jest.Mocked<StepsViewService>;
  const files = {
    ofSubjects: jest.fn(async (_type: string, ids: number[]) => new Map(ids.map((id) => [id, []]))),
    ofSubject: jest.fn(async () => []),
    assertFileIds: jest.fn(),
    attachWithin: jest.fn(async () => []),
  } as unknown as jest.Mocked<FilesService>;
  const service = new TasksService(transactions, repo, references, new FixedClock(NOW), config, scheduling, trigger, chains, history, steps, files);
  return { service, repo, transactions, references, scheduling, trigger, chains, nextStep, files };
}

const NEW = { title: '报送传感谷二期建设计划', issuerUnitId: ISSUER, ownerUnitId: OWNER, coUnitIds: [31, 31], dueAt: DUE, chainId: 1 };

describe('TasksService', () => {
  describe('create', () => {
    it('checks every reference, then inserts a DRAFT with its co-units and its create event, in one transaction', async () => {
      const { service, repo, references, transactions } = setup(task({ state: 'DRAFT', version: 1 }));
      const created = await service.create(issuer, NEW);
      expect(transactions.run).toHaveBeenCalledTimes(1);
      expect(references.assert.mock.calls).toEqual([
        [TX, 'unit', 'issuerUnitId', [ISSUER]],
        [TX, 'unit', 'ownerUnitId', [OWNER]],
        [TX, 'unit', 'coUnitIds', [31]],
        [TX, 'chain', 'chainId', [1]],
        [TX, 'escalation policy', 'policyId', [undefined]],
      ]);
      expect(repo.insert).toHaveBeenCalledWith(
        TX,
        expect.objectContaining({
          title: NEW.title,
          issuerUnitId: ISSUER,
          ownerUnitId: OWNER,
          coUnitIds: [31],
          chainId: 1,
          policyId: null,
          priority: 'NORMAL',
          dueAt: DUE,
          createdBy: issuer.id,
          at: NOW,
        }),
        { actorId: issuer.id, data: { dueAt: DUE.toISOString() } },
      );
      expect(created).toMatchObject({ id: 7, state: 'DRAFT', coUnitIds: [31], timeliness: 'ON_TRACK', steps: [] });
    });

    it("inside a caller's transaction, opens none of its own", async () => {
      const { service, repo, transactions } = setup();
      await service.create(issuer, NEW, TX);
      expect(transactions.run).not.toHaveBeenCalled();
      expect(repo.insert).toHaveBeenCalledWith(TX, expect.anything(), expect.anything());
      expect(repo.findIn).toHaveBeenCalledWith(taskScope(issuer), 7, TX);
    });

    it('refuses, inserting nothing: a liaison (403), another unit as issuer (403), a past due date (400), the owner among the co-units (400)', async () => {
      const cases: [AuthUser, object, unknown][] = [
        [liaison, NEW, ForbiddenException],
        [issuer, { ...NEW, issuerUnitId: 11 }, ForbiddenException],
        [issuer, { ...NEW, policyId: 2 }, ForbiddenException],
        [issuer, { ...NEW, dueAt: NOW }, BadRequestException],
        [issuer, { ...NEW, coUnitIds: [OWNER] }, BadRequestException],
      ];
      for (const [user, input, error] of cases) {
        const { service, repo } = setup();
        await expect(service.create(user, input as typeof NEW)).rejects.toThrow(error as typeof Error);
        expect(repo.insert).not.toHaveBeenCalled();
      }
    });

    it("refuses a lead unit's owner outside the chains it leads, naming the field", async () => {
      const { service, repo, chains } = setup();
      chains.unitsOutsideChainsLedBy.mockResolvedValue([OWNER]);
      await expect(service.create(issuer, NEW)).rejects.toThrow('ownerUnitId: your unit may assign tasks only to units of the chains it leads');
      expect(repo.insert).not.toHaveBeenCalled();
    });

    it("lets a mechanism's decision issue from its own unit only", async () => {
      const { service, repo } = setup();
      await expect(service.createWithin(TX, { user: supervisor, issuerUnitId: 12 }, NEW)).rejects.toThrow('issuerUnitId: the decision issues tasks from unit 12');
      await service.createWithin(TX, { user: supervisor, issuerUnitId: ISSUER }, NEW);
      expect(repo.insert).toHaveBeenCalledTimes(1);
    });
    it("records a profile's tasks as issued, past due dates included, but never cuts a title", async () => {
      const { service, repo } = setup();
      const load = { user: null, issuerUnitId: ISSUER };
      await service.createWithin(TX, load, { ...NEW, dueAt: new Date('2021-12-31T15:59:59Z') });
      expect(repo.insert).toHaveBeenCalledWith(
        TX,
        expect.objectContaining({ createdBy: null, dueAt: new Date('2021-12-31T15:59:59Z') }),
        expect.objectContaining({ actorId: null }),
      );
      await expect(service.createWithin(TX, load, { ...NEW, title: '链'.repeat(201) })).rejects.toThrow('title: at most 200 characters');
      await expect(service.createWithin(TX, { user: supervisor, issuerUnitId: ISSUER }, { ...NEW, dueAt: NOW })).rejects.toThrow('dueAt must be in the future');
      expect(repo.insert).toHaveBeenCalledTimes(1);
    });
  });

  describe('transition', () => {
    it('applies the decision as one conditional change on (id, state, version) with its event', async () => {
      const { service, repo, scheduling } = setup();
      await service.transition(liaison, 7, { action: 'submit', comment: '已完成', version: 3 });
      expect(repo.change).toHaveBeenCalledWith(
        TX,
        expect.objectContaining({ id: 7, state: 'IN_PROGRESS', version: 3 }),
        { state: 'SUBMITTED', dueAt: DUE, updatedAt: NOW },
        { at: NOW, actorId: liaison.id, action: 'submit', fromState: 'IN_PROGRESS', toState: 'SUBMITTED', comment: '已完成', data: null },
        false,
      );
      expect(scheduling.schedule).not.toHaveBeenCalled();
    });

    it("attaches a submission's evidence to its event, in its transaction; other acts take none", async () => {
      const { service, files } = setup();
      await service.transition(liaison, 7, { action: 'submit', fileIds: [31, 32] });
      expect(files.attachWithin).toHaveBeenCalledWith(TX, liaison, [31, 32], { type: 'TASK', id: 7, eventId: '9001' }, NOW);
      const other = setup(task({ state: 'ASSIGNED' }));
      await expect(other.service.transition(liaison, 7, { action: 'accept', fileIds: [31] })).rejects.toThrow(
        'fileIds: files attach to a submission (submit) or a return (return) only',
      );
      expect(other.repo.change).not.toHaveBeenCalled();
    });

    it('answers 409 when the task moved on meanwhile, and when the caller holds an older version', async () => {
      const moved = setup();
      moved.repo.change.mockResolvedValue(null);
      await expect(moved.service.transition(liaison, 7, { action: 'submit' })).rejects.toThrow(ConflictException);
      expect(moved.trigger.arm).not.toHaveBeenCalled();

      const stale = setup();
      await expect(stale.service.transition(liaison, 7, { action: 'submit', version: 2 })).rejects.toThrow('version: the task is at version 3, not 2');
      expect(stale.repo.change).not.toHaveBeenCalled();
    });

    it("maps the domain's refusals: not the owner (403), not in that state (409)", async () => {
      const { service, repo } = setup();
      await expect(service.transition(issuer, 7, { action: 'submit' })).rejects.toThrow(ForbiddenException);
      await expect(service.transition(liaison, 7, { action: 'accept' })).rejects.toThrow(ConflictException);
      expect(repo.change).not.toHaveBeenCalled();
    });

    it('schedules the deadline on assignment and arms the trigger after the commit', async () => {
      const { service, scheduling, trigger, nextStep } = setup(task({ state: 'DRAFT' }));
      await service.transition(issuer, 7, { action: 'assign' });
      expect(scheduling.schedule).toHaveBeenCalledWith(TX, SUBJECTS.TASK, 7, DUE, null, NOW, false);
      expect(trigger.arm).toHaveBeenCalledWith([nextStep]);
    });

    it('restarts the schedule when the owner declines, and settles it', async () => {
      const { service, repo, scheduling } = setup(task({ state: 'ASSIGNED' }));
      await expect(service.transition(liaison, 7, { action: 'decline' })).rejects.toThrow(BadRequestException);
      await service.transition(liaison, 7, { action: 'decline', comment: '不属于本单位职责' });
      expect(repo.change).toHaveBeenCalledWith(
        TX,
        expect.anything(),
        expect.objectContaining({ state: 'DRAFT' }),
        expect.objectContaining({ action: 'decline', data: { ownerUnitId: OWNER } }),
        true,
      );
      expect(scheduling.settle).toHaveBeenCalledWith(TX, SUBJECTS.TASK, [7], NOW);
    });

    it('refuses to reassign to a co-unit of the task', async () => {
      const { service, repo } = setup(task({ state: 'DRAFT' }));
      await expect(service.transition(issuer, 7, { action: 'assign', ownerUnitId: 31 })).rejects.toThrow('ownerUnitId is already a co-unit of this task');
      expect(repo.change).not.toHaveBeenCalled();
    });
  });

  describe('reading', () => {
    it('answers 404 for a task outside the caller’s scope', async () => {
      const { service, repo } = setup(null);
      await expect(service.get(liaison, 7)).rejects.toThrow(NotFoundException);
      expect(repo.findIn).toHaveBeenCalledWith(taskScope(liaison), 7, undefined);
    });

    it("narrows the list to the caller's scope, their to-do and the light as the domain defines it", async () => {
      const { service, repo } = setup();
      const page = await service.list(liaison, { todo: true, timeliness: 'DUE_SOON', q: '50%_' }, { page: 2, pageSize: 20 });
      expect(repo.page).toHaveBeenCalledWith(
        expect.objectContaining({
          scopes: [taskScope(liaison)],
          todo: { ownerUnitId: liaison.unitId, issuerUnitId: null, supervisor: false },
          titleLike: '%50\\%\\_%',
          timeliness: { value: 'DUE_SOON', now: NOW, soon: new Date(NOW.getTime() + 3 * 86_400_000) },
        }),
        { skip: 20, take: 20 },
      );
      expect(page.total).toBe(1);
      expect(page.items[0]).not.toHaveProperty('description');
    });
  });
});
