import { TaskState } from './task-lifecycle';

export const TIMELINESS = ['ON_TRACK', 'DUE_SOON', 'OVERDUE', 'ON_TIME', 'LATE'] as const;
export type Timeliness = (typeof TIMELINESS)[number];

/**
 * One condition of a timeliness rule, over a subject's facts (its stage, due and completion
 * instants, whether a reminder went out) and two instants of the moment it is judged (`now`, and
 * `soon` = now + the warning window). The rules below are the one definition of the traffic
 * light: {@link deriveTimeliness} evaluates them, and the persistence library turns the same
 * rules into SQL for list filters (so a list and a record can never disagree).
 */
export type TimelinessCondition =
  | { readonly stage: 'OPEN' | 'DONE' }
  | { readonly due: 'after' | 'atOrBefore'; readonly instant: 'now' | 'soon' }
  | { readonly reminded: boolean }
  | { readonly completedByDue: boolean }
  | { readonly anyOf: readonly TimelinessCondition[] };

/** Where a subject stands in its lifecycle, as far as timeliness cares (cancelled work has none). */
export type TimelinessStage = 'OPEN' | 'DONE' | 'CANCELLED';

/** Each light and the conditions that all hold for it; for any subject at most one light matches. */
export const TIMELINESS_RULES: Readonly<Record<Timeliness, readonly TimelinessCondition[]>> = {
  // Green: open, due after the warning window, no reminder yet.
  ON_TRACK: [{ stage: 'OPEN' }, { due: 'after', instant: 'soon' }, { reminded: false }],
  // Yellow: open, not yet due, inside the window or reminded (a reminder step marks it yellow, whatever the window).
  DUE_SOON: [{ stage: 'OPEN' }, { due: 'after', instant: 'now' }, { anyOf: [{ due: 'atOrBefore', instant: 'soon' }, { reminded: true }] }],
  // Red from the due instant on.
  OVERDUE: [{ stage: 'OPEN' }, { due: 'atOrBefore', instant: 'now' }],
  // A finished subject was on time (finished by its due instant) or late (after it, or when unknown).
  ON_TIME: [{ stage: 'DONE' }, { completedByDue: true }],
  LATE: [{ stage: 'DONE' }, { completedByDue: false }],
};

/** What timeliness reads of a subject. */
export interface TimelinessFacts {
  readonly stage: TimelinessStage;
  readonly dueAt: Date;
  readonly completedAt: Date | null;
  readonly reminded?: boolean;
}

export function holds(condition: TimelinessCondition, s: TimelinessFacts, instants: { now: Date; soon: Date }): boolean {
  if ('anyOf' in condition) return condition.anyOf.some((c) => holds(c, s, instants));
  if ('stage' in condition) return s.stage === condition.stage;
  if ('due' in condition) {
    const due = s.dueAt.getTime();
    const at = instants[condition.instant].getTime();
    return condition.due === 'after' ? due > at : due <= at;
  }
  if ('reminded' in condition) return Boolean(s.reminded) === condition.reminded;
  const byDue = s.completedAt !== null && s.completedAt.getTime() <= s.dueAt.getTime();
  return byDue === condition.completedByDue;
}

/** The light of any subject, from its facts: the rule that holds ({@link TIMELINESS_RULES}); null for cancelled work. */
export function timelinessOf(s: TimelinessFacts, now: Date, dueSoonWindowMs: number): Timeliness | null {
  const instants = { now, soon: new Date(now.getTime() + dueSoonWindowMs) };
  return TIMELINESS.find((t) => TIMELINESS_RULES[t].every((c) => holds(c, s, instants))) ?? null;
}

/** A task's stage for timeliness. */
export function taskStage(state: TaskState): TimelinessStage {
  return state === 'DONE' ? 'DONE' : state === 'CANCELLED' ? 'CANCELLED' : 'OPEN';
}

/**
 * Traffic light of a task: green, yellow inside the warning window (or once reminded), red from the
 * due instant on; a finished task was on time or late. Cancelled work has none.
 */
export function deriveTimeliness(
  subject: { readonly state: TaskState; readonly dueAt: Date; readonly completedAt: Date | null; readonly reminded?: boolean },
  now: Date,
  dueSoonWindowMs: number,
): Timeliness | null {
  // Only the facts: a list row carries twenty-odd columns, and this runs for each of them.
  return timelinessOf({ stage: taskStage(subject.state), dueAt: subject.dueAt, completedAt: subject.completedAt, reminded: subject.reminded }, now, dueSoonWindowMs);
}

const DAY_MS = 86_400_000;

/**
 * 逾期天数: whole natural days (complete 24-hour periods, not working days) from the due instant
 * to `until` (now, or when the matter was settled); 0 when it is not overdue, or not yet by a
 * full day.
 */
export function overdueDays(dueAt: Date, until: Date): number {
  return Math.max(0, Math.floor((until.getTime() - dueAt.getTime()) / DAY_MS));
}
