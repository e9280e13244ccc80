import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { CHANNEL_KINDS, ChannelKind } from '@duban/persistence';

export class CreateChannelDto {
  /** WEBHOOK (generic JSON), WECOM or DINGTALK (group robot text), EMAIL (SMTP). */
  @ApiProperty({ enum: CHANNEL_KINDS, enumName: 'ChannelKind' })
  @IsIn(CHANNEL_KINDS)
  kind: ChannelKind;

  /**
   * The https URL to POST to (WECOM: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…, DINGTALK:
   * https://oapi.dingtalk.com/robot/send?access_token=…), reaching public addresses only unless listed in
   * DUBAN_WEBHOOK_ALLOW; or the e-mail address. Answered with query values and later path segments masked.
   */
  @IsString()
  @MaxLength(500)
  target: string;

  /** A unit's channel receives what any of its people receive, once per step. */
  @IsOptional()
  @IsInt()
  @Min(1)
  unitId?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  userId?: number;
}

// ---- Answers ----

/** A channel, its target masked (query values and path segments after the first). */
export class ChannelDto {
  id: number;
  @ApiProperty({ enum: CHANNEL_KINDS, enumName: 'ChannelKind' })
  kind: ChannelKind;
  target: string;
  unitId: number | null;
  userId: number | null;
  /** false once disabled; its history stays. */
  enabled: boolean;
}

export class ChannelPageDto {
  items: ChannelDto[];
  total: number;
}

/** Whether the test message arrived, and why not (without the target's secrets). */
export class ChannelTestDto {
  delivered: boolean;
  error: string | null;
}
