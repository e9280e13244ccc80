import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A date set apart from the weekly rhythm: an official holiday or makeup workday (from
 * the State Council's notices, via the chinese-days package) or an administrator's edit.
 */
@Entity('calendar_days')
export class CalendarDayEntity {
  /** `YYYY-MM-DD`, read back as a string. */
  @PrimaryColumn({ type: 'date', transformer: { to: (v: string) => v, from: (v: string | Date) => (v instanceof Date ? v.toISOString().slice(0, 10) : v) } })
  date: string;

  @Column({ type: 'boolean' })
  workday: boolean;

  @Column({ type: 'varchar', length: 50, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 10 })
  source: 'OFFICIAL' | 'ADMIN';

  @Column({ name: 'updated_by', type: 'int', unsigned: true, nullable: true })
  updatedBy: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
