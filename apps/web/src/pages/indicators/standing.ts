import type { Schemas } from '../../api/client';

export type UnitIndicator = Schemas['UnitIndicatorDto'];
export type Standing = 'MET' | 'NOT_MET' | 'NOT_REPORTED' | 'NO_TARGET';

/** How a unit stands on one indicator: met or not as the api judged it, not reported yet, or set no target. */
export function standingOf(item: UnitIndicator): Standing {
  if (!item.target) return 'NO_TARGET';
  if (!item.actual) return 'NOT_REPORTED';
  return item.met ? 'MET' : 'NOT_MET';
}

/** A figure with its unit, as the plan writes it: "8.5%", "35户". */
export function formatFigure(value: number, unit: string): string {
  return `${Number.isInteger(value) ? value : value.toFixed(2).replace(/0$/, '')}${unit}`;
}

/** The plans the year's targets came from (year and source), oldest first, once each. */
export function plansOf(units: readonly { indicators: readonly UnitIndicator[] }[]): { year: number; source: string }[] {
  const seen = new Map<string, { year: number; source: string }>();
  for (const u of units) for (const i of u.indicators) if (i.target) seen.set(`${i.target.year}|${i.target.source}`, { year: i.target.year, source: i.target.source });
  return [...seen.values()].sort((a, b) => a.year - b.year);
}

/** The latest month any of a unit's figures came from ("2026-07"); null before its first report. */
export function latestPeriod(items: readonly UnitIndicator[]): string | null {
  return items.reduce<string | null>((latest, i) => (i.actual && (latest === null || i.actual.period > latest) ? i.actual.period : latest), null);
}
