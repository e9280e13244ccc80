import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, NotificationsService, ObligationsService, SupervisionService } from '@duban/core';
import { CurrentUser } from '../auth/auth.decorators';
import { ParseIdPipe } from '../common/validation';
import { NotificationQueryDto, ObligationQueryDto, ReportDto, SupervisionQueryDto } from './engine.dto';

@ApiTags('obligations')
@ApiBearerAuth()
@Controller('obligations')
export class ObligationsController {
  constructor(private readonly obligations: ObligationsService) {}

  /** Report obligations in the caller's scope, soonest due first. */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ObligationQueryDto) {
    const { page, pageSize, ...filter } = query;
    return this.obligations.list(user, filter, { page, pageSize });
  }

  /** One obligation, with its escalation steps done and to come. */
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number) {
    return this.obligations.get(user, id);
  }

  /** The obligation's timeline, oldest first: the engine's steps and people's acts. */
  @Get(':id/events')
  events(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number) {
    return this.obligations.events(user, id);
  }

  /** The owing unit submits its report; escalation stops and supervision closes. */
  @Post(':id/report')
  @HttpCode(200)
  report(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: ReportDto) {
    return this.obligations.report(user, id, body);
  }
}

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  /** The supervision list (督办清单), highest level first. */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: SupervisionQueryDto) {
    const { page, pageSize, ...filter } = query;
    return this.supervision.list(user, filter, { page, pageSize });
  }

  @Get('summary')
  summary(@CurrentUser() user: AuthUser) {
    return this.supervision.summary(user);
  }
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** The caller's inbox, newest first. */
  @Get()
  inbox(@CurrentUser() user: AuthUser, @Query() query: NotificationQueryDto) {
    const { page, pageSize, ...filter } = query;
    return this.notifications.inbox(user, filter, { page, pageSize });
  }

  @Post(':id/read')
  @HttpCode(200)
  read(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    if (!/^\d{1,19}$/.test(id) || id === '0') throw new BadRequestException('id must be a positive integer');
    return this.notifications.markRead(user, id);
  }
}
