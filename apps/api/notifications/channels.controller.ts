import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, DeliveriesService } from '@duban/core';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { PageQueryDto } from '../common/pagination.dto';
import { ParseIdPipe } from '../common/validation';
import { ChannelDto, ChannelPageDto, ChannelTestDto, CreateChannelDto } from './channels.dto';

/** Where notifications go besides the inbox (admin). */
@ApiTags('notifications')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('notification-channels')
export class ChannelsController {
  constructor(private readonly deliveries: DeliveriesService) {}

  /** Every channel, disabled ones too, oldest first. */
  @Get()
  list(@Query() query: PageQueryDto): Promise<ChannelPageDto> {
    return this.deliveries.channels(query);
  }

  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateChannelDto): Promise<ChannelDto> {
    return this.deliveries.createChannel(user, body);
  }

  /** Sends a test message through the channel now; answers whether it arrived (and why not, without the target's secrets). */
  @Post(':id/test')
  @HttpCode(200)
  test(@Param('id', new ParseIdPipe('id')) id: number): Promise<ChannelTestDto> {
    return this.deliveries.testChannel(id);
  }

  /** Disables the channel; its history stays. */
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number) {
    return this.deliveries.removeChannel(user, id);
  }
}
