import { dayjs, ZONE } from '../../lib/dates';

/** 2026-Q3 for an instant in the profile's zone. */
export function quarterOf(at: dayjs.Dayjs): string {
  return `${at.year()}-Q${Math.floor(at.month() / 3) + 1}`;
}

/** The first instant after the quarter (its end), in the profile's zone. */
export function quarterEnd(quarter: string): number {
  const [year, q] = quarter.split('-Q').map(Number);
  return dayjs
    .tz(`${year}-${String(q * 3).padStart(2, '0')}-01T00:00:00`, ZONE)
    .add(1, 'month')
    .valueOf();
}
