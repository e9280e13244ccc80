import { PolicyStep, WorkCalendar } from '@duban/domain';
import type { StepRunsRepository } from '@duban/persistence';
import type { CalendarService } from '../calendar/calendar.service';
import type { ZoneService } from '../profiles/zone.service';
import { ScheduledSubject, StepsViewService } from './steps-view.service';
import type { StepRunnerService } from './step-runner.service';

/* StepsViewService over mocked repositories: the steps of a subject's current schedule, done and to come, timed in the profile's zone. */
const POLICY: PolicyStep[] = [
  { offset: -1, calendar: 'workday', action: 'remind' },
  { offset: 'PT0S', calendar: 'natural', action: 'due' },
  { offset: 1, calendar: 'workday', action: 'urge' },
];
// Monday 2026-07-20 09:00 in Shanghai (Sunday 21:00 in New York).
const DUE = new Date('2026-07-20T01:00:00Z');
const subject: ScheduledSubject = { id: 300, dueAt: DUE, policyId: 4, scheduleGen: 2, nextStep: 1, nextStepAt: DUE };

function setup(zone: string) {
  const runs = {
    ofGeneration: jest.fn(async () => [{ index: 0, action: 'remind' as const, dueAt: DUE, ranAt: new Date('2026-07-17T01:00:02Z') }]),
  } as unknown as jest.Mocked<StepRunsRepository>;
  const engine = { policySteps: jest.fn(async () => POLICY) } as unknown as jest.Mocked<StepRunnerService>;
  const calendars = { calendar: jest.fn(async () => new WorkCalendar(new Map())) } as unknown as jest.Mocked<CalendarService>;
  const zones = { zone: jest.fn(async () => zone) } as unknown as jest.Mocked<ZoneService>;
  return { service: new StepsViewService(runs, engine, calendars, zones), runs, engine };
}

describe('StepsViewService', () => {
  it("shows the steps of the subject's current generation that ran, and those to come at the times the engine will run them", async () => {
    const { service, runs, engine } = setup('Asia/Shanghai');
    await expect(service.of('OBLIGATION', subject)).resolves.toEqual([
      { action: 'remind', at: '2026-07-17T01:00:00.000Z', doneAt: '2026-07-17T01:00:02.000Z' },
      { action: 'due', at: DUE.toISOString(), doneAt: null },
      { action: 'urge', at: '2026-07-21T01:00:00.000Z', doneAt: null },
    ]);
    expect(runs.ofGeneration).toHaveBeenCalledWith('OBLIGATION', 300, 2);
    expect(engine.policySteps).toHaveBeenCalledWith(4);
  });

  it("counts working days in the profile's zone, and shows only what ran once the subject is settled", async () => {
    const { service } = setup('America/New_York');
    const steps = await service.of('TASK', subject);
    // One working day after Sunday evening in New York is Monday evening there.
    expect(steps[2]).toEqual({ action: 'urge', at: '2026-07-21T01:00:00.000Z', doneAt: null });
    expect(steps[0].at).toBe('2026-07-18T01:00:00.000Z');
    expect(await service.of('TASK', { ...subject, nextStepAt: null })).toHaveLength(1);
  });
});
