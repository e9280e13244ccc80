import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { UnitKind } from '@duban/domain';

@Entity('units')
export class UnitEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200, nullable: true })
  fullName: string | null;

  @Column({ type: 'varchar', length: 20 })
  kind: UnitKind;

  @Column({ name: 'parent_id', type: 'int', unsigned: true, nullable: true })
  parentId: number | null;

  @Column({ type: 'text', nullable: true })
  duties: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  profile: string | null;

  /** Other names of exactly this unit, as notices write them (市发改委). */
  @Column({ type: 'json', nullable: true })
  aliases: string[] | null;

  /** Collective names that include this unit (各基础电信企业). */
  @Column({ name: 'member_of', type: 'json', nullable: true })
  memberOf: string[] | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
