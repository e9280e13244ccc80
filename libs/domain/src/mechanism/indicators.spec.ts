import { applicableTarget, indicatorMet, indicatorReportProblems, indicatorValueProblem } from './indicators';

describe('indicators (工业经济指标)', () => {
  it('meets a target when the year-to-date figure reaches it', () => {
    expect(indicatorMet(10, 10)).toBe(true);
    expect(indicatorMet(10.01, 10)).toBe(true);
    expect(indicatorMet(9.99, 10)).toBe(false);
    expect(indicatorMet(-2, 5)).toBe(false);
    expect(indicatorMet(50, 50)).toBe(true);
    expect(indicatorMet(49, 50)).toBe(false);
  });

  it('takes the newest plan not after the year reported', () => {
    const targets = [
      { year: 2021, value: 10 },
      { year: 2024, value: 8 },
    ];
    expect(applicableTarget(targets, 2020)).toBeNull();
    expect(applicableTarget(targets, 2021)).toEqual({ year: 2021, value: 10 });
    expect(applicableTarget(targets, 2023)).toEqual({ year: 2021, value: 10 });
    expect(applicableTarget(targets, 2024)).toEqual({ year: 2024, value: 8 });
    expect(applicableTarget(targets, 2026)).toEqual({ year: 2024, value: 8 });
    expect(applicableTarget([], 2026)).toBeNull();
  });

  it.each([
    ['GROWTH_RATE', 10.5, null],
    ['GROWTH_RATE', -100, null],
    ['GROWTH_RATE', 1000, null],
    ['GROWTH_RATE', -100.01, 'must be between -100 and 1000'],
    ['GROWTH_RATE', 1000.5, 'must be between -100 and 1000'],
    ['GROWTH_RATE', 1.234, 'must have at most two decimals'],
    ['GROWTH_RATE', Number.NaN, 'must be a finite number'],
    ['GROWTH_RATE', Number.POSITIVE_INFINITY, 'must be a finite number'],
    ['GROWTH_RATE', '10', 'must be a finite number'],
    ['GROWTH_RATE', null, 'must be a finite number'],
    ['COUNT', 0, null],
    ['COUNT', 50, null],
    ['COUNT', 2.5, 'must be a whole number'],
    ['COUNT', -1, 'must be between 0 and 100000'],
    ['COUNT', 100_001, 'must be between 0 and 100000'],
  ] as const)('judges a %s of %p: %p', (kind, value, problem) => {
    expect(indicatorValueProblem(kind, value)).toBe(problem);
  });
});

describe('a report’s indicator figures', () => {
  const collected = [
    { key: 'growth', kind: 'GROWTH_RATE' },
    { key: 'firms', kind: 'COUNT' },
  ] as const;

  it('accepts one sound figure per indicator, in any order', () => {
    expect(
      indicatorReportProblems(collected, [
        { key: 'firms', value: 12 },
        { key: 'growth', value: -3.5 },
      ]),
    ).toEqual([]);
  });

  it('names every wrong field: an unknown key, a key twice, a bad value, and what is missing', () => {
    expect(
      indicatorReportProblems(collected, [
        { key: 'growth', value: 1e9 },
        { key: 'growth', value: 5 },
        { key: 'sales', value: 5 },
        { key: 7, value: 5 },
      ]),
    ).toEqual([
      'indicators.0.value: must be between -100 and 1000',
      'indicators.1.key: growth is given twice',
      'indicators.2.key: no indicator sales in this report (growth, firms)',
      'indicators.3.key: no indicator 7 in this report (growth, firms)',
      'indicators: missing firms',
    ]);
  });

  it('asks for the figures when the report collects them, and refuses them when it collects none', () => {
    expect(indicatorReportProblems(collected, undefined)).toEqual(['indicators: give the year-to-date figure of each of growth, firms']);
    expect(indicatorReportProblems(collected, [])).toEqual(['indicators: missing growth, firms']);
    expect(indicatorReportProblems([], [{ key: 'growth', value: 1 }])).toEqual(['indicators: this report collects no indicators']);
    expect(indicatorReportProblems([], [])).toEqual(['indicators: this report collects no indicators']);
    expect(indicatorReportProblems([], undefined)).toEqual([]);
  });
});
