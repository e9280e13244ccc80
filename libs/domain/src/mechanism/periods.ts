import { DateTime } from 'luxon';

/** What a period key names: a month `YYYY-MM`, a quarter `YYYY-Qn` or a year `YYYY`. */
export type PeriodKind = 'MONTH' | 'QUARTER' | 'YEAR';

const PATTERNS: Record<PeriodKind, RegExp> = {
  MONTH: /^(\d{4})-(0[1-9]|1[0-2])$/,
  QUARTER: /^(\d{4})-Q([1-4])$/,
  YEAR: /^(\d{4})$/,
};

/** The kind of a period key; null when it is none. */
export function periodKind(period: string): PeriodKind | null {
  return (Object.keys(PATTERNS) as PeriodKind[]).find((kind) => PATTERNS[kind].test(period)) ?? null;
}

/** The [start, end) instants of a month `YYYY-MM`, a quarter `YYYY-Qn` or a year `YYYY`, in a zone. */
export function periodBounds(period: string, zone: string): { start: Date; end: Date } | null {
  const kind = periodKind(period);
  if (!kind) return null;
  const [, year, part] = PATTERNS[kind].exec(period)!;
  const month = kind === 'MONTH' ? +part : kind === 'QUARTER' ? (+part - 1) * 3 + 1 : 1;
  const start = DateTime.fromObject({ year: +year, month, day: 1 }, { zone });
  return { start: start.toJSDate(), end: start.plus({ months: MONTHS[kind] }).toJSDate() };
}

const MONTHS: Record<PeriodKind, number> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

/** The month (`YYYY-MM`), quarter (`YYYY-Qn`) or year (`YYYY`) before the one containing `at`. */
export function previousPeriod(kind: PeriodKind, at: Date, zone: string): string {
  const local = DateTime.fromJSDate(at, { zone });
  if (kind === 'MONTH') return local.minus({ months: 1 }).toFormat('yyyy-MM');
  if (kind === 'YEAR') return String(local.year - 1);
  const prev = local.minus({ months: 3 });
  return `${prev.year}-Q${Math.ceil(prev.month / 3)}`;
}

/** The months of a quarter or a year, in order; a month is its own. */
export function monthsOf(period: string): string[] {
  const kind = periodKind(period);
  if (kind !== 'QUARTER' && kind !== 'YEAR') return [period];
  const year = period.slice(0, 4);
  const first = kind === 'QUARTER' ? (+period.slice(6) - 1) * 3 + 1 : 1;
  return Array.from({ length: MONTHS[kind] }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

/** The four quarters of a year `YYYY`, in order. */
export function quartersOf(year: string): string[] {
  return [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
}
