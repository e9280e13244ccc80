import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type NoticeKind = 'MONTHLY' | 'QUARTERLY' | 'YEARLY';

/** A published notice (通报): an immutable snapshot (a trigger refuses updates); its workbook and page are drawn from it. */
@Entity('notices')
export class NoticeEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id: number;
  @Column({ type: 'varchar', length: 20 }) kind: NoticeKind;
  /** `YYYY-MM`, `YYYY-Qn` or `YYYY`; one notice per kind and period. */
  @Column({ type: 'varchar', length: 10 }) period: string;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'json' }) snapshot: unknown;
  @Column({ name: 'published_at', type: 'datetime', precision: 3 }) publishedAt: Date;
  @Column({ name: 'published_by', type: 'int', unsigned: true, nullable: true }) publishedBy: number | null;
}
