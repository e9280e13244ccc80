import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { OBLIGATION_STATES, ObligationState, SUBJECT_TYPES, SubjectType } from '@duban/persistence';
import { DecidedLevel, SUPERVISED_TYPES, SupervisedType, TIMELINESS, Timeliness } from '@duban/domain';
import type { NotificationView, ObligationDetail, ObligationView, Page, SupervisionSummaryView, SupervisionView, UrgeView } from '@duban/core';
import { StepDto, TaskEventDto } from '../tasks/tasks.dto';
import { PageQueryDto } from '../common/pagination.dto';
import { FileIds, IsDateOrInstant, NotBlank, ToBoolean, ToNumber } from '../common/validation';
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

export class ReportDto {
  /** The month's progress (当月工作进展). */
  @IsString() @NotBlank() @MaxLength(20_000) progress: string;

  /** Matters needing coordination (需要协调解决的事项). */
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => CoordinationMatterDto)
  coordinationMatters?: CoordinationMatterDto[];

  /** Evidence (见证材料): ids of the caller's uploads (POST /files), at most 10, each attached once. */
  @FileIds() fileIds?: number[];
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

export class ObligationDetailDto extends ObligationDto implements ObligationDetail {
  /** The report's escalation steps for its current schedule, done and to come. */
  steps: StepDto[];
  /** The evidence the report carried. */
  files: FileDto[];
}

/** An entry of the supervision list (督办清单) as the board shows it. */
export class SupervisionRowDto implements SupervisionView {
  id: number;
  @ApiProperty({ enum: SUBJECT_TYPES, enumName: 'SubjectType' })
  subjectType: SubjectType;
  subjectId: number;
  /** The task's title, "<cadence name>（period）" for a report, the problem's title. */
  subjectTitle: string | null;
  /** 1 催办, 2 督办, 3 挂牌督办. */
  level: number;
  reason: string;
  ownerUnitId: number;
  ownerUnitName: string | null;
  chainId: number | null;
  chainName: string | null;
  /** The subject's due instant (a task's after any approved extension). */
  dueAt: string | null;
  /** Whole natural days past the due instant, to now or to when the entry closed (销号). */
  overdueDays: number;
  openedAt: string;
  closedAt: string | null;
}

export class SupervisionPageDto implements Page<SupervisionView> {
  items: SupervisionRowDto[];
  total: number;
}

export class LevelCountDto {
  level: number;
  count: number;
}

export class UnitCountDto {
  unitId: number;
  unitName: string;
  count: number;
  /** The unit's highest open level. */
  maxLevel: number;
}

export class ChainCountDto {
  chainId: number;
  chainName: string;
  count: number;
}

/** Open entries counted by level, owner unit and chain. */
export class SupervisionSummaryDto implements SupervisionSummaryView {
  open: number;
  byLevel: LevelCountDto[];
  /** Most entries first. */
  byUnit: UnitCountDto[];
  /** Most entries first; entries of no chain are not counted here. */
  byChain: ChainCountDto[];
}

/** The event a 催办 by hand appended to its subject's timeline. */
export class UrgeResultDto extends TaskEventDto implements UrgeView {
  @ApiProperty({ enum: SUPERVISED_TYPES })
  subjectType: SupervisedType;
  subjectId: number;
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
