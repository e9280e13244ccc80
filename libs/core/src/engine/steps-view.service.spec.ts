import { MONTHLY_REPORT_POLICY, WorkCalendar } from '@duban/domain';
import type { StepRunsRepository } from '@duban/persistence';
import type { CalendarService } from '../calendar/calendar.service';
import type { StepRunnerService } from './step-runner.service';
import { StepsViewService, type ScheduledSubject } from './steps-view.service';

/*
 * StepsViewService over mocks: a subject's steps of its current schedule generation, those that
 * ran (with when they ran) and, while its cursor is armed, those to come at the engine's times,
 * on the work calendar (a holiday moves a working-day step).
 */
// The monthly report of 高新区, due Monday 20 July 2026 09:00 in Zhengzhou; Tuesday 21 July is made a holiday.
const DUE = new Date('2026-07-20T01:00:00Z');
const CALENDAR = new WorkCalendar(new Map([['2026-07-21', { workday: false, name: '防汛停工' }]]));
const RUNS = [
  { index: 0, action: 'remind' as const, dueAt: DUE, ranAt: new Date('2026-07-15T01:00:05Z') },
  { index: 1, action: 'remind' as const, dueAt: DUE, ranAt: new Date('2026-07-17T01:00:03Z') },
];

function setup(runs = RUNS) {
  const repo = { ofGeneration: jest.fn(async () => runs) } as unknown as jest.Mocked<StepRunsRepository>;
  const engine = { policySteps: jest.fn(async () => MONTHLY_REPORT_POLICY) } as unknown as jest.Mocked<StepRunnerService>;
  const calendars = { calendar: jest.fn(async () => CALENDAR) } as unknown as jest.Mocked<CalendarService>;
  return { service: new StepsViewService(repo, engine, calendars), repo, engine };
}

const subject = (patch: Partial<ScheduledSubject> = {}): ScheduledSubject => ({ id: 41, dueAt: DUE, policyId: 3, scheduleGen: 2, nextStep: 2, nextStepAt: DUE, ...patch });

describe('StepsViewService', () => {
  it("reads the runs of the subject's current generation and its policy", async () => {
    const { service, repo, engine } = setup();
    await service.of('OBLIGATION', subject());
    expect(repo.ofGeneration).toHaveBeenCalledWith('OBLIGATION', 41, 2);
    expect(engine.policySteps).toHaveBeenCalledWith(3);
  });

  it("shows the steps that ran, then each step to come: the cursor's at its stored instant, the later ones on the work calendar", async () => {
    const { service } = setup();
    expect(await service.of('OBLIGATION', subject())).toEqual([
      { action: 'remind', at: '2026-07-15T01:00:00.000Z', doneAt: '2026-07-15T01:00:05.000Z' },
      { action: 'remind', at: '2026-07-17T01:00:00.000Z', doneAt: '2026-07-17T01:00:03.000Z' },
      { action: 'due', at: '2026-07-20T01:00:00.000Z', doneAt: null },
      // 1, 3 and 10 working days after the due date, 21 July not counted.
      { action: 'urge', at: '2026-07-22T01:00:00.000Z', doneAt: null },
      { action: 'supervise', at: '2026-07-24T01:00:00.000Z', doneAt: null },
      { action: 'escalate', at: '2026-08-04T01:00:00.000Z', doneAt: null },
    ]);
  });

  it('keeps the instant the cursor holds for its next step (an extension moved it), not a recomputed one', async () => {
    const { service } = setup();
    const steps = await service.of('TASK', subject({ nextStepAt: new Date('2026-07-20T05:30:00Z') }));
    expect(steps[2]).toEqual({ action: 'due', at: '2026-07-20T05:30:00.000Z', doneAt: null });
  });

  it('shows only what ran for a settled subject or a task not yet assigned (no cursor)', async () => {
    const { service } = setup();
    const steps = await service.of('TASK', subject({ nextStepAt: null }));
    expect(steps.map((s) => [s.action, s.doneAt])).toEqual([
      ['remind', '2026-07-15T01:00:05.000Z'],
      ['remind', '2026-07-17T01:00:03.000Z'],
    ]);
  });
});
