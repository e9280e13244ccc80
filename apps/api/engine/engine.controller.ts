import { BadRequestException, Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, NotificationsService, ObligationsService, SupervisionActionsService, SupervisionFilter, SupervisionService, ZoneService } from '@duban/core';
import { rangeBound } from '@duban/domain';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { attachment, XLSX } from '../common/downloads';
import { ParseIdPipe } from '../common/validation';
import {
  DecideDto,
  NotificationPageDto,
  NotificationQueryDto,
  NotificationReadDto,
  ObligationDetailDto,
  ObligationDto,
  ObligationPageDto,
  ObligationQueryDto,
  ReportDto,
  SupervisionExportQueryDto,
  SupervisionPageDto,
  SupervisionQueryDto,
  SupervisionRowDto,
  SupervisionSummaryDto,
  UrgeDto,
  UrgeResultDto,
} from './engine.dto';
import { TaskEventPageDto } from '../tasks/tasks.dto';

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

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision')
export class SupervisionController {
  constructor(
    private readonly supervision: SupervisionService,
    private readonly actions: SupervisionActionsService,
    private readonly zones: ZoneService,
  ) {}

  /** The supervision list (督办清单), highest level first, oldest first; each row with what the board shows. */
  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() query: SupervisionQueryDto): Promise<SupervisionPageDto> {
    const { page, pageSize, ...filter } = query;
    return this.supervision.list(user, filterOf(filter, await this.zones.zone()), { page, pageSize });
  }

  /** The list with the same filters and scope as a workbook (Chinese headers), up to 10,000 rows; X-Total-Count says how many matched. */
  @Get('export.xlsx')
  @Header('content-type', XLSX)
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  async export(@CurrentUser() user: AuthUser, @Query() query: SupervisionExportQueryDto, @Res({ passthrough: true }) res: Response) {
    const exported = await this.supervision.exportWorkbook(user, filterOf(query, await this.zones.zone()));
    attachment(res, `supervision-${exported.localDate}.xlsx`, `督办清单-${exported.localDate}.xlsx`);
    res.setHeader('x-total-count', String(exported.total));
    return new StreamableFile(exported.workbook);
  }

  /** 催办 now: tells the owner unit, with the message; at most once an hour per subject (429 with Retry-After). Answers the event. */
  @Roles('SUPERVISOR', 'ADMIN')
  @Post('urge')
  @HttpCode(200)
  urge(@CurrentUser() user: AuthUser, @Body() body: UrgeDto): Promise<UrgeResultDto> {
    return this.actions.urge(user, body);
  }

  /** 督办 (level 2) or 挂牌督办 (level 3) by decision: opens or raises the subject's entry; levels only go up (409). Answers the entry. */
  @Roles('SUPERVISOR', 'ADMIN')
  @Post('decide')
  @HttpCode(200)
  decide(@CurrentUser() user: AuthUser, @Body() body: DecideDto): Promise<SupervisionRowDto> {
    return this.actions.decide(user, body);
  }

  @Get('summary')
  summary(@CurrentUser() user: AuthUser): Promise<SupervisionSummaryDto> {
    return this.supervision.summary(user);
  }
}

/** Range bounds as instants: a plain date is a whole day in the profile's zone. */
function filterOf(query: SupervisionExportQueryDto, zone: string): SupervisionFilter {
  const { from, to, ...rest } = query;
  const filter: SupervisionFilter = { ...rest, from: from ? rangeBound(from, 'from', zone) : undefined, to: to ? rangeBound(to, 'to', zone) : undefined };
  if (filter.from && filter.to && filter.to.getTime() < filter.from.getTime()) throw new BadRequestException('to must not be before from');
  return filter;
}

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
