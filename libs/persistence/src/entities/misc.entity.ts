import { Column, Entity, PrimaryColumn } from 'typeorm';

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
