import type { Schemas } from '../api/client';

type Step = Pick<Schemas['PolicyStepDto'], 'offset' | 'calendar'>;

const DURATION = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** A step's offset in words: 截止前 3 个工作日, 截止时, 截止后 2 小时 30 分钟. */
export function describeOffset({ offset, calendar }: Step): string {
  if (typeof offset === 'number') {
    if (offset === 0) return '截止当天';
    return `截止${offset < 0 ? '前' : '后'} ${Math.abs(offset)} 个工作日`;
  }
  const m = DURATION.exec(offset);
  if (!m || offset === 'P' || offset.endsWith('T')) return offset;
  const [, sign, weeks, days, hours, minutes, seconds] = m;
  const dayCount = Number(weeks ?? 0) * 7 + Number(days ?? 0);
  const parts = [
    dayCount ? `${dayCount} ${calendar === 'workday' ? '个工作日' : '天'}` : '',
    hours && Number(hours) ? `${Number(hours)} 小时` : '',
    minutes && Number(minutes) ? `${Number(minutes)} 分钟` : '',
    seconds && Number(seconds) ? `${Number(seconds)} 秒` : '',
  ].filter(Boolean);
  if (parts.length === 0) return '截止时';
  return `截止${sign === '-' ? '前' : '后'} ${parts.join(' ')}`;
}

export type OffsetUnit = 'workdays' | 'days' | 'hours' | 'iso';

/** The step editor's three ways to say an offset, and back to the api's value. */
export interface OffsetInput {
  unit: OffsetUnit;
  /** Signed: negative before the due time. */
  amount?: number;
  iso?: string;
}

export function toOffset(input: OffsetInput): { offset: string | number; calendar: 'natural' | 'workday' } {
  const n = Math.trunc(input.amount ?? 0);
  const sign = n < 0 ? '-' : '';
  switch (input.unit) {
    case 'workdays':
      return { offset: n, calendar: 'workday' };
    case 'days':
      return { offset: `${sign}P${Math.abs(n)}D`, calendar: 'natural' };
    case 'hours':
      return { offset: `${sign}PT${Math.abs(n)}H`, calendar: 'natural' };
    case 'iso':
      return { offset: (input.iso ?? '').trim(), calendar: 'natural' };
  }
}

export function fromOffset(step: Step): OffsetInput {
  if (typeof step.offset === 'number') return { unit: 'workdays', amount: step.offset };
  const m = DURATION.exec(step.offset);
  if (m && step.calendar === 'natural') {
    const [, sign, weeks, days, hours, minutes, seconds] = m;
    const s = sign === '-' ? -1 : 1;
    if (!hours && !minutes && !seconds && (weeks || days)) return { unit: 'days', amount: s * (Number(weeks ?? 0) * 7 + Number(days ?? 0)) };
    if (!weeks && !days && hours && !minutes && !seconds) return { unit: 'hours', amount: s * Number(hours) };
  }
  if (m && step.calendar === 'workday' && !m[4] && !m[5] && !m[6]) {
    return { unit: 'workdays', amount: (m[1] === '-' ? -1 : 1) * (Number(m[2] ?? 0) * 7 + Number(m[3] ?? 0)) };
  }
  return { unit: 'iso', iso: step.offset };
}
