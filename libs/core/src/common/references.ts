import { BadRequestException } from '@nestjs/common';
import { EntityManager, In, ObjectLiteral, EntityTarget } from 'typeorm';

/**
 * Checks that every id a request refers to exists; otherwise a 400 naming the field.
 */
export async function assertReferences<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  field: string,
  ids: readonly (number | null | undefined)[],
  label: string,
): Promise<void> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null && id !== undefined))];
  if (wanted.length === 0) return;
  const found = await em.getRepository(entity).find({ select: { id: true } as never, where: { id: In(wanted) } as never });
  const present = new Set(found.map((row) => (row as unknown as { id: number }).id));
  const missing = wanted.filter((id) => !present.has(id));
  if (missing.length > 0) throw new BadRequestException(`${field}: no ${label} with id ${missing.join(', ')}`);
}
