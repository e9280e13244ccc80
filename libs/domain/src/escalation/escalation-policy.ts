import { DateTime } from 'luxon';
import { WorkCalendar } from '../calendar/work-calendar';
import { localParts, parseSignedDuration } from '../time/zoned';

export const STEP_ACTIONS = ['remind', 'due', 'urge', 'supervise', 'escalate'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

/** Whom a step notifies: the owner unit's liaisons, the issuer unit's staff, supervisors. */
export const NOTIFY_ROLES = ['OWNER', 'ISSUER', 'SUPERVISOR'] as const;
export type NotifyRole = (typeof NOTIFY_ROLES)[number];

export interface PolicyStep {
  /** Signed ISO 8601 duration (`-P3D`, `PT0S`, `PT30S`), or a whole number of working days. */
  readonly offset: string | number;
  readonly calendar: 'natural' | 'workday';
  readonly action: StepAction;
  readonly notify?: readonly NotifyRole[];
}

/** Escalation level a step leaves its subject at (DESIGN.md: 1 urged, 2 supervised, 3 listed). */
export const LEVEL_AFTER: Readonly<Record<StepAction, number | null>> = {
  remind: null,
  due: null,
  urge: 1,
  supervise: 2,
  escalate: 3,
};

/** Left out, a step notifies the owner's liaisons, and from `urge` on also the issuer. */
export function recipientsOf(step: PolicyStep): readonly NotifyRole[] {
  if (step.notify && step.notify.length > 0) return step.notify;
  return step.action === 'remind' || step.action === 'due' ? ['OWNER'] : ['OWNER', 'ISSUER'];
}

/** Why an offset cannot be used, or null when it can. */
export function offsetProblem(offset: unknown): string | null {
  if (typeof offset === 'number') return Number.isInteger(offset) && Math.abs(offset) <= 366 ? null : 'a number offset must be a whole number of working days (|n| ≤ 366)';
  if (typeof offset !== 'string') return 'offset must be an ISO 8601 duration or a whole number of working days';
  const parsed = parseSignedDuration(offset);
  if (!parsed) return `offset ${offset} is not an ISO 8601 duration (e.g. -P3D, PT0S, PT30S)`;
  if (parsed.duration.years || parsed.duration.months) return 'offset may use weeks, days, hours, minutes and seconds, not months or years';
  // A policy's steps lie within a year of the due date, as whole working-day offsets do.
  if (!(Math.abs(parsed.duration.as('days')) <= 366)) return 'offset must lie within 366 days of the due date';
  return null;
}

/**
 * When a step falls for a due instant. A `natural` offset is added as is. With `workday`,
 * the offset's days (or the number) count working days in the zone's calendar, keeping the
 * due time of day; its hours, minutes and seconds are then added as natural time.
 */
export function stepTime(dueAt: Date, step: PolicyStep, calendar: WorkCalendar, zone: string): Date {
  const problem = offsetProblem(step.offset);
  if (problem) throw new RangeError(problem);
  const due = DateTime.fromJSDate(dueAt, { zone });
  if (typeof step.offset === 'number') return workdayShift(due, step.offset, calendar, zone).toJSDate();

  const { sign, duration } = parseSignedDuration(step.offset)!;
  const signed = sign === 1 ? duration : duration.negate();
  if (step.calendar === 'natural') return due.plus(signed).toJSDate();
  const days = signed.shiftTo('weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds');
  const workdays = days.weeks * 7 + days.days;
  const rest = signed.minus({ weeks: days.weeks, days: days.days });
  return workdayShift(due, workdays, calendar, zone).plus(rest).toJSDate();
}

function workdayShift(due: DateTime, workdays: number, calendar: WorkCalendar, zone: string): DateTime {
  const { date } = localParts(due.toJSDate(), zone);
  const target = calendar.addWorkdays(date, workdays);
  return DateTime.fromISO(target, { zone }).set({ hour: due.hour, minute: due.minute, second: due.second, millisecond: due.millisecond });
}

/** DESIGN.md's default for monthly reports. */
export const MONTHLY_REPORT_POLICY: readonly PolicyStep[] = [
  { offset: -3, calendar: 'workday', action: 'remind' },
  { offset: -1, calendar: 'workday', action: 'remind' },
  { offset: 'PT0S', calendar: 'natural', action: 'due' },
  { offset: 1, calendar: 'workday', action: 'urge' },
  { offset: 3, calendar: 'workday', action: 'supervise', notify: ['OWNER', 'ISSUER', 'SUPERVISOR'] },
  { offset: 10, calendar: 'workday', action: 'escalate', notify: ['OWNER', 'ISSUER', 'SUPERVISOR'] },
];
