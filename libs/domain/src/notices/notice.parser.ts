import type { LocalDate } from '../calendar/local-date';
import { datesIn, deadlineOf, Recurrence, recurrenceIn } from './notice-dates';
import { chineseNumber, cjkCount, clip, joinLines, repairSpacing, splitHeading } from './notice-text';
import { splitUnitList, UnitMention } from './unit-names';

/*
 * Reads a government notice (通知, 工作要点, 实施方案) into the tasks it assigns. Pure: text in,
 * proposal out; no directory of units, no clock (the caller gives the fallback year).
 *
 * What counts as a task, in the formats notices use:
 *   1. a numbered paragraph (一、 （一） 1. (1) ①) followed by field lines "牵头单位：…",
 *      "牵头部门：…", "责任单位：…", "配合单位：…", "完成时间：…" (one line or several);
 *   2. a paragraph ending in "（责任单位：…）" or "（X牵头，Y配合）";
 *   3. a numbered row of a table whose header has 序号, a task column and a unit column
 *      ("序号 任务 负责单位", where a cell reads "X、Y牵头，A、B等按职责分工负责", or separate
 *      牵头/配合 columns); a body paragraph of the same number gives its detail;
 *   4. in the body's prose, a sentence that makes a duty recur ("每月20日前…报…", "每季度开展一次")
 *      or names who leads it ("由A、B牵头制定，各有关部门配合").
 */

export interface NoticeDocument {
  /** 文号, e.g. 郑政办〔2021〕40号. */
  number?: string;
  title?: string;
  /** The date the notice was signed (成文日期), else the date it was printed (印发). */
  issuedAt?: LocalDate;
}

export interface NoticeItem {
  /** The item's number in the notice when items carry unique numbers; otherwise its place (see parseNotice). */
  seq: number;
  /** The number as written ("（三）", "3", "附件第3行"), empty for a prose sentence. */
  label: string;
  title: string;
  detail?: string;
  leadUnits: UnitMention[];
  coUnits: UnitMention[];
  /** The final deadline. */
  dueDate?: LocalDate;
  /** Earlier dates the item names. */
  milestones: LocalDate[];
  recurrence?: Recurrence;
  /** Sentences stating quantified targets ("新增绿色制造体系企业5家"). */
  targets: string[];
  /** The notice's text of the item; [start, end) are its offsets in ParsedNotice.text. */
  excerpt: string;
  start: number;
  end: number;
  /** Which of the four formats found it. */
  format: 'fields' | 'inline' | 'table' | 'prose';
}

export interface ParsedNotice {
  /** The text the offsets refer to (line ends normalised to \n). */
  text: string;
  document: NoticeDocument;
  /** The year year-less dates take: the notice's, else the caller's fallback. */
  year: number;
  /** The prefix bare department names take (市 for a city's notice, 省 for a province's). */
  prefix: string;
  items: NoticeItem[];
}

export interface ParseOptions {
  /** The year for year-less dates when the notice names none (the caller's current year). */
  fallbackYear: number;
}

interface Line {
  raw: string;
  /** Markdown and HTML emphasis removed, trimmed. */
  text: string;
  start: number;
  end: number;
}

type Draft = Omit<NoticeItem, 'seq' | 'dueDate' | 'milestones' | 'recurrence' | 'targets'> & { number?: number; fieldDates?: string; bodyText: string };

const FIELD_LABEL = /(牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|协办单位|参与单位|完成时间|完成时限|时间节点|时限要求)\s*[:：]/g;
const FIELD_LINE = /^(?:牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|协办单位|参与单位|完成时间|完成时限|时间节点|时限要求)\s*[:：]/;
const HEADINGS: { level: number; pattern: RegExp; label: (n: string) => string }[] = [
  { level: 1, pattern: /^([一二三四五六七八九十]{1,3})、\s*(.*)$/, label: (n) => `${n}、` },
  { level: 2, pattern: /^[（(]([一二三四五六七八九十]{1,3})[）)]\s*(.*)$/, label: (n) => `（${n}）` },
  { level: 3, pattern: /^(\d{1,3})\s*[.．、](?!\d)\s*(.*)$/, label: (n) => `${n}.` },
  { level: 4, pattern: /^[（(](\d{1,3})[）)]\s*(.*)$/, label: (n) => `(${n})` },
  { level: 5, pattern: /^([\u2460-\u2473])\s*(.*)$/, label: (n) => n },
];
const INLINE_FIELDS = /[（(]\s*((?:牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门)\s*[:：][^（）()]*?)\s*[）)]\s*[。；;]?\s*$/;
const INLINE_LEADS = /[（(]\s*([^（）()]{2,120}?牵头[^（）()]*?)\s*[）)]\s*[。；;]?\s*$/;
/** A signature date ("2021年6月8日") or print line ends whatever paragraph came before it. */
const DATE_LINE = /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/;
const ANNEX_START = /^[-*•\s]*(?:附件|附表)/;
/** Attached tables of figures (附表): no task is read from them but a task table's rows. */
const FIGURES_START = /^附表/;
const UNIT_SUFFIX = /(?:局|委|办|厅|委员会|政府|管委会|部门|单位|公司|中心|集团|办公室|区|县|市)$/;

/** Parses a notice. Year-less dates take the notice's year (issuedAt, else its title's), else `fallbackYear`. */
export function parseNotice(input: string, options: ParseOptions): ParsedNotice {
  const text = input.replace(/\r\n?/g, '\n');
  const lines = splitLines(text);
  const document = readDocument(lines);
  const year = Number(document.issuedAt?.slice(0, 4) ?? /(20\d\d)年/.exec(document.title ?? '')?.[1] ?? options.fallbackYear);
  const prefix = prefixOf(text);
  const tables = readTables(lines, prefix);
  const blocks = readBlocks(lines, tables.rows);
  const drafts: Draft[] = [];

  // Table rows first: a body paragraph of the same number is their detail, not a task of its own.
  const bodyByNumber = uniqueNumbered(blocks.filter((b) => b.level === 3 && b.fields.length === 0));
  const merged = new Set<Block>();
  for (const row of tables.items) {
    const body = bodyByNumber?.get(row.number);
    if (body) merged.add(body);
    const paragraph = body ? splitHeading(joinLines(body.lines.map((l) => l.text))) : undefined;
    drafts.push({
      ...row.draft,
      detail: paragraph?.detail,
      bodyText: `${paragraph?.title ?? row.draft.title}。${paragraph?.detail ?? ''}`,
    });
  }

  const bodyEnd = lines.findIndex((l) => ANNEX_START.test(l.text));
  for (const block of blocks) {
    if (merged.has(block)) continue;
    const fromFields = block.fields.length > 0 ? fieldsDraft(block, prefix) : inlineDraft(block, prefix);
    if (fromFields) drafts.push(fromFields);
    else if (block.inBody && (bodyEnd < 0 || block.lines[0].start < lines[bodyEnd].start)) drafts.push(...proseDrafts(block, prefix));
  }
  drafts.sort((a, b) => a.start - b.start);

  const items = numbered(drafts).map(({ draft, seq }) => finish(draft, seq, year, text));
  return { text, document, year, prefix, items };
}

// ---- lines, blocks and tables ----------------------------------------------------------------

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let at = 0;
  for (const raw of text.split('\n')) {
    const clean = raw
      .replace(/<\/?[a-z][^>]*>/gi, '')
      .replace(/\*\*/g, '')
      .replace(/^\s*#+\s*/, '')
      .trim();
    out.push({ raw, text: clean, start: at, end: at + raw.length });
    at += raw.length + 1;
  }
  return out;
}

interface Block {
  level: number;
  number?: number;
  label: string;
  lines: Line[];
  fields: Line[];
  /** After the notice's addressees (or anywhere, when it names none): where prose may assign work. */
  inBody: boolean;
}

/** Paragraph blocks: a heading and the lines up to the next heading, with any field lines after it. */
function readBlocks(lines: Line[], tableRows: Set<Line>): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  const bodyStart = lines.findIndex((l) => /[：:]$/.test(l.text) && cjkCount(l.text) > 0 && !FIELD_LINE.test(l.text));
  const figuresAt = lines.findIndex((l) => FIGURES_START.test(l.text));
  lines.slice(0, figuresAt < 0 ? lines.length : figuresAt).forEach((line, i) => {
    if (!line.text || tableRows.has(line)) {
      if (tableRows.has(line)) current = null;
      return;
    }
    const inBody = i > bodyStart;
    if (FIELD_LINE.test(line.text)) {
      if (current) current.fields.push(line);
      return;
    }
    const heading = HEADINGS.map((h) => ({ h, m: h.pattern.exec(line.text) })).find((x) => x.m && x.m[2] !== undefined);
    if (heading?.m) {
      const n = chineseNumber(heading.m[1]);
      current = {
        level: heading.h.level,
        number: Number.isNaN(n) ? undefined : n,
        label: heading.h.label(heading.m[1]),
        lines: [{ ...line, text: heading.m[2] }],
        fields: [],
        inBody,
      };
      blocks.push(current);
      return;
    }
    if (current && current.fields.length === 0 && current.level > 1 && !DATE_LINE.test(line.text)) {
      current.lines.push(line);
      return;
    }
    // A paragraph of its own (under a section heading, or after a task's field lines).
    current = { level: 0, label: '', lines: [line], fields: [], inBody };
    blocks.push(current);
  });
  return blocks.filter((b) => b.lines.some((l) => l.text));
}

/** Blocks by number when no number repeats among them (a body numbered 1…16 across its sections). */
function uniqueNumbered(blocks: Block[]): Map<number, Block> | undefined {
  const map = new Map<number, Block>();
  for (const b of blocks) {
    if (b.number === undefined || map.has(b.number)) return undefined;
    map.set(b.number, b);
  }
  return map;
}

interface TableItem {
  number: number;
  draft: Draft;
}

/** Task tables: a header with 序号, a task column and a unit column; each numbered row is a task. */
function readTables(lines: Line[], prefix: string): { items: TableItem[]; rows: Set<Line> } {
  const items: TableItem[] = [];
  const rows = new Set<Line>();
  for (let i = 0; i < lines.length; i++) {
    const header = cells(lines[i]);
    if (!header) continue;
    const col = (pattern: RegExp, except?: number) => header.findIndex((c, k) => k !== except && pattern.test(c));
    const seqCol = col(/^序号$/);
    const taskCol = col(/任务|工作|事项|内容|措施/);
    const leadCol = col(/牵头/);
    const unitCol = leadCol >= 0 ? leadCol : col(/单位|部门/);
    if (seqCol < 0 || taskCol < 0 || unitCol < 0) continue;
    const coCol = leadCol >= 0 ? col(/配合|协办|参与|责任|单位|部门/, leadCol) : -1;
    const dateCol = col(/时间|时限|节点/);
    rows.add(lines[i]);
    for (i = i + 1; i < lines.length; i++) {
      const row = cells(lines[i]);
      if (!row) {
        if (lines[i].text === '') continue;
        i--;
        break;
      }
      rows.add(lines[i]);
      const no = row[seqCol] ?? '';
      const task = row[taskCol] ?? '';
      if (!/^\d{1,3}$/.test(no) || !task) continue;
      const [lead, co] = leadCol >= 0 ? [row[leadCol] ?? '', coCol >= 0 ? (row[coCol] ?? '') : ''] : leadsAndOthers(row[unitCol] ?? '');
      items.push({
        number: Number(no),
        draft: {
          label: no,
          number: Number(no),
          title: clip(task.replace(/\s+/g, ''), 200),
          leadUnits: splitUnitList(lead, { prefix }),
          coUnits: splitUnitList(co, { prefix }),
          fieldDates: dateCol >= 0 ? row[dateCol] : undefined,
          excerpt: lines[i].raw,
          start: lines[i].start,
          end: lines[i].end,
          format: 'table',
          bodyText: task,
        },
      });
    }
  }
  return { items, rows };
}

/** The cells of a tab-separated row (two non-empty cells at least), repaired; undefined for any other line. */
function cells(line: Line): string[] | undefined {
  if (!line.raw.includes('\t')) return undefined;
  const out = line.raw.split('\t').map((c) => repairSpacing(c.replace(/<[^>]+>/g, '').replace(/\*\*/g, '')));
  return out.filter(Boolean).length >= 2 ? out : undefined;
}

/** "X、Y牵头，A、B等按职责分工负责" → leads X, Y and others A, B; a cell without 牵头 names leads only. */
function leadsAndOthers(cell: string): [string, string] {
  const at = cell.indexOf('牵头');
  if (at < 0) return [cell.replace(/负责$/, ''), ''];
  return [cell.slice(0, at), cell.slice(at + 2).replace(/^[，,；;、]/, '')];
}

// ---- the four formats -----------------------------------------------------------------------

function fieldsDraft(block: Block, prefix: string): Draft {
  const fields = readFields(block.fields.map((l) => l.text).join('，'));
  const { title, detail } = splitHeading(joinLines(block.lines.map((l) => l.text)));
  return {
    ...assignment(fields, prefix),
    label: block.label,
    number: block.number,
    title,
    detail,
    fieldDates: fields.dates,
    ...span(block.lines[0], block.fields[block.fields.length - 1]),
    format: 'fields',
    bodyText: `${title}。${detail ?? ''}`,
  };
}

function inlineDraft(block: Block, prefix: string): Draft | undefined {
  // The paragraph up to the line that ends with the responsibility in brackets.
  const upTo = block.lines.findIndex((l) => INLINE_FIELDS.test(l.text) || INLINE_LEADS.test(l.text));
  if (upTo < 0) return undefined;
  const lines = block.lines.slice(0, upTo + 1);
  const paragraph = joinLines(lines.map((l) => l.text));
  const fields = INLINE_FIELDS.exec(paragraph);
  const leads = fields ? undefined : INLINE_LEADS.exec(paragraph);
  if (!fields && !leads) return undefined;
  const body = paragraph.slice(0, (fields ?? leads)!.index);
  const { title, detail } = splitHeading(body);
  const assigned = fields
    ? assignment(readFields(fields[1]), prefix)
    : (() => {
        const [lead, co] = leadsAndOthers(leads![1]);
        return { leadUnits: splitUnitList(lead, { prefix }), coUnits: splitUnitList(co.replace(/(?:配合|参与|协助)$/, ''), { prefix }) };
      })();
  return {
    ...assigned,
    label: block.label,
    number: block.number,
    title: block.level > 0 ? title : clip(body.replace(/[。；;\s]+$/, ''), 200),
    detail: block.level > 0 ? detail : undefined,
    fieldDates: fields ? readFields(fields[1]).dates : undefined,
    ...span(lines[0], lines[lines.length - 1]),
    format: 'inline',
    bodyText: body,
  };
}

/** Sentences of the body that make a duty recur or name who leads it. */
function proseDrafts(block: Block, prefix: string): Draft[] {
  const out: Draft[] = [];
  for (const line of block.lines) {
    const sentences = line.text.match(/[^。；！？]+[。；！？]?/g) ?? [];
    let offset = 0;
    for (const sentence of sentences) {
      // Where the sentence stands in the raw line (found unless markup sat inside it).
      const at = line.raw.indexOf(sentence, offset);
      if (at >= 0) offset = at + sentence.length;
      const s = repairSpacing(sentence).replace(/[。；！？]$/, '');
      const recurring = recurrenceIn(s, 'prose').recurrence !== undefined;
      const led = leadsInProse(s);
      if (!recurring && !led) continue;
      const units = led ?? { lead: responsibleInProse(s) ?? '', co: '' };
      const start = at >= 0 ? line.start + at : line.start;
      out.push({
        label: '',
        title: clip(s, 200),
        leadUnits: splitUnitList(units.lead, { prefix }),
        coUnits: splitUnitList(units.co, { prefix }),
        excerpt: at >= 0 ? sentence : s,
        start,
        end: at >= 0 ? start + sentence.length : line.end,
        format: 'prose',
        bodyText: s,
      });
    }
  }
  return out;
}

/** "方案由A、B牵头制定，各有关部门配合" → leads A, B and others 各有关部门; undefined when no unit leads. */
function leadsInProse(sentence: string): { lead: string; co: string } | undefined {
  const clauses = sentence.split(/[，,]/);
  const i = clauses.findIndex((c) => /牵头(?!部门|单位)/.test(c));
  if (i < 0) return undefined;
  const before = clauses[i].slice(0, clauses[i].search(/牵头(?!部门|单位)/));
  const lead = before.includes('由') ? before.slice(before.lastIndexOf('由') + 1) : before;
  if (!namesOnly(lead)) return undefined;
  const coClause = clauses.slice(i + 1).find((c) => /(?:配合|参与|协助)$/.test(c));
  return { lead, co: coClause ? coClause.replace(/(?:负责)?(?:配合|参与|协助)$/, '') : '' };
}

/** Who a recurring duty falls to: "由X负责…", else the sentence's subject when it is a list of units. */
function responsibleInProse(sentence: string): string | undefined {
  const by = /由([^，。；由]{1,30}?)负责/.exec(sentence);
  if (by) return by[1];
  const subject = /^([^，。；]{2,60}?)(?:要|应|须|每|将|于|按)/.exec(sentence);
  return subject && namesOnly(subject[1]) ? subject[1] : undefined;
}

/** Whether text is nothing but a list of unit names (each ending as units do) or collectives. */
function namesOnly(text: string): boolean {
  const mentions = splitUnitList(text);
  return mentions.length > 0 && mentions.every((m) => m.group !== undefined || UNIT_SUFFIX.test(m.name.replace(/（[^）]*）$/, '')));
}

// ---- fields, dates and numbering ------------------------------------------------------------

interface Fields {
  lead: string[];
  responsible: string[];
  cooperating: string[];
  dates?: string;
}

function readFields(text: string): Fields {
  const fields: Fields = { lead: [], responsible: [], cooperating: [] };
  const marks = [...text.matchAll(FIELD_LABEL)];
  marks.forEach((m, i) => {
    const value = text.slice(m.index! + m[0].length, i + 1 < marks.length ? marks[i + 1].index : text.length).replace(/^[\s，,；;。]+|[\s，,；;。]+$/g, '');
    const label = m[1];
    if (/^牵头/.test(label)) fields.lead.push(value);
    else if (/^责任/.test(label)) fields.responsible.push(value);
    else if (/^(?:配合|协办|参与)/.test(label)) fields.cooperating.push(value);
    else fields.dates = [fields.dates, value].filter(Boolean).join('，');
  });
  return fields;
}

/** 牵头 names the leads; 责任单位 alone (no 牵头) names them too; otherwise responsible and cooperating units work with the leads. */
function assignment(fields: Fields, prefix: string): { leadUnits: UnitMention[]; coUnits: UnitMention[] } {
  const list = (parts: string[]) => splitUnitList(parts.join('、'), { prefix });
  if (fields.lead.length === 0) return { leadUnits: list(fields.responsible), coUnits: list(fields.cooperating) };
  return { leadUnits: list(fields.lead), coUnits: list([...fields.responsible, ...fields.cooperating]) };
}

function span(first: Line, last: Line): { excerpt: string; start: number; end: number } {
  return { start: first.start, end: last.end, excerpt: '' };
}

/**
 * Seqs: the items' own numbers when every item has one and none repeats; otherwise numbered
 * items keep theirs (if unique) and the others continue after the highest; else all are
 * numbered 1…n in order.
 */
function numbered(drafts: Draft[]): { draft: Draft; seq: number }[] {
  const numbers = drafts.filter((d) => d.number !== undefined).map((d) => d.number!);
  if (new Set(numbers).size !== numbers.length) return drafts.map((draft, i) => ({ draft, seq: i + 1 }));
  let next = Math.max(0, ...numbers);
  return drafts.map((draft) => ({ draft, seq: draft.number ?? ++next }));
}

function finish(draft: Draft, seq: number, year: number, text: string): NoticeItem {
  const { number: _number, fieldDates, bodyText, ...rest } = draft;
  // A 完成时间 field says when; the item's own text is read as prose, for what the field leaves unsaid.
  const field = fieldDates ? recurrenceIn(fieldDates, 'field') : undefined;
  const prose = recurrenceIn(bodyText, 'prose');
  const fieldDated = field ? datesIn(field.rest, year, 'field') : [];
  const { dueDate, milestones } = deadlineOf(fieldDated.length > 0 ? fieldDated : datesIn(prose.rest, year, 'prose'));
  const recurrence = field?.recurrence ?? prose.recurrence;
  return {
    ...rest,
    seq,
    excerpt: rest.format === 'prose' ? rest.excerpt : text.slice(rest.start, rest.end),
    ...(dueDate ? { dueDate } : {}),
    milestones,
    ...(recurrence ? { recurrence } : {}),
    targets: targetsIn(draft.detail ?? ''),
  };
}

const QUANTITY = /\d+(?:\.\d+)?\s*(?:%|％|家|个|亿元|万元|万个|万家|万|场|名|户|项|吨|千升|平方米|亩)/;

function targetsIn(detail: string): string[] {
  return (detail.match(/[^。；]+/g) ?? []).map((s) => s.trim()).filter((s) => QUANTITY.test(s) && /新增|达到|培育|举办|实现|完成|建成|引进|增长|降至|超过|不低于|以上/.test(s));
}

// ---- the document ---------------------------------------------------------------------------

const DOC_NUMBER = /^([\u4e00-\u9fff]{1,8}\s*[〔[［（(【]\s*\d{4}\s*[〕\]］）)】]\s*\d{1,4}\s*号)$/;
const TITLE = /关于.+的(?:通知|意见|决定|批复|函|报告|方案|通报|办法|规定)$/;

function readDocument(lines: Line[]): NoticeDocument {
  const head = lines.filter((l) => l.text).slice(0, 30);
  const number = head
    .map((l) => DOC_NUMBER.exec(l.text)?.[1])
    .find(Boolean)
    ?.replace(/\s+/g, '');
  const titled = head.map((l) => /关于.+$/.exec(l.text.replace(/\s+/g, ''))?.[0]).find((t) => t && TITLE.test(t));
  const title =
    titled ?? head.map((l) => l.text.replace(/\s+/g, '')).find((t) => cjkCount(t) >= 4 && t.length <= 60 && !/文件$/.test(t) && !DOC_NUMBER.test(t) && !/[。，：:；]/.test(t));
  let issuedAt: LocalDate | undefined;
  for (const pattern of [/^(\d{4})年(\d{1,2})月(\d{1,2})日$/, /^(\d{4})年(\d{1,2})月(\d{1,2})日印发$/]) {
    const m = lines.map((l) => pattern.exec(l.text.replace(/\s+/g, ''))).find(Boolean);
    if (m) {
      issuedAt = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
      break;
    }
  }
  return { ...(number ? { number } : {}), ...(title ? { title } : {}), ...(issuedAt ? { issuedAt } : {}) };
}

/** 市 for a city's notice, 省 for a province's: whichever more department names start with. */
function prefixOf(text: string): string {
  const city = text.match(/(?<![\u4e00-\u9fff])市[\u4e00-\u9fff]{1,8}(?:局|委|办|厅)/g)?.length ?? 0;
  const province = text.match(/(?<![\u4e00-\u9fff])省[\u4e00-\u9fff]{1,8}(?:局|委|办|厅)/g)?.length ?? 0;
  return province > city ? '省' : '市';
}
