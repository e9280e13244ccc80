import { deriveTimeliness, holds, overdueDays, TIMELINESS, TIMELINESS_RULES, timelinessOf } from './timeliness';

const DUE = new Date('2026-07-20T15:59:59Z');
const WINDOW = 3 * 86_400_000;
const at = (iso: string) => new Date(iso);

describe('timeliness (traffic light)', () => {
  it.each([
    ['2026-07-10T00:00:00Z', 'ON_TRACK'],
    ['2026-07-17T15:59:58Z', 'ON_TRACK'],
    ['2026-07-17T15:59:59Z', 'DUE_SOON'],
    ['2026-07-20T15:59:58Z', 'DUE_SOON'],
    ['2026-07-20T15:59:59Z', 'OVERDUE'],
    ['2026-08-01T00:00:00Z', 'OVERDUE'],
  ])('an open task at %s is %s', (now, expected) => {
    for (const state of ['DRAFT', 'ASSIGNED', 'IN_PROGRESS', 'SUBMITTED'] as const) {
      expect(deriveTimeliness({ state, dueAt: DUE, completedAt: null }, at(now), WINDOW)).toBe(expected);
    }
  });

  it('a done task was on time or late, whenever it is looked at', () => {
    expect(deriveTimeliness({ state: 'DONE', dueAt: DUE, completedAt: DUE }, at('2027-01-01T00:00:00Z'), WINDOW)).toBe('ON_TIME');
    expect(deriveTimeliness({ state: 'DONE', dueAt: DUE, completedAt: at('2026-07-20T16:00:00Z') }, at('2026-07-10T00:00:00Z'), WINDOW)).toBe('LATE');
  });

  it('a reminder marks it yellow before the window opens', () => {
    expect(deriveTimeliness({ state: 'IN_PROGRESS', dueAt: DUE, completedAt: null, reminded: true }, at('2026-07-10T00:00:00Z'), WINDOW)).toBe('DUE_SOON');
    expect(deriveTimeliness({ state: 'IN_PROGRESS', dueAt: DUE, completedAt: null, reminded: true }, at('2026-07-21T00:00:00Z'), WINDOW)).toBe('OVERDUE');
  });

  it('a cancelled task has no light', () => {
    expect(deriveTimeliness({ state: 'CANCELLED', dueAt: DUE, completedAt: null }, at('2026-08-01T00:00:00Z'), WINDOW)).toBeNull();
  });

  it('the window is configurable, down to none', () => {
    expect(deriveTimeliness({ state: 'ASSIGNED', dueAt: DUE, completedAt: null }, at('2026-07-20T15:00:00Z'), 0)).toBe('ON_TRACK');
  });
});

describe('overdue days', () => {
  const due = new Date('2026-07-20T15:59:59Z'); // 20 July 23:59:59 in Shanghai
  it.each([
    ['before the due instant', '2026-07-01T00:00:00Z', 0],
    ['at the due instant', '2026-07-20T15:59:59Z', 0],
    ['hours after, on the next calendar day', '2026-07-21T01:00:00Z', 0],
    ['a full day after, less a millisecond', '2026-07-21T15:59:58.999Z', 0],
    ['a full day after', '2026-07-21T15:59:59Z', 1],
    ['three days and seven hours after', '2026-07-23T23:00:00Z', 3],
    ['across a month end', '2026-08-20T15:59:59Z', 31],
  ])('%s', (_what, until, days) => {
    expect(overdueDays(due, new Date(until))).toBe(days);
  });
});

describe('timeliness rules', () => {
  it('give every subject exactly one light, and cancelled work none', () => {
    const now = new Date('2026-07-10T00:00:00Z');
    const instants = [-2 * 86_400_000, -1, 0, 1, 3 * 86_400_000 - 1, 3 * 86_400_000, 3 * 86_400_000 + 1, 30 * 86_400_000];
    for (const stage of ['OPEN', 'DONE', 'CANCELLED'] as const) {
      for (const offset of instants) {
        const dueAt = new Date(now.getTime() + offset);
        for (const completedAt of [null, new Date(dueAt.getTime() - 1), dueAt, new Date(dueAt.getTime() + 1)]) {
          for (const reminded of [false, true]) {
            const matching = TIMELINESS.filter((t) =>
              TIMELINESS_RULES[t].every((c) => holds(c, { stage, dueAt, completedAt, reminded }, { now, soon: new Date(now.getTime() + WINDOW) })),
            );
            expect(matching).toHaveLength(stage === 'CANCELLED' ? 0 : 1);
            expect(timelinessOf({ stage, dueAt, completedAt, reminded }, now, WINDOW)).toBe(matching[0] ?? null);
          }
        }
      }
    }
  });
});
