import { BadRequestException, ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { FixedClock } from '@duban/domain';
import {
  SUBJECTS,
  type EventsRepository,
  type IndicatorRow,
  type IndicatorsRepository,
  type ObligationEntity,
  type ObligationsRepository,
  type Transactions,
  type Tx,
} from '@duban/persistence';
import type { AuthUser } from '../auth/auth-user';
import { obligationScope } from '../auth/scope';
import type { DeadlineTriggerService } from '../engine/deadline-trigger.service';
import type { SchedulingService } from '../engine/scheduling.service';
import type { StepsViewService } from '../engine/steps-view.service';
import type { FilesService } from '../files/files.service';
import type { ProblemsService } from '../problems/problems.service';
import { ObligationsService } from './obligations.service';

/*
 * ObligationsService over mocked repositories: a report is submitted by one conditional UPDATE with
 * its event, its light decided by the domain, its escalation settled, its coordination matters
 * raised as problems, all in one transaction.
 */
const DUE = new Date('2026-07-20T10:00:00Z');
const TX = { tx: 'the report' } as unknown as Tx;
const OWNER = 30;
const RECEIVER = 10;
const liaison: AuthUser = { id: 6, username: 'gaoxin', displayName: '刘洋', roles: ['UNIT_LIAISON'], unitId: OWNER, mustChangePassword: false };
const receiver: AuthUser = { id: 2, username: 'gxj', displayName: '王芳', roles: ['LEAD_UNIT'], unitId: RECEIVER, mustChangePassword: false };

function obligation(patch: Partial<ObligationEntity> = {}): ObligationEntity {
  return {
    id: 300,
    occurrenceId: 101,
    cadenceId: 3,
    unitId: OWNER,
    receiverUnitId: RECEIVER,
    chainId: 1,
    policyId: 1,
    period: '2026-07',
    dueAt: DUE,
    state: 'OPEN',
    version: 4,
    timeliness: 'DUE_SOON',
    escalationLevel: 0,
    scheduleGen: 1,
    nextStep: 2,
    nextStepAt: DUE,
    submittedAt: null,
    createdAt: new Date('2026-06-10T00:00:00Z'),
    updatedAt: new Date('2026-06-10T00:00:00Z'),
    ...patch,
  } as ObligationEntity;
}

function setup(now: Date, row: ObligationEntity | null = obligation(), collected: IndicatorRow[] = []) {
  const repo = {
    page: jest.fn(async () => ({ rows: row ? [row] : [], total: row ? 1 : 0 })),
    findIn: jest.fn(async () => row),
    submit: jest.fn(async (): Promise<string | null> => '7001'),
    insertReport: jest.fn(async () => undefined),
  } as unknown as jest.Mocked<ObligationsRepository>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const scheduling = { settle: jest.fn(async () => undefined) } as unknown as jest.Mocked<SchedulingService>;
  const problems = { raiseFromReport: jest.fn(async () => [new Date('2026-07-23T10:00:00Z')]) } as unknown as jest.Mocked<ProblemsService>;
  const trigger = { arm: jest.fn(async () => undefined) } as unknown as jest.Mocked<DeadlineTriggerService>;
  const history = { ofSubject: jest.fn(async () => []) } as unknown as jest.Mocked<EventsRepository>;
  const steps = { of: jest.fn(async () => [{ action: 'due', at: DUE.toISOString(), doneAt: null }]) } as unknown as jest.Mocked<StepsViewService>;
  const files = {
    ofSubjects: jest.fn(async (_type: string, ids: number[]) => new Map(ids.map((id) => [id, []]))),
    ofSubject: jest.fn(async () => []),
    assertFileIds: jest.fn(),
    attachWithin: jest.fn(async () => []),
  } as unknown as jest.Mocked<FilesService>;
  const indicators = {
    collectedBy: jest.fn(async () => collected),
    insertActuals: jest.fn(async () => undefined),
    actualsOf: jest.fn(async () => new Map<number, number>()),
  } as unknown as jest.Mocked<IndicatorsRepository>;
  const service = new ObligationsService(transactions, repo, new FixedClock(now), scheduling, problems, trigger, history, steps, files, indicators);
  return { service, repo, transactions, scheduling, problems, trigger, steps, files, indicators };
}

const ON_TIME = new Date('2026-07-20T09:00:00Z');
const LATE = new Date('2026-07-20T10:00:00.001Z');

describe('ObligationsService', () => {
  it('lists and shows obligations inside the caller’s scope, with their steps', async () => {
    const { service, repo, steps } = setup(ON_TIME);
    const page = await service.list(receiver, { state: 'OPEN', timeliness: 'DUE_SOON' }, { page: 2, pageSize: 10 });
    expect(repo.page).toHaveBeenCalledWith(obligationScope(receiver), { state: 'OPEN', timeliness: 'DUE_SOON' }, { skip: 10, take: 10 });
    expect(page).toEqual({ items: [expect.objectContaining({ id: 300, dueAt: DUE.toISOString(), timeliness: 'DUE_SOON' })], total: 1 });
    await expect(service.get(receiver, 300)).resolves.toMatchObject({ id: 300, steps: [{ action: 'due' }] });
    expect(steps.of).toHaveBeenCalledWith('OBLIGATION', expect.objectContaining({ id: 300 }));
  });

  it('submits a report on time: one conditional change with its event, the report, its escalation settled, in one transaction', async () => {
    const { service, repo, scheduling, problems, transactions } = setup(ON_TIME);
    await service.report(liaison, 300, { progress: '本月完成投资2亿元' });
    expect(transactions.run).toHaveBeenCalledTimes(1);
    expect(repo.findIn).toHaveBeenCalledWith(obligationScope(liaison), 300, TX);
    expect(repo.submit).toHaveBeenCalledWith(
      TX,
      expect.objectContaining({ id: 300, version: 4 }),
      { timeliness: 'ON_TIME', at: ON_TIME },
      {
        actorId: liaison.id,
        action: 'report',
        fromState: 'OPEN',
        toState: 'SUBMITTED',
        data: { timeliness: 'ON_TIME' },
      },
    );
    expect(repo.insertReport).toHaveBeenCalledWith(TX, {
      obligationId: 300,
      progress: '本月完成投资2亿元',
      coordinationMatters: null,
      submittedBy: liaison.id,
      submittedAt: ON_TIME,
    });
    expect(scheduling.settle).toHaveBeenCalledWith(TX, SUBJECTS.OBLIGATION, [300], ON_TIME);
    expect(problems.raiseFromReport).not.toHaveBeenCalled();
  });

  it('records a report after its due instant as late, and raises its coordination matters to the receiver, arming their steps after the commit', async () => {
    const { service, repo, problems, trigger } = setup(LATE);
    const matters = [{ title: '用地指标未落实' }];
    await service.report(liaison, 300, { progress: '进展顺利', coordinationMatters: matters });
    expect(repo.submit).toHaveBeenCalledWith(TX, expect.anything(), { timeliness: 'LATE', at: LATE }, expect.objectContaining({ data: { timeliness: 'LATE' } }));
    expect(problems.raiseFromReport).toHaveBeenCalledWith(TX, { obligationId: 300, chainId: 1, raisedByUnitId: OWNER, routedToUnitId: RECEIVER }, matters, LATE);
    expect(trigger.arm).toHaveBeenCalledWith([new Date('2026-07-23T10:00:00Z')]);
  });

  it('refuses, writing nothing: another unit (403), a report already in (409), one out of scope (404)', async () => {
    const other = setup(ON_TIME);
    await expect(other.service.report(receiver, 300, { progress: 'x' })).rejects.toThrow(ForbiddenException);
    const submitted = setup(ON_TIME, obligation({ state: 'SUBMITTED' }));
    await expect(submitted.service.report(liaison, 300, { progress: 'x' })).rejects.toThrow('the report is already SUBMITTED');
    const hidden = setup(ON_TIME, null);
    await expect(hidden.service.report(liaison, 300, { progress: 'x' })).rejects.toThrow(NotFoundException);
    for (const { repo } of [other, submitted, hidden]) expect(repo.submit).not.toHaveBeenCalled();
  });

  describe('a report that collects indicators (工业经济指标月报)', () => {
    const COLLECTED: IndicatorRow[] = [
      { id: 901, key: 'growth', name: '规上工业增加值增速', unit: '%', kind: 'GROWTH_RATE' },
      { id: 902, key: 'firms', name: '规上工业新增入库企业数量', unit: '户', kind: 'COUNT' },
    ];
    const indicatorReport = obligation({ chainId: null, cadenceId: 9 });

    it('stores the year-to-date figures with the submission, in its transaction, per obligation, unit and period', async () => {
      const { service, indicators, repo } = setup(ON_TIME, indicatorReport, COLLECTED);
      await service.report(liaison, 300, {
        progress: '1—7月累计',
        indicators: [
          { key: 'firms', value: 31 },
          { key: 'growth', value: 9.6 },
        ],
      });
      expect(indicators.collectedBy).toHaveBeenCalledWith(9, TX);
      expect(repo.submit).toHaveBeenCalled();
      expect(indicators.insertActuals).toHaveBeenCalledWith(TX, [
        { obligationId: 300, indicatorId: 902, unitId: OWNER, period: '2026-07', value: 31, reportedAt: ON_TIME },
        { obligationId: 300, indicatorId: 901, unitId: OWNER, period: '2026-07', value: 9.6, reportedAt: ON_TIME },
      ]);
    });

    it('refuses missing, unknown or out-of-range figures with 400 naming the field, writing nothing', async () => {
      const { service, indicators, repo } = setup(ON_TIME, indicatorReport, COLLECTED);
      const refusal = service.report(liaison, 300, { progress: 'x', indicators: [{ key: 'growth', value: -101 }] });
      await expect(refusal).rejects.toThrow(BadRequestException);
      await expect(refusal).rejects.toMatchObject({ response: { message: ['indicators.0.value: must be between -100 and 1000', 'indicators: missing firms'] } });
      await expect(service.report(liaison, 300, { progress: 'x' })).rejects.toThrow(BadRequestException);
      expect(repo.submit).not.toHaveBeenCalled();
      expect(indicators.insertActuals).not.toHaveBeenCalled();
    });

    it('refuses figures on a report that collects none', async () => {
      const { service, repo } = setup(ON_TIME);
      await expect(service.report(liaison, 300, { progress: 'x', indicators: [{ key: 'growth', value: 1 }] })).rejects.toMatchObject({
        response: { message: ['indicators: this report collects no indicators'] },
      });
      expect(repo.submit).not.toHaveBeenCalled();
    });

    it('shows the indicators the report gives, with the figures given once submitted', async () => {
      const { service, indicators } = setup(ON_TIME, indicatorReport, COLLECTED);
      indicators.actualsOf.mockResolvedValue(new Map([[901, 9.6]]));
      await expect(service.get(liaison, 300)).resolves.toMatchObject({
        indicators: [
          { key: 'growth', name: '规上工业增加值增速', unit: '%', kind: 'GROWTH_RATE', value: 9.6 },
          { key: 'firms', name: '规上工业新增入库企业数量', unit: '户', kind: 'COUNT', value: null },
        ],
      });
    });
  });

  it('answers 409 when the obligation moved on meanwhile, and goes no further', async () => {
    const { service, repo, scheduling } = setup(ON_TIME);
    repo.submit.mockResolvedValue(null);
    await expect(service.report(liaison, 300, { progress: 'x' })).rejects.toThrow(ConflictException);
    expect(repo.insertReport).not.toHaveBeenCalled();
    expect(scheduling.settle).not.toHaveBeenCalled();
  });

  it('refuses coordination matters on a report without a receiving unit', async () => {
    const { service, problems } = setup(ON_TIME, obligation({ receiverUnitId: null }));
    await expect(service.report(liaison, 300, { progress: 'x', coordinationMatters: [{ title: '用地' }] })).rejects.toThrow('this report has no receiving unit');
    expect(problems.raiseFromReport).not.toHaveBeenCalled();
  });
});
