/** 红/黄/绿 by the score against the base: no deduction, a few, many. */
export function scoreColor(score: number, base: number): string {
  if (score >= base) return '#389e0d';
  if (score >= base - 10) return '#d48806';
  return '#cf1322';
}
