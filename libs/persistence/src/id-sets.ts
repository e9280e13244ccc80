/** A SQL condition and its parameters. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** Runs of consecutive ids shorter than this are listed one by one. */
const SHORTEST_RANGE = 3;

/**
 * The condition that `column` is one of `ids`, written as ranges where the ids run on
 * (`column BETWEEN a AND b`) and a list for the rest.
 *
 * The engine's batches are mostly such runs: a herd's obligations were inserted together and are
 * claimed in id order. MariaDB turns an IN list of 1,000 values or more into a table of values it
 * joins (in_predicate_conversion_threshold), and parses and sorts each value; for one batch of 5,000
 * obligations its four statements took 220–305 ms with the list and 152–166 ms with the range
 * (docs/PERFORMANCE.md). Ids that do not run on are listed as before.
 */
export function idsIn(column: string, ids: readonly number[]): SqlCondition {
  if (ids.length === 0) return { sql: 'FALSE', params: [] };
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  const single: number[] = [];
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
    if (end - start + 1 >= SHORTEST_RANGE) ranges.push([sorted[start], sorted[end]]);
    else single.push(...sorted.slice(start, end + 1));
    start = end + 1;
  }
  const parts = ranges.map(() => `${column} BETWEEN ? AND ?`);
  const params: unknown[] = ranges.flat();
  if (single.length > 0) {
    parts.push(`${column} IN (?)`);
    params.push(single);
  }
  return { sql: parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`, params };
}
