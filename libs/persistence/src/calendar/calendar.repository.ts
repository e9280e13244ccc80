import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LocalDate } from '@duban/domain';
import type { Tx } from '../transactions';
import { CalendarDayEntity } from './calendar-day.entity';

/** The work calendar's days set apart from the weekly rhythm (official holidays, makeup workdays, administrators' edits). */
@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  days(): Promise<CalendarDayEntity[]> {
    return this.db.getRepository(CalendarDayEntity).find();
  }

  /** An administrator's edit of one day, replacing whatever the day was (official or edited). */
  async setDay(tx: Tx, date: LocalDate, day: { workday: boolean; name: string | null }, by: number): Promise<void> {
    await tx.query(
      `INSERT INTO calendar_days (date, workday, name, source, updated_by) VALUES (?, ?, ?, 'ADMIN', ?)
       ON DUPLICATE KEY UPDATE workday = VALUES(workday), name = VALUES(name), source = 'ADMIN', updated_by = VALUES(updated_by)`,
      [date, day.workday ? 1 : 0, day.name, by],
    );
  }
}
