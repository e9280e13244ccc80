import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One configuration or account change, or a sign-in: who, when, what, before and after. Append-only. */
@Entity('audit_log')
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ name: 'actor_id', type: 'int', unsigned: true, nullable: true })
  actorId: number | null;

  /** e.g. `user.update`, `cadence.create`, `login.failure`. */
  @Column({ type: 'varchar', length: 60 })
  action: string;

  /** The kind of record changed: `user`, `unit`, `cadence`, `session`, … */
  @Column({ type: 'varchar', length: 40 })
  target: string;

  @Column({ name: 'target_id', type: 'varchar', length: 100, nullable: true })
  targetId: string | null;

  @Column({ name: 'before_value', type: 'json', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ name: 'after_value', type: 'json', nullable: true })
  after: Record<string, unknown> | null;

  /** The client's address, where the change came over HTTP. */
  @Column({ type: 'varchar', length: 45, nullable: true })
  address: string | null;
}
