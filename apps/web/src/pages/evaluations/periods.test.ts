import { describe, expect, it } from 'vitest';
import { composedText, isYearly, partText, shares, switchKind, viewOf, yearClosed, type MonthlyEvaluation, type YearlyEvaluation } from './periods';

describe('the evaluations page’s periods: a month (月度评比) or a year (年度考评)', () => {
  it('reads the period from the address, falling back to last month', () => {
    expect(viewOf('2026', '2027-01')).toEqual({ kind: 'YEAR', period: '2026' });
    expect(viewOf('2026-07', '2027-01')).toEqual({ kind: 'MONTH', period: '2026-07' });
    for (const bad of [null, '', '2026-Q3', '2026-13', '26', '2026-7', '20261']) expect(viewOf(bad, '2027-01')).toEqual({ kind: 'MONTH', period: '2027-01' });
  });

  it('switches between a month and its year, never onto a month that has not closed', () => {
    expect(switchKind({ kind: 'MONTH', period: '2026-07' }, 'YEAR', '2026-10')).toBe('2026');
    expect(switchKind({ kind: 'YEAR', period: '2025' }, 'MONTH', '2026-10')).toBe('2025-12');
    expect(switchKind({ kind: 'YEAR', period: '2026' }, 'MONTH', '2026-10')).toBe('2026-10');
    expect(switchKind({ kind: 'YEAR', period: '2026' }, 'YEAR', '2026-10')).toBe('2026');
  });

  it('lets a year be evaluated once its December has closed', () => {
    expect(yearClosed('2026', '2026-12')).toBe(true);
    expect(yearClosed('2026', '2027-01')).toBe(true);
    expect(yearClosed('2026', '2026-11')).toBe(false);
  });

  it('tells a year’s answer from a month’s', () => {
    const year = { period: '2026', items: [], chains: [], composedOf: { months: [], quarters: [] } } as unknown as YearlyEvaluation;
    const month = { period: '2026-07', items: [] } as unknown as MonthlyEvaluation;
    expect(isYearly(year)).toBe(true);
    expect(isYearly(month)).toBe(false);
  });

  it('shows weights as shares and a part with the periods it was drawn from', () => {
    expect(shares([60, 40])).toEqual(['60%', '40%']);
    expect(shares([3, 1])).toEqual(['75%', '25%']);
    expect(shares([1, 1, 1])).toEqual(['33.3%', '33.3%', '33.3%']);
    expect(shares([0, 0])).toEqual(['0%', '0%']);
    expect(partText({ score: 99.5, count: 12 })).toBe('99.5（12期）');
    expect(partText({ score: null, count: 0 })).toBe('—');
  });

  it('says what a year composed as the notice says it', () => {
    expect(composedText({ months: ['2026-10', '2026-11', '2026-12'], quarters: ['2026-Q3', '2026-Q4'] })).toBe('依据：10、11、12月月度评比；第3、4季度评估');
    expect(composedText({ months: ['2025-12'], quarters: ['2025-Q4'] })).toBe('依据：12月月度评比；第4季度评估');
  });
});
