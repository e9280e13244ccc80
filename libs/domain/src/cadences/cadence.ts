import { DateTime } from 'luxon';
import { addDays, LocalDate } from '../calendar/local-date';
import { ShiftRule, WorkCalendar } from '../calendar/work-calendar';
import { instantAt } from '../time/zoned';

export const FREQUENCIES = ['WEEKLY', 'MONTHLY', 'QUARTERLY', 'SEMIANNUAL', 'YEARLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/**
 * When something recurs. The anchor is a day of the month (29–31 fall on the last day of a
 * shorter month) or the nth weekday; `month` is the month within the period (quarter 1–3,
 * half-year 1–6, year 1–12; default its last). Weekly cadences use `weekday` (1 Monday … 7).
 */
export interface CadenceRule {
  readonly frequency: Frequency;
  readonly dayOfMonth?: number | null;
  readonly weekday?: number | null;
  /** With `weekday` on a monthly or longer cadence: 1–4 the nth, -1 the last. */
  readonly nth?: number | null;
  readonly month?: number | null;
  /** Local wall time `HH:mm` or `HH:mm:ss`. */
  readonly time: string;
  readonly timezone: string;
  readonly shift: ShiftRule;
  readonly activeFrom: Date;
  readonly activeTo?: Date | null;
}

export interface Occurrence {
  /** `2026-W29`, `2026-07`, `2026-Q3`, `2026-H2` or `2026`. */
  readonly period: string;
  /** The anchored date before the shift rule. */
  readonly nominalDate: LocalDate;
  /** The date after the shift rule. */
  readonly localDate: LocalDate;
  readonly dueAt: Date;
}

const MONTHS_IN_PERIOD: Record<Exclude<Frequency, 'WEEKLY'>, number> = { MONTHLY: 1, QUARTERLY: 3, SEMIANNUAL: 6, YEARLY: 12 };
// A shift never moves a date further than the longest run of days off.
const MARGIN_DAYS = 40;

/** Problems with a rule, each naming its field; empty when the rule is sound. A yearly evaluation (年考评) recurs yearly. */
export function cadenceRuleProblems(rule: Omit<CadenceRule, 'activeFrom' | 'activeTo' | 'timezone' | 'shift' | 'time'> & { kind?: string }): string[] {
  const problems: string[] = [];
  if (rule.kind === 'YEARLY_EVALUATION' && rule.frequency !== 'YEARLY') problems.push('frequency must be YEARLY for a YEARLY_EVALUATION cadence');
  if (rule.frequency === 'WEEKLY') {
    if (!rule.weekday) problems.push('weekday (1 Monday … 7 Sunday) is required for a WEEKLY cadence');
    if (rule.dayOfMonth) problems.push('dayOfMonth does not apply to a WEEKLY cadence');
    return problems;
  }
  const hasDay = rule.dayOfMonth !== undefined && rule.dayOfMonth !== null;
  const hasWeekday = rule.weekday !== undefined && rule.weekday !== null;
  if (hasDay === hasWeekday) problems.push('give either dayOfMonth, or weekday with nth');
  if (hasWeekday && ![1, 2, 3, 4, -1].includes(rule.nth ?? 0)) problems.push('nth must be 1, 2, 3, 4 or -1 (last) with weekday');
  const span = MONTHS_IN_PERIOD[rule.frequency];
  if (rule.month !== undefined && rule.month !== null && (rule.month < 1 || rule.month > span)) {
    problems.push(`month must be within 1–${span} for a ${rule.frequency} cadence`);
  }
  return problems;
}

/** Every occurrence whose due instant lies in [from, to], in order. */
export function expandCadence(rule: CadenceRule, calendar: WorkCalendar, from: Date, to: Date): Occurrence[] {
  const start = from.getTime() > rule.activeFrom.getTime() ? from : rule.activeFrom;
  const end = rule.activeTo && rule.activeTo.getTime() < to.getTime() ? rule.activeTo : to;
  if (start.getTime() > end.getTime()) return [];
  const first = DateTime.fromJSDate(start, { zone: rule.timezone }).minus({ days: MARGIN_DAYS }).toISODate()!;
  const last = DateTime.fromJSDate(end, { zone: rule.timezone }).plus({ days: MARGIN_DAYS }).toISODate()!;

  const byDue = new Map<number, Occurrence>();
  for (const { period, nominalDate } of anchors(rule, first, last)) {
    const localDate = calendar.shift(nominalDate, rule.shift);
    const dueAt = instantAt(localDate, rule.time, rule.timezone);
    if (dueAt.getTime() < start.getTime() || dueAt.getTime() > end.getTime()) continue;
    // A weekly anchor inside a long holiday can shift onto the next (or previous) week's
    // occurrence: the two are one occurrence, the one that needed no shift.
    const taken = byDue.get(dueAt.getTime());
    if (!taken || taken.nominalDate !== taken.localDate) byDue.set(dueAt.getTime(), { period, nominalDate, localDate, dueAt });
  }
  return [...byDue.values()].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

function* anchors(rule: CadenceRule, first: LocalDate, last: LocalDate): Generator<{ period: string; nominalDate: LocalDate }> {
  if (rule.frequency === 'WEEKLY') {
    let monday = DateTime.fromISO(first).startOf('week');
    const stop = DateTime.fromISO(last);
    while (monday <= stop) {
      yield { period: `${monday.weekYear}-W${String(monday.weekNumber).padStart(2, '0')}`, nominalDate: addDays(monday.toISODate()!, rule.weekday! - 1) };
      monday = monday.plus({ weeks: 1 });
    }
    return;
  }
  const span = MONTHS_IN_PERIOD[rule.frequency];
  const firstMonth = DateTime.fromISO(first).startOf('month');
  // Walk period by period from the one containing `first`.
  let periodStart = firstMonth.set({ month: Math.floor((firstMonth.month - 1) / span) * span + 1 });
  const stop = DateTime.fromISO(last);
  while (periodStart <= stop) {
    const month = periodStart.plus({ months: (rule.month ?? span) - 1 });
    yield { period: periodKey(rule.frequency, periodStart), nominalDate: anchorIn(rule, month) };
    periodStart = periodStart.plus({ months: span });
  }
}

function periodKey(frequency: Exclude<Frequency, 'WEEKLY'>, periodStart: DateTime): string {
  const y = periodStart.year;
  switch (frequency) {
    case 'MONTHLY':
      return `${y}-${String(periodStart.month).padStart(2, '0')}`;
    case 'QUARTERLY':
      return `${y}-Q${Math.ceil(periodStart.month / 3)}`;
    case 'SEMIANNUAL':
      return `${y}-H${periodStart.month <= 6 ? 1 : 2}`;
    case 'YEARLY':
      return `${y}`;
  }
}

function anchorIn(rule: CadenceRule, month: DateTime): LocalDate {
  if (rule.dayOfMonth) return month.set({ day: Math.min(rule.dayOfMonth, month.daysInMonth!) }).toISODate()!;
  const weekday = rule.weekday!;
  if (rule.nth === -1) {
    const lastDay = month.endOf('month').startOf('day');
    return lastDay.minus({ days: (lastDay.weekday - weekday + 7) % 7 }).toISODate()!;
  }
  const firstDay = month.startOf('month');
  return firstDay.plus({ days: (weekday - firstDay.weekday + 7) % 7, weeks: (rule.nth ?? 1) - 1 }).toISODate()!;
}
