import { DayOverride } from './work-calendar';
import { LocalDate } from './local-date';

/**
 * Turns the `chinese-days` registry data (holidays and makeup workdays from the State
 * Council's notices, "English,中文,n") into calendar overrides.
 */
export function officialOverrides(data: { holidays: Record<string, string>; workdays: Record<string, string> }): Map<LocalDate, DayOverride> {
  const chinese = (entry: string) => entry.split(',')[1] ?? entry;
  const days = new Map<LocalDate, DayOverride>();
  for (const [date, entry] of Object.entries(data.holidays)) days.set(date, { workday: false, name: chinese(entry) });
  for (const [date, entry] of Object.entries(data.workdays)) days.set(date, { workday: true, name: `${chinese(entry)}调休上班` });
  return days;
}
