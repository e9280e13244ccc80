import type { ObjectLiteral, OrderByCondition, SelectQueryBuilder } from 'typeorm';

/**
 * A page of the query's rows in `order`, and how many rows it matches in all (plain LIMIT/OFFSET
 * and COUNT(*): for queries with no join to de-duplicate).
 */
export async function pageOf<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  order: OrderByCondition,
  page: { skip: number; take: number },
): Promise<{ rows: T[]; total: number }> {
  const [rows, total] = await Promise.all([qb.clone().orderBy(order).offset(page.skip).limit(page.take).getMany(), countOf(qb)]);
  return { rows, total };
}

/** How many rows the query matches. */
export async function countOf<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<number> {
  const row = await qb.clone().select('COUNT(*)', 'n').getRawOne<{ n: string }>();
  return Number(row?.n ?? 0);
}
