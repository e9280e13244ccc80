import official from 'chinese-days/dist/chinese-days.json';
import fc from 'fast-check';
import { officialOverrides } from '../calendar/official-days';
import { WorkCalendar } from '../calendar/work-calendar';
import { localParts } from '../time/zoned';
import { MONTHLY_REPORT_POLICY, PolicyStep, stepTime } from './escalation-policy';
import { futureCursor, initialCursor } from './step-schedule';

/*
 * Property-based tests of escalation step arithmetic: the default policy for monthly reports
 * over random due instants (2005–2026) and random "now"s around them.
 */

const calendar = new WorkCalendar(officialOverrides(official));
const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;

const dueArb = fc.date({ min: new Date('2005-01-01T00:00:00Z'), max: new Date('2026-12-31T23:59:59Z'), noInvalidDate: true });
/** A due instant and a "now" within about a month either side (often exactly on a step time). */
const dueAndNowArb = fc
  .tuple(dueArb, fc.integer({ min: -30 * DAY, max: 30 * DAY }), fc.integer({ min: 0, max: MONTHLY_REPORT_POLICY.length - 1 }), fc.boolean())
  .map(([due, delta, stepIndex, onStep]) => [due, onStep ? stepTime(due, MONTHLY_REPORT_POLICY[stepIndex], calendar, ZONE) : new Date(due.getTime() + delta)] as const);

const timesOf = (due: Date, steps: readonly PolicyStep[]) => steps.map((step) => stepTime(due, step, calendar, ZONE));

describe('escalation step properties (MONTHLY_REPORT_POLICY)', () => {
  it('step times are non-decreasing in policy order, and the due step is the due instant', () => {
    fc.assert(
      fc.property(dueArb, (due) => {
        const times = timesOf(due, MONTHLY_REPORT_POLICY).map((t) => t.getTime());
        for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
        MONTHLY_REPORT_POLICY.forEach((step, i) => {
          if (step.action === 'due') expect(times[i]).toBe(due.getTime());
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('workday steps fall on working days (local date in Asia/Shanghai) at the due time of day', () => {
    fc.assert(
      fc.property(dueArb, (due) => {
        const dueLocal = localParts(due, ZONE);
        const problems = MONTHLY_REPORT_POLICY.flatMap((step) => {
          if (step.calendar !== 'workday') return [];
          const local = localParts(stepTime(due, step, calendar, ZONE), ZONE);
          const wrong: string[] = [];
          if (!calendar.isWorkday(local.date)) wrong.push(`${step.action} ${step.offset} on a day off: ${local.date}`);
          if (local.time !== dueLocal.time) wrong.push(`${step.action} ${step.offset} at ${local.time}, not ${dueLocal.time}`);
          if (typeof step.offset === 'number' && calendar.addWorkdays(dueLocal.date, step.offset) !== local.date) wrong.push(`${step.action} ${step.offset} on ${local.date}`);
          return wrong;
        });
        expect(problems).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('any increasing workday offsets give strictly increasing step times', () => {
    fc.assert(
      fc.property(dueArb, fc.uniqueArray(fc.integer({ min: -20, max: 20 }), { minLength: 2, maxLength: 6 }), (due, offsets) => {
        const steps = [...offsets].sort((a, b) => a - b).map((offset): PolicyStep => ({ offset, calendar: 'workday', action: 'remind' }));
        const times = timesOf(due, steps).map((t) => t.getTime());
        for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
      }),
      { numRuns: 500 },
    );
  });

  it('initialCursor never points at a reminder already past, and skips nothing but past reminders', () => {
    fc.assert(
      fc.property(dueAndNowArb, ([due, now]) => {
        const times = timesOf(due, MONTHLY_REPORT_POLICY);
        const cursor = initialCursor(due, MONTHLY_REPORT_POLICY, calendar, ZONE, now);
        expect(cursor.nextStep).toBeGreaterThanOrEqual(0);
        expect(cursor.nextStep).toBeLessThanOrEqual(MONTHLY_REPORT_POLICY.length);
        if (cursor.nextStep < MONTHLY_REPORT_POLICY.length) {
          expect(cursor.nextStepAt).toEqual(times[cursor.nextStep]);
          if (MONTHLY_REPORT_POLICY[cursor.nextStep].action === 'remind') expect(cursor.nextStepAt!.getTime()).toBeGreaterThan(now.getTime());
        } else {
          expect(cursor.nextStepAt).toBeNull();
        }
        // Everything skipped is a reminder whose time has come.
        for (let i = 0; i < cursor.nextStep; i++) {
          expect(MONTHLY_REPORT_POLICY[i].action).toBe('remind');
          expect(times[i].getTime()).toBeLessThanOrEqual(now.getTime());
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('futureCursor points at the first step still to come', () => {
    fc.assert(
      fc.property(dueAndNowArb, ([due, now]) => {
        const times = timesOf(due, MONTHLY_REPORT_POLICY);
        const cursor = futureCursor(due, MONTHLY_REPORT_POLICY, calendar, ZONE, now);
        const expected = times.findIndex((t) => t.getTime() > now.getTime());
        expect(cursor.nextStep).toBe(expected === -1 ? MONTHLY_REPORT_POLICY.length : expected);
        expect(cursor.nextStepAt).toEqual(expected === -1 ? null : times[expected]);
        // It never lies before the initial cursor.
        expect(cursor.nextStep).toBeGreaterThanOrEqual(initialCursor(due, MONTHLY_REPORT_POLICY, calendar, ZONE, now).nextStep);
      }),
      { numRuns: 500 },
    );
  });
});
