import { describe, expect, it } from 'vitest';
import { VIEW_TEXTS } from './texts';

/** What the page titles and says of its period, as it shows for 2026 or July 2026. */
const said = (kind: 'MONTH' | 'YEAR', period: string) => {
  const v = VIEW_TEXTS[kind];
  return [v.title, v.periodLabel, v.notPublished(period), v.computeTitle(period), v.computed, v.notClosed];
};

describe('the evaluations page’s texts, by view', () => {
  it('calls the year view 年度考评, with nothing of a month in its heading or its period', () => {
    expect(VIEW_TEXTS.YEAR.title).toBe('年度考评');
    expect(VIEW_TEXTS.MONTH.title).toBe('月度评比');
    for (const text of said('YEAR', '2026年')) expect(text).not.toContain('月');
    expect(said('YEAR', '2026年')).toEqual(['年度考评', '考评年度', '2026年度考评尚未发布', '发布2026年度考评', '年度考评已发布', '该年度尚未结束，结束后才能考评']);
    for (const text of said('MONTH', '2026年7月')) expect(text).toMatch(/月|评比/);
  });
});
