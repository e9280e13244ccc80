import { rankByScore } from './scoring';

/** The rates of a quarterly assessment (季度评估) that its score is made of, each 0–1 or null when nothing was due. */
export const ASSESSMENT_RATES = ['completionRate', 'onTimeCompletionRate', 'onTimeReportRate'] as const;
export type AssessmentRate = (typeof ASSESSMENT_RATES)[number];

/**
 * 年考评: how a year's score is composed from its monthly evaluations (月度评比) and quarterly
 * assessments (季度评估). Weights are relative (60 and 40 is the same as 3 and 2).
 */
export interface YearlyRules {
  /** Weight of the mean of the year's monthly scores. */
  readonly monthlyWeight: number;
  /** Weight of the mean of the year's quarterly scores. */
  readonly quarterlyWeight: number;
  /** A quarter's score out of 100: the weighted mean of its known rates. */
  readonly rateWeights: Readonly<Record<AssessmentRate, number>>;
}

/** Used when the profile sets none: the months weigh 60, the quarters 40; on-time completion weighs most in a quarter. */
export const DEFAULT_YEARLY: YearlyRules = {
  monthlyWeight: 60,
  quarterlyWeight: 40,
  rateWeights: { completionRate: 30, onTimeCompletionRate: 40, onTimeReportRate: 30 },
};

/** One part of a year's score: the mean (two decimals; null without any) and how many periods it was drawn from. */
export interface YearlyPart {
  readonly score: number | null;
  readonly count: number;
}

/** A unit or chain and what it had in the year's published notices. */
export interface YearlyInput {
  readonly id: number;
  readonly name: string;
  /** Its scores in the year's monthly evaluations (chains have none). */
  readonly monthlyScores: readonly number[];
  /** Its rows in the year's quarterly assessments. */
  readonly quarters: readonly Partial<Record<AssessmentRate, number | null>>[];
}

export interface YearlyScored {
  readonly id: number;
  readonly name: string;
  /** Two decimals. */
  readonly score: number;
  readonly rank: number;
  readonly rankDelta: number | null;
  readonly monthly: YearlyPart;
  readonly quarterly: YearlyPart;
}

/** A quarter's score out of 100: the weighted mean of its known rates; null when none is known (nothing was due). */
export function quarterScore(rules: YearlyRules, rates: Partial<Record<AssessmentRate, number | null>>): number | null {
  let sum = 0;
  let weight = 0;
  for (const rate of ASSESSMENT_RATES) {
    const value = rates[rate];
    if (value === null || value === undefined || rules.rateWeights[rate] <= 0) continue;
    sum += rules.rateWeights[rate] * value * 100;
    weight += rules.rateWeights[rate];
  }
  return weight > 0 ? sum / weight : null;
}

/**
 * Scores and ranks the year: the weighted mean of the mean monthly score and the mean quarterly
 * score, over the parts that have any (a chain, never scored monthly, is judged on its quarters
 * alone). Those with neither are left out. Ranked like the months (1, 2, 2, 4), with the places
 * gained since the previous year.
 */
export function composeYear(rules: YearlyRules, subjects: readonly YearlyInput[], previousRanks: ReadonlyMap<number, number>): YearlyScored[] {
  const scored = subjects.flatMap((s) => {
    const monthly = mean(s.monthlyScores);
    const quarterly = mean(s.quarters.map((q) => quarterScore(rules, q)).filter((v): v is number => v !== null));
    const parts = [
      { part: monthly, weight: rules.monthlyWeight },
      { part: quarterly, weight: rules.quarterlyWeight },
    ].filter((p) => p.part.count > 0 && p.weight > 0);
    const weight = parts.reduce((sum, p) => sum + p.weight, 0);
    if (weight === 0) return [];
    const score = round2(parts.reduce((sum, p) => sum + p.weight * p.part.mean, 0) / weight);
    const shown = (p: { mean: number; count: number }): YearlyPart => ({ score: p.count ? round2(p.mean) : null, count: p.count });
    return [{ id: s.id, name: s.name, score, monthly: shown(monthly), quarterly: shown(quarterly) }];
  });
  return rankByScore(
    scored,
    (s) => s.id,
    (s) => s.name,
    previousRanks,
  );
}

function mean(values: readonly number[]): { mean: number; count: number } {
  return { mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0, count: values.length };
}

/** Two decimals, after dropping floating-point noise (so that 60:40 and 3:2 round alike). */
function round2(v: number): number {
  return Math.round(Number((v * 100).toFixed(6))) / 100;
}

/** Problems with yearly rules, each naming its field; empty when they are sound. */
export function yearlyRulesProblems(rules: YearlyRules): string[] {
  const problems: string[] = [];
  if (rules.monthlyWeight + rules.quarterlyWeight <= 0) problems.push('yearly.monthlyWeight and yearly.quarterlyWeight: at least one must weigh more than 0');
  if (ASSESSMENT_RATES.every((r) => rules.rateWeights[r] <= 0)) problems.push('yearly.rateWeights must weigh at least one rate');
  return problems;
}
