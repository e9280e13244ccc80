import type { LocalDate } from '../calendar/local-date';
import { chineseNumber } from './notice-text';

/*
 * Dates and recurrences as notices write them. Two readings: a field (完成时间：…) says when,
 * so "全年" or a bare "2021年" there is a deadline; prose ("力争年底前入驻…") is read only for
 * phrases that name a point in time, because "全年推进500个项目" states a yearly target.
 */

export type RecurrenceFrequency = 'WEEKLY' | 'MONTHLY' | 'QUARTERLY' | 'SEMIANNUAL' | 'YEARLY';

/** How a duty recurs: "每月20日前" is MONTHLY on day 20, "每年1月20日前" YEARLY in month 1 on day 20. */
export interface Recurrence {
  frequency: RecurrenceFrequency;
  /** 1–31; left out when the notice names no day. */
  dayOfMonth?: number;
  /** The month within the period (YEARLY: 1–12). */
  month?: number;
  /** WEEKLY: 1 Monday … 7 Sunday. */
  weekday?: number;
}

export type Reading = 'field' | 'prose';

const NUM = '(?:\\d{1,2}|[一二三四五六七八九十]{1,3})';
// In prose a recurrence must govern a verb ("每月召开", "每季度开展一次"): "每年2个项目" is a target.
const ACTS = '(?:[^，。；]{0,6}?(?:召开|开展|报送|上报|报|通报|调度|组织|举办|进行|评估|考核|点评|提交|汇总|更新|梳理|督导|检查|一次))';
const WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };

interface RecurrenceRule {
  pattern: RegExp;
  /** Whether prose needs a verb after the phrase; a day named ("每月20日前") is enough without. */
  needsAct: boolean;
  read: (m: RegExpExecArray) => Recurrence;
}

const day = (s: string | undefined) => (s ? chineseNumber(s) : undefined);
const PERIODS: Record<string, RecurrenceFrequency> = {
  周: 'WEEKLY',
  月: 'MONTHLY',
  季: 'QUARTERLY',
  年: 'YEARLY',
  月度: 'MONTHLY',
  季度: 'QUARTERLY',
  半年度: 'SEMIANNUAL',
  年度: 'YEARLY',
};
// A period as an adjective of an act ("实行月度评比", "发布年度《…蓝皮书》") or of a standing system ("坚持月报制度", "周例会制度").
const PERIODIC_ACT =
  /(?:实行|开展|进行|组织|召开|发布|坚持|落实|建立)[^，。；]{0,10}?(月度|季度|半年度|年度)(?:《[^》]{0,60}?(?:报告|蓝皮书|白皮书)》|评比|考核|评估|调度|例会|通报|报告|总结|排名)/;
const PERIODIC_SYSTEM = /(周|月|季|年)(?:报|例会|调度会?)制度/;
const RULES: RecurrenceRule[] = [
  { pattern: new RegExp(`每年度?(${NUM})月(${NUM})[日号]前?`), needsAct: false, read: (m) => ({ frequency: 'YEARLY', month: day(m[1]), dayOfMonth: day(m[2]) }) },
  { pattern: new RegExp(`每年度?(${NUM})月(?:份)?(?:底|末)前?`), needsAct: false, read: (m) => ({ frequency: 'YEARLY', month: day(m[1]), dayOfMonth: 31 }) },
  { pattern: /每年(?!度的)/, needsAct: true, read: () => ({ frequency: 'YEARLY' }) },
  { pattern: /每半年|半年(?=(?:召开|开展|进行|报送|组织)?一次)/, needsAct: true, read: () => ({ frequency: 'SEMIANNUAL' }) },
  { pattern: new RegExp(`(?:每|按)季度?(?:首月|第一个月)(${NUM})[日号]前?`), needsAct: false, read: (m) => ({ frequency: 'QUARTERLY', month: 1, dayOfMonth: day(m[1]) }) },
  { pattern: new RegExp(`(?:每|按)季度?末?(${NUM})[日号]前?`), needsAct: false, read: (m) => ({ frequency: 'QUARTERLY', dayOfMonth: day(m[1]) }) },
  { pattern: /(?:每|按)季度?(?:末|底)/, needsAct: false, read: () => ({ frequency: 'QUARTERLY', dayOfMonth: 31 }) },
  { pattern: /(?:每|按)季度?/, needsAct: true, read: () => ({ frequency: 'QUARTERLY' }) },
  { pattern: new RegExp(`(?:每|按)月(${NUM})[日号]前?`), needsAct: false, read: (m) => ({ frequency: 'MONTHLY', dayOfMonth: day(m[1]) }) },
  { pattern: /(?:每|按)月(?:底|末)前?/, needsAct: false, read: () => ({ frequency: 'MONTHLY', dayOfMonth: 31 }) },
  { pattern: /(?:每|按)月(?!份)/, needsAct: true, read: () => ({ frequency: 'MONTHLY' }) },
  { pattern: /每周(?:周|星期)?([一二三四五六日天])/, needsAct: false, read: (m) => ({ frequency: 'WEEKLY', weekday: WEEKDAYS[m[1]] }) },
  { pattern: /每周/, needsAct: true, read: () => ({ frequency: 'WEEKLY' }) },
  { pattern: PERIODIC_ACT, needsAct: false, read: (m) => ({ frequency: PERIODS[m[1]] }) },
  { pattern: PERIODIC_SYSTEM, needsAct: false, read: (m) => ({ frequency: PERIODS[m[1]] }) },
];

/**
 * The first recurrence the text states, and the text with that phrase blanked so that its day
 * ("每年1月20日") is not also read as a deadline.
 */
export function recurrenceIn(text: string, reading: Reading): { recurrence?: Recurrence; rest: string } {
  const compact = text.replace(/\s+/g, '');
  let best: { at: number; length: number; recurrence: Recurrence } | undefined;
  for (const rule of RULES) {
    const m = rule.pattern.exec(compact);
    if (!m) continue;
    if (reading === 'prose' && rule.needsAct && !new RegExp(`^${ACTS}`).test(compact.slice(m.index + m[0].length))) continue;
    if (!best || m.index < best.at) best = { at: m.index, length: m[0].length, recurrence: clean(rule.read(m)) };
  }
  if (!best) return { rest: compact };
  return { recurrence: best.recurrence, rest: `${compact.slice(0, best.at)}${'　'.repeat(best.length)}${compact.slice(best.at + best.length)}` };
}

function clean(r: Recurrence): Recurrence {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined && !Number.isNaN(v))) as unknown as Recurrence;
}

const YEAR = '(?:(20\\d\\d)年|(次|明|下一?)年)?';
const FULL_DATE = new RegExp(`${YEAR}(${NUM})月(${NUM})[日号]`, 'g');
const MONTH = new RegExp(`${YEAR}((?<![\\d一二三四五六七八九十])(?:1[0-2]|0?[1-9])|十[一二]?|[一二三四五六七八九])月份?(上旬|中旬|下旬|底|末)?`, 'g');
const QUARTER = new RegExp(`${YEAR}(?:第)?([一二三四1-4])季度`, 'g');
const HALF = new RegExp(`${YEAR}([上下])半年`, 'g');
const YEAR_END = /(?:(20\d\d)|(次|明|下一?)|(?<![一二三四五六七八九十两\d全]))年(?:底|末|内)/g;
const WHOLE_YEAR = /(?:(20\d\d)年)?全年|(20\d\d)年(?![\d一二三四五六七八九十上下第底末内度])/g;

/**
 * Every date the text names, earliest first: a day ("6月30日前", "次年1月10日前"), the end of a
 * month ("2017年6月底前", "9月"; 上旬 the 10th, 中旬 the 20th), of a quarter ("四季度"), of a half
 * ("上半年"), of the year ("年底", "年内"; in a field also "全年" and "2021年"). A year-less date
 * takes `year`; 次年 the next one.
 */
export function datesIn(text: string, year: number, reading: Reading): LocalDate[] {
  let rest = text.replace(/\s+/g, '');
  const found: LocalDate[] = [];
  const yearOf = (explicit: string | undefined, relative: string | undefined) => (explicit ? Number(explicit) : relative ? year + 1 : year);
  const take = (pattern: RegExp, read: (m: RegExpExecArray) => LocalDate | undefined) => {
    rest = rest.replace(pattern, (...args) => {
      const m = args.slice(0, -2) as unknown as RegExpExecArray;
      const date = read(m);
      if (date) found.push(date);
      return date ? '　'.repeat(m[0].length) : m[0];
    });
  };
  take(FULL_DATE, (m) => dateOf(yearOf(m[1], m[2]), chineseNumber(m[3]), chineseNumber(m[4])));
  take(MONTH, (m) => {
    const y = yearOf(m[1], m[2]);
    const month = chineseNumber(m[3]);
    const within = m[4] === '上旬' ? 10 : m[4] === '中旬' ? 20 : daysIn(y, month);
    return dateOf(y, month, within);
  });
  take(QUARTER, (m) => {
    const y = yearOf(m[1], m[2]);
    const month = chineseNumber(m[3]) * 3;
    return dateOf(y, month, daysIn(y, month));
  });
  take(HALF, (m) => dateOf(yearOf(m[1], m[2]), m[3] === '上' ? 6 : 12, m[3] === '上' ? 30 : 31));
  take(YEAR_END, (m) => dateOf(yearOf(m[1], m[2]), 12, 31));
  if (reading === 'field') take(WHOLE_YEAR, (m) => dateOf(Number(m[1] ?? m[2] ?? year), 12, 31));
  return [...new Set(found)].sort();
}

/** A phrase of a text that names a date or a recurrence: `[start, end)` of the text as given. */
export interface DatePhrase {
  start: number;
  end: number;
  kind: 'date' | 'recurrence';
}

/**
 * Where a text names dates and recurrences, by the patterns {@link datesIn} and {@link
 * recurrenceIn} read (the console highlights them in a task's excerpt). Every match is given,
 * sorted by start; a recurrence may contain a date ("每年1月20日前"), and a reader that wants
 * one phrase per place keeps the earliest and then the longest. A phrase takes the 前 after it.
 */
export function datePhrasesIn(text: string): DatePhrase[] {
  const found: DatePhrase[] = [];
  // As datesIn does, a date found is blanked before the next pattern looks ("1月20日" is not also "1月").
  let rest = text;
  const scan = (pattern: RegExp, kind: DatePhrase['kind'], accept: (end: number) => boolean = () => true) => {
    const within = kind === 'date' ? rest : text;
    for (const m of within.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))) {
      if (m[0].length === 0 || !accept(m.index + m[0].length)) continue;
      const after = m[0].endsWith('前') ? null : /^(?:以前|之前|前)/.exec(text.slice(m.index + m[0].length));
      found.push({ start: m.index, end: m.index + m[0].length + (after?.[0].length ?? 0), kind });
      if (kind === 'date') rest = `${rest.slice(0, m.index)}${'　'.repeat(m[0].length)}${rest.slice(m.index + m[0].length)}`;
    }
  };
  const act = new RegExp(`^${ACTS}`);
  for (const rule of RULES) scan(rule.pattern, 'recurrence', (end) => !rule.needsAct || act.test(text.slice(end).replace(/\s+/g, '')));
  for (const pattern of [FULL_DATE, MONTH, QUARTER, HALF, YEAR_END, WHOLE_YEAR]) scan(pattern, 'date');
  return found.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The deadline (the latest date named) and the milestones before it. */
export function deadlineOf(dates: readonly LocalDate[]): { dueDate?: LocalDate; milestones: LocalDate[] } {
  if (dates.length === 0) return { milestones: [] };
  return { dueDate: dates[dates.length - 1], milestones: dates.slice(0, -1) };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dateOf(year: number, month: number, dayOfMonth: number): LocalDate | undefined {
  if (!(month >= 1 && month <= 12) || !(dayOfMonth >= 1 && dayOfMonth <= daysIn(year, month)) || year < 1970 || year > 9999) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}
