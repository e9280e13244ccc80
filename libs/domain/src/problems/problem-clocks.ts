import { WorkCalendar } from '../calendar/work-calendar';
import { instantAt, localParts } from '../time/zoned';
import { ProblemAction, problemDueAt, Severity } from './problem-lifecycle';

/**
 * The clocks of the 13710 rule, run one after another on the problem's step cursor:
 * "1" — acknowledged (研究部署) by the end of the working day it was raised;
 * "3" — first progress fed back within 3 days of being raised;
 * "7" / "1 month" — solved by its due date (7 days, a month for a major one, or the date its plan states).
 * Each clock is its own escalation policy, counted from its own deadline; meeting a milestone
 * starts the next clock. ("0", followed to closure with the raiser's rating, is the lifecycle's close.)
 */
export const PROBLEM_CLOCKS = ['ACKNOWLEDGE', 'FEEDBACK', 'SOLVE'] as const;
export type ProblemClock = (typeof PROBLEM_CLOCKS)[number];

/** The profiles' policy for each clock (the solve clock's depends on the severity). */
export const PROBLEM_POLICIES = {
  ACKNOWLEDGE: '13710受理',
  FEEDBACK: '13710反馈',
  GENERAL: '13710一般问题',
  MAJOR: '13710重大问题',
} as const;
export type ProblemPolicyKey = keyof typeof PROBLEM_POLICIES;

/** "1": the end of the day a problem must be acknowledged on. */
export const ACKNOWLEDGE_BY_TIME = '23:59:59';
/** "3": first progress within this many days of being raised. */
export const FEEDBACK_WITHIN_MS = 3 * 86_400_000;

/** "1": the end of the working day the problem was raised (raised on a day off: the next working day's end). */
export function acknowledgeDueAt(raisedAt: Date, calendar: WorkCalendar, zone: string): Date {
  const day = calendar.shift(localParts(raisedAt, zone).date, 'NEXT_WORKDAY');
  return instantAt(day, ACKNOWLEDGE_BY_TIME, zone);
}

/** "3": three days after the problem was raised. */
export function feedbackDueAt(raisedAt: Date): Date {
  return new Date(raisedAt.getTime() + FEEDBACK_WITHIN_MS);
}

/** Which clock a problem runs on, the policy it follows and the instant its steps count from. */
export interface ProblemClockSetting {
  readonly clock: ProblemClock;
  readonly policy: ProblemPolicyKey;
  /** The engine's due instant: the deadline of the clock. */
  readonly stepDueAt: Date;
}

/** A raised problem runs on the acknowledge clock. */
export function raisedClock(raisedAt: Date, calendar: WorkCalendar, zone: string): ProblemClockSetting {
  return { clock: 'ACKNOWLEDGE', policy: 'ACKNOWLEDGE', stepDueAt: acknowledgeDueAt(raisedAt, calendar, zone) };
}

/** The problem as its timing reads it. */
export interface TimedProblem {
  readonly severity: Severity;
  readonly dueAt: Date;
  readonly createdAt: Date;
  readonly feedbackAt: Date | null;
}

/** What a (decided) action changes of a problem's timing. */
export interface ProblemRetiming extends ProblemClockSetting {
  readonly severity: Severity;
  /** The solve-by date. */
  readonly dueAt: Date;
}

/**
 * Where a problem's clocks stand after an allowed action, or null when the action leaves them
 * as they are (a later feedback without a plan date; a resolution or closure stops them).
 * - acknowledge: the feedback clock starts; classified MAJOR, the solve-by date is a month from
 *   when it was raised, or the date its plan states;
 * - the first feedback (or one stating a plan date): the solve clock starts;
 * - reopen: another round on the solve clock, from now.
 */
export function retimeProblem(p: TimedProblem, action: ProblemAction, input: { severity?: Severity; plannedAt?: Date }, now: Date): ProblemRetiming | null {
  const solve = (severity: Severity, dueAt: Date): ProblemRetiming => ({ clock: 'SOLVE', policy: severity, stepDueAt: dueAt, severity, dueAt });
  switch (action) {
    case 'acknowledge': {
      const severity = input.severity ?? p.severity;
      const dueAt = input.plannedAt ?? (severity === p.severity ? p.dueAt : problemDueAt(p.createdAt, severity));
      return { clock: 'FEEDBACK', policy: 'FEEDBACK', stepDueAt: feedbackDueAt(p.createdAt), severity, dueAt };
    }
    case 'feedback':
      if (p.feedbackAt === null || input.plannedAt) return solve(p.severity, input.plannedAt ?? p.dueAt);
      return null;
    case 'reopen':
      return solve(p.severity, problemDueAt(now, p.severity));
    case 'resolve':
    case 'close':
      return null;
  }
}
