/*
 * Parsers for the numbered tasks (工作要点 / 任务分工) of two Zhengzhou seed documents:
 *   002 《郑州市2021年制造业高质量发展工作要点》: "（三）标题。正文" followed by a line
 *       "牵头单位：…，责任单位：…。"
 *   004 《2019年郑州市产业集聚区高质量发展专项工作方案》 附件 任务分工: a tab-separated table
 *       "序号 专项工作 牵头部门 配合部门"; the task paragraphs come from the body (三、重点任务).
 * Pure functions over text: no file system, no clock.
 */

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
  /** Variant name → profile unit name; merged over DEFAULT_UNIT_ALIASES. */
  aliases?: Record<string, string>;
  /** Collective names → the units they stand for; merged over DEFAULT_UNIT_GROUPS. */
  groups?: Record<string, string[]>;
}

/** The 16 zones and districts of zhengzhou-2021.yaml (002 附表1), in the profile's order. */
export const ZHENGZHOU_ZONES_AND_DISTRICTS: readonly string[] = [
  '航空港区', '经开区', '高新区', '郑东新区',
  '巩义市', '荥阳市', '新密市', '新郑市', '登封市', '中牟县',
  '上街区', '二七区', '金水区', '中原区', '管城回族区', '惠济区',
];

/** Names the seeds use for units that zhengzhou-2021.yaml names otherwise. */
export const DEFAULT_UNIT_ALIASES: Readonly<Record<string, string>> = {
  市自然资源规划局: '市资源规划局',
  市自然资源和规划局: '市资源规划局',
  市市场监督管理局: '市市场监管局',
  市金融工作局: '市金融局',
  市应急管理局: '市应急局',
  市城市管理局: '市城管局',
  市通信管理办: '市通管办',
  市发改委: '市发展改革委',
  // 002 writes both "航空港区税务局" and "航空港实验区税务局" for the same tax bureau.
  航空港实验区税务局: '航空港区税务局',
};

/** Collective names other than the zone/district phrases. */
export const DEFAULT_UNIT_GROUPS: Readonly<Record<string, readonly string[]>> = {
  // The holders of basic telecom licences; 郑州铁塔公司 is named separately where it is meant.
  各基础电信企业: ['郑州移动', '郑州联通', '郑州电信', '郑州广电'],
};

const DOC_YEAR = { '002': 2021, '004': 2019 } as const;

const CJK = '\\u2014\\u2018-\\u201d\\u2026\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef';
const SPACE_NEXT_TO_CJK = new RegExp(`(?<=[${CJK}])[ \\t\\u3000]+|[ \\t\\u3000]+(?=[${CJK}])`, 'g');

/** Removes the spaces PDF extraction puts beside Chinese text ("数字经 济", "投资 10 亿元"). */
export function repairSpacing(text: string): string {
  return text.replace(SPACE_NEXT_TO_CJK, '').replace(/[ \t]+/g, ' ').trim();
}

// "各开发区管委会、区县（市）政府", "各开发区管委会和县区（市）政府", "各开发区和区县(市)",
// "各开发区管委会和县(市、区)政府", "相关开发区管委会和区县（市）政府" (brackets already ASCII here).
const ZONES_AND_DISTRICTS = /(?:各|相关)开发区(?:管委会)?(?:[、和]各?)?(?:区县|县区|县)(?:\([^)]*\))?(?:政府)?|各产业集聚区/g;
const ZD_TOKEN = '\u0000ZD\u0000';
const DEPARTMENT_SUFFIX = /^[\u4e00-\u9fff]{1,10}(?:局|委|办|厅|委员会)$/;
const KEEP_AS_WRITTEN = /^(?:市(?!场)|省|郑州|国家|中原|各|相关)|[区县]|(?:公司|中心|企业)$/;

/**
 * Splits a unit list as the seeds write it into profile unit names: expands the zone and
 * district phrases to `zonesAndDistricts`, gives bare department names the 市 prefix
 * (004 writes "市科技局、工信局、财政局"), maps aliases, drops "管委会" from zone names and
 * removes duplicates.
 */
export function normaliseUnitNames(raw: string, known: UnitNameContext): string[] {
  const aliases: Record<string, string> = { ...DEFAULT_UNIT_ALIASES, ...known.aliases };
  const groups: Record<string, readonly string[]> = { ...DEFAULT_UNIT_GROUPS, ...known.groups };
  const zones = new Set(known.zonesAndDistricts);
  const text = raw
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(ZONES_AND_DISTRICTS, `、${ZD_TOKEN}、`);
  const out: string[] = [];
  for (const token of text.split(/[、，,；;。]/)) {
    if (!token) continue;
    if (token === ZD_TOKEN) out.push(...known.zonesAndDistricts);
    else if (groups[token]) out.push(...groups[token]);
    else out.push(normaliseOne(token, aliases, zones));
  }
  return [...new Set(out)];
}

function normaliseOne(name: string, aliases: Record<string, string>, zones: Set<string>): string {
  if (aliases[name]) return aliases[name];
  if (zones.has(name)) return name;
  const zone = name.replace(/管委会$/, '');
  if (zones.has(zone)) return zone;
  const prefixed = `市${name}`;
  if (aliases[prefixed]) return aliases[prefixed];
  if (KEEP_AS_WRITTEN.test(name) || !DEPARTMENT_SUFFIX.test(name)) return name;
  return prefixed;
}

const HEADING_NUMBER = /^（([一二三四五六七八九十]+)）\s*(.*)$/;
const SECTION_HEADING = /^[一二三四五六七八九十]+、/;
const LEAD_LINE = /^牵头单位\s*[:：]\s*(.*)$/;
const RESPONSIBLE = /责任单位\s*[:：]/;

/**
 * Parses 002: each "（N）标题。正文" paragraph followed by a "牵头单位：…，责任单位：…" line is a
 * task. Numbered paragraphs without such a line (（一）总体思路, （二）发展目标) are not tasks.
 */
export function parseWorkPoints2021(text: string, known: UnitNameContext = { zonesAndDistricts: [...ZHENGZHOU_ZONES_AND_DISTRICTS] }): WorkPoint[] {
  const points: WorkPoint[] = [];
  let current: { number: number; lines: string[] } | null = null;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line) continue;
    const heading = HEADING_NUMBER.exec(line);
    if (heading) {
      current = { number: chineseNumber(heading[1]), lines: [heading[2]] };
      continue;
    }
    if (line.startsWith('附表')) break; // the annexed tables hold targets, not tasks
    if (SECTION_HEADING.test(line)) {
      current = null;
      continue;
    }
    if (!current) continue;
    const lead = LEAD_LINE.exec(line);
    if (!lead) {
      current.lines.push(line);
      continue;
    }
    const [leadPart, responsiblePart = ''] = lead[1].split(RESPONSIBLE);
    const { title, detail } = splitHeading(joinLines(current.lines));
    points.push(
      assemble('002', current.number, title, detail, normaliseUnitNames(leadPart, known), normaliseUnitNames(responsiblePart, known), known),
    );
    current = null;
  }
  return points;
}

const ANNEX_HEADER = /^\s*序号\s+专项工作\s+牵头部门/;
const BODY_ITEM = /^(\d{1,2})\s*[.．、]\s*(.*)$/;

/**
 * Parses 004's annex table: every row whose 序号 is a number is a task. Section rows
 * ("一 推动主导产业提质") and the unnumbered first row (统筹协调推进产业集聚区和工业专业园区发展,
 * the overall coordinating role of the document's issuer) are not tasks. The detail is the
 * body paragraph of the same number under "三、重点任务".
 */
export function parseClusterAnnex2019(text: string, known: UnitNameContext = { zonesAndDistricts: [...ZHENGZHOU_ZONES_AND_DISTRICTS] }): WorkPoint[] {
  const lines = text.split(/\r?\n/);
  const bodies = clusterBodies(lines);
  const annexAt = lines.findIndex((l) => ANNEX_HEADER.test(l));
  if (annexAt < 0) return [];
  const points: WorkPoint[] = [];
  for (const line of lines.slice(annexAt + 1)) {
    const cells = line.split('\t').map((c) => repairSpacing(c.replace(/<[^>]+>/g, '')));
    if (cells.length < 3 || !/^\d+$/.test(cells[0])) continue;
    const [no, work, lead, cooperating = ''] = cells;
    const number = Number(no);
    const body = bodies.get(number);
    points.push(
      assemble('004', number, work, body?.detail, normaliseUnitNames(lead, known), normaliseUnitNames(cooperating, known), known, body?.title),
    );
  }
  return points;
}

/** The numbered paragraphs of 004's "三、重点任务", by number. */
function clusterBodies(lines: string[]): Map<number, { title: string; detail?: string }> {
  const bodies = new Map<number, { title: string; detail?: string }>();
  let inTasks = false;
  let current: { number: number; lines: string[] } | null = null;
  const flush = () => {
    if (current) bodies.set(current.number, splitHeading(joinLines(current.lines)));
    current = null;
  };
  for (const rawLine of lines) {
    const line = rawLine.replace(/\*\*/g, '').replace(/^#+\s*/, '').trim();
    if (!line) continue;
    if (/^三、\s*重点任务/.test(line)) {
      inTasks = true;
      continue;
    }
    if (!inTasks) continue;
    if (/^四、/.test(line)) break;
    const item = BODY_ITEM.exec(line);
    if (item) {
      flush();
      current = { number: Number(item[1]), lines: [item[2]] };
    } else if (/^[（(][一二三四五六七八九十]+[）)]/.test(line)) {
      flush();
    } else if (current) {
      current.lines.push(line);
    }
  }
  flush();
  return bodies;
}

/** Joins extracted lines: a line that ends mid-sentence was broken by a page; others end a paragraph. */
function joinLines(lines: string[]): string {
  let out = '';
  for (const line of lines.map(repairSpacing).filter(Boolean)) {
    if (!out) out = line;
    else out += /[。；！？”]$/.test(out) ? `\n${line}` : line;
  }
  return repairSpacing(out.replace(/ ?\n ?/g, '\n'));
}

function splitHeading(paragraph: string): { title: string; detail?: string } {
  const stop = paragraph.indexOf('。');
  const title = (stop < 0 ? paragraph : paragraph.slice(0, stop)).replace(/\s+/g, '');
  const detail = stop < 0 ? '' : paragraph.slice(stop + 1).trim();
  return { title: clip(title, 200), detail: detail ? clip(detail, 2000) : undefined };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function assemble(
  source: WorkPoint['source'],
  number: number,
  title: string,
  detail: string | undefined,
  leadUnits: string[],
  responsible: string[],
  known: UnitNameContext,
  bodyTitle?: string,
): WorkPoint {
  const zones = new Set(known.zonesAndDistricts);
  // Zones and districts as leads (004's "各产业集聚区") each own the task; otherwise the first
  // lead owns it and the other leads work with it.
  const eachLeadOwns = leadUnits.every((u) => zones.has(u));
  const owners = eachLeadOwns ? leadUnits : leadUnits.slice(0, 1);
  const coUnits = [...new Set([...leadUnits, ...responsible])].filter((u) => !owners.includes(u));
  const year = DOC_YEAR[source];
  const due = deadlineIn(`${bodyTitle ?? title}。${detail ?? ''}`, year);
  const point: WorkPoint = {
    source,
    number,
    title: clip(title.replace(/\s+/g, ''), 200),
    ...(detail ? { detail } : {}),
    leadUnits,
    coUnits,
    dueAt: due ?? endOfDay(year, 12, 31),
    dueSource: due ? 'text' : 'default',
  };
  return point;
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九十九. */
export function chineseNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const ten = text.indexOf('十');
  if (ten < 0) return CN_DIGITS[text] ?? NaN;
  const tens = ten === 0 ? 1 : CN_DIGITS[text.slice(0, ten)];
  const units = ten === text.length - 1 ? 0 : CN_DIGITS[text.slice(ten + 1)];
  return tens * 10 + units;
}

const MONTH = /(?:(20\d\d)年)?((?<!\d)(?:1[0-2]|0?[1-9])|十[一二]?|[一二三四五六七八九])月份?(?:底|末)?前?/g;
const QUARTER = /(?:(20\d\d)年)?(?:第)?([一二三四1-4])季度(?:末|底)?前?/g;
const HALF = /(?:(20\d\d)年)?([上下])半年/g;
const YEAR_END = /(?:(20\d\d)|(?<![一二三四五六七八九十两\d全]))年(?:底|末|内)前?/g;

/**
 * The deadline a task text names, as an ISO instant at 23:59:59+08:00: a month ("6月底前",
 * "10月份将在郑州举办") ends with the month, a quarter ("三季度") with the quarter, "上半年" on
 * 30 June, "年底前" / "年内" / "2021年底" on 31 December. When several are named the latest wins:
 * the task is done when its last named step is. "全年…" and "2021年，…" name a yearly target,
 * not a deadline, and are not matched.
 */
export function deadlineIn(text: string, year: number): string | undefined {
  const found: Array<[number, number, number]> = [];
  const compact = text.replace(/\s+/g, '');
  for (const m of compact.matchAll(MONTH)) {
    const y = m[1] ? Number(m[1]) : year;
    const month = chineseNumber(m[2]);
    found.push([y, month, daysIn(y, month)]);
  }
  for (const m of compact.matchAll(QUARTER)) {
    const y = m[1] ? Number(m[1]) : year;
    const month = chineseNumber(m[2]) * 3;
    found.push([y, month, daysIn(y, month)]);
  }
  for (const m of compact.matchAll(HALF)) {
    const y = m[1] ? Number(m[1]) : year;
    found.push(m[2] === '上' ? [y, 6, 30] : [y, 12, 31]);
  }
  for (const m of compact.matchAll(YEAR_END)) found.push([m[1] ? Number(m[1]) : year, 12, 31]);
  if (!found.length) return undefined;
  const [y, month, day] = found.reduce((a, b) => (a[0] * 10000 + a[1] * 100 + a[2] >= b[0] * 10000 + b[1] * 100 + b[2] ? a : b));
  return endOfDay(y, month, day);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function endOfDay(year: number, month: number, day: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(day)}T23:59:59+08:00`;
}
