import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SubjectType } from './event.entity';

/** An item on the supervision list (督办清单). Closed entries stay as history. */
@Entity('supervision_entries')
export class SupervisionEntryEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id: number;
  @Column({ name: 'subject_type', type: 'varchar', length: 20 }) subjectType: SubjectType;
  @Column({ name: 'subject_id', type: 'int', unsigned: true }) subjectId: number;
  @Column({ type: 'tinyint', unsigned: true }) level: number;
  @Column({ type: 'varchar', length: 500 }) reason: string;
  @Column({ name: 'owner_unit_id', type: 'int', unsigned: true }) ownerUnitId: number;
  @Column({ name: 'chain_id', type: 'int', unsigned: true, nullable: true }) chainId: number | null;
  @Column({ name: 'opened_at', type: 'datetime', precision: 3 }) openedAt: Date;
  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true }) closedAt: Date | null;
  /** 1 while open, NULL once closed: the unique key allows one open entry per subject. */
  @Column({ name: 'open_marker', type: 'tinyint', unsigned: true, nullable: true }) openMarker: number | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}

/** One message in one person's inbox; unique per (recipient, subject, step). */
@Entity('notifications')
export class NotificationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id: string;
  @Column({ name: 'user_id', type: 'int', unsigned: true }) userId: number;
  @Column({ type: 'varchar', length: 20 }) kind: string;
  @Column({ name: 'subject_type', type: 'varchar', length: 20 }) subjectType: SubjectType;
  @Column({ name: 'subject_id', type: 'int', unsigned: true }) subjectId: number;
  @Column({ name: 'step_key', type: 'varchar', length: 40 }) stepKey: string;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'text' }) body: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ name: 'read_at', type: 'datetime', precision: 3, nullable: true }) readAt: Date | null;
}

@Entity('meetings')
export class MeetingEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id: number;
  @Column({ name: 'cadence_id', type: 'int', unsigned: true, nullable: true }) cadenceId: number | null;
  @Column({ name: 'occurrence_id', type: 'int', unsigned: true, nullable: true }) occurrenceId: number | null;
  @Column({ name: 'chain_id', type: 'int', unsigned: true, nullable: true }) chainId: number | null;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ name: 'scheduled_at', type: 'datetime', precision: 3 }) scheduledAt: Date;
  @Column({ name: 'convener_role', type: 'varchar', length: 20, nullable: true }) convenerRole: string | null;
  @Column({ type: 'varchar', length: 20, default: 'SCHEDULED' }) state: string;
}

@Entity('evaluation_runs')
export class EvaluationRunEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id: number;
  @Column({ name: 'cadence_id', type: 'int', unsigned: true }) cadenceId: number;
  @Column({ name: 'occurrence_id', type: 'int', unsigned: true }) occurrenceId: number;
  @Column({ type: 'varchar', length: 20 }) kind: string;
  @Column({ type: 'varchar', length: 10 }) period: string;
  @Column({ name: 'due_at', type: 'datetime', precision: 3 }) dueAt: Date;
  @Column({ type: 'varchar', length: 20, default: 'PENDING' }) state: string;
}
