import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const OBLIGATION_STATES = ['OPEN', 'SUBMITTED', 'ACCEPTED'] as const;
export type ObligationState = (typeof OBLIGATION_STATES)[number];

/** One unit owes one report for one occurrence. */
@Entity('obligations')
export class ObligationEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id: number;
  @Column({ name: 'occurrence_id', type: 'int', unsigned: true }) occurrenceId: number;
  @Column({ name: 'cadence_id', type: 'int', unsigned: true }) cadenceId: number;
  @Column({ name: 'unit_id', type: 'int', unsigned: true }) unitId: number;
  @Column({ name: 'receiver_unit_id', type: 'int', unsigned: true, nullable: true }) receiverUnitId: number | null;
  @Column({ name: 'chain_id', type: 'int', unsigned: true, nullable: true }) chainId: number | null;
  @Column({ name: 'policy_id', type: 'int', unsigned: true, nullable: true }) policyId: number | null;
  @Column({ type: 'varchar', length: 10 }) period: string;
  @Column({ name: 'due_at', type: 'datetime', precision: 3 }) dueAt: Date;
  @Column({ type: 'varchar', length: 20, default: 'OPEN' }) state: ObligationState;
  @Column({ type: 'int', unsigned: true, default: 1 }) version: number;
  @Column({ type: 'varchar', length: 10, default: 'ON_TRACK' }) timeliness: string;
  @Column({ name: 'escalation_level', type: 'tinyint', unsigned: true, default: 0 }) escalationLevel: number;
  @Column({ name: 'schedule_gen', type: 'int', unsigned: true, default: 1 }) scheduleGen: number;
  @Column({ name: 'next_step', type: 'smallint', unsigned: true, default: 0 }) nextStep: number;
  @Column({ name: 'next_step_at', type: 'datetime', precision: 3, nullable: true }) nextStepAt: Date | null;
  @Column({ name: 'submitted_at', type: 'datetime', precision: 3, nullable: true }) submittedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}
