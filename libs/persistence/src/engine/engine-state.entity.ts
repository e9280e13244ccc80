import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

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
