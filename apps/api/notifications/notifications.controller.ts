import { BadRequestException, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, NotificationsService } from '@duban/core';
import { CurrentUser } from '../auth/auth.decorators';
import { NotificationPageDto, NotificationQueryDto, NotificationReadDto } from './notifications.dto';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** The caller's inbox, newest first. */
  @Get()
  inbox(@CurrentUser() user: AuthUser, @Query() query: NotificationQueryDto): Promise<NotificationPageDto> {
    const { page, pageSize, ...filter } = query;
    return this.notifications.inbox(user, filter, { page, pageSize });
  }

  @Post(':id/read')
  @HttpCode(200)
  read(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<NotificationReadDto> {
    if (!/^\d{1,19}$/.test(id) || id === '0') throw new BadRequestException('id must be a positive integer');
    return this.notifications.markRead(user, id);
  }
}
