import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { taskScope } from '../auth/scope';

/** Restricts a task query (alias `t`) to what the caller may see (see auth/scope.ts). */
export function applyTaskScope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, user: AuthUser): SelectQueryBuilder<T> {
  return whereScope(qb, taskScope(user));
}

/** Adds a positional scope fragment to a query builder (which takes named parameters). */
export function whereScope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, scope: { sql: string; params: unknown[] }): SelectQueryBuilder<T> {
  let i = 0;
  const named: Record<string, unknown> = {};
  const sql = scope.sql.replace(/\?/g, () => {
    const name = `scope${i}`;
    named[name] = scope.params[i++];
    return `:${name}`;
  });
  return qb.andWhere(sql, named);
}
