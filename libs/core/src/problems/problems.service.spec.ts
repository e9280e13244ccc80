import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import type { AppConfig } from '@duban/config';
import { FixedClock, PROBLEM_POLICIES, WorkCalendar } from '@duban/domain';
import { EventsRepository, ProblemEntity, ProblemsRepository, SUBJECTS, Transactions, Tx } from '@duban/persistence';
import type { AuthUser } from '../auth/auth-user';
import type { CalendarService } from '../calendar/calendar.service';
import type { ChainsRepository } from '@duban/persistence';
import type { References } from '../common/references.service';
import type { ZoneService } from '../profiles/zone.service';
import type { DeadlineTriggerService } from '../engine/deadline-trigger.service';
import type { SchedulingService } from '../engine/scheduling.service';
import type { StepsViewService } from '../engine/steps-view.service';
import type { FilesService } from '../files/files.service';
import { ProblemsService } from './problems.service';

/*
 * ProblemsService over mocked repositories: matters raised in the report's transaction, and each
 * step of the 13710 ledger as one conditional UPDATE with its event, its timing and its cursor.
 */
const NOW = new Date('2026-07-14T01:00:00Z');
const RAISED = new Date('2026-07-10T01:00:00Z');
/** The policy of each 13710 clock, by name. */
const POLICY_IDS: Record<string, number> = { [PROBLEM_POLICIES.ACKNOWLEDGE]: 5, [PROBLEM_POLICIES.FEEDBACK]: 6, [PROBLEM_POLICIES.GENERAL]: 7, [PROBLEM_POLICIES.MAJOR]: 8 };
const TX = { tx: 'the transaction' } as unknown as Tx;
const LEAD = 10;
const RAISER = 30;
const lead: AuthUser = { id: 5, username: 'gxj', displayName: '李明', roles: ['LEAD_UNIT'], unitId: LEAD, mustChangePassword: false };
const raiser: AuthUser = { id: 6, username: 'gaoxin', displayName: '刘洋', roles: ['UNIT_LIAISON'], unitId: RAISER, mustChangePassword: false };

function problem(patch: Partial<ProblemEntity> = {}): ProblemEntity {
  return {
    id: 40,
    chainId: 1,
    obligationId: 300,
    title: '企业用电增容审批慢',
    detail: '需协调供电公司',
    raisedByUnitId: RAISER,
    routedToUnitId: LEAD,
    severity: 'GENERAL',
    state: 'OPEN',
    version: 1,
    dueAt: new Date('2026-07-17T01:00:00Z'),
    stepDueAt: new Date('2026-07-10T15:59:59Z'),
    policyId: 6,
    escalationLevel: 0,
    scheduleGen: 1,
    nextStep: 0,
    nextStepAt: null,
    satisfaction: null,
    acknowledgedAt: null,
    feedbackAt: null,
    resolvedAt: null,
    closedAt: null,
    createdAt: RAISED,
    updatedAt: RAISED,
    ...patch,
  };
}

function setup(row: ProblemEntity | null = problem()) {
  const problems = {
    raise: jest.fn(async () => 41),
    page: jest.fn(async () => ({ rows: row ? [row] : [], total: row ? 1 : 0 })),
    find: jest.fn(async () => row),
    transition: jest.fn(async (): Promise<string | null> => '501'),
    policyNamed: jest.fn(async (_tx: Tx, name: string) => POLICY_IDS[name]),
  } as unknown as jest.Mocked<ProblemsRepository>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const config = { tasks: { dueSoonWindowMs: 3 * 86_400_000 } } as AppConfig;
  const scheduling = { schedule: jest.fn(async () => new Date('2026-07-20T01:00:00Z')), settle: jest.fn(async () => undefined) } as unknown as jest.Mocked<SchedulingService>;
  const trigger = { arm: jest.fn(async () => undefined) } as unknown as jest.Mocked<DeadlineTriggerService>;
  const history = { ofSubject: jest.fn(async () => []) } as unknown as jest.Mocked<EventsRepository>;
  const steps = { of: jest.fn(async () => []) } as unknown as jest.Mocked<StepsViewService>;
  const files = {
    assertFileIds: jest.fn(),
    attachWithin: jest.fn(async () => []),
    ofSubject: jest.fn(async () => []),
    ofSubjects: jest.fn(async (_t: string, ids: number[]) => new Map(ids.map((id) => [id, []]))),
  } as unknown as jest.Mocked<FilesService>;
  const chains = { leadUnits: jest.fn(async () => [LEAD]) } as unknown as jest.Mocked<ChainsRepository>;
  const references = { assert: jest.fn(async () => undefined) } as unknown as jest.Mocked<References>;
  const calendars = { calendar: jest.fn(async () => new WorkCalendar(new Map())) } as unknown as jest.Mocked<CalendarService>;
  const zones = { zone: jest.fn(async () => 'Asia/Shanghai') } as unknown as jest.Mocked<ZoneService>;
  const service = new ProblemsService(problems, transactions, new FixedClock(NOW), config, scheduling, trigger, history, steps, files, chains, references, calendars, zones);
  return { service, problems, transactions, scheduling, trigger, files };
}

describe('ProblemsService', () => {
  it("raises each coordination matter as a general problem on the acknowledge clock (end of the working day), in the report's transaction", async () => {
    const { service, problems, scheduling, transactions } = setup();
    const report = { obligationId: 300, chainId: 1, raisedByUnitId: RAISER, routedToUnitId: LEAD };
    const armed = await service.raiseFromReport(TX, report, [{ title: '传感谷二期用地指标未落实' }, { title: '企业用电增容审批慢', detail: '需协调供电公司' }], NOW);
    const due = new Date('2026-07-21T01:00:00Z');
    const endOfDay = new Date('2026-07-14T15:59:59Z'); // Tuesday 23:59:59 in Shanghai
    expect(problems.policyNamed).toHaveBeenCalledWith(TX, PROBLEM_POLICIES.ACKNOWLEDGE);
    expect(problems.raise).toHaveBeenNthCalledWith(
      2,
      TX,
      { ...report, title: '企业用电增容审批慢', detail: '需协调供电公司', severity: 'GENERAL', dueAt: due, stepDueAt: endOfDay, policyId: 5, createdAt: NOW },
      { actorId: null, data: { obligationId: 300 } },
    );
    expect(scheduling.schedule).toHaveBeenCalledWith(TX, SUBJECTS.PROBLEM, 41, endOfDay, 5, NOW, false);
    expect(armed).toHaveLength(2);
    expect(transactions.run).not.toHaveBeenCalled();
  });

  it('acknowledges a problem as major: one conditional UPDATE gives it a month from when it was raised and starts the feedback clock, with its event and a new schedule', async () => {
    const { service, problems, scheduling, trigger } = setup();
    await service.transition(lead, 40, { action: 'acknowledge', severity: 'MAJOR', comment: '当日研究部署' });
    const due = new Date('2026-08-10T01:00:00Z');
    const feedbackBy = new Date('2026-07-13T01:00:00Z'); // 3 days after it was raised
    expect(problems.transition).toHaveBeenCalledWith(
      TX,
      expect.objectContaining({ id: 40, state: 'OPEN', version: 1 }),
      { state: 'ACKNOWLEDGED', acknowledgedAt: NOW, severity: 'MAJOR', dueAt: due, stepDueAt: feedbackBy, policyId: 6 },
      {
        at: NOW,
        actorId: 5,
        action: 'acknowledge',
        fromState: 'OPEN',
        toState: 'ACKNOWLEDGED',
        comment: '当日研究部署',
        data: { severity: 'MAJOR', satisfaction: undefined, plannedAt: undefined },
      },
    );
    expect(scheduling.schedule).toHaveBeenCalledWith(TX, SUBJECTS.PROBLEM, 40, feedbackBy, 6, NOW, true);
    expect(trigger.arm).toHaveBeenCalledWith([new Date('2026-07-20T01:00:00Z')]);
  });

  it('starts the solve clock at the first feedback, on the date a major problem’s plan states', async () => {
    const { service, problems, scheduling } = setup(problem({ state: 'ACKNOWLEDGED', severity: 'MAJOR', dueAt: new Date('2026-08-10T01:00:00Z') }));
    const plannedAt = new Date('2026-09-30T10:00:00Z');
    await service.transition(lead, 40, { action: 'feedback', comment: '已制定解决方案', plannedAt });
    expect(problems.transition).toHaveBeenCalledWith(
      TX,
      expect.anything(),
      { state: 'IN_PROGRESS', feedbackAt: NOW, severity: 'MAJOR', dueAt: plannedAt, stepDueAt: plannedAt, policyId: 8 },
      expect.objectContaining({ action: 'feedback', data: { severity: undefined, satisfaction: undefined, plannedAt: plannedAt.toISOString() } }),
    );
    expect(scheduling.schedule).toHaveBeenCalledWith(TX, SUBJECTS.PROBLEM, 40, plannedAt, 8, NOW, true);

    const later = setup(problem({ state: 'IN_PROGRESS', feedbackAt: RAISED }));
    await later.service.transition(lead, 40, { action: 'feedback', comment: '继续推进' });
    expect(later.problems.transition).toHaveBeenCalledWith(TX, expect.anything(), { state: 'IN_PROGRESS', feedbackAt: NOW }, expect.anything());
    expect(later.scheduling.schedule).not.toHaveBeenCalled();
  });

  it('raises a problem from any unit about a chain, routed to its lead department; a caller without a unit is refused', async () => {
    const { service, problems, trigger } = setup();
    await service.raise(raiser, { chainId: 1, title: ' 园区道路未贯通 ', detail: '' });
    expect(problems.raise).toHaveBeenCalledWith(
      TX,
      expect.objectContaining({ chainId: 1, obligationId: null, title: '园区道路未贯通', detail: null, raisedByUnitId: RAISER, routedToUnitId: LEAD, policyId: 5 }),
      { actorId: 6, data: null },
    );
    expect(trigger.arm).toHaveBeenCalledWith([new Date('2026-07-20T01:00:00Z')]);
    await expect(service.raise({ ...raiser, unitId: null }, { chainId: 1, title: 'x' })).rejects.toThrow(ForbiddenException);
  });

  it('stops the escalation when resolved, and starts another round from now when reopened', async () => {
    const resolved = setup(problem({ state: 'IN_PROGRESS', version: 3 }));
    await resolved.service.transition(lead, 40, { action: 'resolve', comment: '已落实' });
    expect(resolved.problems.transition).toHaveBeenCalledWith(
      TX,
      expect.anything(),
      { state: 'RESOLVED', resolvedAt: NOW },
      expect.objectContaining({ action: 'resolve', toState: 'RESOLVED' }),
    );
    expect(resolved.scheduling.settle).toHaveBeenCalledWith(TX, SUBJECTS.PROBLEM, [40], NOW);

    const reopened = setup(problem({ state: 'CLOSED', resolvedAt: RAISED, closedAt: RAISED, version: 5 }));
    await reopened.service.transition(raiser, 40, { action: 'reopen', comment: '问题仍未解决', satisfaction: 2 });
    const due = new Date('2026-07-21T01:00:00Z');
    expect(reopened.problems.transition).toHaveBeenCalledWith(
      TX,
      expect.objectContaining({ state: 'CLOSED', version: 5 }),
      { state: 'IN_PROGRESS', satisfaction: 2, resolvedAt: null, closedAt: null, severity: 'GENERAL', dueAt: due, stepDueAt: due, policyId: 7 },
      expect.objectContaining({ action: 'reopen', data: { severity: undefined, satisfaction: 2, plannedAt: undefined } }),
    );
    expect(reopened.scheduling.schedule).toHaveBeenCalledWith(TX, SUBJECTS.PROBLEM, 40, due, 7, NOW, true);
  });

  it('refuses, writing nothing: the wrong unit (403), a stale version (409), a problem moved meanwhile (409), an unseen one (404)', async () => {
    const forbidden = setup();
    await expect(forbidden.service.transition(raiser, 40, { action: 'acknowledge' })).rejects.toThrow(ForbiddenException);
    expect(forbidden.problems.transition).not.toHaveBeenCalled();

    const stale = setup();
    await expect(stale.service.transition(lead, 40, { action: 'acknowledge', version: 2 })).rejects.toThrow(new ConflictException('version: the problem is at version 1, not 2'));
    expect(stale.problems.transition).not.toHaveBeenCalled();

    const raced = setup();
    raced.problems.transition.mockResolvedValue(null);
    await expect(raced.service.transition(lead, 40, { action: 'acknowledge' })).rejects.toThrow('the problem was changed by someone else');
    expect(raced.scheduling.schedule).not.toHaveBeenCalled();
    expect(raced.trigger.arm).not.toHaveBeenCalled();

    const unseen = setup(null);
    await expect(unseen.service.get(raiser, 40)).rejects.toThrow(new NotFoundException('problem 40 not found'));
  });

  it('shows the light of the 13710 timing: red once due, on time when resolved by the due instant', async () => {
    const overdue = setup(problem({ dueAt: new Date('2026-07-13T00:00:00Z') }));
    expect((await overdue.service.get(lead, 40)).timeliness).toBe('OVERDUE');
    const onTime = setup(problem({ state: 'CLOSED', resolvedAt: new Date('2026-07-13T00:00:00Z'), satisfaction: 5 }));
    expect(await onTime.service.get(raiser, 40)).toMatchObject({ state: 'CLOSED', timeliness: 'ON_TIME', satisfaction: 5 });
  });

  describe('evidence files', () => {
    it("attaches a feedback's files to the problem with its event, inside the step's transaction", async () => {
      const { service, files } = setup(problem({ state: 'ACKNOWLEDGED' }));
      await service.transition(lead, 40, { action: 'feedback', comment: '已协调供电部门', fileIds: [3, 4] });
      expect(files.attachWithin).toHaveBeenCalledWith(TX, lead, [3, 4], { type: 'PROBLEM', id: 40, eventId: '501' }, NOW);
    });

    it('refuses files on a step that takes none, before anything is written', async () => {
      const { service, problems, files } = setup();
      await expect(service.transition(lead, 40, { action: 'acknowledge', fileIds: [3] })).rejects.toThrow(
        'fileIds: files attach to a feedback (feedback) or a resolution (resolve) only',
      );
      expect(problems.transition).not.toHaveBeenCalled();
      expect(files.attachWithin).not.toHaveBeenCalled();
    });
  });
});
