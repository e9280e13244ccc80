/*
 * Parsers for the numbered tasks (工作要点 / 任务分工) of two Zhengzhou seed documents:
 *   002 《郑州市2021年制造业高质量发展工作要点》: "（三）标题。正文" followed by a line
 *       "牵头单位：…，责任单位：…。"
 *   004 《2019年郑州市产业集聚区高质量发展专项工作方案》 附件 任务分工: a tab-separated table
 *       "序号 专项工作 牵头部门 配合部门"; the task paragraphs come from the body (三、重点任务).
 * Both are formats of the general notice parser (../notices/notice.parser.ts); these functions
 * turn its items into the profile's work points, with units named as the profile names them.
 * Pure functions over text: no file system, no clock.
 */

import { datesIn, deadlineOf, recurrenceIn } from '../notices/notice-dates';
import { NoticeItem, parseNotice } from '../notices/notice.parser';
import { DirectoryUnit, splitUnitList, UnitDirectory } from '../notices/unit-names';

/** One task of a seed document, with its units normalised to profile unit names. */
export interface WorkPoint {
  source: '002' | '004';
  /** The task's number in its document: （三） is 3 in 002; the 序号 column in 004. */
  number: number;
  /** The short heading, up to the first "。" (≤ 200 chars). */
  title: string;
  /** The task paragraph after its heading, whitespace repaired (≤ 2000 chars). */
  detail?: string;
  /**
   * Every lead unit (牵头单位/牵头部门) in document order. When every lead is a zone or district
   * (e.g. 004's "各产业集聚区") each of them owns its own copy of the task; otherwise
   * leadUnits[0] owns it and the other leads are also listed in coUnits.
   */
  leadUnits: string[];
  /** Responsible or cooperating units (责任单位/配合部门), plus the other leads as described above. */
  coUnits: string[];
  /** ISO 8601 instant with +08:00. */
  dueAt: string;
  /** `text` when the task names a deadline, `default` when dueAt is the document year's end. */
  dueSource: 'text' | 'default';
}

export interface UnitNameContext {
  /** The development zones and districts (ZONE and DISTRICT units) that "各开发区…区县(市)" means. */
  zonesAndDistricts: string[];
  /** Variant name → profile unit name (the profile's `aliases`). */
  aliases?: Record<string, string>;
  /** Collective names → the units they stand for (the profile's `memberOf`). */
  groups?: Record<string, string[]>;
}

/** The 16 zones and districts of zhengzhou-2021.yaml (002 附表1), in the profile's order. */
export const ZHENGZHOU_ZONES_AND_DISTRICTS: readonly string[] = [
  '航空港区',
  '经开区',
  '高新区',
  '郑东新区',
  '巩义市',
  '荥阳市',
  '新密市',
  '新郑市',
  '登封市',
  '中牟县',
  '上街区',
  '二七区',
  '金水区',
  '中原区',
  '管城回族区',
  '惠济区',
];

const DOC_YEAR = { '002': 2021, '004': 2019 } as const;

/**
 * Splits a unit list as the seeds write it into profile unit names (splitUnitList, then a
 * UnitDirectory of the context): the zone and district phrases expand to `zonesAndDistricts`,
 * bare department names take the 市 prefix, aliases and collectives map as the context says,
 * "XX区管委会" is the zone XX区; a name nothing resolves is kept as written.
 */
export function normaliseUnitNames(raw: string, known: UnitNameContext): string[] {
  const units = new Map<string, DirectoryUnit & { aliases: string[]; groups: string[] }>();
  const unit = (name: string) => {
    if (!units.has(name)) units.set(name, { id: units.size + 1, name, kind: 'DEPARTMENT', aliases: [], groups: [] });
    return units.get(name)!;
  };
  for (const name of known.zonesAndDistricts) unit(name).kind = 'ZONE';
  for (const [alias, name] of Object.entries(known.aliases ?? {})) unit(name).aliases.push(alias);
  for (const [group, names] of Object.entries(known.groups ?? {})) for (const name of names) unit(name).groups.push(group);
  const directory = new UnitDirectory([...units.values()]);
  const nameOf = new Map([...units.values()].map((u) => [u.id, u.name]));
  return [...new Set(directory.resolve(splitUnitList(raw)).map((r) => (r.unitId !== undefined ? nameOf.get(r.unitId)! : r.name)))];
}

/**
 * Parses 002: each "（N）标题。正文" paragraph followed by a "牵头单位：…，责任单位：…" line is a
 * task (the notice parser's field format). Numbered paragraphs without such a line (（一）总体思路,
 * （二）发展目标) are not tasks.
 */
export function parseWorkPoints2021(text: string, known: UnitNameContext = { zonesAndDistricts: [...ZHENGZHOU_ZONES_AND_DISTRICTS] }): WorkPoint[] {
  return parseNotice(text, { fallbackYear: DOC_YEAR['002'] })
    .items.filter((item) => item.format === 'fields')
    .map((item) => assemble('002', item, known));
}

/**
 * Parses 004's annex table (the notice parser's table format): every row whose 序号 is a number
 * is a task. Section rows ("一 推动主导产业提质") and the unnumbered first row (统筹协调推进产业集聚区
 * 和工业专业园区发展, the overall coordinating role of the document's issuer) are not tasks. The
 * detail is the body paragraph of the same number under "三、重点任务".
 */
export function parseClusterAnnex2019(text: string, known: UnitNameContext = { zonesAndDistricts: [...ZHENGZHOU_ZONES_AND_DISTRICTS] }): WorkPoint[] {
  return parseNotice(text, { fallbackYear: DOC_YEAR['004'] })
    .items.filter((item) => item.format === 'table')
    .map((item) => assemble('004', item, known));
}

function assemble(source: WorkPoint['source'], item: NoticeItem, known: UnitNameContext): WorkPoint {
  const names = (mentions: NoticeItem['leadUnits']) => normaliseUnitNames(mentions.map((m) => m.name).join('、'), known);
  const leadUnits = names(item.leadUnits);
  const zones = new Set(known.zonesAndDistricts);
  // Zones and districts as leads (004's "各产业集聚区") each own the task; otherwise the first
  // lead owns it and the other leads work with it.
  const eachLeadOwns = leadUnits.every((u) => zones.has(u));
  const owners = eachLeadOwns ? leadUnits : leadUnits.slice(0, 1);
  const coUnits = [...new Set([...leadUnits, ...names(item.coUnits)])].filter((u) => !owners.includes(u));
  const year = DOC_YEAR[source];
  return {
    source,
    number: item.seq,
    title: item.title,
    ...(item.detail ? { detail: item.detail } : {}),
    leadUnits,
    coUnits,
    dueAt: endOfDay(item.dueDate ?? `${year}-12-31`),
    dueSource: item.dueDate ? 'text' : 'default',
  };
}

/**
 * The deadline a task text names, as an ISO instant at 23:59:59+08:00: a month ("6月底前",
 * "10月份将在郑州举办") ends with the month, a quarter ("三季度") with the quarter, "上半年" on
 * 30 June, "年底前" / "年内" / "2021年底" on 31 December. When several are named the latest wins:
 * the task is done when its last named step is. "全年…" and "2021年，…" name a yearly target,
 * not a deadline, and are not matched (datesIn read as prose).
 */
export function deadlineIn(text: string, year: number): string | undefined {
  const { dueDate } = deadlineOf(datesIn(recurrenceIn(text, 'prose').rest, year, 'prose'));
  return dueDate ? endOfDay(dueDate) : undefined;
}

function endOfDay(date: string): string {
  return `${date}T23:59:59+08:00`;
}
