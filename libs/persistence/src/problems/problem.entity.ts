import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ProblemState, Severity } from '@duban/domain';

/** A matter of the problem ledger (问题台账), run on the 13710 timings through the same step cursor as tasks. */
@Entity('problems')
export class ProblemEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id: number;
  @Column({ name: 'chain_id', type: 'int', unsigned: true, nullable: true }) chainId: number | null;
  /** The report whose coordination matter it was. */
  @Column({ name: 'obligation_id', type: 'int', unsigned: true, nullable: true }) obligationId: number | null;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'text', nullable: true }) detail: string | null;
  @Column({ name: 'raised_by_unit_id', type: 'int', unsigned: true }) raisedByUnitId: number;
  @Column({ name: 'routed_to_unit_id', type: 'int', unsigned: true }) routedToUnitId: number;
  @Column({ type: 'varchar', length: 10, default: 'GENERAL' }) severity: Severity;
  @Column({ type: 'varchar', length: 20, default: 'OPEN' }) state: ProblemState;
  @Column({ type: 'int', unsigned: true, default: 1 }) version: number;
  /** The solve-by date (7 days, a month for a major one, or the date its plan states). */
  @Column({ name: 'due_at', type: 'datetime', precision: 3 }) dueAt: Date;
  /** The deadline of the 13710 clock it runs on, which its steps count from (domain `retimeProblem`). */
  @Column({ name: 'step_due_at', type: 'datetime', precision: 3 }) stepDueAt: Date;
  @Column({ name: 'policy_id', type: 'int', unsigned: true, nullable: true }) policyId: number | null;
  @Column({ name: 'escalation_level', type: 'tinyint', unsigned: true, default: 0 }) escalationLevel: number;
  @Column({ name: 'schedule_gen', type: 'int', unsigned: true, default: 1 }) scheduleGen: number;
  @Column({ name: 'next_step', type: 'smallint', unsigned: true, default: 0 }) nextStep: number;
  @Column({ name: 'next_step_at', type: 'datetime', precision: 3, nullable: true }) nextStepAt: Date | null;
  /** 1–5, given by the raising unit when it closes or reopens the problem. */
  @Column({ type: 'tinyint', unsigned: true, nullable: true }) satisfaction: number | null;
  @Column({ name: 'acknowledged_at', type: 'datetime', precision: 3, nullable: true }) acknowledgedAt: Date | null;
  @Column({ name: 'feedback_at', type: 'datetime', precision: 3, nullable: true }) feedbackAt: Date | null;
  @Column({ name: 'resolved_at', type: 'datetime', precision: 3, nullable: true }) resolvedAt: Date | null;
  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true }) closedAt: Date | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}
