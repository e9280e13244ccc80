import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, ObligationsService } from '@duban/core';
import { CurrentUser } from '../auth/auth.decorators';
import { ParseIdPipe } from '../common/validation';
import { TaskEventPageDto } from '../tasks/tasks.dto';
import { ObligationDetailDto, ObligationDto, ObligationPageDto, ObligationQueryDto, ReportDto } from './obligations.dto';

@ApiTags('obligations')
@ApiBearerAuth()
@Controller('obligations')
export class ObligationsController {
  constructor(private readonly obligations: ObligationsService) {}

  /** Report obligations in the caller's scope, soonest due first. */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ObligationQueryDto): Promise<ObligationPageDto> {
    const { page, pageSize, ...filter } = query;
    return this.obligations.list(user, filter, { page, pageSize });
  }

  /** One obligation, with its escalation steps done and to come. */
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number): Promise<ObligationDetailDto> {
    return this.obligations.get(user, id);
  }

  /** The obligation's timeline, oldest first: the engine's steps and people's acts. */
  @Get(':id/events')
  events(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number): Promise<TaskEventPageDto> {
    return this.obligations.events(user, id);
  }

  /** The owing unit submits its report; escalation stops and supervision closes. */
  @Post(':id/report')
  @HttpCode(200)
  report(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: ReportDto): Promise<ObligationDto> {
    return this.obligations.report(user, id, body);
  }
}
