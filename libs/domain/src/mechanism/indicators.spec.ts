import { applicableTarget, indicatorMet, indicatorValueProblem } from './indicators';

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
