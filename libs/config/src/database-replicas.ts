import { listEntries } from './list-entries';

/** The shape every MySQL URL of Duban's environment takes. */
export const MYSQL_URL = /^mysql:\/\/[^/\s]+\/[A-Za-z0-9_-]+(\?\S*)?$/;

/**
 * What is wrong with DATABASE_REPLICA_URLS, naming the variable and the entry by its position
 * (never echoing a password); null if every entry is usable.
 */
export function replicaUrlsProblem(value: string): string | null {
  const entries = listEntries(value);
  for (const [i, entry] of entries.entries()) {
    if (!MYSQL_URL.test(entry) || !URL.canParse(entry)) {
      return `DATABASE_REPLICA_URLS: entry ${i + 1} of ${entries.length} must look like mysql://reader:pass@replica-host:3306/duban (a comma-separated list)`;
    }
  }
  return null;
}

/**
 * The shortest time a writer's reads may stay on the primary: a replica is used while its lag
 * is at most `maxLagS`, and that lag was measured up to two check periods ago.
 */
export function replicaStickyFloorMs(maxLagS: number, checkMs: number): number {
  return maxLagS * 1000 + 2 * checkMs;
}
