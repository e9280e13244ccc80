import { composeYear, DEFAULT_YEARLY, quarterScore, YearlyRules, yearlyRulesProblems } from './yearly';

const RULES: YearlyRules = { monthlyWeight: 60, quarterlyWeight: 40, rateWeights: { completionRate: 30, onTimeCompletionRate: 40, onTimeReportRate: 30 } };

describe('quarterScore', () => {
  it('is the weighted mean of the known rates, out of 100', () => {
    expect(quarterScore(RULES, { completionRate: 1, onTimeCompletionRate: 0.5, onTimeReportRate: 0 })).toBeCloseTo(50);
    // Without tasks only the report rate is known: it is the whole score.
    expect(quarterScore(RULES, { completionRate: null, onTimeCompletionRate: null, onTimeReportRate: 0.75 })).toBeCloseTo(75);
    expect(quarterScore(RULES, { completionRate: null, onTimeCompletionRate: null, onTimeReportRate: null })).toBeNull();
  });

  it('ignores a rate weighted 0', () => {
    expect(
      quarterScore({ ...RULES, rateWeights: { completionRate: 0, onTimeCompletionRate: 1, onTimeReportRate: 0 } }, { completionRate: 0, onTimeCompletionRate: 0.9 }),
    ).toBeCloseTo(90);
  });
});

describe('composeYear', () => {
  it('weighs the mean monthly score against the mean quarterly score and ranks with shared places', () => {
    const ranked = composeYear(
      RULES,
      [
        // months 100, 98 → 99; quarters 100, 50 → 75; 0.6·99 + 0.4·75 = 89.4
        {
          id: 1,
          name: '经开区',
          monthlyScores: [100, 98],
          quarters: [
            { completionRate: 1, onTimeCompletionRate: 1, onTimeReportRate: 1 },
            { completionRate: 1, onTimeCompletionRate: 0.5, onTimeReportRate: 0 },
          ],
        },
        // months 101 → 101; quarters 100 → 100; 100.6
        { id: 2, name: '高新区', monthlyScores: [101], quarters: [{ completionRate: null, onTimeCompletionRate: null, onTimeReportRate: 1 }] },
        // the same as 经开区: a shared rank
        { id: 3, name: '二七区', monthlyScores: [99], quarters: [{ completionRate: 0.75, onTimeCompletionRate: 0.75, onTimeReportRate: 0.75 }] },
        // nothing to compose: left out
        { id: 4, name: '上街区', monthlyScores: [], quarters: [{ completionRate: null, onTimeCompletionRate: null, onTimeReportRate: null }] },
        // a chain: quarters only
        { id: 5, name: '智能传感器', monthlyScores: [], quarters: [{ completionRate: 0.5, onTimeCompletionRate: 0.5, onTimeReportRate: 0.5 }] },
      ],
      new Map([
        [1, 1],
        [2, 3],
      ]),
    );
    expect(ranked.map((r) => [r.name, r.score, r.rank, r.rankDelta])).toEqual([
      ['高新区', 100.6, 1, 2],
      ['二七区', 89.4, 2, null],
      ['经开区', 89.4, 2, -1],
      ['智能传感器', 50, 4, null],
    ]);
    expect(ranked[2]).toMatchObject({ monthly: { score: 99, count: 2 }, quarterly: { score: 75, count: 2 } });
    expect(ranked[3]).toMatchObject({ monthly: { score: null, count: 0 }, quarterly: { score: 50, count: 1 } });
  });

  it('rounds the score to two decimals, from unrounded means', () => {
    const [only] = composeYear(RULES, [{ id: 1, name: 'x', monthlyScores: [100, 100, 99], quarters: [] }], new Map());
    expect(only.score).toBe(99.67);
    expect(only.monthly).toEqual({ score: 99.67, count: 3 });
  });

  it('leaves out a part weighted 0', () => {
    const [only] = composeYear(
      { ...RULES, quarterlyWeight: 0 },
      [{ id: 1, name: 'x', monthlyScores: [90], quarters: [{ completionRate: 0, onTimeCompletionRate: 0, onTimeReportRate: 0 }] }],
      new Map(),
    );
    expect(only.score).toBe(90);
  });
});

describe('yearlyRulesProblems', () => {
  it('accepts the default and refuses rules that weigh nothing, naming the field', () => {
    expect(yearlyRulesProblems(DEFAULT_YEARLY)).toEqual([]);
    expect(yearlyRulesProblems({ ...RULES, monthlyWeight: 0, quarterlyWeight: 0 })).toEqual([expect.stringContaining('yearly.monthlyWeight')]);
    expect(yearlyRulesProblems({ ...RULES, rateWeights: { completionRate: 0, onTimeCompletionRate: 0, onTimeReportRate: 0 } })).toEqual([
      expect.stringContaining('yearly.rateWeights'),
    ]);
  });
});
