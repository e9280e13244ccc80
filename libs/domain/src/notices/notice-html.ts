/*
 * The text of a Word document as the notice parser reads it, from the HTML mammoth makes of it:
 * a paragraph or heading per line, a table row per line with its cells separated by tabs (the
 * shape of an annex table in extracted text), the paragraphs inside a cell joined.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Plain text of mammoth's HTML (p, h1–h6, li, table/tr/td/th, br, inline tags). */
export function noticeTextOfHtml(html: string): string {
  const cellText = (cell: string) =>
    decode(cell.replace(/<br\s*\/?>/gi, '').replace(/<[^>]*>/g, ''))
      .replace(/[\t\n]+/g, ' ')
      .trim();
  const withTables = html.replace(/<table[\s\S]*?<\/table>/gi, (table) => {
    const rows = table.match(/<tr[\s\S]*?<\/tr>/gi) ?? [];
    const lines = rows.map((row) => (row.match(/<t[dh][\s\S]*?<\/t[dh]>/gi) ?? []).map(cellText).join('\t'));
    return `\n${lines.join('\n')}\n`;
  });
  const text = withTables
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(?:p|h[1-6]|li)>/gi, '\n')
    .replace(/<(?!\/?(?:p|h[1-6]|li)\b)[^>]*>/gi, '')
    .replace(/<[^>]*>/g, '');
  return decode(text)
    .split('\n')
    .map((line) => line.replace(/[ \u00a0]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
