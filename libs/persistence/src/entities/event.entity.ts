import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SUBJECT_TYPES = ['TASK', 'OBLIGATION', 'PROBLEM', 'MEETING'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** An append-only record of one change of state. Triggers refuse UPDATE and DELETE. */
@Entity('events')
export class EventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 20 })
  subjectType: SubjectType;

  @Column({ name: 'subject_id', type: 'int', unsigned: true })
  subjectId: number;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  /** The acting user; null for the engine itself. */
  @Column({ name: 'actor_id', type: 'int', unsigned: true, nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ name: 'from_state', type: 'varchar', length: 20, nullable: true })
  fromState: string | null;

  @Column({ name: 'to_state', type: 'varchar', length: 20, nullable: true })
  toState: string | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'json', nullable: true })
  data: Record<string, unknown> | null;
}
