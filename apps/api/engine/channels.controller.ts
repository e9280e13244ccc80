import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { AuthUser, CHANNEL_KINDS, ChannelKind, DeliveriesService } from '@duban/core';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ParseIdPipe } from '../common/validation';

export class CreateChannelDto {
  /** WEBHOOK (generic JSON), WECOM or DINGTALK (group robot text), EMAIL (SMTP). */
  @IsIn(CHANNEL_KINDS)
  kind: ChannelKind;

  /**
   * The https URL to POST to (WECOM: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…, DINGTALK:
   * https://oapi.dingtalk.com/robot/send?access_token=…), reaching public addresses only unless listed in
   * DUBAN_WEBHOOK_ALLOW; or the e-mail address. Answered with query values and later path segments masked.
   */
  @IsString() @MaxLength(500)
  target: string;

  /** A unit's channel receives what any of its people receive, once per step. */
  @IsOptional() @IsInt() @Min(1)
  unitId?: number;

  @IsOptional() @IsInt() @Min(1)
  userId?: number;
}

/** Where notifications go besides the inbox (admin). */
@ApiTags('notifications')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('notification-channels')
export class ChannelsController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  list() {
    return this.deliveries.channels();
  }

  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateChannelDto) {
    return this.deliveries.createChannel(user, body);
  }

  /** Sends a test message through the channel now; answers whether it arrived (and why not, without the target's secrets). */
  @Post(':id/test')
  @HttpCode(200)
  test(@Param('id', new ParseIdPipe('id')) id: number) {
    return this.deliveries.testChannel(id);
  }

  /** Disables the channel; its history stays. */
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number) {
    return this.deliveries.removeChannel(user, id);
  }
}
