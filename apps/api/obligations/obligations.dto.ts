import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { OBLIGATION_STATES, ObligationState } from '@duban/persistence';
import { INDICATOR_KINDS, IndicatorKind, TIMELINESS, Timeliness } from '@duban/domain';
import type { ObligationDetail, ObligationView, Page, ReportIndicatorView } from '@duban/core';
import { StepDto } from '../tasks/tasks.dto';
import { PageQueryDto } from '../common/pagination.dto';
import { FileIds, NotBlank, ToNumber } from '../common/validation';
import { FileDto } from '../files/files.dto';

export class ObligationQueryDto extends PageQueryDto {
  @IsOptional() @ToNumber() @IsInt() @Min(1) cadenceId?: number;
  @IsOptional() @ToNumber() @IsInt() @Min(1) unitId?: number;
  @IsOptional() @Matches(/^\d{4}(-(\d{2}|Q[1-4]|H[12]|W\d{2}))?$/, { message: 'period must look like 2026-07, 2026-Q3, 2026-H2, 2026-W29 or 2026' }) period?: string;
  @IsOptional() @IsIn(OBLIGATION_STATES) state?: ObligationState;
  @IsOptional() @IsIn(TIMELINESS) timeliness?: Timeliness;
}

export class CoordinationMatterDto {
  @IsString() @NotBlank() @MaxLength(200) title: string;
  @IsOptional() @IsString() @MaxLength(5000) detail?: string;
}

/** A year-to-date figure (累计) of one indicator, as of the report. */
export class IndicatorValueDto {
  /** The indicator's key, e.g. industrialValueAddedGrowth. */
  @IsString() @MaxLength(60) key: string;
  /** Per cent for a growth rate (−100 to 1000), a whole number for a count; at most two decimals. */
  @IsNumber({ allowNaN: false, allowInfinity: false }) value: number;
}

export class ReportDto {
  /** The month's progress (当月工作进展). */
  @IsString() @NotBlank() @MaxLength(20_000) progress: string;

  /** Matters needing coordination (需要协调解决的事项). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CoordinationMatterDto)
  coordinationMatters?: CoordinationMatterDto[];

  /** Evidence (见证材料): ids of the caller's uploads (POST /files), at most 10, each attached once. */
  @FileIds() fileIds?: number[];

  /**
   * The year-to-date figures, one per indicator, when the report collects indicators (工业经济指标月报;
   * its detail lists them); refused on any other report.
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => IndicatorValueDto)
  indicators?: IndicatorValueDto[];
}

// ---- Answers ----

/** One unit's report for one occurrence of a cadence (报送义务). */
export class ObligationDto implements ObligationView {
  id: number;
  cadenceId: number;
  /** The owing unit. */
  unitId: number;
  /** The unit the report goes to (the chain's lead department). */
  receiverUnitId: number | null;
  chainId: number | null;
  /** e.g. 2026-07. */
  period: string;
  dueAt: string;
  @ApiProperty({ enum: OBLIGATION_STATES, enumName: 'ObligationState' })
  state: ObligationState;
  @ApiProperty({ enum: TIMELINESS, enumName: 'Timeliness' })
  timeliness: string;
  /** 0 none, 1 催办, 2 督办, 3 挂牌督办. */
  escalationLevel: number;
  submittedAt: string | null;
}

export class ObligationPageDto implements Page<ObligationView> {
  items: ObligationDto[];
  total: number;
}

export class ObligationDetailDto extends ObligationDto implements ObligationDetail {
  /** The report's escalation steps for its current schedule, done and to come. */
  steps: StepDto[];
  /** The evidence the report carried. */
  files: FileDto[];
  /** The indicators the report gives, in order (empty: the report collects none), with the figures it gave once submitted. */
  indicators: ReportIndicatorDto[];
}

export class ReportIndicatorDto implements ReportIndicatorView {
  key: string;
  /** e.g. 规上工业增加值增速. */
  name: string;
  /** '%' or '户'. */
  unit: string;
  @ApiProperty({ enum: INDICATOR_KINDS, enumName: 'IndicatorKind' })
  kind: IndicatorKind;
  value: number | null;
}
