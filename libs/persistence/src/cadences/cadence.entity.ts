import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ChainRole, ConvenePer, Frequency, ShiftRule, UnitKind } from '@duban/domain';

export const CADENCE_KINDS = ['REPORT', 'MEETING', 'EVALUATION', 'ASSESSMENT', 'YEARLY_EVALUATION'] as const;
export type CadenceKind = (typeof CADENCE_KINDS)[number];

/** What recurs, when, who owes it and who receives it (DESIGN.md, "Cadences"). */
@Entity('cadences')
export class CadenceEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id: number;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 20 }) kind: CadenceKind;
  @Column({ type: 'varchar', length: 20 }) frequency: Frequency;
  @Column({ name: 'day_of_month', type: 'tinyint', unsigned: true, nullable: true }) dayOfMonth: number | null;
  @Column({ type: 'tinyint', unsigned: true, nullable: true }) weekday: number | null;
  @Column({ type: 'tinyint', nullable: true }) nth: number | null;
  @Column({ type: 'tinyint', unsigned: true, nullable: true }) month: number | null;
  @Column({ type: 'varchar', length: 8 }) time: string;
  @Column({ type: 'varchar', length: 50 }) timezone: string;
  @Column({ type: 'varchar', length: 20 }) shift: ShiftRule;
  @Column({ name: 'active_from', type: 'datetime', precision: 3 }) activeFrom: Date;
  @Column({ name: 'active_to', type: 'datetime', precision: 3, nullable: true }) activeTo: Date | null;
  @Column({ name: 'policy_id', type: 'int', unsigned: true, nullable: true }) policyId: number | null;
  @Column({ name: 'chain_id', type: 'int', unsigned: true, nullable: true }) chainId: number | null;
  @Column({ name: 'owing_unit_ids', type: 'json', nullable: true }) owingUnitIds: number[] | null;
  @Column({ name: 'owing_unit_kinds', type: 'json', nullable: true }) owingUnitKinds: UnitKind[] | null;
  /** Units holding these roles on the cadence's chain owe it too (e.g. PARTICIPANT). */
  @Column({ name: 'owing_chain_roles', type: 'json', nullable: true }) owingChainRoles: ChainRole[] | null;
  @Column({ name: 'receiver_unit_id', type: 'int', unsigned: true, nullable: true }) receiverUnitId: number | null;
  /** For meetings: who convenes (LEADER, GENERAL_LEADER, LEAD_UNIT). */
  @Column({ name: 'convener_role', type: 'varchar', length: 20, nullable: true }) convenerRole: string | null;
  /** For meetings over several chains: one per convener, or per cluster (null: one meeting). */
  @Column({ name: 'convene_per', type: 'varchar', length: 20, nullable: true }) convenePer: ConvenePer | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) profile: string | null;
  @Column({ type: 'int', unsigned: true, default: 1 }) version: number;
  @Column({ name: 'materialised_until', type: 'datetime', precision: 3, nullable: true }) materialisedUntil: Date | null;
  @Column({ name: 'deleted_at', type: 'datetime', precision: 3, nullable: true }) deletedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}

@Entity('occurrences')
export class OccurrenceEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id: number;
  @Column({ name: 'cadence_id', type: 'int', unsigned: true }) cadenceId: number;
  @Column({ type: 'varchar', length: 10 }) period: string;
  @Column({ name: 'local_date', type: 'date' }) localDate: string;
  @Column({ name: 'due_at', type: 'datetime', precision: 3 }) dueAt: Date;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
