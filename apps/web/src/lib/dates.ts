import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

/** Every date is shown in the profile's zone (DESIGN.md: stored in UTC, judged in Asia/Shanghai). */
export const ZONE = 'Asia/Shanghai';

export function inZone(at: string | number | Date | Dayjs): Dayjs {
  return dayjs(at).tz(ZONE);
}

/** What date pickers show and accept: 2026年7月20日. */
export const PICKER_DATE_FORMAT = 'YYYY年M月D日';
/** Month and year pickers: 2026年7月, 2026年. */
export const PICKER_MONTH_FORMAT = 'YYYY年M月';
export const PICKER_YEAR_FORMAT = 'YYYY年';

/** 2026年7月20日 18:00 */
export function formatDateTime(at: string | null | undefined): string {
  return at ? inZone(at).format('YYYY年M月D日 HH:mm') : '—';
}

/** 2026年7月20日 */
export function formatDate(at: string | null | undefined): string {
  return at ? inZone(at).format('YYYY年M月D日') : '—';
}

/** 2026-07, the month an instant falls in, as the api names periods. */
export function periodOf(at: number | Date): string {
  return inZone(at).format('YYYY-MM');
}

/** A period as the api names it, in Chinese: 2026年7月, 2026年第3季度, 2026年下半年, 2026年第29周, 2026年. */
export function formatPeriod(period: string): string {
  const m = /^(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])|W(\d{2})))?$/.exec(period);
  if (!m) return period;
  const [, year, month, quarter, half, week] = m;
  if (month) return `${year}年${Number(month)}月`;
  if (quarter) return `${year}年第${quarter}季度`;
  if (half) return `${year}年${half === '1' ? '上' : '下'}半年`;
  if (week) return `${year}年第${Number(week)}周`;
  return `${year}年`;
}

/** A meeting's title names its period as the api does, （2026-07） or （装备制造，2026-Q3）; people read （2026年7月）. */
export function formatMeetingTitle(title: string): string {
  return title.replace(/（(?:([^（），]+)，)?(\d{4}(?:-[0-9QHW]{2,3})?)）$/, (whole, who: string | undefined, period: string) => {
    const label = formatPeriod(period);
    return label === period ? whole : `（${who ? `${who}，` : ''}${label}）`;
  });
}

/** A wall-clock choice of a date picker, read in the zone, as the api's ISO instant with offset. */
export function toInstant(value: Dayjs): string {
  return dayjs.tz(value.format('YYYY-MM-DDTHH:mm:ss'), ZONE).format('YYYY-MM-DDTHH:mm:ssZ');
}

export { dayjs };
