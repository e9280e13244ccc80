import official from 'chinese-days/dist/chinese-days.json';
import { officialOverrides } from '../calendar/official-days';
import { WorkCalendar } from '../calendar/work-calendar';
import { CadenceRule, cadenceRuleProblems, expandCadence } from './cadence';

const calendar = new WorkCalendar(officialOverrides(official));
const YEAR_2026: [Date, Date] = [new Date('2025-12-31T16:00:00Z'), new Date('2026-12-31T15:59:59.999Z')];
const base = { time: '23:59:59', timezone: 'Asia/Shanghai', shift: 'NONE' as const, activeFrom: new Date('2020-01-01T00:00:00Z') };

function expand(rule: Partial<CadenceRule> & Pick<CadenceRule, 'frequency'>, range = YEAR_2026) {
  return expandCadence({ ...base, ...rule }, calendar, ...range);
}

describe('cadence expansion', () => {
  it('monthly report due the 20th, 23:59:59 Asia/Shanghai: twelve occurrences, 15:59:59 UTC', () => {
    const occurrences = expand({ frequency: 'MONTHLY', dayOfMonth: 20 });
    expect(occurrences.map((o) => o.period)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    expect(occurrences[6]).toEqual({ period: '2026-07', nominalDate: '2026-07-20', localDate: '2026-07-20', dueAt: new Date('2026-07-20T15:59:59Z') });
  });

  it('applies the shift rule: the Spring Festival moves February, a makeup Sunday keeps September', () => {
    const next = expand({ frequency: 'MONTHLY', dayOfMonth: 20, shift: 'NEXT_WORKDAY' });
    const previous = expand({ frequency: 'MONTHLY', dayOfMonth: 20, shift: 'PREVIOUS_WORKDAY' });
    expect(next.find((o) => o.period === '2026-02')!.localDate).toBe('2026-02-24');
    expect(previous.find((o) => o.period === '2026-02')!.localDate).toBe('2026-02-14');
    expect(next.find((o) => o.period === '2026-09')!.localDate).toBe('2026-09-20');
    expect(next.find((o) => o.period === '2026-12')!.localDate).toBe('2026-12-21');
  });

  it('puts day 29–31 on the last day of shorter months', () => {
    const days = expand({ frequency: 'MONTHLY', dayOfMonth: 31 }).map((o) => o.nominalDate.slice(5));
    expect(days).toEqual(['01-31', '02-28', '03-31', '04-30', '05-31', '06-30', '07-31', '08-31', '09-30', '10-31', '11-30', '12-31']);
    const leap = expand({ frequency: 'MONTHLY', dayOfMonth: 29 }, [new Date('2024-02-01T00:00:00Z'), new Date('2024-03-01T00:00:00Z')]);
    expect(leap.map((o) => o.nominalDate)).toEqual(['2024-02-29']);
    const feb30 = expand({ frequency: 'MONTHLY', dayOfMonth: 30 }, [new Date('2026-02-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z')]);
    expect(feb30.map((o) => o.nominalDate)).toEqual(['2026-02-28']);
  });

  it('ends quarters and half-years on their last day', () => {
    expect(expand({ frequency: 'QUARTERLY', dayOfMonth: 31 }).map((o) => [o.period, o.nominalDate])).toEqual([
      ['2026-Q1', '2026-03-31'],
      ['2026-Q2', '2026-06-30'],
      ['2026-Q3', '2026-09-30'],
      ['2026-Q4', '2026-12-31'],
    ]);
    expect(expand({ frequency: 'SEMIANNUAL', dayOfMonth: 31 }).map((o) => [o.period, o.nominalDate])).toEqual([
      ['2026-H1', '2026-06-30'],
      ['2026-H2', '2026-12-31'],
    ]);
    expect(expand({ frequency: 'QUARTERLY', dayOfMonth: 10, month: 1 }).map((o) => o.nominalDate)).toEqual(['2026-01-10', '2026-04-10', '2026-07-10', '2026-10-10']);
    expect(expand({ frequency: 'YEARLY', dayOfMonth: 15, month: 1 }).map((o) => [o.period, o.nominalDate])).toEqual([['2026', '2026-01-15']]);
  });

  it('runs weekly across the new year with ISO week numbers, none skipped or doubled', () => {
    const weeks = expand({ frequency: 'WEEKLY', weekday: 1, time: '09:00' }, [new Date('2026-12-20T00:00:00Z'), new Date('2027-01-20T00:00:00Z')]);
    expect(weeks.map((o) => [o.period, o.nominalDate])).toEqual([
      ['2026-W52', '2026-12-21'],
      ['2026-W53', '2026-12-28'],
      ['2027-W01', '2027-01-04'],
      ['2027-W02', '2027-01-11'],
      ['2027-W03', '2027-01-18'],
    ]);
    const year = expand({ frequency: 'WEEKLY', weekday: 5, time: '09:00' });
    expect(year).toHaveLength(52);
    for (let i = 1; i < year.length; i++) expect(year[i].dueAt.getTime() - year[i - 1].dueAt.getTime()).toBe(7 * 86_400_000);
  });

  it('merges a weekly occurrence that a holiday shifts onto the next one', () => {
    // Monday 2 October 2017 is in the National Day holiday; NEXT_WORKDAY would move it onto 9 October.
    const october = expand({ frequency: 'WEEKLY', weekday: 1, time: '09:00', shift: 'NEXT_WORKDAY', activeFrom: new Date('2000-01-01T00:00:00Z') }, [
      new Date('2017-09-20T00:00:00Z'),
      new Date('2017-10-20T00:00:00Z'),
    ]);
    expect(october.map((o) => [o.period, o.localDate])).toEqual([
      ['2017-W39', '2017-09-25'],
      ['2017-W41', '2017-10-09'],
      ['2017-W42', '2017-10-16'],
    ]);
  });

  it('anchors on the nth or last weekday', () => {
    const firstMonday = expand({ frequency: 'MONTHLY', weekday: 1, nth: 1, time: '09:00' }).map((o) => o.nominalDate);
    expect(firstMonday.slice(0, 3)).toEqual(['2026-01-05', '2026-02-02', '2026-03-02']);
    const lastFriday = expand({ frequency: 'MONTHLY', weekday: 5, nth: -1, time: '09:00' }).map((o) => o.nominalDate);
    expect(lastFriday.slice(0, 3)).toEqual(['2026-01-30', '2026-02-27', '2026-03-27']);
  });

  it('respects the active window', () => {
    const occurrences = expand({ frequency: 'MONTHLY', dayOfMonth: 20, activeFrom: new Date('2026-07-01T00:00:00Z'), activeTo: new Date('2026-09-30T00:00:00Z') });
    expect(occurrences.map((o) => o.period)).toEqual(['2026-07', '2026-08', '2026-09']);
  });

  it('names what is wrong with a rule', () => {
    expect(cadenceRuleProblems({ frequency: 'WEEKLY' })).toEqual([expect.stringContaining('weekday')]);
    expect(cadenceRuleProblems({ frequency: 'MONTHLY' })).toEqual([expect.stringContaining('dayOfMonth')]);
    expect(cadenceRuleProblems({ frequency: 'QUARTERLY', dayOfMonth: 1, month: 4 })).toEqual([expect.stringContaining('month')]);
    expect(cadenceRuleProblems({ frequency: 'MONTHLY', weekday: 1, nth: 7 })).toEqual([expect.stringContaining('nth')]);
    expect(cadenceRuleProblems({ frequency: 'MONTHLY', dayOfMonth: 20 })).toEqual([]);
    expect(cadenceRuleProblems({ kind: 'YEARLY_EVALUATION', frequency: 'MONTHLY', dayOfMonth: 15 })).toEqual([expect.stringContaining('frequency must be YEARLY')]);
    expect(cadenceRuleProblems({ kind: 'YEARLY_EVALUATION', frequency: 'YEARLY', dayOfMonth: 15, month: 1 })).toEqual([]);
    expect(cadenceRuleProblems({ frequency: 'YEARLY', dayOfMonth: 15, month: 13 })).toEqual([expect.stringContaining('month must be within 1–12')]);
  });

  it('runs the yearly evaluation (年考评) once a year, on its day in January, moved off a weekend', () => {
    const years: [Date, Date] = [new Date('2026-01-01T00:00:00Z'), new Date('2028-12-31T00:00:00Z')];
    const occurrences = expand({ frequency: 'YEARLY', month: 1, dayOfMonth: 15, time: '09:00', shift: 'NEXT_WORKDAY' }, years);
    // 15 January 2028 is a Saturday: the next working day is Monday the 17th.
    expect(occurrences.map((o) => [o.period, o.nominalDate, o.localDate, o.dueAt.toISOString()])).toEqual([
      ['2026', '2026-01-15', '2026-01-15', '2026-01-15T01:00:00.000Z'],
      ['2027', '2027-01-15', '2027-01-15', '2027-01-15T01:00:00.000Z'],
      ['2028', '2028-01-15', '2028-01-17', '2028-01-17T01:00:00.000Z'],
    ]);
    // The last weekday of a year's 12th month.
    expect(expand({ frequency: 'YEARLY', weekday: 5, nth: -1 }).map((o) => o.nominalDate)).toEqual(['2026-12-25']);
  });
});
