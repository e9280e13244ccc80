/*
 * 工业经济指标 (002 （七）, 附表1): each development zone and district has numeric targets for the year
 * (growth rates, new enterprises) and reports its year-to-date figures monthly (坚持月报制度).
 */

/** A growth rate in per cent (规上工业增加值增速) or a count (新增入库企业, 户). */
export const INDICATOR_KINDS = ['GROWTH_RATE', 'COUNT'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** The range a reported figure of each kind must fall in: a rate cannot fall below −100 %; a count is whole. */
export const INDICATOR_RANGES: Record<IndicatorKind, { min: number; max: number; whole: boolean }> = {
  GROWTH_RATE: { min: -100, max: 1000, whole: false },
  COUNT: { min: 0, max: 100_000, whole: true },
};

/** Why a reported figure is not acceptable for its kind; null when it is. At most two decimals are kept. */
export function indicatorValueProblem(kind: IndicatorKind, value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a finite number';
  const { min, max, whole } = INDICATOR_RANGES[kind];
  if (whole && !Number.isInteger(value)) return 'must be a whole number';
  if (value < min || value > max) return `must be between ${min} and ${max}`;
  if (Math.round(value * 100) !== Number((value * 100).toFixed(6))) return 'must have at most two decimals';
  return null;
}

/**
 * Whether a year-to-date figure meets its target. For every kind the plan sets (growth rates and the
 * number of new enterprises) more is better: met when the actual reaches the target.
 */
export function indicatorMet(actual: number, target: number): boolean {
  return actual >= target;
}

/**
 * The target that applies to a report of `year`: the newest plan's whose year is not after it (the
 * 2021 plan's targets stand until a newer plan is loaded); null when no plan is that old.
 */
export function applicableTarget<T extends { year: number }>(targets: readonly T[], year: number): T | null {
  let best: T | null = null;
  for (const t of targets) if (t.year <= year && (best === null || t.year > best.year)) best = t;
  return best;
}

/** An indicator a report must give, as its cadence's profile defines it. */
export interface IndicatorField {
  key: string;
  kind: IndicatorKind;
}

/**
 * What is wrong with a report's figures (`indicators`, one `{ key, value }` per indicator the report
 * collects), each problem naming its field; none when they are complete and sound.
 */
export function indicatorReportProblems(collected: readonly IndicatorField[], given: readonly { key: unknown; value: unknown }[] | undefined): string[] {
  if (collected.length === 0) return given === undefined ? [] : ['indicators: this report collects no indicators'];
  if (given === undefined) return [`indicators: give the year-to-date figure of each of ${collected.map((i) => i.key).join(', ')}`];
  const problems: string[] = [];
  const byKey = new Map(collected.map((i) => [i.key, i]));
  const seen = new Set<unknown>();
  given.forEach(({ key, value }, n) => {
    const indicator = typeof key === 'string' ? byKey.get(key) : undefined;
    if (!indicator) problems.push(`indicators.${n}.key: no indicator ${String(key)} in this report (${collected.map((i) => i.key).join(', ')})`);
    else if (seen.has(key)) problems.push(`indicators.${n}.key: ${key} is given twice`);
    else {
      const problem = indicatorValueProblem(indicator.kind, value);
      if (problem) problems.push(`indicators.${n}.value: ${problem}`);
    }
    seen.add(key);
  });
  const missing = collected.filter((i) => !seen.has(i.key)).map((i) => i.key);
  if (missing.length) problems.push(`indicators: missing ${missing.join(', ')}`);
  return problems;
}
