import type { Schemas } from '../../api/client';

/** What the evaluations page shows: a month's ranking (月度评比) or the year's (年度考评). */
export type EvaluationView = { kind: 'MONTH'; period: string } | { kind: 'YEAR'; period: string };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const YEAR = /^\d{4}$/;

/** The period in the address (`?period=2026-07` or `?period=2026`), or last month when it names neither. */
export function viewOf(param: string | null, lastMonth: string): EvaluationView {
  if (param && YEAR.test(param)) return { kind: 'YEAR', period: param };
  if (param && MONTH.test(param)) return { kind: 'MONTH', period: param };
  return { kind: 'MONTH', period: lastMonth };
}

/** The period a switch to the other kind lands on: the year of the month shown, or that year's last month that has closed. */
export function switchKind(view: EvaluationView, kind: EvaluationView['kind'], lastMonth: string): string {
  if (kind === view.kind) return view.period;
  if (kind === 'YEAR') return view.period.slice(0, 4);
  const december = `${view.period}-12`;
  return december < lastMonth ? december : lastMonth;
}

/** A year can be evaluated once it has closed: before the year of last month's end. */
export function yearClosed(year: string, lastMonth: string): boolean {
  return `${year}-12` <= lastMonth;
}

export type YearlyEvaluation = Schemas['YearlyEvaluationDto'];
export type MonthlyEvaluation = Schemas['EvaluationDto'];

/** The api answers a year's evaluation with its chains and what it composed; a month's with neither. */
export function isYearly(e: MonthlyEvaluation | YearlyEvaluation): e is YearlyEvaluation {
  return 'composedOf' in e;
}

/** Weights as shares of their sum, in percent (60 and 40 → 60%, 40%; 3 and 1 → 75%, 25%). */
export function shares(weights: number[]): string[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => `${total > 0 ? Math.round((w / total) * 1000) / 10 : 0}%`);
}

/** A year's part (月度评比均分 or 季度评估均分) as shown: the mean and how many periods it was drawn from. */
export function partText(part: { score: number | null; count: number }): string {
  return part.score === null ? '—' : `${part.score}（${part.count}期）`;
}

/** What a year composed, as its notice says it: 依据：10、11、12月月度评比；第3、4季度评估. */
export function composedText(c: { months: string[]; quarters: string[] }): string {
  const months = c.months.map((m) => Number(m.slice(5))).join('、');
  const quarters = c.quarters.map((q) => q.slice(6)).join('、');
  return `依据：${months}月月度评比；第${quarters}季度评估`;
}
