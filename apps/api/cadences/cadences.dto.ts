import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CHAIN_ROLES, ChainRole, CONVENE_PER, ConvenePer, FREQUENCIES, Frequency, ShiftRule, UNIT_KINDS, UnitKind } from '@duban/domain';
import type { CadenceView, Page } from '@duban/core';
import { CADENCE_KINDS, CadenceKind } from '@duban/persistence';

const SHIFT_RULES: readonly ShiftRule[] = ['NONE', 'NEXT_WORKDAY', 'PREVIOUS_WORKDAY'];
import { IsDateOrInstant, IsInstant, NotBlank } from '../common/validation';

export class CadenceDto {
  @IsString()
  @NotBlank()
  @MaxLength(100)
  name: string;

  @IsIn(CADENCE_KINDS)
  kind: CadenceKind;

  @IsIn(FREQUENCIES)
  frequency: Frequency;

  /** 1–31; 29–31 fall on the last day of shorter months. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(31)
  dayOfMonth?: number;

  /** 1 Monday … 7 Sunday. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7)
  weekday?: number;

  /** With weekday on monthly or longer cadences: 1–4, or -1 for the last. */
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(4)
  nth?: number;

  /** Month within the period: quarter 1–3, half-year 1–6, year 1–12 (default: its last). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  month?: number;

  /** Local wall time, HH:mm or HH:mm:ss. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, { message: 'time must be HH:mm or HH:mm:ss' })
  time: string;

  /** IANA zone; default Asia/Shanghai. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  timezone?: string;

  @IsIn(SHIFT_RULES)
  shift: ShiftRule;

  @IsInstant()
  activeFrom: string;

  @IsOptional()
  @IsInstant()
  activeTo?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  policyId?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  chainId?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  owingUnitIds?: number[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(UNIT_KINDS, { each: true })
  owingUnitKinds?: UnitKind[];

  /** Units holding these roles on the cadence's chain owe it, e.g. PARTICIPANT. */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(CHAIN_ROLES, { each: true })
  owingChainRoles?: ChainRole[];

  /** Who receives the reports; default the chain's lead unit. */
  @IsOptional()
  @IsInt()
  @Min(1)
  receiverUnitId?: number;

  /** For meetings: GENERAL_LEADER, LEADER or LEAD_UNIT. */
  @IsOptional()
  @IsIn(['GENERAL_LEADER', 'LEADER', 'SUB_LEADER', 'LEAD_UNIT'])
  convenerRole?: string;

  /** For a meeting over every chain: one meeting per holder of the convener role (CONVENER) or per cluster (CLUSTER). */
  @IsOptional()
  @ApiProperty({ enum: CONVENE_PER, enumName: 'ConvenePer', required: false })
  @IsIn(CONVENE_PER)
  convenePer?: ConvenePer;
}

export class OccurrenceQueryDto {
  /** A date YYYY-MM-DD (from its start, in the profile's zone) or a zoned instant. */
  @IsDateOrInstant()
  from: string;

  /** A date (to its end) or a zoned instant. */
  @IsDateOrInstant()
  to: string;
}

// ---- Answers (the console's client is generated from these; each mirrors the service's view) ----

/** A cadence as stored: the rule, who owes it and who receives it. Fields left unset are absent. */
export class CadenceViewDto implements CadenceView {
  id: number;
  name: string;
  @ApiProperty({ enum: CADENCE_KINDS, enumName: 'CadenceKind' })
  kind: CadenceKind;
  @ApiProperty({ enum: FREQUENCIES, enumName: 'Frequency' })
  frequency: Frequency;
  dayOfMonth?: number;
  weekday?: number;
  nth?: number;
  month?: number;
  /** Local wall time, HH:mm:ss. */
  time: string;
  timezone: string;
  @ApiProperty({ enum: SHIFT_RULES, enumName: 'ShiftRule' })
  shift: ShiftRule;
  activeFrom: string;
  activeTo: string | null;
  policyId?: number;
  chainId?: number;
  owingUnitIds?: number[];
  @ApiProperty({ enum: UNIT_KINDS, enumName: 'UnitKind', isArray: true, required: false })
  owingUnitKinds?: UnitKind[];
  @ApiProperty({ enum: CHAIN_ROLES, enumName: 'ChainRole', isArray: true, required: false })
  owingChainRoles?: ChainRole[];
  receiverUnitId?: number;
  convenerRole?: string;
  @ApiProperty({ enum: CONVENE_PER, enumName: 'ConvenePer', required: false })
  convenePer?: ConvenePer;
  version: number;
}

export class CadencePageDto implements Page<CadenceView> {
  items: CadenceViewDto[];
  total: number;
}

/** One due instant of a cadence, after the shift rule. */
export class OccurrenceDto {
  /** The period it is for, e.g. 2026-07, 2026-Q3, 2026-W29. */
  period: string;
  /** The due date in the cadence's zone (YYYY-MM-DD). */
  localDate: string;
  dueAt: string;
}

export class OccurrencePageDto {
  items: OccurrenceDto[];
  total: number;
}
