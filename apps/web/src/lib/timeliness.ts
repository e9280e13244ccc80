import type { Schemas } from '../api/client';
import { COUNTDOWN, TIMELINESS, TIMELINESS_HINT } from '../texts';

export type Tone = 'green' | 'yellow' | 'red' | 'none';

export interface Light {
  tone: Tone;
  /** 绿灯 / 黄灯 / 红灯, or 按时 / 逾期 for finished work. */
  label: string;
  hint: string;
}

const TONE: Record<Schemas['Timeliness'], Tone> = { ON_TRACK: 'green', DUE_SOON: 'yellow', OVERDUE: 'red', ON_TIME: 'green', LATE: 'red' };

/** The traffic light of a task or report, from the api's timeliness (null: cancelled, no light). */
export function lightOf(timeliness: string | null | undefined): Light {
  if (!timeliness || !(timeliness in TONE)) return { tone: 'none', label: '—', hint: '' };
  const t = timeliness as Schemas['Timeliness'];
  return { tone: TONE[t], label: TIMELINESS[t], hint: TIMELINESS_HINT[t] };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Time left until `dueAt` (or past it), in the two largest units: 剩余 3 天 5 小时, 剩余 40 分钟,
 * 已逾期 2 天. `now` is the server's time (the virtual clock in demos), not the browser's.
 */
export function countdown(dueAt: string, now: number): { overdue: boolean; text: string } {
  const diff = Date.parse(dueAt) - now;
  const overdue = diff <= 0;
  const span = Math.abs(diff);
  let text: string;
  if (span < MINUTE) text = COUNTDOWN.lessThanAMinute;
  else if (span < HOUR) text = COUNTDOWN.minutes(Math.floor(span / MINUTE));
  else if (span < DAY) {
    const minutes = Math.floor((span % HOUR) / MINUTE);
    text = COUNTDOWN.hours(Math.floor(span / HOUR)) + (minutes ? ` ${COUNTDOWN.minutes(minutes)}` : '');
  } else {
    const hours = Math.floor((span % DAY) / HOUR);
    text = COUNTDOWN.days(Math.floor(span / DAY)) + (hours ? ` ${COUNTDOWN.hours(hours)}` : '');
  }
  return { overdue, text: overdue ? COUNTDOWN.overdue(text) : COUNTDOWN.left(text) };
}
