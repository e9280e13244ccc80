import { TaskState } from './task-lifecycle';

export const TIMELINESS = ['ON_TRACK', 'DUE_SOON', 'OVERDUE', 'ON_TIME', 'LATE'] as const;
export type Timeliness = (typeof TIMELINESS)[number];

/**
 * Traffic light of a subject: green, yellow inside the warning window (or once reminded), red from the
 * due instant on; a finished subject was on time or late. Cancelled work has none.
 */
export function deriveTimeliness(
  subject: { readonly state: TaskState; readonly dueAt: Date; readonly completedAt: Date | null; readonly reminded?: boolean },
  now: Date,
  dueSoonWindowMs: number,
): Timeliness | null {
  if (subject.state === 'CANCELLED') return null;
  const due = subject.dueAt.getTime();
  if (subject.state === 'DONE') {
    return subject.completedAt && subject.completedAt.getTime() <= due ? 'ON_TIME' : 'LATE';
  }
  const left = due - now.getTime();
  if (left <= 0) return 'OVERDUE';
  // A reminder step marks it yellow too, whatever the window.
  return left <= dueSoonWindowMs || subject.reminded ? 'DUE_SOON' : 'ON_TRACK';
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
