/*
 * Text repair shared by the notice parsers: government notices reach Duban as text extracted
 * from PDF or Word, with spaces inside Chinese words, sentences broken across lines and
 * full-width and ASCII punctuation mixed.
 */

const CJK = '\\u2014\\u2018-\\u201d\\u2026\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef';
const SPACE_NEXT_TO_CJK = new RegExp(`(?<=[${CJK}])[ \\t\\u3000]+|[ \\t\\u3000]+(?=[${CJK}])`, 'g');

/** Removes the spaces PDF extraction puts beside Chinese text ("数字经 济", "投资 10 亿元"). */
export function repairSpacing(text: string): string {
  return text
    .replace(SPACE_NEXT_TO_CJK, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** How many CJK ideographs the text holds. */
export function cjkCount(text: string): number {
  return text.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
}

/** Joins extracted lines: a line that ends mid-sentence was broken by a page; others end a paragraph. */
export function joinLines(lines: string[]): string {
  let out = '';
  for (const line of lines.map(repairSpacing).filter(Boolean)) {
    if (!out) out = line;
    else out += /[。；！？”]$/.test(out) ? `\n${line}` : line;
  }
  return repairSpacing(out.replace(/ ?\n ?/g, '\n'));
}

/** "标题。正文" → the heading up to the first "。" (≤ 200 chars) and the rest (≤ 2000 chars). */
export function splitHeading(paragraph: string): { title: string; detail?: string } {
  const stop = paragraph.indexOf('。');
  const title = (stop < 0 ? paragraph : paragraph.slice(0, stop)).replace(/\s+/g, '');
  const detail = stop < 0 ? '' : paragraph.slice(stop + 1).trim();
  return { title: clip(title, 200), detail: detail ? clip(detail, 2000) : undefined };
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 1 … 99 written in Arabic or Chinese numerals (一 … 九十九); NaN otherwise. */
export function chineseNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const ten = text.indexOf('十');
  if (ten < 0) return text.length === 1 ? (CN_DIGITS[text] ?? NaN) : NaN;
  const tens = ten === 0 ? 1 : CN_DIGITS[text.slice(0, ten)];
  const units = ten === text.length - 1 ? 0 : CN_DIGITS[text.slice(ten + 1)];
  return tens === undefined || units === undefined ? NaN : tens * 10 + units;
}

/** Full-width brackets, colons and commas as ASCII, the way the unit and field rules read them. */
export function asciiPunctuation(text: string): string {
  return text.replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':');
}
