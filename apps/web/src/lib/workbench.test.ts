import { describe, expect, it } from 'vitest';
import { cardsFor, percent } from './workbench';

describe('工作台 cards per role', () => {
  it('gives liaisons and lead departments 待办, the lights, this month’s reports and the completion rates', () => {
    for (const role of ['UNIT_LIAISON', 'LEAD_UNIT'] as const) {
      expect(cardsFor([role])).toEqual(['todo', 'dueSoon', 'overdue', 'reportsThisMonth', 'completionRate', 'onTimeCompletionRate']);
    }
  });

  it('adds 督办 for supervisors and admins, and leaves 待办 to those who can act on tasks', () => {
    expect(cardsFor(['SUPERVISOR'])).toContain('supervision');
    expect(cardsFor(['SUPERVISOR'])).toContain('todo');
    expect(cardsFor(['ADMIN'])).toEqual(['dueSoon', 'overdue', 'reportsThisMonth', 'completionRate', 'onTimeCompletionRate', 'supervision']);
    expect(cardsFor(['CHAIN_LEADER'])).not.toContain('todo');
  });

  it('joins several roles in the summary’s order', () => {
    expect(cardsFor(['ADMIN', 'UNIT_LIAISON'])).toEqual(['todo', 'dueSoon', 'overdue', 'reportsThisMonth', 'completionRate', 'onTimeCompletionRate', 'supervision']);
    expect(cardsFor([])).toEqual([]);
  });

  it('shows rates as percentages with at most one decimal, and none before there is anything to count', () => {
    expect(percent(0.8567)).toBe('85.7%');
    expect(percent(1)).toBe('100%');
    expect(percent(0)).toBe('0%');
    expect(percent(null)).toBeNull();
  });
});
