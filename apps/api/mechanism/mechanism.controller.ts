import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { BadRequestException, PipeTransform } from '@nestjs/common';
import type { Response } from 'express';
import { AuthUser, EvaluationsService, ListItemsService, MeetingsService, ProblemsService, ZoneService } from '@duban/core';
import { rangeBound } from '@duban/domain';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { XLSX } from '../common/downloads';
import { NOTICE_CSP } from '../common/security-headers';
import { ParseIdPipe } from '../common/validation';
import { TaskEventPageDto } from '../tasks/tasks.dto';
import {
  AgendaDto,
  AssessmentDto,
  CreateListItemDto,
  EvaluationDto,
  ListHistoryDto,
  ListItemDto,
  ListItemPageDto,
  MeetingDetailDto,
  MeetingPageDto,
  MinutesResultDto,
  ProblemDto,
  ProblemPageDto,
  ListHistoryQueryDto,
  ListItemQueryDto,
  MeetingQueryDto,
  MinutesDto,
  ProblemQueryDto,
  ProblemTransitionDto,
  RemoveListItemDto,
} from './mechanism.dto';

class PeriodPipe implements PipeTransform<string, string> {
  constructor(
    private readonly name: string,
    private readonly pattern: RegExp,
    private readonly example: string,
  ) {}
  transform(value: string): string {
    if (!this.pattern.test(value)) throw new BadRequestException(`${this.name} must look like ${this.example}`);
    return value;
  }
}
// Years 1970–9999, as every instant the api takes.
const YEAR = '(19[7-9]\\d|[2-9]\\d{3})';
const MonthParam = () => new PeriodPipe('period', new RegExp(`^${YEAR}-(0[1-9]|1[0-2])$`), '2026-07');
const QuarterParam = () => new PeriodPipe('quarter', new RegExp(`^${YEAR}-Q[1-4]$`), '2026-Q3');

@ApiTags('chains')
@ApiBearerAuth()
@Controller('chains/:id/list-items')
export class ListItemsController {
  constructor(private readonly lists: ListItemsService) {}

  /** The chain's live four lists, a page at a time. */
  @Get()
  live(@Param('id', new ParseIdPipe('id')) chainId: number, @Query() query: ListItemQueryDto): Promise<ListItemPageDto> {
    return this.lists.live(chainId, query.type, { page: query.page, pageSize: query.pageSize });
  }

  /** Additions and removals of a month, with counts per list. */
  @Get('history')
  history(@Param('id', new ParseIdPipe('id')) chainId: number, @Query() query: ListHistoryQueryDto): Promise<ListHistoryDto> {
    return this.lists.history(chainId, query.month);
  }

  @Post()
  add(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) chainId: number, @Body() body: CreateListItemDto): Promise<ListItemDto> {
    return this.lists.add(user, chainId, body);
  }

  /** Removes an item from the live list (with a reason); it stays in the history. */
  @Delete(':itemId')
  remove(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseIdPipe('id')) chainId: number,
    @Param('itemId', new ParseIdPipe('itemId')) itemId: number,
    @Body() body: RemoveListItemDto,
  ): Promise<ListItemDto> {
    return this.lists.remove(user, chainId, itemId, body.reason, body.fileIds);
  }
}

@ApiTags('problems')
@ApiBearerAuth()
@Controller('problems')
export class ProblemsController {
  constructor(private readonly problems: ProblemsService) {}

  /** The problem ledger (问题台账) in the caller's scope. */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ProblemQueryDto): Promise<ProblemPageDto> {
    const { page, pageSize, ...filter } = query;
    return this.problems.list(user, filter, { page, pageSize });
  }

  /** One problem, with its escalation steps done and to come. */
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number): Promise<ProblemDto> {
    return this.problems.get(user, id);
  }

  /** The problem's timeline, oldest first: the engine's steps and people's acts. */
  @Get(':id/events')
  events(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number): Promise<TaskEventPageDto> {
    return this.problems.events(user, id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  transition(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: ProblemTransitionDto): Promise<ProblemDto> {
    return this.problems.transition(user, id, body);
  }
}

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
      fileIds: body.fileIds,
    });
  }
}

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller()
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  /** Scores and ranks a closed month and publishes its notice (once; later calls return it). */
  @Roles('SUPERVISOR', 'ADMIN')
  @Post('evaluations/:period/compute')
  @HttpCode(200)
  compute(@CurrentUser() user: AuthUser, @Param('period', MonthParam()) period: string): Promise<EvaluationDto> {
    return this.evaluations.computeMonth(period, user.id);
  }

  @Get('evaluations/:period')
  get(@Param('period', MonthParam()) period: string): Promise<EvaluationDto> {
    return this.evaluations.month(period);
  }

  @Get('evaluations/:period/notice.xlsx')
  @Header('content-type', XLSX)
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The notice as a workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  async xlsx(@Param('period', MonthParam()) period: string, @Res({ passthrough: true }) res: Response) {
    res.setHeader('content-disposition', `attachment; filename="evaluation-${period}.xlsx"`);
    return new StreamableFile((await this.evaluations.monthNotice(period, 'xlsx')) as Buffer);
  }

  @Get('evaluations/:period/notice.html')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The notice as a printable page (A4, no scripts)', content: { 'text/html': { schema: { type: 'string' } } } })
  @Header('content-security-policy', NOTICE_CSP)
  html(@Param('period', MonthParam()) period: string) {
    return this.evaluations.monthNotice(period, 'html');
  }

  /** Rates per unit and chain, live or as published; major overdue matters within the caller's scope. Never writes. */
  @Get('assessments/:quarter')
  assessment(@CurrentUser() user: AuthUser, @Param('quarter', QuarterParam()) quarter: string): Promise<AssessmentDto> {
    return this.evaluations.quarter(user, quarter);
  }

  /** Publishes a closed quarter's notice (once) and puts its major overdue matters under listed supervision (挂牌督办). */
  @Roles('SUPERVISOR')
  @Post('assessments/:quarter/publish')
  @HttpCode(200)
  publishAssessment(@CurrentUser() user: AuthUser, @Param('quarter', QuarterParam()) quarter: string): Promise<AssessmentDto> {
    return this.evaluations.publishQuarter(user, quarter);
  }

  @Get('assessments/:quarter/notice.xlsx')
  @Header('content-type', XLSX)
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The notice as a workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  async assessmentXlsx(@Param('quarter', QuarterParam()) quarter: string, @Res({ passthrough: true }) res: Response) {
    res.setHeader('content-disposition', `attachment; filename="assessment-${quarter}.xlsx"`);
    return new StreamableFile((await this.evaluations.quarterNotice(quarter, 'xlsx')) as Buffer);
  }

  @Get('assessments/:quarter/notice.html')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The notice as a printable page (A4, no scripts)', content: { 'text/html': { schema: { type: 'string' } } } })
  @Header('content-security-policy', NOTICE_CSP)
  assessmentHtml(@Param('quarter', QuarterParam()) quarter: string) {
    return this.evaluations.quarterNotice(quarter, 'html');
  }
}
