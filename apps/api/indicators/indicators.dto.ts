import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { INDICATOR_KINDS, IndicatorKind } from '@duban/domain';
import type { IndicatorsOverview, IndicatorView, UnitIndicatorsView, UnitIndicatorView } from '@duban/core';
import { ToNumber } from '../common/validation';

export class IndicatorsQueryDto {
  /** The year whose figures to compare (default: the current year in the profile's zone). */
  @IsOptional() @ToNumber() @IsInt() @Min(2000) @Max(2100) year?: number;
}

export class IndicatorDto implements IndicatorView {
  /** e.g. industrialValueAddedGrowth. */
  key: string;
  /** e.g. 规上工业增加值增速. */
  name: string;
  /** '%' or '户'. */
  unit: string;
  @ApiProperty({ enum: INDICATOR_KINDS, enumName: 'IndicatorKind' })
  kind: IndicatorKind;
}

export class IndicatorTargetDto {
  value: number;
  /** The year of the plan that set it: the newest not after the year asked. */
  year: number;
  /** e.g. 《郑州市2021年制造业高质量发展工作要点》附表1. */
  source: string;
}

export class IndicatorActualDto {
  /** Year to date (累计). */
  value: number;
  /** The month of the report that gave it, e.g. 2026-07. */
  period: string;
  reportedAt: string;
}

export class IndicatorMonthDto {
  period: string;
  value: number;
}

export class UnitIndicatorDto implements UnitIndicatorView {
  key: string;
  target: IndicatorTargetDto | null;
  actual: IndicatorActualDto | null;
  /** Whether the latest figure reaches the target; null without a target or a figure. */
  met: boolean | null;
  months: IndicatorMonthDto[];
}

export class UnitIndicatorsDto implements UnitIndicatorsView {
  unitId: number;
  unitName: string;
  /** One per indicator, in the indicators' order. */
  indicators: UnitIndicatorDto[];
}

export class IndicatorsOverviewDto implements IndicatorsOverview {
  year: number;
  indicators: IndicatorDto[];
  units: UnitIndicatorsDto[];
}
