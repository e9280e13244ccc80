import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { AdHocMeetingType } from '@duban/domain';

export const MEETING_STATES = ['SCHEDULED', 'HELD'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

/** A meeting a cadence materialised or its convener called; held once its minutes are recorded. */
@Entity('meetings')
export class MeetingEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id: number;
  @Column({ name: 'cadence_id', type: 'int', unsigned: true, nullable: true }) cadenceId: number | null;
  @Column({ name: 'occurrence_id', type: 'int', unsigned: true, nullable: true }) occurrenceId: number | null;
  /** Which of its occurrence's meetings this is ('' for a cadence's one meeting, or an ad-hoc meeting). */
  @Column({ name: 'group_key', type: 'varchar', length: 120, default: '' }) groupKey: string;
  /** An ad-hoc meeting's type (JOINT, ALLIANCE, TOPICAL); null for a cadence's. */
  @Column({ type: 'varchar', length: 20, nullable: true }) type: AdHocMeetingType | null;
  /** Its chain when it has exactly one (its chains are in meeting_chains). */
  @Column({ name: 'chain_id', type: 'int', unsigned: true, nullable: true }) chainId: number | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) cluster: string | null;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ name: 'scheduled_at', type: 'datetime', precision: 3 }) scheduledAt: Date;
  @Column({ name: 'convener_role', type: 'varchar', length: 20, nullable: true }) convenerRole: string | null;
  /** The convening unit (a lead department, an alliance's 盟会长单位), when a unit convenes. */
  @Column({ name: 'convener_unit_id', type: 'int', unsigned: true, nullable: true }) convenerUnitId: number | null;
  /** Who convenes, by name, when a person does. */
  @Column({ name: 'convener_name', type: 'varchar', length: 200, nullable: true }) convenerName: string | null;
  /** The leader the convener delegated the meeting to (总群链长 → 群链长). */
  @Column({ name: 'delegate_user_id', type: 'int', unsigned: true, nullable: true }) delegateUserId: number | null;
  @Column({ name: 'created_by', type: 'int', unsigned: true, nullable: true }) createdBy: number | null;
  @Column({ type: 'varchar', length: 20, default: 'SCHEDULED' }) state: MeetingState;
  @Column({ type: 'text', nullable: true }) summary: string | null;
  @Column({ name: 'minutes_at', type: 'datetime', precision: 3, nullable: true }) minutesAt: Date | null;
  @Column({ name: 'minutes_by', type: 'int', unsigned: true, nullable: true }) minutesBy: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

/** The chains a meeting covers. */
@Entity('meeting_chains')
export class MeetingChainEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'int', unsigned: true }) meetingId: number;
  @PrimaryColumn({ name: 'chain_id', type: 'int', unsigned: true }) chainId: number;
}
