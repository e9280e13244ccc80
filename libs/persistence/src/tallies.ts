import type { Tx } from './transactions';

/**
 * Counts kept per key, so that a list's total need not count its rows on every request
 * (migrations SupervisionTallies and TaskTallies). Triggers on the counted table append each
 * change (+1, -1) to `changes` in the writer's transaction: writers only append, so they never
 * queue on a shared count. The workers fold the changes into `table` after each sweep and each
 * reconciliation; a count reads both.
 */
export interface Tallies {
  /** The folded counts, one row per key. */
  table: string;
  /** The changes appended by the triggers and not folded yet (`id`, the keys, `delta`). */
  changes: string;
  /** The key columns, named as in the counted table, in the primary key's order. */
  keys: readonly string[];
  /** Keys that may be NULL in the counted table: stored as 0 (a primary key cannot hold NULL), read back as NULL. */
  nullable: readonly string[];
  /** The column of `table` holding the count; the source also answers it under this name. */
  count: string;
  /** The rows counted, as the triggers choose them: a table and the condition a row meets. */
  counted: { table: string; where: string };
}

/** The open supervision entries, per owner unit, chain, kind and level (migration SupervisionTallies). */
export const SUPERVISION_TALLIES: Tallies = {
  table: 'supervision_tallies',
  changes: 'supervision_tally_changes',
  keys: ['owner_unit_id', 'chain_id', 'subject_type', 'level'],
  nullable: ['chain_id'],
  count: 'open_entries',
  counted: { table: 'supervision_entries', where: 'open_marker = 1' },
};

/** The tasks, per owner unit, issuing unit, chain, state and escalation level (migration TaskTallies). */
export const TASK_TALLIES: Tallies = {
  table: 'task_tallies',
  changes: 'task_tally_changes',
  keys: ['owner_unit_id', 'issuer_unit_id', 'chain_id', 'state', 'escalation_level'],
  nullable: ['chain_id'],
  count: 'tasks',
  counted: { table: 'tasks', where: '1 = 1' },
};

/** Every kind of tally the schema keeps. */
export const TALLIES: readonly Tallies[] = [SUPERVISION_TALLIES, TASK_TALLIES];

/** How many changes of every kind of tally wait to be folded (`n`). */
export const UNFOLDED_TALLY_CHANGES = `SELECT ${TALLIES.map((t) => `(SELECT COUNT(*) FROM ${t.changes})`).join(' + ')} AS n`;

/**
 * The tallies as a derived table under `alias`: the folded counts and the changes not folded yet,
 * as rows under the counted table's own column names (and `extra` constant columns), so that a
 * scope or filter written for the counted rows reads them. Summed, they make a total: no grouping
 * is needed for one, and MariaDB answers it without a temporary table for the groups.
 */
export function tallyRows(tallies: Tallies, alias: string, extra = ''): string {
  const columns = `${shownKeys(tallies)}${extra ? `, ${extra}` : ''}`;
  return `(SELECT ${columns}, ${tallies.count} FROM ${tallies.table} UNION ALL SELECT ${columns}, delta FROM ${tallies.changes}) ${alias}`;
}

/** The tallies as {@link tallyRows}, one row per key that counts something: for counts by key. */
export function tallySource(tallies: Tallies, alias: string, extra = ''): string {
  const keys = tallies.keys.join(', ');
  return `(SELECT ${shownKeys(tallies)}, SUM(n) AS ${tallies.count}${extra ? `, ${extra}` : ''}
   FROM (SELECT ${keys}, ${tallies.count} AS n FROM ${tallies.table} UNION ALL SELECT ${keys}, delta FROM ${tallies.changes}) k
  GROUP BY ${keys} HAVING SUM(n) > 0) ${alias}`;
}

/** The keys as the counted table has them: a nullable one NULL again where it was stored as 0. */
function shownKeys(tallies: Tallies): string {
  return tallies.keys.map((k) => (tallies.nullable.includes(k) ? `NULLIF(${k}, 0) AS ${k}` : k)).join(', ');
}

/**
 * Whether a WHERE written for the counted rows (alias `alias`) can be read from the tallies:
 * every column of the alias it names is one of their keys. One that names another (an id for a
 * subquery, a date, a title) must count the rows themselves.
 */
export function readsOnlyTallyKeys(tallies: Tallies, alias: string, where: string): boolean {
  const columns = where.matchAll(new RegExp(`\\b${alias}\\.(\\w+)`, 'g'));
  return [...columns].every(([, column]) => tallies.keys.includes(column));
}

/**
 * Folds up to `limit` of the oldest changes into the tallies and deletes them; answers how many.
 * Changes another transaction holds (being written, or folded by another worker) are left for the
 * next fold; only the changes read are deleted.
 */
export async function foldTallyChanges(tx: Tx, tallies: Tallies, limit: number): Promise<number> {
  const keys = tallies.keys.join(', ');
  const changes: ({ id: string; delta: number } & Record<string, unknown>)[] = await tx.query(
    `SELECT id, ${keys}, delta FROM ${tallies.changes} ORDER BY id LIMIT ${Number(limit)} FOR UPDATE SKIP LOCKED`,
  );
  if (changes.length === 0) return 0;
  const sums = new Map<string, unknown[]>();
  for (const change of changes) {
    const key = tallies.keys.map((k) => change[k]);
    const id = JSON.stringify(key);
    const sum = sums.get(id) ?? [...key, 0];
    sum[key.length] = (sum[key.length] as number) + Number(change.delta);
    sums.set(id, sum);
  }
  // In key order, so that two workers folding at once take the tallies' locks in the same order.
  const rows = [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, sum]) => sum);
  await tx.query(`INSERT INTO ${tallies.table} (${keys}, ${tallies.count}) VALUES ? ON DUPLICATE KEY UPDATE ${tallies.count} = ${tallies.count} + VALUES(${tallies.count})`, [
    rows,
  ]);
  await tx.query(`DELETE FROM ${tallies.changes} WHERE id IN (?)`, [changes.map((c) => c.id)]);
  return changes.length;
}
