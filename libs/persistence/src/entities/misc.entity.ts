import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A mechanism profile loaded into this database, and when it was first loaded. */
@Entity('profiles')
export class ProfileEntity {
  @PrimaryColumn({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'char', length: 64 })
  checksum: string;

  /** The IANA zone the mechanism is judged in (due dates, periods, working days). */
  @Column({ type: 'varchar', length: 50, default: 'Asia/Shanghai' })
  timezone: string;

  @Column({ name: 'loaded_at', type: 'datetime', precision: 3 })
  loadedAt: Date;
}

/** Escalation policies: steps relative to a due date (DESIGN.md, "Escalation policies"). */
@Entity('escalation_policies')
export class EscalationPolicyEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'json' })
  steps: unknown[];

  @Column({ type: 'int', unsigned: true, default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** Small facts the engine keeps about itself, e.g. when the scheduler last ticked. */
@Entity('engine_state')
export class EngineStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'json' })
  value: Record<string, unknown>;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
