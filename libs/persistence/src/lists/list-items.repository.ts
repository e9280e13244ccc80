import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LIST_TYPES, ListType } from '@duban/domain';
import { UnitEntity } from '../org/unit.entity';
import { ListItemEntity } from './list-item.entity';
import type { Tx } from '../transactions';

/** An item with its owner unit's name, as the lists show it. */
export type ListItemRow = ListItemEntity & { ownerUnitName: string };

export interface NewListItemRow {
  chainId: number;
  type: ListType;
  name: string;
  ownerUnitId: number;
  detail: string | null;
  at: Date;
  month: string;
  by: number;
  reason: string | null;
}

/** The four lists (四个清单) of each chain, adjusted dynamically: additions and removals carry a reason and a month. */
@Injectable()
export class ListItemsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The chain's live items, list by list in the lists' order, oldest first. */
  async live(chainId: number, type?: ListType, page?: { skip: number; take: number }): Promise<{ rows: ListItemRow[]; total: number }> {
    const qb = this.withOwner().where('i.chain_id = :chainId AND i.removed_at IS NULL', { chainId });
    if (type) qb.andWhere('i.type = :type', { type });
    qb.orderBy(`FIELD(i.type, ${LIST_TYPES.map((t) => `'${t}'`).join(', ')})`).addOrderBy('i.id');
    if (!page) {
      const rows = rowsOf(await qb.getRawAndEntities());
      return { rows, total: rows.length };
    }
    const total = await qb.getCount();
    return { rows: rowsOf(await qb.offset(page.skip).limit(page.take).getRawAndEntities()), total };
  }

  /** Items added to the chain's lists in a month, in the order they were added. */
  async addedIn(chainId: number, month: string): Promise<ListItemRow[]> {
    return rowsOf(
      await this.withOwner().where('i.chain_id = :chainId AND i.added_month = :month', { chainId, month }).orderBy('i.added_at').addOrderBy('i.id').getRawAndEntities(),
    );
  }

  /** Items removed from the chain's lists in a month, in the order they were removed. */
  async removedIn(chainId: number, month: string): Promise<ListItemRow[]> {
    return rowsOf(
      await this.withOwner().where('i.chain_id = :chainId AND i.removed_month = :month', { chainId, month }).orderBy('i.removed_at').addOrderBy('i.id').getRawAndEntities(),
    );
  }

  async find(chainId: number, id: number): Promise<ListItemRow | null> {
    const [row] = rowsOf(await this.withOwner().where('i.chain_id = :chainId AND i.id = :id', { chainId, id }).getRawAndEntities());
    return row ?? null;
  }

  /** Adds an item to a live list; answers its id. */
  async add(item: NewListItemRow, tx?: Tx): Promise<number> {
    const { identifiers } = await (tx ?? this.db.manager).getRepository(ListItemEntity).insert({
      chainId: item.chainId,
      type: item.type,
      name: item.name,
      ownerUnitId: item.ownerUnitId,
      detail: item.detail,
      addedAt: item.at,
      addedMonth: item.month,
      addedBy: item.by,
      addedReason: item.reason,
    });
    return Number(identifiers[0].id);
  }

  /** Takes a live item off its list, keeping it as history; false when it is not live on that chain. */
  async remove(chainId: number, id: number, removal: { at: Date; month: string; by: number; reason: string }, tx?: Tx): Promise<boolean> {
    const result = await (tx ?? this.db.manager)
      .getRepository(ListItemEntity)
      .createQueryBuilder()
      .update()
      .set({ removedAt: removal.at, removedMonth: removal.month, removedBy: removal.by, removedReason: removal.reason })
      .where('id = :id AND chain_id = :chainId AND removed_at IS NULL', { id, chainId })
      .execute();
    return result.affected === 1;
  }

  private withOwner() {
    return this.db.getRepository(ListItemEntity).createQueryBuilder('i').innerJoin(UnitEntity, 'u', 'u.id = i.owner_unit_id').addSelect('u.name', 'owner_unit_name');
  }
}

function rowsOf({ entities, raw }: { entities: ListItemEntity[]; raw: { owner_unit_name: string }[] }): ListItemRow[] {
  return entities.map((e, i) => Object.assign(e, { ownerUnitName: raw[i].owner_unit_name }));
}
