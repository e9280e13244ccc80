import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const MEETING_STATES = ['SCHEDULED', 'HELD'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

/** A chain meeting a cadence materialised; held once its minutes are recorded. */
@Entity('meetings')
export class MeetingEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id: number;
  @Column({ name: 'cadence_id', type: 'int', unsigned: true, nullable: true }) cadenceId: number | null;
  @Column({ name: 'occurrence_id', type: 'int', unsigned: true, nullable: true }) occurrenceId: number | null;
  @Column({ name: 'chain_id', type: 'int', unsigned: true, nullable: true }) chainId: number | null;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ name: 'scheduled_at', type: 'datetime', precision: 3 }) scheduledAt: Date;
  @Column({ name: 'convener_role', type: 'varchar', length: 20, nullable: true }) convenerRole: string | null;
  @Column({ type: 'varchar', length: 20, default: 'SCHEDULED' }) state: MeetingState;
  @Column({ type: 'text', nullable: true }) summary: string | null;
  @Column({ name: 'minutes_at', type: 'datetime', precision: 3, nullable: true }) minutesAt: Date | null;
  @Column({ name: 'minutes_by', type: 'int', unsigned: true, nullable: true }) minutesBy: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
