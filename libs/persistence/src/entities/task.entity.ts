import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TASK_TITLE_MAX_LENGTH, type TaskState } from '@duban/domain';

export const TASK_PRIORITIES = ['NORMAL', 'URGENT'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

@Entity('tasks')
export class TaskEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  /** The task this one was decomposed from (an imported notice's parent task), if any. */
  @Column({ name: 'parent_id', type: 'int', unsigned: true, nullable: true })
  parentId: number | null;

  @Column({ type: 'varchar', length: TASK_TITLE_MAX_LENGTH })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 20 })
  state: TaskState;

  /** Optimistic-concurrency counter; every change bumps it. */
  @Column({ type: 'int', unsigned: true, default: 1 })
  version: number;

  @Column({ name: 'issuer_unit_id', type: 'int', unsigned: true })
  issuerUnitId: number;

  @Column({ name: 'owner_unit_id', type: 'int', unsigned: true })
  ownerUnitId: number;

  @Column({ name: 'chain_id', type: 'int', unsigned: true, nullable: true })
  chainId: number | null;

  @Column({ name: 'policy_id', type: 'int', unsigned: true, nullable: true })
  policyId: number | null;

  @Column({ type: 'varchar', length: 10, default: 'NORMAL' })
  priority: TaskPriority;

  @Column({ name: 'source_kind', type: 'varchar', length: 40, nullable: true })
  sourceKind: string | null;

  @Column({ name: 'source_ref', type: 'varchar', length: 200, nullable: true })
  sourceRef: string | null;

  @Column({ name: 'due_at', type: 'datetime', precision: 3 })
  dueAt: Date;

  /** 0 none, 1 urged (催办), 2 supervised (督办), 3 listed supervision (挂牌督办). */
  @Column({ name: 'escalation_level', type: 'tinyint', unsigned: true, default: 0 })
  escalationLevel: number;

  @Column({ name: 'extension_due_at', type: 'datetime', precision: 3, nullable: true })
  extensionDueAt: Date | null;

  @Column({ name: 'extension_reason', type: 'varchar', length: 2000, nullable: true })
  extensionReason: string | null;

  @Column({ name: 'extension_requested_at', type: 'datetime', precision: 3, nullable: true })
  extensionRequestedAt: Date | null;

  @Column({ name: 'extension_requested_by', type: 'int', unsigned: true, nullable: true })
  extensionRequestedBy: number | null;

  /** Bumped when the due date or policy changes: steps of an older generation are stale. */
  @Column({ name: 'schedule_gen', type: 'int', unsigned: true, default: 1 })
  scheduleGen: number;

  /** Index of the next escalation step, and when it falls (null: none left). */
  @Column({ name: 'next_step', type: 'smallint', unsigned: true, default: 0 })
  nextStep: number;

  @Column({ name: 'next_step_at', type: 'datetime', precision: 3, nullable: true })
  nextStepAt: Date | null;

  /** A reminder of the current schedule has gone out: the task shows yellow from then on. */
  @Column({ type: 'boolean', default: false })
  reminded: boolean;

  @Column({ name: 'completed_at', type: 'datetime', precision: 3, nullable: true })
  completedAt: Date | null;

  @Column({ name: 'created_by', type: 'int', unsigned: true, nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

@Entity('task_co_units')
export class TaskCoUnitEntity {
  @Column({ name: 'task_id', type: 'int', unsigned: true, primary: true })
  taskId: number;

  @Column({ name: 'unit_id', type: 'int', unsigned: true, primary: true })
  unitId: number;
}
