/** What is counted for each unit in a month (DESIGN.md, "Monthly scoring"). */
export const SCORING_COUNTS = ['reportLate', 'reportMissing', 'taskDoneOnTime', 'taskOverdue', 'openListedSupervision'] as const;
export type ScoringCount = (typeof SCORING_COUNTS)[number];

export interface ScoringRules {
  readonly base: number;
  /** Points per counted item; negative for deductions. */
  readonly points: Readonly<Record<ScoringCount, number>>;
}

/** DESIGN.md's default shape. */
export const DEFAULT_SCORING: ScoringRules = {
  base: 100,
  points: { reportLate: -1, reportMissing: -5, taskDoneOnTime: 1, taskOverdue: -2, openListedSupervision: -3 },
};

export interface ScoredUnit {
  readonly unitId: number;
  readonly unitName: string;
  readonly score: number;
  /** Competition ranking: equal scores share a rank, the next rank skips (1, 2, 2, 4). */
  readonly rank: number;
  /** Places gained since the previous month (positive is better); null without a previous rank. */
  readonly rankDelta: number | null;
  readonly breakdown: Readonly<Record<ScoringCount, { count: number; points: number }>>;
}

/** Scores and ranks units; ties share a rank and are listed by name. */
export function scoreAndRank(
  rules: ScoringRules,
  units: readonly { unitId: number; unitName: string; counts: Partial<Record<ScoringCount, number>> }[],
  previousRanks: ReadonlyMap<number, number>,
): ScoredUnit[] {
  const scored = units.map((u) => {
    const breakdown = Object.fromEntries(
      SCORING_COUNTS.map((c) => {
        const count = u.counts[c] ?? 0;
        return [c, { count, points: count * rules.points[c] }];
      }),
    ) as Record<ScoringCount, { count: number; points: number }>;
    const score = rules.base + SCORING_COUNTS.reduce((sum, c) => sum + breakdown[c].points, 0);
    return { unitId: u.unitId, unitName: u.unitName, score, breakdown };
  });
  return rankByScore(
    scored,
    (u) => u.unitId,
    (u) => u.unitName,
    previousRanks,
  );
}

/**
 * Competition ranking by score, highest first: equal scores share a rank and the next rank skips
 * (1, 2, 2, 4); ties are listed by name in Chinese order. With the places gained since the
 * previous ranking (`previousRanks` by id; null for one not ranked then).
 */
export function rankByScore<T extends { score: number }>(
  items: readonly T[],
  idOf: (item: T) => number,
  nameOf: (item: T) => string,
  previousRanks: ReadonlyMap<number, number>,
): (T & { rank: number; rankDelta: number | null })[] {
  const sorted = [...items].sort((a, b) => b.score - a.score || nameOf(a).localeCompare(nameOf(b), 'zh-CN'));
  let rank = 0;
  return sorted.map((item, i) => {
    if (i === 0 || sorted[i - 1].score !== item.score) rank = i + 1;
    const previous = previousRanks.get(idOf(item));
    return { ...item, rank, rankDelta: previous === undefined ? null : previous - rank };
  });
}
