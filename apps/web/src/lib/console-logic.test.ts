import { describe, expect, it } from 'vitest';
import { actsFor } from '../components/subject/acts';
import { stepStates } from '../components/subject/steps';
import { quarterEnd, quarterOf } from '../pages/assessments/quarters';
import { scoreColor } from '../pages/evaluations/score';
import { dayjs } from './dates';
import { filenameOf } from './download';

describe('what the supervisors’ pages decide for themselves', () => {
  it('offers 催办 on any open subject, and only the levels above the one it has', () => {
    expect(actsFor({ level: 0, settled: false })).toEqual(['urge', 2, 3]);
    expect(actsFor({ level: 2, settled: false })).toEqual(['urge', 3]);
    expect(actsFor({ level: 3, settled: false })).toEqual(['urge']);
    expect(actsFor({ level: 1, settled: true })).toEqual([]);
  });

  it('marks the earliest step to come as the next one', () => {
    const step = (doneAt: string | null) => ({ action: 'remind', at: '2026-07-20T01:00:00.000Z', doneAt });
    expect(stepStates([step('2026-07-20T01:00:00.000Z'), step(null), step(null)])).toEqual(['done', 'next', 'coming']);
    expect(stepStates([step('x'), step('y')])).toEqual(['done', 'done']);
    expect(stepStates([])).toEqual([]);
  });

  it('names a quarter and its end in the profile’s zone', () => {
    expect(quarterOf(dayjs.tz('2026-09-30T23:59:00', 'Asia/Shanghai'))).toBe('2026-Q3');
    expect(quarterOf(dayjs.tz('2026-10-01T00:00:00', 'Asia/Shanghai'))).toBe('2026-Q4');
    expect(new Date(quarterEnd('2026-Q3')).toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(new Date(quarterEnd('2026-Q4')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('colours a score 绿 at the base or above, 黄 a little below, 红 far below', () => {
    expect(scoreColor(101, 100)).toBe('#389e0d');
    expect(scoreColor(92, 100)).toBe('#d48806');
    expect(scoreColor(80, 100)).toBe('#cf1322');
  });

  it('saves a download under the Chinese name the api gives it', () => {
    const disposition = `attachment; filename="supervision-2026-07-16.xlsx"; filename*=UTF-8''${encodeURIComponent('督办清单-2026-07-16.xlsx')}`;
    expect(filenameOf(disposition, 'x.xlsx')).toBe('督办清单-2026-07-16.xlsx');
    expect(filenameOf('attachment; filename="evaluation-2026-07.xlsx"', 'x.xlsx')).toBe('evaluation-2026-07.xlsx');
    expect(filenameOf(null, '月度评比通报-2026-07.xlsx')).toBe('月度评比通报-2026-07.xlsx');
  });
});
