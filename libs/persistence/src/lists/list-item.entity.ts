import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ListType } from '@duban/domain';

/** An item of a chain's four lists (四个清单); a removed item stays as history, with its month and reason. */
@Entity('list_items')
export class ListItemEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id: number;
  @Column({ name: 'chain_id', type: 'int', unsigned: true }) chainId: number;
  @Column({ type: 'varchar', length: 20 }) type: ListType;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ name: 'owner_unit_id', type: 'int', unsigned: true }) ownerUnitId: number;
  @Column({ type: 'text', nullable: true }) detail: string | null;
  @Column({ name: 'added_at', type: 'datetime', precision: 3 }) addedAt: Date;
  /** `YYYY-MM` in the profile's zone. */
  @Column({ name: 'added_month', type: 'char', length: 7 }) addedMonth: string;
  @Column({ name: 'added_by', type: 'int', unsigned: true, nullable: true }) addedBy: number | null;
  @Column({ name: 'added_reason', type: 'varchar', length: 500, nullable: true }) addedReason: string | null;
  @Column({ name: 'removed_at', type: 'datetime', precision: 3, nullable: true }) removedAt: Date | null;
  @Column({ name: 'removed_month', type: 'char', length: 7, nullable: true }) removedMonth: string | null;
  @Column({ name: 'removed_by', type: 'int', unsigned: true, nullable: true }) removedBy: number | null;
  @Column({ name: 'removed_reason', type: 'varchar', length: 500, nullable: true }) removedReason: string | null;
}
