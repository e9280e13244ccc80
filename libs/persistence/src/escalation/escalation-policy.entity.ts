import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

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
