import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type EvaluationRunKind = 'EVALUATION' | 'ASSESSMENT' | 'YEARLY_EVALUATION';
export type EvaluationRunState = 'PENDING' | 'RUNNING' | 'DONE';

/** A scoring, assessment or yearly evaluation a cadence materialised, run once its time has come. */
@Entity('evaluation_runs')
export class EvaluationRunEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id: number;
  @Column({ name: 'cadence_id', type: 'int', unsigned: true }) cadenceId: number;
  @Column({ name: 'occurrence_id', type: 'int', unsigned: true }) occurrenceId: number;
  @Column({ type: 'varchar', length: 20 }) kind: EvaluationRunKind;
  @Column({ type: 'varchar', length: 10 }) period: string;
  @Column({ name: 'due_at', type: 'datetime', precision: 3 }) dueAt: Date;
  @Column({ type: 'varchar', length: 20, default: 'PENDING' }) state: EvaluationRunState;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
