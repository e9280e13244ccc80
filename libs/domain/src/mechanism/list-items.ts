import { UnitKind } from '../org/org.types';

export const LIST_TYPES = ['MATTER', 'PARK', 'ENTERPRISE', 'PROJECT'] as const;
/** 四个清单: key matters, parks, enterprises, projects. */
export type ListType = (typeof LIST_TYPES)[number];

/**
 * Who owns an item of a chain's four lists (seed 000): a key matter belongs to the chain's
 * lead department (which 统筹推进); a park, enterprise or project to the development zone or
 * district where it is (所在开发区管委会、区县（市）政府负责推进落实). Returns the owner, or why not.
 */
export function listItemOwner(
  type: ListType,
  requested: { id: number; kind: UnitKind } | null,
  chainLeadUnitIds: readonly number[],
): { ownerUnitId: number } | { problem: string } {
  if (type === 'MATTER') {
    if (requested === null) {
      return chainLeadUnitIds.length > 0 ? { ownerUnitId: chainLeadUnitIds[0] } : { problem: 'ownerUnitId: the chain has no lead department to own a key matter' };
    }
    return chainLeadUnitIds.includes(requested.id) ? { ownerUnitId: requested.id } : { problem: "ownerUnitId: a key matter (MATTER) belongs to the chain's lead department" };
  }
  if (requested === null) return { problem: `ownerUnitId is required: a ${type} belongs to the zone or district where it is` };
  return requested.kind === 'ZONE' || requested.kind === 'DISTRICT'
    ? { ownerUnitId: requested.id }
    : { problem: `ownerUnitId: a ${type} belongs to a development zone or district, not a ${requested.kind}` };
}
