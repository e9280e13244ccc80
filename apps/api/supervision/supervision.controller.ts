import { BadRequestException, Body, Controller, Get, Header, HttpCode, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, SupervisionActionsService, SupervisionFilter, SupervisionService, ZoneService } from '@duban/core';
import { rangeBound } from '@duban/domain';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { attachment, XLSX } from '../common/downloads';
import { DecideDto, SupervisionExportQueryDto, SupervisionPageDto, SupervisionQueryDto, SupervisionRowDto, SupervisionSummaryDto, UrgeDto, UrgeResultDto } from './supervision.dto';

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
  async export(@CurrentUser() user: AuthUser, @Query() query: SupervisionExportQueryDto, @Res({ passthrough: true }) res: FastifyReply) {
    const exported = await this.supervision.exportWorkbook(user, filterOf(query, await this.zones.zone()));
    attachment(res, `supervision-${exported.localDate}.xlsx`, `督办清单-${exported.localDate}.xlsx`);
    void res.header('x-total-count', String(exported.total));
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
