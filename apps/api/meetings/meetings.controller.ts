import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, MeetingsService, ZoneService } from '@duban/core';
import { rangeBound } from '@duban/domain';
import { CurrentUser } from '../auth/auth.decorators';
import { ParseIdPipe } from '../common/validation';
import { AgendaDto, DelegateDto, MeetingDetailDto, MeetingDto, MeetingPageDto, MeetingQueryDto, MinutesDto, MinutesResultDto, NewMeetingDto } from './meetings.dto';

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly zones: ZoneService,
  ) {}

  @Get()
  async list(@Query() query: MeetingQueryDto): Promise<MeetingPageDto> {
    const zone = await this.zones.zone();
    return this.meetings.list(
      { chainId: query.chainId, from: query.from ? rangeBound(query.from, 'from', zone) : undefined, to: query.to ? rangeBound(query.to, 'to', zone) : undefined },
      { page: query.page, pageSize: query.pageSize },
    );
  }

  /** Calls an ad-hoc meeting (联席会议, 联盟会商, 专题会) on chains whose profile has it; the caller convenes it. */
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: NewMeetingDto): Promise<MeetingDto> {
    return this.meetings.create(user, { type: body.type, chainIds: body.chainIds, scheduledAt: new Date(body.scheduledAt), title: body.title });
  }

  /** The 总群链长 delegates the meeting to a 群链长 of its chains, who then records its minutes. */
  @Post(':id/delegate')
  @HttpCode(200)
  delegate(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: DelegateDto): Promise<MeetingDto> {
    return this.meetings.delegate(user, id, body.userId);
  }

  /** One meeting, with the tasks its minutes created (those the caller may see). */
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number): Promise<MeetingDetailDto> {
    return this.meetings.get(user, id);
  }

  /** Prefilled from live data: four lists and their changes, overdue work, open problems, last decisions. */
  @Get(':id/agenda')
  agenda(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number): Promise<AgendaDto> {
    return this.meetings.agenda(user, id);
  }

  /** Records the minutes; each decision becomes an assigned task the engine tracks. */
  @Post(':id/minutes')
  @HttpCode(200)
  minutes(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: MinutesDto): Promise<MinutesResultDto> {
    return this.meetings.minutes(user, id, {
      summary: body.summary,
      decisions: body.decisions.map((d) => ({ ...d, dueAt: d.dueAt ? new Date(d.dueAt) : undefined })),
      problems: body.problems,
      fileIds: body.fileIds,
    });
  }
}
