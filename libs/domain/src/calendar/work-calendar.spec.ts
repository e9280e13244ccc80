import official from 'chinese-days/dist/chinese-days.json';
import { addDays, eachDate, isLocalDate } from './local-date';
import { officialOverrides } from './official-days';
import { WorkCalendar } from './work-calendar';

const calendar = new WorkCalendar(officialOverrides(official));

describe('the official work calendar', () => {
  it.each(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'])('%s is a makeup working day (调休)', (date) => {
    expect(calendar.day(date)).toMatchObject({ date, workday: true, kind: 'MAKEUP_WORKDAY' });
  });

  it.each([
    ['2026-02-15', '2026-02-23', '春节'],
    ['2026-06-19', '2026-06-21', '端午'],
    ['2026-10-01', '2026-10-07', '国庆节'],
  ])('%s to %s are days off (%s)', (from, to, name) => {
    for (const date of eachDate(from, to)) {
      expect(calendar.day(date)).toMatchObject({ workday: false, kind: 'HOLIDAY', name });
    }
  });

  it('2025: Spring Festival off 28 Jan – 4 Feb, makeup Sunday 26 Jan and Saturday 8 Feb', () => {
    for (const date of eachDate('2025-01-28', '2025-02-04')) expect(calendar.isWorkday(date)).toBe(false);
    expect(calendar.day('2025-01-26').kind).toBe('MAKEUP_WORKDAY');
    expect(calendar.day('2025-02-08').kind).toBe('MAKEUP_WORKDAY');
    expect(calendar.day('2025-10-08').kind).toBe('HOLIDAY');
    expect(calendar.day('2025-09-28').kind).toBe('MAKEUP_WORKDAY');
  });

  it('plain days follow the week', () => {
    expect(calendar.day('2026-07-20')).toEqual({ date: '2026-07-20', workday: true, kind: 'WORKDAY' });
    expect(calendar.day('2026-07-19')).toEqual({ date: '2026-07-19', workday: false, kind: 'WEEKEND' });
  });

  it('knows every year from 2004 through 2026', () => {
    for (let year = 2004; year <= 2026; year++) {
      expect(calendar.day(`${year}-10-01`)).toMatchObject({ workday: false, kind: 'HOLIDAY' });
      expect(calendar.day(`${year}-01-01`)).toMatchObject({ workday: false, kind: 'HOLIDAY' });
    }
  });
});

describe('working-day arithmetic', () => {
  it('counts over weekends and holidays', () => {
    expect(calendar.addWorkdays('2026-09-30', 1)).toBe('2026-10-08'); // 1–7 Oct off; 8 Oct is a Thursday
    expect(calendar.addWorkdays('2026-02-13', 1)).toBe('2026-02-14'); // makeup Saturday
    expect(calendar.addWorkdays('2026-02-14', 1)).toBe('2026-02-24');
    expect(calendar.addWorkdays('2026-02-24', -1)).toBe('2026-02-14');
    expect(calendar.addWorkdays('2026-07-17', 3)).toBe('2026-07-22');
    expect(calendar.addWorkdays('2026-07-19', 0)).toBe('2026-07-19');
  });

  it('is consistent: n forward then n back returns to a working day', () => {
    for (const start of eachDate('2026-01-01', '2026-12-31').filter((d) => calendar.isWorkday(d))) {
      for (const n of [1, 3, 10]) expect(calendar.addWorkdays(calendar.addWorkdays(start, n), -n)).toBe(start);
    }
  });

  it('refuses dates that do not exist', () => {
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(() => addDays('2026-13-01', 1)).toThrow(RangeError);
  });
});

describe('the shift rules on the 20th of every month of 2026', () => {
  // Where the 20th is not a working day, and what each rule makes of it.
  const expected: Record<string, { next: string; previous: string }> = {
    '2026-02-20': { next: '2026-02-24', previous: '2026-02-14' }, // Friday in the Spring Festival; 14 Feb is a makeup Saturday
    '2026-06-20': { next: '2026-06-22', previous: '2026-06-18' }, // Saturday in the Dragon Boat holiday
    '2026-09-20': { next: '2026-09-20', previous: '2026-09-20' }, // Sunday, but a makeup working day
    '2026-12-20': { next: '2026-12-21', previous: '2026-12-18' }, // Sunday
  };
  it.each(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}-20`))('%s', (date) => {
    const special = expected[date];
    expect(calendar.shift(date, 'NONE')).toBe(date);
    expect(calendar.shift(date, 'NEXT_WORKDAY')).toBe(special?.next ?? date);
    expect(calendar.shift(date, 'PREVIOUS_WORKDAY')).toBe(special?.previous ?? date);
    for (const rule of ['NEXT_WORKDAY', 'PREVIOUS_WORKDAY'] as const) expect(calendar.isWorkday(calendar.shift(date, rule))).toBe(true);
  });
});
