import { BadRequestException, ConflictException, ForbiddenException } from '@nestjs/common';
import { ChainRole, FixedClock } from '@duban/domain';
import type { ChainsRepository, MeetingEntity, MeetingsRepository, ProblemsRepository, ProfilesRepository, Transactions, Tx, UnitsRepository } from '@duban/persistence';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import type { References } from '../common/references.service';
import type { DeadlineTriggerService } from '../engine/deadline-trigger.service';
import type { FilesService } from '../files/files.service';
import type { ListItemsService } from '../lists/list-items.service';
import type { ZoneService } from '../profiles/zone.service';
import type { TasksService } from '../tasks/tasks.service';
import { GENERAL_PROBLEM_POLICY, type ProblemsService } from '../problems/problems.service';
import { MeetingsService } from './meetings.service';

/*
 * MeetingsService over mocked repositories: the minutes are recorded once, and each decision
 * becomes a task through the tasks' one creation path (created, then assigned by the chain's
 * lead department), all in the minutes' transaction.
 */
const NOW = new Date('2026-07-27T02:00:00Z');
const TX = { tx: 'the transaction' } as unknown as Tx;
const LEAD = 10;
const leader: AuthUser = { id: 9, username: 'lianzhang', displayName: '史占勇', roles: ['CHAIN_LEADER'], unitId: null, mustChangePassword: false };
const liaison: AuthUser = { id: 6, username: 'gaoxin', displayName: '刘洋', roles: ['UNIT_LIAISON'], unitId: 30, mustChangePassword: false };
const supervisor: AuthUser = { id: 3, username: 'ducha', displayName: '赵敏', roles: ['SUPERVISOR'], unitId: 50, mustChangePassword: false };

function meeting(patch: Partial<MeetingEntity> = {}): MeetingEntity {
  return {
    id: 12,
    cadenceId: 4,
    occurrenceId: 100,
    groupKey: '',
    type: null,
    chainId: 1,
    cluster: null,
    title: '智能传感器产业链7月例会',
    scheduledAt: new Date('2026-07-27T01:00:00Z'),
    convenerRole: 'LEADER',
    convenerUnitId: null,
    convenerName: null,
    delegateUserId: null,
    createdBy: null,
    state: 'SCHEDULED',
    summary: null,
    minutesAt: null,
    minutesBy: null,
    createdAt: new Date('2026-07-01T00:00:00Z'),
    ...patch,
  };
}

/** The roles each caller holds on each chain (chain 1: 史占勇 leads it; its lead department is LEAD). */
const HELD: Record<number, Record<number, ChainRole[]>> = { [leader.id]: { 1: ['LEADER'], 2: ['LEADER'] } };

function setup(row: MeetingEntity = meeting(), leads: number[] = [LEAD], chainIds: number[] = row.chainId ? [row.chainId] : []) {
  const meetings = {
    find: jest.fn(async () => row),
    chainsOf: jest.fn(async (ids: number[]) => new Map(ids.map((id) => [id, chainIds]))),
    createAdHoc: jest.fn(async () => 12),
    recordMinutes: jest.fn(async (): Promise<string | null> => '901'),
    previousHeld: jest.fn(async () => 11),
    overdueTasks: jest.fn(async () => []),
    overdueReports: jest.fn(async () => []),
    openProblems: jest.fn(async () => []),
    decisions: jest.fn(async () => []),
  } as unknown as jest.Mocked<MeetingsRepository>;
  const chains = {
    leadUnits: jest.fn(async () => leads),
    rolesHeld: jest.fn(async (ids: number[], userId: number, unitId: number | null) => {
      const unitRoles = (chainId: number): ChainRole[] => (unitId !== null && leads.includes(unitId) && chainId > 0 ? ['LEAD_UNIT'] : []);
      return new Map(ids.map((c) => [c, [...(HELD[userId]?.[c] ?? []), ...unitRoles(c)]]));
    }),
    named: jest.fn(async (ids: number[]) => ids.map((id) => ({ id, name: `链${id}` }))),
    ofProfile: jest.fn(async () => [
      { id: 1, name: '链1', cluster: '电子信息' },
      { id: 2, name: '链2', cluster: '电子信息' },
    ]),
  } as unknown as jest.Mocked<ChainsRepository>;
  const profiles = {
    meetingTypesOf: jest.fn(async () => [{ profile: 'henan-2021', types: [{ type: 'JOINT', name: '联席会议', convenerRoles: ['LEAD_UNIT'] }] }]),
  } as unknown as jest.Mocked<ProfilesRepository>;
  const audit = { record: jest.fn(async () => undefined) } as unknown as jest.Mocked<AuditService>;
  const units = { firstOffice: jest.fn(async () => 50) } as unknown as jest.Mocked<UnitsRepository>;
  const problems = { policyNamed: jest.fn(async () => 7) } as unknown as jest.Mocked<ProblemsRepository>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const references = { assert: jest.fn(async () => undefined) } as unknown as jest.Mocked<References>;
  let taskId = 800;
  const tasks = {
    createWithin: jest.fn(async () => ++taskId),
    transitionWithin: jest.fn(async () => new Date('2026-07-31T01:00:00Z')),
  } as unknown as jest.Mocked<TasksService>;
  const lists = { live: jest.fn(async () => ({ items: [], total: 0 })), history: jest.fn(async () => ({ month: '2026-07' })) } as unknown as jest.Mocked<ListItemsService>;
  const trigger = { arm: jest.fn(async () => undefined) } as unknown as jest.Mocked<DeadlineTriggerService>;
  const zones = { zone: jest.fn(async () => 'Asia/Shanghai') } as unknown as jest.Mocked<ZoneService>;
  const files = {
    assertFileIds: jest.fn(),
    attachWithin: jest.fn(async () => []),
    ofSubject: jest.fn(async () => []),
    ofSubjects: jest.fn(async (_t: string, ids: number[]) => new Map(ids.map((id) => [id, []]))),
  } as unknown as jest.Mocked<FilesService>;
  const ledger = {
    raiseFromMeeting: jest.fn(async (_tx: Tx, _m: unknown, matters: { title: string; raisedByUnitId: number }[]) => ({
      problems: matters.map((m, i) => ({ id: 900 + i, title: m.title, chainId: 1, raisedByUnitId: m.raisedByUnitId, routedToUnitId: LEAD })),
      armed: matters.map(() => new Date('2026-07-27T15:59:59Z')),
    })),
  } as unknown as jest.Mocked<ProblemsService>;
  const service = new MeetingsService(
    meetings,
    chains,
    units,
    problems,
    transactions,
    references,
    tasks,
    lists,
    trigger,
    zones,
    new FixedClock(NOW),
    files,
    profiles,
    audit,
    ledger,
  );
  return { service, files, meetings, chains, units, problems, tasks, transactions, references, trigger, audit, profiles, ledger };
}

const MINUTES = {
  summary: '听取四个清单落实情况汇报，协调传感谷二期建设。',
  decisions: [
    { title: '高新区8月5日前报送传感谷二期建设计划', ownerUnitId: 30, dueAt: new Date('2026-08-05T09:00:00Z') },
    { title: '二七区落实传感器配套项目选址', ownerUnitId: 31 },
  ],
};

describe('MeetingsService', () => {
  describe('minutes', () => {
    it('creates each decision as a task and assigns it in the name of the lead department, with the minutes, in one transaction', async () => {
      const { service, meetings, problems, tasks, transactions, trigger } = setup();
      const result = await service.minutes(leader, 12, MINUTES);
      expect(transactions.run).toHaveBeenCalledTimes(1);
      expect(meetings.find).toHaveBeenCalledWith(12, TX);
      expect(problems.policyNamed).toHaveBeenCalledWith(TX, GENERAL_PROBLEM_POLICY);
      const decision = { user: leader, issuerUnitId: LEAD };
      expect(tasks.createWithin).toHaveBeenNthCalledWith(1, TX, decision, {
        title: '高新区8月5日前报送传感谷二期建设计划',
        description: '智能传感器产业链7月例会议定事项',
        issuerUnitId: LEAD,
        ownerUnitId: 30,
        chainId: 1,
        policyId: 7,
        source: { kind: 'MEETING', ref: '12' },
        dueAt: new Date('2026-08-05T09:00:00Z'),
      });
      // Without a date, a decision is due on the 13710 general timing: 7 days from the minutes.
      expect(tasks.createWithin).toHaveBeenNthCalledWith(2, TX, decision, expect.objectContaining({ ownerUnitId: 31, dueAt: new Date('2026-08-03T02:00:00Z') }));
      expect(tasks.transitionWithin.mock.calls).toEqual([
        [TX, decision, 801, { action: 'assign', comment: '会议议定事项' }],
        [TX, decision, 802, { action: 'assign', comment: '会议议定事项' }],
      ]);
      expect(meetings.recordMinutes).toHaveBeenCalledWith(TX, 12, { summary: MINUTES.summary, at: NOW, by: leader.id, decisions: [801, 802] });
      expect(trigger.arm).toHaveBeenCalledWith([new Date('2026-07-31T01:00:00Z'), new Date('2026-07-31T01:00:00Z')]);
      expect(result.tasks).toEqual([
        { id: 801, title: MINUTES.decisions[0].title, ownerUnitId: 30, dueAt: '2026-08-05T09:00:00.000Z', state: 'ASSIGNED' },
        { id: 802, title: MINUTES.decisions[1].title, ownerUnitId: 31, dueAt: '2026-08-03T02:00:00.000Z', state: 'ASSIGNED' },
      ]);
      expect(result.problems).toEqual([]);
    });

    it('raises the problems the minutes bring, in the same transaction, and arms their steps after it', async () => {
      const { service, ledger, trigger } = setup();
      const problems = [{ title: '测试道路审批慢', raisedByUnitId: 40 }];
      const result = await service.minutes(leader, 12, { ...MINUTES, problems });
      expect(ledger.raiseFromMeeting).toHaveBeenCalledWith(TX, { id: 12, chainId: meeting().chainId, recordedBy: leader.id }, problems, NOW);
      expect(result.problems).toEqual([{ id: 900, title: '测试道路审批慢', chainId: 1, raisedByUnitId: 40, routedToUnitId: LEAD }]);
      expect(trigger.arm).toHaveBeenCalledWith(expect.arrayContaining([new Date('2026-07-27T15:59:59Z')]));
    });

    it('issues the decisions of a meeting on no chain from the recording unit, or else the supervising office', async () => {
      const own = setup(meeting({ chainId: null }), []);
      await own.service.minutes(supervisor, 12, MINUTES);
      expect(own.tasks.createWithin).toHaveBeenCalledWith(TX, { user: supervisor, issuerUnitId: 50 }, expect.objectContaining({ issuerUnitId: 50, chainId: undefined }));

      const admin = setup(meeting({ chainId: null }), []);
      await admin.service.minutes({ ...supervisor, roles: ['ADMIN'], unitId: null }, 12, MINUTES);
      expect(admin.units.firstOffice).toHaveBeenCalledWith(TX);
    });

    it('refuses, writing nothing: someone not leading the chain (403), a meeting not yet held or already minuted (409), a past due date (400)', async () => {
      const refusals: [string, ReturnType<typeof setup>, AuthUser, typeof MINUTES, unknown][] = [
        ['a liaison', setup(), liaison, MINUTES, ForbiddenException],
        ['early', setup(meeting({ scheduledAt: new Date('2026-07-28T01:00:00Z') })), leader, MINUTES, ConflictException],
        ['twice', setup(meeting({ state: 'HELD' })), leader, MINUTES, ConflictException],
        ['a past date', setup(), leader, { ...MINUTES, decisions: [{ title: '补报', ownerUnitId: 30, dueAt: new Date('2026-07-26T00:00:00Z') }] }, BadRequestException],
      ];
      for (const [, s, user, minutes, error] of refusals) {
        await expect(s.service.minutes(user, 12, minutes)).rejects.toThrow(error as typeof Error);
        expect(s.tasks.createWithin).not.toHaveBeenCalled();
        expect(s.meetings.recordMinutes).not.toHaveBeenCalled();
      }
    });

    it('issues the decisions of a lead department’s dispatch meeting from that department, each on the chain it names among the meeting’s', async () => {
      const dispatch = meeting({ chainId: null, convenerRole: 'LEAD_UNIT', convenerUnitId: LEAD, groupKey: `unit:${LEAD}` });
      const lead: AuthUser = { ...liaison, roles: ['LEAD_UNIT'], unitId: LEAD };
      const s = setup(dispatch, [LEAD], [1, 2]);
      await s.service.minutes(lead, 12, { summary: '调度', decisions: [{ title: '链2事项', ownerUnitId: 30, chainId: 2 }] });
      expect(s.tasks.createWithin).toHaveBeenCalledWith(TX, { user: lead, issuerUnitId: LEAD }, expect.objectContaining({ chainId: 2 }));

      const wrong = setup(dispatch, [LEAD], [1, 2]);
      await expect(wrong.service.minutes(lead, 12, { summary: '调度', decisions: [{ title: '链3事项', ownerUnitId: 30, chainId: 3 }] })).rejects.toThrow('decisions.0.chainId');
      expect(wrong.tasks.createWithin).not.toHaveBeenCalled();
    });

    it('answers 409 when the minutes were recorded meanwhile (the whole transaction is undone)', async () => {
      const { service, meetings, trigger } = setup();
      meetings.recordMinutes.mockResolvedValue(null);
      await expect(service.minutes(leader, 12, MINUTES)).rejects.toThrow('the minutes of this meeting are already recorded');
      expect(trigger.arm).not.toHaveBeenCalled();
    });
  });

  it("draws the agenda within the caller's scope and follows up the previous meeting's decisions", async () => {
    const { service, meetings } = setup();
    const agenda = await service.agenda(liaison, 12);
    expect(meetings.overdueTasks).toHaveBeenCalledWith(
      [1],
      NOW,
      expect.objectContaining({ sql: expect.stringContaining('t.owner_unit_id = ?'), params: expect.arrayContaining([30]) }),
    );
    expect(meetings.overdueReports).toHaveBeenCalledWith([1], NOW, expect.objectContaining({ sql: expect.stringContaining('o.unit_id = ?') }));
    expect(meetings.decisions).toHaveBeenCalledWith(11, expect.objectContaining({ sql: expect.stringContaining('t.owner_unit_id = ?') }));
    expect(agenda).toMatchObject({ meeting: { id: 12, state: 'SCHEDULED' }, previousMeetingId: 11, lists: [] });
  });

  describe('create (an ad-hoc meeting)', () => {
    const lead: AuthUser = { ...liaison, roles: ['LEAD_UNIT'], unitId: LEAD };
    const at = new Date('2026-08-03T01:00:00Z');

    it("lets a lead department of every chain named call its profile's 联席会议, convened by its unit, audited", async () => {
      const s = setup(meeting({ cadenceId: null, occurrenceId: null, type: 'JOINT', chainId: null, convenerUnitId: LEAD }), [LEAD], [1, 2]);
      await s.service.create(lead, { type: 'JOINT', chainIds: [2, 1, 2], scheduledAt: at });
      expect(s.meetings.createAdHoc).toHaveBeenCalledWith(
        TX,
        expect.objectContaining({
          type: 'JOINT',
          chainIds: [1, 2],
          cluster: '电子信息',
          title: '联席会议（电子信息）',
          convenerRole: 'LEAD_UNIT',
          convenerUnitId: LEAD,
          convenerName: null,
          by: lead.id,
        }),
      );
      expect(s.audit.record).toHaveBeenCalledWith(TX, lead.id, expect.objectContaining({ action: 'meeting.create', targetId: 12 }));
    });

    it('refuses a type the profile does not have (400 naming type) and a caller who convenes none of the chains (403), creating nothing', async () => {
      const s = setup();
      await expect(s.service.create(lead, { type: 'TOPICAL', chainIds: [1], scheduledAt: at })).rejects.toThrow(/^type: TOPICAL/);
      await expect(s.service.create(liaison, { type: 'JOINT', chainIds: [1], scheduledAt: at })).rejects.toThrow(ForbiddenException);
      await expect(s.service.create(leader, { type: 'JOINT', chainIds: [1], scheduledAt: at })).rejects.toThrow(ForbiddenException);
      s.profiles.meetingTypesOf.mockResolvedValueOnce([
        { profile: 'a', types: [] },
        { profile: 'b', types: [] },
      ]);
      await expect(s.service.create(lead, { type: 'JOINT', chainIds: [1, 2], scheduledAt: at })).rejects.toThrow(/^chainIds/);
      expect(s.meetings.createAdHoc).not.toHaveBeenCalled();
    });
  });
});
