import official from 'chinese-days/dist/chinese-days.json';
import fc from 'fast-check';
import { addDays, daysBetween, eachDate, LocalDate } from './local-date';
import { officialOverrides } from './official-days';
import { WorkCalendar } from './work-calendar';

/*
 * Property-based tests of the official work calendar (2004–2026, with holidays and makeup
 * working days from chinese-days): counting working days forwards and back, and shifting.
 */

const calendar = new WorkCalendar(officialOverrides(official));
const FIRST: LocalDate = '2004-01-01';
const SPAN = daysBetween(FIRST, '2026-12-31');

const OFFICIAL_DAYS: LocalDate[] = [...Object.keys(official.holidays), ...Object.keys(official.workdays)].sort();
/** Any date, or (as often) one within ten days of an official holiday or makeup working day. */
const dateArb: fc.Arbitrary<LocalDate> = fc.oneof(
  fc.integer({ min: 0, max: SPAN }).map((i) => addDays(FIRST, i)),
  fc.tuple(fc.constantFrom(...OFFICIAL_DAYS), fc.integer({ min: -10, max: 10 })).map(([d, i]) => addDays(d, i)),
);
const nArb = fc.integer({ min: -30, max: 30 });
const nonZeroArb = nArb.filter((n) => n !== 0);
/** A date that is a working day (searching forward from a random date). */
const workdayArb = dateArb.map((d) => (calendar.isWorkday(d) ? d : calendar.addWorkdays(d, 1)));

const RUNS = 1500;

/** Working days strictly between two dates, in either order. */
function workdaysStrictlyBetween(a: LocalDate, b: LocalDate): number {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  if (daysBetween(lo, hi) < 2) return 0;
  return eachDate(addDays(lo, 1), addDays(hi, -1)).filter((d) => calendar.isWorkday(d)).length;
}

describe('work calendar properties (2004–2026)', () => {
  it('addWorkdays(d, n) lands on a working day when n ≠ 0, and is d itself when n = 0', () => {
    fc.assert(
      fc.property(dateArb, nArb, (d, n) => {
        const result = calendar.addWorkdays(d, n);
        if (n === 0) expect(result).toBe(d);
        else expect(calendar.isWorkday(result)).toBe(true);
        // It moves in the direction of n.
        expect(Math.sign(daysBetween(d, result))).toBe(Math.sign(n));
      }),
      { numRuns: RUNS },
    );
  });

  it('is strictly monotonic in n', () => {
    fc.assert(
      fc.property(dateArb, nArb, nArb, (d, a, b) => {
        fc.pre(a !== b);
        const [n, m] = a < b ? [a, b] : [b, a];
        expect(calendar.addWorkdays(d, n) < calendar.addWorkdays(d, m)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('undoes itself from a working day: addWorkdays(addWorkdays(d, n), -n) = d', () => {
    fc.assert(
      fc.property(workdayArb, nArb, (d, n) => {
        expect(calendar.addWorkdays(calendar.addWorkdays(d, n), -n)).toBe(d);
      }),
      { numRuns: RUNS },
    );
  });

  it('skips exactly |n| − 1 working days strictly between d and addWorkdays(d, n)', () => {
    fc.assert(
      fc.property(dateArb, nonZeroArb, (d, n) => {
        expect(workdaysStrictlyBetween(d, calendar.addWorkdays(d, n))).toBe(Math.abs(n) - 1);
      }),
      { numRuns: RUNS },
    );
  });

  it('composes: addWorkdays(addWorkdays(d, a), b) = addWorkdays(d, a + b) for a, b of the same sign, a ≠ 0', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 15 }), fc.constantFrom(1, -1), (d, a, b, sign) => {
        expect(calendar.addWorkdays(calendar.addWorkdays(d, sign * a), sign * b)).toBe(calendar.addWorkdays(d, sign * (a + b)));
      }),
      { numRuns: RUNS },
    );
  });

  it('shift: NEXT_WORKDAY ≥ d and PREVIOUS_WORKDAY ≤ d, both working days, d itself on a working day, NONE is identity', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        const next = calendar.shift(d, 'NEXT_WORKDAY');
        const previous = calendar.shift(d, 'PREVIOUS_WORKDAY');
        expect(next >= d).toBe(true);
        expect(previous <= d).toBe(true);
        expect(calendar.isWorkday(next)).toBe(true);
        expect(calendar.isWorkday(previous)).toBe(true);
        expect(calendar.shift(d, 'NONE')).toBe(d);
        if (calendar.isWorkday(d)) {
          expect(next).toBe(d);
          expect(previous).toBe(d);
        } else {
          // The nearest working days: nothing in between is one.
          expect(workdaysStrictlyBetween(previous, next)).toBe(0);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
