import { DateTime, Duration } from 'luxon';
import { LocalDate } from '../calendar/local-date';

/** The instant at a local date and wall time (`HH:mm` or `HH:mm:ss`) in a zone. */
export function instantAt(date: LocalDate, time: string, zone: string): Date {
  const local = DateTime.fromISO(`${date}T${time.length === 5 ? `${time}:00` : time}`, { zone });
  if (!local.isValid) throw new RangeError(`invalid local time ${date} ${time} in ${zone}: ${local.invalidExplanation}`);
  return local.toUTC().toJSDate();
}

/** The local date and wall time of an instant in a zone. */
export function localParts(at: Date, zone: string): { date: LocalDate; time: string } {
  const local = DateTime.fromJSDate(at, { zone });
  return { date: local.toISODate()!, time: local.toFormat('HH:mm:ss.SSS') };
}

/** An instant to the minute as a reader in `zone` writes it: `2026-07-20 23:59`. */
export function localMinute(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

export function isValidZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

/** A signed ISO 8601 duration such as `-P3D`, `PT30S`, `P1DT2H`. */
export interface SignedDuration {
  readonly sign: 1 | -1;
  readonly duration: Duration;
}

// At least one number: "P" and "PT" alone are not durations.
const SIGNED = /^([+-])?(P(?=.*\d).+)$/;

export function parseSignedDuration(text: string): SignedDuration | null {
  const m = SIGNED.exec(text);
  if (!m) return null;
  const duration = Duration.fromISO(m[2]);
  if (!duration.isValid) return null;
  return { sign: m[1] === '-' ? -1 : 1, duration };
}

/**
 * A range filter's bound: a zoned date-time is that instant; a plain date `YYYY-MM-DD` is read
 * in `zone`, as the start of that day for `from` and its last millisecond for `to`.
 */
export function rangeBound(value: string, edge: 'from' | 'to', zone: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value);
  const day = DateTime.fromISO(value, { zone }).startOf('day');
  return (edge === 'from' ? day : day.plus({ days: 1 }).minus({ milliseconds: 1 })).toUTC().toJSDate();
}
