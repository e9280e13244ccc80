import { Controller, Get, Header, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, EvaluationsService } from '@duban/core';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { XLSX } from '../common/downloads';
import { NOTICE_CSP } from '../common/security-headers';
import { EvaluationPeriodParam, QuarterParam } from './period.pipe';
import { AssessmentDto, EvaluationDto, YearlyEvaluationDto } from './evaluations.dto';

/** A month's evaluation, or the year's for a period `YYYY`. */
const MONTH_OR_YEAR = { schema: { oneOf: [{ $ref: getSchemaPath(EvaluationDto) }, { $ref: getSchemaPath(YearlyEvaluationDto) }] } };

@ApiTags('evaluations')
@ApiBearerAuth()
@ApiExtraModels(EvaluationDto, YearlyEvaluationDto)
@Controller()
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  /**
   * Scores and ranks a closed month, or composes a closed year (年考评, once its December evaluation
   * and fourth-quarter assessment are out), and publishes its notice (once; later calls return it).
   */
  @Roles('SUPERVISOR', 'ADMIN')
  @Post('evaluations/:period/compute')
  @HttpCode(200)
  @ApiOkResponse(MONTH_OR_YEAR)
  compute(@CurrentUser() user: AuthUser, @Param('period', EvaluationPeriodParam()) period: string): Promise<EvaluationDto | YearlyEvaluationDto> {
    return this.evaluations.compute(period, user.id);
  }

  /** A month's published evaluation (`2026-07`), or the year's (`2026`). */
  @Get('evaluations/:period')
  @ApiOkResponse(MONTH_OR_YEAR)
  get(@Param('period', EvaluationPeriodParam()) period: string): Promise<EvaluationDto | YearlyEvaluationDto> {
    return this.evaluations.evaluation(period);
  }

  @Get('evaluations/:period/notice.xlsx')
  @Header('content-type', XLSX)
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The notice as a workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  async xlsx(@Param('period', EvaluationPeriodParam()) period: string, @Res({ passthrough: true }) res: FastifyReply) {
    void res.header('content-disposition', `attachment; filename="evaluation-${period}.xlsx"`);
    return new StreamableFile((await this.evaluations.notice(period, 'xlsx')) as Buffer);
  }

  @Get('evaluations/:period/notice.html')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The notice as a printable page (A4, no scripts)', content: { 'text/html': { schema: { type: 'string' } } } })
  @Header('content-security-policy', NOTICE_CSP)
  html(@Param('period', EvaluationPeriodParam()) period: string) {
    return this.evaluations.notice(period, 'html');
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
  async assessmentXlsx(@Param('quarter', QuarterParam()) quarter: string, @Res({ passthrough: true }) res: FastifyReply) {
    void res.header('content-disposition', `attachment; filename="assessment-${quarter}.xlsx"`);
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
