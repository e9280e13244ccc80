import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** A WHERE fragment (alias given by the caller) limiting rows to what someone may see, with its positional parameters. */
export interface ScopeFilter {
  sql: string;
  params: unknown[];
}

let fragments = 0;

/**
 * Adds a positional fragment to a query builder, which takes named parameters. Each call names
 * its parameters afresh, so several fragments on one query keep their own values.
 */
export function andWhereScope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, scope: ScopeFilter): SelectQueryBuilder<T> {
  const prefix = `f${(fragments = (fragments + 1) % 1_000_000)}_`;
  let i = 0;
  const named: Record<string, unknown> = {};
  const sql = scope.sql.replace(/\?/g, () => {
    const name = `${prefix}${i}`;
    named[name] = scope.params[i++];
    return `:${name}`;
  });
  return qb.andWhere(sql, named);
}
