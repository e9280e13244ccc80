import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ChainCategory, ChainRole } from '@duban/domain';

@Entity('chains')
export class ChainEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  category: ChainCategory;

  @Column({ type: 'varchar', length: 100, nullable: true })
  cluster: string | null;

  /** Starred chains of the Henan annex: future chains still being cultivated. */
  @Column({ name: 'is_future', type: 'boolean', default: false })
  isFuture: boolean;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  profile: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/**
 * One holder of one role on one chain: a unit, a user, or a named person without a login
 * (`holderName`, e.g. a chain leader named in the notice). `memberKey` makes it unique.
 */
@Entity('chain_roles')
export class ChainRoleEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ name: 'chain_id', type: 'int', unsigned: true })
  chainId: number;

  @Column({ type: 'varchar', length: 20 })
  role: ChainRole;

  @Column({ name: 'unit_id', type: 'int', unsigned: true, nullable: true })
  unitId: number | null;

  @Column({ name: 'user_id', type: 'int', unsigned: true, nullable: true })
  userId: number | null;

  @Column({ name: 'holder_name', type: 'varchar', length: 100, nullable: true })
  holderName: string | null;

  @Column({ name: 'member_key', type: 'varchar', length: 120 })
  memberKey: string;

  @Column({ type: 'smallint', unsigned: true, default: 0 })
  position: number;
}
