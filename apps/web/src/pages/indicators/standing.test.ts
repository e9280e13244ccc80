import { describe, expect, it } from 'vitest';
import { formatFigure, latestPeriod, plansOf, standingOf, type UnitIndicator } from './standing';

const target = { value: 12, year: 2021, source: '附表1' };
const item = (patch: Partial<UnitIndicator>): UnitIndicator => ({ key: 'growth', target, actual: null, met: null, months: [], ...patch });

describe('指标完成', () => {
  it('shows met, not met, not reported and no target as the api judged them', () => {
    expect(standingOf(item({ actual: { value: 12.4, period: '2026-07', reportedAt: '' }, met: true }))).toBe('MET');
    expect(standingOf(item({ actual: { value: 8.5, period: '2026-07', reportedAt: '' }, met: false }))).toBe('NOT_MET');
    expect(standingOf(item({}))).toBe('NOT_REPORTED');
    expect(standingOf(item({ target: null }))).toBe('NO_TARGET');
  });

  it('writes figures as the plan does', () => {
    expect(formatFigure(8.5, '%')).toBe('8.5%');
    expect(formatFigure(12, '%')).toBe('12%');
    expect(formatFigure(9.25, '%')).toBe('9.25%');
    expect(formatFigure(35, '户')).toBe('35户');
  });

  it('names each plan the targets came from once, and a unit’s latest month', () => {
    const units = [{ indicators: [item({}), item({ target: { ...target, year: 2024, source: '2024年附表' } })] }, { indicators: [item({})] }];
    expect(plansOf(units)).toEqual([
      { year: 2021, source: '附表1' },
      { year: 2024, source: '2024年附表' },
    ]);
    expect(latestPeriod([item({ actual: { value: 1, period: '2026-07', reportedAt: '' } }), item({ actual: { value: 1, period: '2026-08', reportedAt: '' } }), item({})])).toBe(
      '2026-08',
    );
    expect(latestPeriod([item({})])).toBeNull();
  });
});
