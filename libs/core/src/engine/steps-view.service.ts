import { Injectable } from '@nestjs/common';
import { stepsInView, SupervisedType } from '@duban/domain';
import { StepRunsRepository } from '@duban/persistence';
import { CalendarService } from '../calendar/calendar.service';
import { ZoneService } from '../profiles/zone.service';
import { StepRunnerService } from './step-runner.service';

/** A step as a subject's detail answers it. */
export interface StepView {
  action: string;
  /** When the step falls (to come) or fell (done). */
  at: string;
  /** When the engine ran it; null while it is to come. */
  doneAt: string | null;
}

/** The step cursor every escalated subject carries (tasks, obligations, problems). */
export interface ScheduledSubject {
  id: number;
  dueAt: Date;
  policyId: number | null;
  scheduleGen: number;
  nextStep: number;
  nextStepAt: Date | null;
}

/** Subjects show their escalation steps, done and to come (DESIGN.md, wave 2). */
@Injectable()
export class StepsViewService {
  constructor(
    private readonly runs: StepRunsRepository,
    private readonly engine: StepRunnerService,
    private readonly calendars: CalendarService,
    private readonly zones: ZoneService,
  ) {}

  /**
   * The steps of the subject's current schedule generation: those that ran, and while its cursor
   * is armed those to come, at the times the engine will run them (domain `stepsInView`). A task
   * not yet assigned, or a settled subject, shows only what ran.
   */
  async of(subjectType: SupervisedType, s: ScheduledSubject): Promise<StepView[]> {
    const [runs, policy, calendar, zone] = await Promise.all([
      this.runs.ofGeneration(subjectType, s.id, s.scheduleGen),
      this.engine.policySteps(s.policyId),
      this.calendars.calendar(),
      this.zones.zone(),
    ]);
    const cursor = s.nextStepAt ? { nextStep: s.nextStep, nextStepAt: s.nextStepAt } : null;
    return stepsInView(s.dueAt, policy, calendar, zone, runs, cursor).map((step) => ({
      action: step.action,
      at: step.at.toISOString(),
      doneAt: step.doneAt?.toISOString() ?? null,
    }));
  }
}
