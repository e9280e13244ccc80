import { listItemOwner } from './list-items';
import { periodBounds, periodKind, previousPeriod, monthsOf, quartersOf } from './periods';
import { DEFAULT_SCORING, scoreAndRank } from './scoring';
import { decideProblemTransition, PROBLEM_ACTIONS, PROBLEM_STATES, PROBLEM_TRANSITIONS, problemDueAt, ProblemActor } from '../problems/problem-lifecycle';

describe('four lists: who owns an item', () => {
  const zone = { id: 7, kind: 'ZONE' as const };
  const district = { id: 8, kind: 'DISTRICT' as const };
  const department = { id: 3, kind: 'DEPARTMENT' as const };

  it('gives a key matter to the chain’s lead department, by default its first', () => {
    expect(listItemOwner('MATTER', null, [3, 4])).toEqual({ ownerUnitId: 3 });
    expect(listItemOwner('MATTER', { id: 4, kind: 'DEPARTMENT' }, [3, 4])).toEqual({ ownerUnitId: 4 });
    expect(listItemOwner('MATTER', zone, [3])).toEqual({ problem: expect.stringContaining('lead department') });
    expect(listItemOwner('MATTER', null, [])).toEqual({ problem: expect.stringContaining('no lead department') });
  });

  it.each(['PARK', 'ENTERPRISE', 'PROJECT'] as const)('gives a %s to the zone or district where it is', (type) => {
    expect(listItemOwner(type, zone, [3])).toEqual({ ownerUnitId: 7 });
    expect(listItemOwner(type, district, [3])).toEqual({ ownerUnitId: 8 });
    expect(listItemOwner(type, department, [3])).toEqual({ problem: expect.stringContaining('zone or district') });
    expect(listItemOwner(type, null, [3])).toEqual({ problem: expect.stringContaining('required') });
  });
});

describe('monthly scoring', () => {
  const unit = (unitId: number, unitName: string, counts: Record<string, number>) => ({ unitId, unitName, counts });

  it('applies each rule to its count and keeps the breakdown', () => {
    const [only] = scoreAndRank(DEFAULT_SCORING, [unit(1, '经开区', { reportLate: 2, reportMissing: 1, taskDoneOnTime: 3, taskOverdue: 1, openListedSupervision: 1 })], new Map());
    expect(only.score).toBe(100 - 2 - 5 + 3 - 2 - 3);
    expect(only.breakdown).toEqual({
      reportLate: { count: 2, points: -2 },
      reportMissing: { count: 1, points: -5 },
      taskDoneOnTime: { count: 3, points: 3 },
      taskOverdue: { count: 1, points: -2 },
      openListedSupervision: { count: 1, points: -3 },
    });
  });

  it('ranks with ties (1, 2, 2, 4) and reports the change since last month', () => {
    const ranked = scoreAndRank(
      DEFAULT_SCORING,
      [unit(1, '甲', { reportMissing: 1 }), unit(2, '乙', {}), unit(3, '丙', { reportLate: 1 }), unit(4, '丁', { reportLate: 1 })],
      new Map([
        [2, 3],
        [3, 1],
      ]),
    );
    expect(ranked.map((u) => [u.unitName, u.score, u.rank, u.rankDelta])).toEqual([
      ['乙', 100, 1, 2],
      ['丙', 99, 2, -1],
      ['丁', 99, 2, null],
      ['甲', 95, 4, null],
    ]);
  });

  it('honours a profile’s own points', () => {
    const [u] = scoreAndRank({ base: 0, points: { ...DEFAULT_SCORING.points, reportMissing: -10 } }, [unit(1, '甲', { reportMissing: 2 })], new Map());
    expect(u.score).toBe(-20);
  });
});

describe('problem ledger on 13710', () => {
  const all: ProblemActor[] = ['ROUTED', 'RAISER', 'SUPERVISOR'];

  it('allows each action only from its states and to its actors', () => {
    for (const state of PROBLEM_STATES) {
      for (const action of PROBLEM_ACTIONS) {
        for (const actor of all) {
          const rule = PROBLEM_TRANSITIONS[action];
          // The raiser rates the outcome when closing ("0": 销号 with the raiser's rating).
          const outcome = decideProblemTransition(state, action, new Set([actor]), { comment: '已协调', ...(action === 'close' ? { satisfaction: 5 } : {}) });
          if (!rule.actors.includes(actor)) expect(outcome).toMatchObject({ ok: false, error: 'FORBIDDEN' });
          else if (!rule.from.includes(state)) expect(outcome).toMatchObject({ ok: false, error: 'CONFLICT' });
          else expect(outcome).toEqual({ ok: true, from: state, to: rule.to });
        }
      }
    }
  });

  it('needs a reason to feed back, resolve or reopen, and takes severity only on acknowledging', () => {
    expect(decideProblemTransition('ACKNOWLEDGED', 'resolve', new Set(['ROUTED']), {})).toMatchObject({ error: 'INVALID', field: 'comment' });
    expect(decideProblemTransition('OPEN', 'acknowledge', new Set(['ROUTED']), { severity: 'MAJOR' })).toMatchObject({ ok: true });
    expect(decideProblemTransition('RESOLVED', 'close', new Set(['RAISER']), { severity: 'MAJOR' })).toMatchObject({ error: 'INVALID', field: 'severity' });
    expect(decideProblemTransition('IN_PROGRESS', 'feedback', new Set(['ROUTED']), { comment: 'x', satisfaction: 5 })).toMatchObject({ field: 'satisfaction' });
  });

  it('is due in 7 days, or a month when major', () => {
    const raised = new Date('2026-07-16T02:00:00Z');
    expect(problemDueAt(raised, 'GENERAL').toISOString()).toBe('2026-07-23T02:00:00.000Z');
    expect(problemDueAt(raised, 'MAJOR').toISOString()).toBe('2026-08-16T02:00:00.000Z');
  });
});

describe('periods', () => {
  it('bounds months and quarters in Shanghai time', () => {
    expect(periodBounds('2026-07', 'Asia/Shanghai')).toEqual({ start: new Date('2026-06-30T16:00:00Z'), end: new Date('2026-07-31T16:00:00Z') });
    expect(periodBounds('2026-Q3', 'Asia/Shanghai')).toEqual({ start: new Date('2026-06-30T16:00:00Z'), end: new Date('2026-09-30T16:00:00Z') });
    expect(periodBounds('2026-13', 'Asia/Shanghai')).toBeNull();
    expect(previousPeriod('MONTH', new Date('2026-08-05T01:00:00Z'), 'Asia/Shanghai')).toBe('2026-07');
    expect(previousPeriod('QUARTER', new Date('2026-10-10T01:00:00Z'), 'Asia/Shanghai')).toBe('2026-Q3');
    expect(monthsOf('2026-Q3')).toEqual(['2026-07', '2026-08', '2026-09']);
  });

  it('bounds a year, names its months and quarters, and tells the three kinds apart', () => {
    expect(periodBounds('2026', 'Asia/Shanghai')).toEqual({ start: new Date('2025-12-31T16:00:00Z'), end: new Date('2026-12-31T16:00:00Z') });
    expect(previousPeriod('YEAR', new Date('2027-01-15T01:00:00Z'), 'Asia/Shanghai')).toBe('2026');
    // New Year's Eve after 16:00 UTC is already the next year in Shanghai.
    expect(previousPeriod('YEAR', new Date('2026-12-31T16:30:00Z'), 'Asia/Shanghai')).toBe('2026');
    expect(monthsOf('2026')).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    expect(monthsOf('2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(quartersOf('2026')).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(['2026', '2026-07', '2026-Q3', '2026-7', '26', '2026-Q5', '2026-H2'].map(periodKind)).toEqual(['YEAR', 'MONTH', 'QUARTER', null, null, null, null]);
  });
});
