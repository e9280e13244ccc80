import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CalendarDay, DayKind } from '@duban/domain';
import { IsLocalDate } from '../common/validation';

export class CalendarRangeQueryDto {
  /** First date, YYYY-MM-DD. */
  @IsLocalDate()
  from: string;

  /** Last date (inclusive), at most 366 days after from. */
  @IsLocalDate()
  to: string;
}

export class SetCalendarDayDto {
  /** true: a working day (调休上班 on a weekend); false: a day off (a holiday on a weekday). */
  @IsBoolean()
  workday: boolean;

  /** What the day is, e.g. 国庆节 or 国庆节调休. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  name?: string;
}

// ---- Answers ----

export const DAY_KINDS: readonly DayKind[] = ['WORKDAY', 'WEEKEND', 'HOLIDAY', 'MAKEUP_WORKDAY'];

export class CalendarDayDto implements CalendarDay {
  /** YYYY-MM-DD. */
  date: string;
  workday: boolean;
  @ApiProperty({ enum: DAY_KINDS, enumName: 'DayKind' })
  kind: DayKind;
  /** The holiday's or the makeup day's name. */
  name?: string;
}

export class CalendarDayPageDto {
  items: CalendarDayDto[];
  total: number;
}
