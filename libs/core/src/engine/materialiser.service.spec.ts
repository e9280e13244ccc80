import { FixedClock, Occurrence, PolicyStep, WorkCalendar } from '@duban/domain';
import type { CadenceEntity, CadencesRepository, ChainsRepository, EvaluationsRepository, MeetingsRepository, ObligationsRepository, Transactions, Tx } from '@duban/persistence';
import type { CalendarService } from '../calendar/calendar.service';
import type { ZoneService } from '../profiles/zone.service';
import { HORIZON_MS, MaterialiserService } from './materialiser.service';
import type { StepRunnerService } from './step-runner.service';

/*
 * MaterialiserService over mocked repositories: each live cadence's occurrences up to the horizon
 * become rows (obligations per owing unit, a meeting, a scoring run) in one transaction per cadence.
 */
const NOW = new Date('2026-07-15T00:00:00Z');
const HORIZON = new Date(NOW.getTime() + HORIZON_MS);
const TX = { tx: 'the cadence' } as unknown as Tx;
const POLICY: PolicyStep[] = [
  { offset: '-P1D', calendar: 'natural', action: 'remind' },
  { offset: 'PT0S', calendar: 'natural', action: 'due' },
];
// Monthly on the 20th at 18:00 in Shanghai: due 2026-07-20T10:00Z and 2026-08-20T10:00Z inside the horizon.
const JULY = new Date('2026-07-20T10:00:00Z');
const AUGUST = new Date('2026-08-20T10:00:00Z');

function cadence(patch: Partial<CadenceEntity> = {}): CadenceEntity {
  return {
    id: 3,
    name: '月度进展报送',
    kind: 'REPORT',
    frequency: 'MONTHLY',
    dayOfMonth: 20,
    weekday: null,
    nth: null,
    month: null,
    time: '18:00:00',
    timezone: 'Asia/Shanghai',
    shift: 'NONE',
    activeFrom: new Date('2026-06-25T00:00:00Z'),
    activeTo: null,
    policyId: null,
    chainId: 1,
    owingUnitIds: null,
    owingUnitKinds: ['ZONE', 'DISTRICT'],
    owingChainRoles: ['PARTICIPANT'],
    receiverUnitId: null,
    convenerRole: null,
    convenePer: null,
    profile: null,
    version: 1,
    materialisedUntil: null,
    deletedAt: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...patch,
  } as CadenceEntity;
}

function setup(cadences: CadenceEntity[], stored: (o: Occurrence) => Date = (o) => o.dueAt) {
  let occurrenceId = 100;
  const repo = {
    live: jest.fn(async () => cadences),
    recordOccurrence: jest.fn(async (_tx: Tx, _id: number, o: Occurrence) => ({ id: ++occurrenceId, dueAt: stored(o) })),
    moveOccurrence: jest.fn(async () => undefined),
    markMaterialised: jest.fn(async () => undefined),
  } as unknown as jest.Mocked<CadencesRepository>;
  const obligations = { createForOccurrence: jest.fn(async () => true), rescheduleOpen: jest.fn(async () => undefined) } as unknown as jest.Mocked<ObligationsRepository>;
  const meetings = { scheduleForOccurrence: jest.fn(async () => undefined) } as unknown as jest.Mocked<MeetingsRepository>;
  const evaluations = { scheduleRun: jest.fn(async () => undefined) } as unknown as jest.Mocked<EvaluationsRepository>;
  const chains = {
    leadUnits: jest.fn(async () => [10, 11]),
    ofProfile: jest.fn(async () => [
      { id: 1, name: '电力装备产业链', cluster: '装备制造' },
      { id: 2, name: '农机装备产业链', cluster: '装备制造' },
      { id: 3, name: '新型显示和智能终端产业链', cluster: '电子信息' },
    ]),
    holders: jest.fn(async () => [
      { chainId: 1, role: 'LEAD_UNIT', unitId: 10, userId: null, label: '省工业和信息化厅' },
      { chainId: 2, role: 'LEAD_UNIT', unitId: 10, userId: null, label: '省工业和信息化厅' },
      { chainId: 3, role: 'LEAD_UNIT', unitId: 11, userId: null, label: '省发展改革委' },
    ]),
  } as unknown as jest.Mocked<ChainsRepository>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const calendars = { calendar: jest.fn(async () => new WorkCalendar(new Map())) } as unknown as jest.Mocked<CalendarService>;
  const zones = { zone: jest.fn(async () => 'Asia/Shanghai') } as unknown as jest.Mocked<ZoneService>;
  const steps = { policySteps: jest.fn(async () => POLICY), defaultPolicy: jest.fn(async () => 1) } as unknown as jest.Mocked<StepRunnerService>;
  const service = new MaterialiserService(transactions, repo, obligations, meetings, evaluations, chains, new FixedClock(NOW), calendars, zones, steps);
  return { service, repo, obligations, meetings, evaluations, chains, transactions };
}

describe('MaterialiserService', () => {
  it("creates each occurrence's obligations up to the horizon, owed by kind or chain role, received by the chain's lead unit, and arms their first steps", async () => {
    const { service, repo, obligations, transactions } = setup([cadence()]);
    const armed = await service.materialise(NOW);

    expect(armed).toEqual([new Date(JULY.getTime() - 86_400_000), new Date(AUGUST.getTime() - 86_400_000)]);
    expect(transactions.run).toHaveBeenCalledTimes(1);
    expect(repo.recordOccurrence.mock.calls.map((c) => [c[1], c[2].period, c[2].dueAt])).toEqual([
      [3, '2026-07', JULY],
      [3, '2026-08', AUGUST],
    ]);
    expect(obligations.createForOccurrence).toHaveBeenCalledWith(
      TX,
      {
        occurrenceId: 101,
        cadenceId: 3,
        receiverUnitId: 10,
        chainId: 1,
        policyId: 1,
        period: '2026-07',
        dueAt: JULY,
        cursor: { nextStep: 0, nextStepAt: new Date(JULY.getTime() - 86_400_000) },
      },
      { unitIds: null, unitKinds: ['ZONE', 'DISTRICT'], chainRoles: { chainId: 1, roles: ['PARTICIPANT'] } },
    );
    expect(obligations.rescheduleOpen).not.toHaveBeenCalled();
    expect(repo.markMaterialised).toHaveBeenCalledWith(TX, 3, 1, HORIZON);
  });

  it('skips a cadence already materialised to the horizon', async () => {
    const { service, repo } = setup([cadence({ materialisedUntil: HORIZON })]);
    expect(await service.materialise(NOW)).toEqual([]);
    expect(repo.recordOccurrence).not.toHaveBeenCalled();
  });

  it('moves an occurrence still to come with its changed rule, rescheduling its open obligations; what has come due stays', async () => {
    const earlier = setup([cadence({ version: 2, receiverUnitId: 20 })], (o) => new Date(o.dueAt.getTime() - 3_600_000));
    await earlier.service.materialise(NOW);
    expect(earlier.repo.moveOccurrence).toHaveBeenCalledWith(TX, 101, expect.objectContaining({ dueAt: JULY }));
    expect(earlier.obligations.rescheduleOpen).toHaveBeenCalledWith(TX, 101, JULY, { nextStep: 0, nextStepAt: new Date(JULY.getTime() - 86_400_000) });
    expect(earlier.chains.leadUnits).not.toHaveBeenCalled();

    const passed = setup([cadence({ version: 2 })], (o) => (o.period === '2026-07' ? new Date('2026-07-10T10:00:00Z') : o.dueAt));
    await passed.service.materialise(NOW);
    expect(passed.repo.moveOccurrence).not.toHaveBeenCalled();
    expect(passed.obligations.createForOccurrence).toHaveBeenCalledTimes(1);
    expect(passed.obligations.createForOccurrence).toHaveBeenCalledWith(TX, expect.objectContaining({ period: '2026-08' }), expect.anything());
  });

  it('schedules a meeting per occurrence of a meeting cadence, and a run per occurrence of a scoring cadence', async () => {
    const { service, meetings, evaluations, obligations } = setup([
      cadence({ id: 4, kind: 'MEETING', name: '链长例会', convenerRole: 'LEADER' }),
      cadence({ id: 5, kind: 'EVALUATION', chainId: null }),
    ]);
    expect(await service.materialise(NOW)).toEqual([]);
    expect(meetings.scheduleForOccurrence).toHaveBeenCalledWith(TX, {
      cadenceId: 4,
      occurrenceId: 101,
      groupKey: '',
      chainIds: [1],
      cluster: null,
      title: '链长例会（2026-07）',
      scheduledAt: JULY,
      convenerRole: 'LEADER',
      convenerUnitId: null,
      convenerName: null,
    });
    expect(evaluations.scheduleRun).toHaveBeenCalledWith(TX, { cadenceId: 5, occurrenceId: 103, kind: 'EVALUATION', period: '2026-07', dueAt: JULY });
    expect(obligations.createForOccurrence).not.toHaveBeenCalled();
  });

  it("schedules a meeting per convener of a cadence convened per convener, over the chains of the cadence's profile that convener holds the role on", async () => {
    const { service, meetings, chains } = setup([
      cadence({ id: 6, kind: 'MEETING', name: '调度会议', chainId: null, convenerRole: 'LEAD_UNIT', convenePer: 'CONVENER', profile: 'henan-2021' }),
    ]);
    await service.materialise(NOW);
    expect(chains.ofProfile).toHaveBeenCalledWith('henan-2021', TX);
    expect(chains.holders).toHaveBeenCalledWith([1, 2, 3], 'LEAD_UNIT', TX);
    const july = meetings.scheduleForOccurrence.mock.calls.filter(([, m]) => m.occurrenceId === 101).map(([, m]) => m);
    expect(july).toEqual([
      expect.objectContaining({
        groupKey: 'unit:10',
        chainIds: [1, 2],
        cluster: '装备制造',
        convenerUnitId: 10,
        convenerName: '省工业和信息化厅',
        title: '调度会议（省工业和信息化厅，2026-07）',
      }),
      expect.objectContaining({ groupKey: 'unit:11', chainIds: [3], cluster: '电子信息', convenerUnitId: 11, title: '调度会议（省发展改革委，2026-07）' }),
    ]);
  });
});
