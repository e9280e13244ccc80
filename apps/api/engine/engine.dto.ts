import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { OBLIGATION_STATES, ObligationState, SUBJECT_TYPES, SubjectType } from '@duban/persistence';
import { DecidedLevel, SUPERVISED_TYPES, SupervisedType, TIMELINESS, Timeliness } from '@duban/domain';
import type { NotificationView, ObligationView, Page } from '@duban/core';
import type { SupervisionSummary } from '@duban/core';
import { PageQueryDto } from '../common/pagination.dto';
import { IsDateOrInstant, NotBlank, ToBoolean, ToNumber } from '../common/validation';

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

export class ReportDto {
  /** The month's progress (当月工作进展). */
  @IsString() @NotBlank() @MaxLength(20_000) progress: string;

  /** Matters needing coordination (需要协调解决的事项). */
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => CoordinationMatterDto)
  coordinationMatters?: CoordinationMatterDto[];
}

export class SupervisionQueryDto extends PageQueryDto {
  @IsOptional() @ToBoolean() @IsBoolean() open?: boolean;
  @IsOptional() @ToNumber() @IsInt() @Min(1) @Max(3) level?: number;
  @IsOptional() @ToNumber() @IsInt() @Min(1) unitId?: number;
  @IsOptional() @ToNumber() @IsInt() @Min(1) chainId?: number;
  @IsOptional() @IsIn(SUBJECT_TYPES) subjectType?: SubjectType;
  /** Opened from this date (YYYY-MM-DD, in the profile's zone) or instant. */
  @IsOptional() @IsDateOrInstant() from?: string;
  /** Opened up to this date (inclusive) or instant. */
  @IsOptional() @IsDateOrInstant() to?: string;
}

/** The supervision list's filters, for its export (no paging: up to 10,000 rows). */
export class SupervisionExportQueryDto extends OmitType(SupervisionQueryDto, ['page', 'pageSize'] as const) {}

/** 催办 now (supervisors and admins). */
export class UrgeDto {
  @IsIn(SUPERVISED_TYPES) subjectType: SupervisedType;
  @IsInt() @Min(1) subjectId: number;
  /** What the owner unit is told (催办意见); it shows in their inbox and in the subject's timeline. */
  @IsString() @NotBlank() @MaxLength(500) message: string;
}

/** 督办 (2) or 挂牌督办 (3) by decision (supervisors and admins). */
export class DecideDto {
  @IsIn(SUPERVISED_TYPES) subjectType: SupervisedType;
  @IsInt() @Min(1) subjectId: number;
  /** 2 督办 (on the supervision list), 3 挂牌督办 (named in the next notice); only up while the entry is open. */
  @IsInt() @Min(2) @Max(3) level: DecidedLevel;
  /** 督办事由: the entry's reason and the event's comment. */
  @IsString() @NotBlank() @MaxLength(500) reason: string;
}

export class NotificationQueryDto extends PageQueryDto {
  @IsOptional() @ToBoolean() @IsBoolean() unread?: boolean;
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

/** An inbox entry: a step of the engine addressed to the caller. */
export class NotificationDto implements NotificationView {
  id: string;
  /** The step that sent it: REMIND, DUE, URGE, SUPERVISE, ESCALATE. */
  kind: string;
  @ApiProperty({ enum: SUBJECT_TYPES, enumName: 'SubjectType' })
  subjectType: SubjectType;
  subjectId: number;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export class NotificationPageDto implements Page<NotificationDto> {
  items: NotificationDto[];
  total: number;
}

export class NotificationReadDto {
  id: string;
  readAt: string;
}

/** Open supervision entries at one level (1 催办, 2 督办, 3 挂牌督办). */
export class OpenByLevelDto {
  level: number;
  count: number;
}

/** Open supervision entries of one owner unit, and the highest level among them. */
export class OpenByUnitDto {
  unitId: number;
  unitName: string;
  count: number;
  maxLevel: number;
}

export class OpenByChainDto {
  chainId: number;
  chainName: string;
  count: number;
}

/** The supervision list's open entries in the caller's scope, counted by level, unit and chain. */
export class SupervisionSummaryDto implements SupervisionSummary {
  open: number;
  byLevel: OpenByLevelDto[];
  byUnit: OpenByUnitDto[];
  byChain: OpenByChainDto[];
}
