import { DateTime } from 'luxon';

/** The [start, end) instants of a month `YYYY-MM` or a quarter `YYYY-Qn`, in a zone. */
export function periodBounds(period: string, zone: string): { start: Date; end: Date } | null {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (month) {
    const start = DateTime.fromObject({ year: +month[1], month: +month[2], day: 1 }, { zone });
    return { start: start.toJSDate(), end: start.plus({ months: 1 }).toJSDate() };
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) {
    const start = DateTime.fromObject({ year: +quarter[1], month: (+quarter[2] - 1) * 3 + 1, day: 1 }, { zone });
    return { start: start.toJSDate(), end: start.plus({ months: 3 }).toJSDate() };
  }
  return null;
}

/** The month (`YYYY-MM`) or quarter (`YYYY-Qn`) before the one containing `at`. */
export function previousPeriod(kind: 'MONTH' | 'QUARTER', at: Date, zone: string): string {
  const local = DateTime.fromJSDate(at, { zone });
  if (kind === 'MONTH') return local.minus({ months: 1 }).toFormat('yyyy-MM');
  const prev = local.minus({ months: 3 });
  return `${prev.year}-Q${Math.ceil(prev.month / 3)}`;
}

export function monthsOf(period: string): string[] {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!quarter) return [period];
  return [1, 2, 3].map((m) => `${quarter[1]}-${String((+quarter[2] - 1) * 3 + m).padStart(2, '0')}`);
}
