import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SubjectType } from '../entities/event.entity';

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
