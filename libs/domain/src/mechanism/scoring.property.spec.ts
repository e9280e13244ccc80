import fc from 'fast-check';
import { DEFAULT_SCORING, SCORING_COUNTS, ScoringCount, ScoringRules, scoreAndRank } from './scoring';

/*
 * Property-based tests of monthly scoring and ranking: random units, counts, rules and
 * previous ranks.
 */

type UnitInput = { unitId: number; unitName: string; counts: Partial<Record<ScoringCount, number>> };

const NAMES = [
  '经开区',
  '高新区',
  '航空港区',
  '郑东新区',
  '中原区',
  '二七区',
  '金水区',
  '惠济区',
  '上街区',
  '巩义市',
  '新郑市',
  '登封市',
  '市发展改革委',
  '市工业和信息化局',
  'Alpha',
  'beta',
];

// Small counts, so that equal scores (ties) are common.
const countsArb = fc
  .record(
    Object.fromEntries(SCORING_COUNTS.map((c) => [c, fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined })])) as Record<ScoringCount, fc.Arbitrary<number | undefined>>,
  )
  .map((counts) => Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== undefined)) as Partial<Record<ScoringCount, number>>);

const unitsArb: fc.Arbitrary<UnitInput[]> = fc.uniqueArray(fc.record({ unitId: fc.integer({ min: 1, max: 10_000 }), unitName: fc.constantFrom(...NAMES), counts: countsArb }), {
  selector: (u) => u.unitId,
  minLength: 0,
  maxLength: 25,
});

const rulesArb: fc.Arbitrary<ScoringRules> = fc.oneof(
  fc.constant(DEFAULT_SCORING),
  fc.record({
    base: fc.integer({ min: 0, max: 120 }),
    points: fc.record(Object.fromEntries(SCORING_COUNTS.map((c) => [c, fc.integer({ min: -5, max: 5 })])) as Record<ScoringCount, fc.Arbitrary<number>>),
  }),
);

/** Units with a random previous rank for some of them. */
const caseArb = unitsArb
  .chain((units) =>
    fc.tuple(
      fc.constant(units),
      fc.subarray(units.map((u) => u.unitId)).chain((ids) => fc.tuple(...ids.map((id) => fc.tuple(fc.constant(id), fc.integer({ min: 1, max: 30 }))))),
    ),
  )
  .map(([units, previous]) => ({ units, previous: new Map(previous) }));

function expectedScore(rules: ScoringRules, unit: UnitInput): number {
  return rules.base + SCORING_COUNTS.reduce((sum, c) => sum + (unit.counts[c] ?? 0) * rules.points[c], 0);
}

describe('scoring and ranking properties', () => {
  it('ranks by competition ranking: rank = 1 + number of units with a strictly higher score', () => {
    fc.assert(
      fc.property(rulesArb, caseArb, (rules, { units, previous }) => {
        const ranked = scoreAndRank(rules, units, previous);
        // Every unit once, with its score.
        expect(ranked.map((u) => u.unitId).sort((a, b) => a - b)).toEqual(units.map((u) => u.unitId).sort((a, b) => a - b));
        const byId = new Map(units.map((u) => [u.unitId, u]));
        for (const u of ranked) {
          expect(u.score).toBe(expectedScore(rules, byId.get(u.unitId)!));
          expect(u.rank).toBe(1 + ranked.filter((v) => v.score > u.score).length);
          expect(u.rankDelta).toBe(previous.has(u.unitId) ? previous.get(u.unitId)! - u.rank : null);
        }
        // Sorted by score descending, ties listed by name; equal scores share a rank, different scores never do.
        for (let i = 1; i < ranked.length; i++) {
          const [a, b] = [ranked[i - 1], ranked[i]];
          expect(a.score).toBeGreaterThanOrEqual(b.score);
          if (a.score === b.score) {
            expect(b.rank).toBe(a.rank);
            expect(a.unitName.localeCompare(b.unitName, 'zh-CN')).toBeLessThanOrEqual(0);
          } else {
            expect(b.rank).toBe(i + 1);
            expect(b.rank).toBeGreaterThan(a.rank);
          }
        }
        if (ranked.length > 0) expect(ranked[0].rank).toBe(1);
      }),
      { numRuns: 1000 },
    );
  });

  it('the breakdown adds up to the score', () => {
    fc.assert(
      fc.property(rulesArb, unitsArb, (rules, units) => {
        for (const u of scoreAndRank(rules, units, new Map())) {
          const byCount = SCORING_COUNTS.map((c) => u.breakdown[c]);
          expect(u.score).toBe(rules.base + byCount.reduce((sum, b) => sum + b.points, 0));
          SCORING_COUNTS.forEach((c) => expect(u.breakdown[c].points).toBe(u.breakdown[c].count * rules.points[c]));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of the input: scores and ranks per unit are the same for a shuffled list', () => {
    fc.assert(
      fc.property(
        rulesArb,
        caseArb.chain(({ units, previous }) => fc.tuple(fc.constant(units), fc.shuffledSubarray(units, { minLength: units.length }), fc.constant(previous))),
        (rules, [units, shuffled, previous]) => {
          const summary = (list: typeof units) => new Map(scoreAndRank(rules, list, previous).map((u) => [u.unitId, [u.score, u.rank, u.rankDelta]]));
          expect(summary(shuffled)).toEqual(summary(units));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('leaves its input untouched', () => {
    fc.assert(
      fc.property(rulesArb, caseArb, (rules, { units, previous }) => {
        const before = JSON.stringify([rules, units, [...previous]]);
        scoreAndRank(rules, units, previous);
        expect(JSON.stringify([rules, units, [...previous]])).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});
