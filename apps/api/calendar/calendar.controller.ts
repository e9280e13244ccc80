import { BadRequestException, Body, Controller, Get, Param, PipeTransform, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { isLocalDate, LocalDate } from '@duban/domain';
import { AuthUser, CalendarService } from '@duban/core';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { CalendarDayDto, CalendarDayPageDto, CalendarRangeQueryDto, SetCalendarDayDto } from './calendar.dto';

class ParseLocalDatePipe implements PipeTransform<string, LocalDate> {
  transform(value: string): LocalDate {
    if (!isLocalDate(value)) throw new BadRequestException('date must be a calendar date YYYY-MM-DD');
    return value;
  }
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar/days')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** Every date in [from, to] (at most 366 days): working day or not, and why. */
  @Get()
  async range(@Query() query: CalendarRangeQueryDto): Promise<CalendarDayPageDto> {
    const items = await this.calendar.range(query.from, query.to);
    return { items, total: items.length };
  }

  @Get(':date')
  day(@Param('date', new ParseLocalDatePipe()) date: LocalDate): Promise<CalendarDayDto> {
    return this.calendar.day(date);
  }

  /** Marks a date as a working day or a day off (admin). */
  @Roles('ADMIN')
  @Put(':date')
  set(@CurrentUser() user: AuthUser, @Param('date', new ParseLocalDatePipe()) date: LocalDate, @Body() body: SetCalendarDayDto): Promise<CalendarDayDto> {
    return this.calendar.setDay(date, body, user.id);
  }
}
