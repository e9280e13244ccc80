import fc from 'fast-check';
import { ASSESSMENT_RATES, AssessmentRate, composeYear, quarterScore, YearlyInput, YearlyRules } from './yearly';

/* Property-based tests of the yearly composition (年考评): random rules, units and chains. */

const rateArb = fc.option(
  fc.integer({ min: 0, max: 100 }).map((v) => v / 100),
  { nil: null },
);
const quarterArb = fc.record(Object.fromEntries(ASSESSMENT_RATES.map((r) => [r, rateArb])) as Record<AssessmentRate, fc.Arbitrary<number | null>>);
const subjectsArb: fc.Arbitrary<YearlyInput[]> = fc.uniqueArray(
  fc.record({
    id: fc.integer({ min: 1, max: 500 }),
    name: fc.constantFrom('经开区', '高新区', '金水区', '二七区', '智能传感器', 'Alpha'),
    // Small, coarse scores so that ties are common.
    monthlyScores: fc.array(fc.integer({ min: 90, max: 105 }), { maxLength: 12 }),
    quarters: fc.array(quarterArb, { maxLength: 4 }),
  }),
  { selector: (s) => s.id, maxLength: 20 },
);
const rulesArb: fc.Arbitrary<YearlyRules> = fc
  .record({
    monthlyWeight: fc.integer({ min: 0, max: 10 }),
    quarterlyWeight: fc.integer({ min: 0, max: 10 }),
    rateWeights: fc.record(Object.fromEntries(ASSESSMENT_RATES.map((r) => [r, fc.integer({ min: 0, max: 5 })])) as Record<AssessmentRate, fc.Arbitrary<number>>),
  })
  .filter((r) => r.monthlyWeight + r.quarterlyWeight > 0 && ASSESSMENT_RATES.some((rate) => r.rateWeights[rate] > 0));

const known = (rules: YearlyRules, s: YearlyInput) => s.quarters.map((q) => quarterScore(rules, q)).filter((v): v is number => v !== null);

describe('yearly composition properties', () => {
  it('a quarter scores within 0–100, between its lowest and highest weighted rate', () => {
    fc.assert(
      fc.property(rulesArb, quarterArb, (rules, q) => {
        const score = quarterScore(rules, q);
        const weighed = ASSESSMENT_RATES.filter((r) => q[r] !== null && rules.rateWeights[r] > 0).map((r) => q[r]! * 100);
        if (weighed.length === 0) return expect(score).toBeNull();
        expect(score).toBeGreaterThanOrEqual(Math.min(...weighed) - 1e-9);
        expect(score).toBeLessThanOrEqual(Math.max(...weighed) + 1e-9);
      }),
      { numRuns: 1000 },
    );
  });

  it('scores every subject with something to compose, between its two parts, and ranks by competition ranking', () => {
    fc.assert(
      fc.property(rulesArb, subjectsArb, (rules, subjects) => {
        const ranked = composeYear(rules, subjects, new Map());
        const composable = subjects.filter((s) => (s.monthlyScores.length > 0 && rules.monthlyWeight > 0) || (known(rules, s).length > 0 && rules.quarterlyWeight > 0));
        expect(ranked.map((r) => r.id).sort((a, b) => a - b)).toEqual(composable.map((s) => s.id).sort((a, b) => a - b));
        for (const r of ranked) {
          const parts = [r.monthly.score, r.quarterly.score].filter((v): v is number => v !== null);
          expect(r.score).toBeGreaterThanOrEqual(Math.min(...parts) - 0.01);
          expect(r.score).toBeLessThanOrEqual(Math.max(...parts) + 0.01);
          expect(r.rank).toBe(1 + ranked.filter((o) => o.score > r.score).length);
          expect(Math.round(r.score * 100) / 100).toBe(r.score);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('only the ratio of the weights counts', () => {
    fc.assert(
      fc.property(rulesArb, subjectsArb, fc.integer({ min: 2, max: 7 }), (rules, subjects, k) => {
        const scaled: YearlyRules = {
          monthlyWeight: rules.monthlyWeight * k,
          quarterlyWeight: rules.quarterlyWeight * k,
          rateWeights: Object.fromEntries(ASSESSMENT_RATES.map((r) => [r, rules.rateWeights[r] * k])) as YearlyRules['rateWeights'],
        };
        const summary = (r: YearlyRules) => composeYear(r, subjects, new Map()).map((s) => [s.id, s.score, s.rank]);
        expect(summary(scaled)).toEqual(summary(rules));
      }),
      { numRuns: 300 },
    );
  });
});
