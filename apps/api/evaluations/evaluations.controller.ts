import { Controller, Get, Header, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, EvaluationsService } from '@duban/core';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { XLSX } from '../common/downloads';
import { NOTICE_CSP } from '../common/security-headers';
import { MonthParam, QuarterParam } from './period.pipe';
import { AssessmentDto, EvaluationDto } from './evaluations.dto';

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
