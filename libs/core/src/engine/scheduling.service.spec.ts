import { PolicyStep, WorkCalendar } from '@duban/domain';
import { SUBJECTS, type EngineRepository, type SupervisionRepository, type Tx } from '@duban/persistence';
import type { CalendarService } from '../calendar/calendar.service';
import type { ZoneService } from '../profiles/zone.service';
import { SchedulingService } from './scheduling.service';
import type { StepRunnerService } from './step-runner.service';

/* SchedulingService over mocked repositories: the cursor is placed from the policy on the work calendar, in the profile's zone. */
const TX = { tx: 'the caller’s transaction' } as unknown as Tx;
const NOW = new Date('2026-07-01T00:00:00Z');
const POLICY: PolicyStep[] = [
  { offset: -1, calendar: 'workday', action: 'remind' },
  { offset: 'PT0S', calendar: 'natural', action: 'due' },
];

function setup(zone = 'Asia/Shanghai') {
  const engine = { placeCursor: jest.fn(async () => undefined), stopSteps: jest.fn(async () => undefined) } as unknown as jest.Mocked<EngineRepository>;
  const supervision = { closeOpenEntries: jest.fn(async () => undefined) } as unknown as jest.Mocked<SupervisionRepository>;
  const calendars = { calendar: jest.fn(async () => new WorkCalendar(new Map())) } as unknown as jest.Mocked<CalendarService>;
  const zones = { zone: jest.fn(async () => zone) } as unknown as jest.Mocked<ZoneService>;
  const steps = { policySteps: jest.fn(async () => POLICY) } as unknown as jest.Mocked<StepRunnerService>;
  return { service: new SchedulingService(engine, supervision, calendars, zones, steps), engine, supervision, steps };
}

describe('SchedulingService', () => {
  it("places the cursor at the policy's first step still to come, in the caller's transaction, and answers when it falls", async () => {
    const { service, engine, steps } = setup();
    // Due Monday 2026-07-20 09:00 in Shanghai: the reminder one working day before, Friday 07-17 09:00.
    const due = new Date('2026-07-20T01:00:00Z');
    await expect(service.schedule(TX, SUBJECTS.TASK, 7, due, 4, NOW, false)).resolves.toEqual(new Date('2026-07-17T01:00:00Z'));
    expect(steps.policySteps).toHaveBeenCalledWith(4, TX);
    expect(engine.placeCursor).toHaveBeenCalledWith(TX, SUBJECTS.TASK, 7, { nextStep: 0, nextStepAt: new Date('2026-07-17T01:00:00Z') }, false);

    // Past the reminder: the due step is next, as a new schedule generation.
    await service.schedule(TX, SUBJECTS.PROBLEM, 40, due, 4, new Date('2026-07-18T00:00:00Z'), true);
    expect(engine.placeCursor).toHaveBeenLastCalledWith(TX, SUBJECTS.PROBLEM, 40, { nextStep: 1, nextStepAt: due }, true);
  });

  it("counts working days in the profile's zone", async () => {
    const { service, engine } = setup('America/New_York');
    // 2026-07-20T01:00Z is Sunday 21:00 in New York: one working day before is Friday 07-17 21:00 there, a day later than in Shanghai.
    await service.schedule(TX, SUBJECTS.TASK, 7, new Date('2026-07-20T01:00:00Z'), 4, NOW, false);
    expect(engine.placeCursor).toHaveBeenCalledWith(TX, SUBJECTS.TASK, 7, { nextStep: 0, nextStepAt: new Date('2026-07-18T01:00:00Z') }, false);
  });

  it('settles: stops the steps and closes the open supervision entries, or does nothing for no subjects', async () => {
    const { service, engine, supervision } = setup();
    await service.settle(TX, SUBJECTS.OBLIGATION, [300, 301], NOW);
    expect(engine.stopSteps).toHaveBeenCalledWith(TX, SUBJECTS.OBLIGATION, [300, 301]);
    expect(supervision.closeOpenEntries).toHaveBeenCalledWith(TX, 'OBLIGATION', [300, 301], NOW);
    await service.settle(TX, SUBJECTS.OBLIGATION, [], NOW);
    expect(engine.stopSteps).toHaveBeenCalledTimes(1);
  });
});
