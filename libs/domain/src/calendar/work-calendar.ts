import { addDays, LocalDate, weekday } from './local-date';

export type DayKind = 'WORKDAY' | 'WEEKEND' | 'HOLIDAY' | 'MAKEUP_WORKDAY';

/** A date the official notices (or an admin) set apart from the plain weekly rhythm. */
export interface DayOverride {
  readonly workday: boolean;
  readonly name?: string | null;
}

export interface CalendarDay {
  readonly date: LocalDate;
  readonly workday: boolean;
  readonly kind: DayKind;
  readonly name?: string;
}

export type ShiftRule = 'NONE' | 'NEXT_WORKDAY' | 'PREVIOUS_WORKDAY';

/** Longer than any run of days off in the official calendar (the Spring Festival is 9). */
const MAX_DAYS_OFF_IN_A_ROW = 31;

/**
 * China's working-day calendar: Monday to Friday work, except official holidays; some
 * weekend days are made working days (调休). Pure: the overrides come from the database.
 */
export class WorkCalendar {
  constructor(private readonly overrides: ReadonlyMap<LocalDate, DayOverride>) {}

  day(date: LocalDate): CalendarDay {
    const weekend = weekday(date) === 0 || weekday(date) === 6;
    const override = this.overrides.get(date);
    const name = override?.name ?? undefined;
    if (!override) return { date, workday: !weekend, kind: weekend ? 'WEEKEND' : 'WORKDAY' };
    if (override.workday) return { date, workday: true, kind: weekend ? 'MAKEUP_WORKDAY' : 'WORKDAY', ...(name ? { name } : {}) };
    return { date, workday: false, kind: 'HOLIDAY', ...(name ? { name } : {}) };
  }

  isWorkday(date: LocalDate): boolean {
    return this.day(date).workday;
  }

  /**
   * Moves `n` working days from `date` (negative: back). Counting starts from the next
   * (or previous) day, so `addWorkdays(d, 0)` is `d` itself even on a day off.
   */
  addWorkdays(date: LocalDate, n: number): LocalDate {
    const step = n < 0 ? -1 : 1;
    let left = Math.abs(n);
    let current = date;
    let idle = 0;
    while (left > 0) {
      current = addDays(current, step);
      if (this.isWorkday(current)) {
        left -= 1;
        idle = 0;
      } else if (++idle > MAX_DAYS_OFF_IN_A_ROW) {
        throw new RangeError(`no working day within ${MAX_DAYS_OFF_IN_A_ROW} days of ${current}`);
      }
    }
    return current;
  }

  /** Applies a cadence's rule for a date that is not a working day. */
  shift(date: LocalDate, rule: ShiftRule): LocalDate {
    if (rule === 'NONE' || this.isWorkday(date)) return date;
    return this.addWorkdays(date, rule === 'NEXT_WORKDAY' ? 1 : -1);
  }
}
