import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { SUBJECT_TYPES, SubjectType } from '@duban/persistence';
import { DecidedLevel, SUPERVISED_TYPES, SupervisedType } from '@duban/domain';
import type { Page, SupervisionSummaryView, SupervisionView, UrgeView } from '@duban/core';
import { TaskEventDto } from '../tasks/tasks.dto';
import { PageQueryDto } from '../common/pagination.dto';
import { IsDateOrInstant, NotBlank, ToBoolean, ToNumber } from '../common/validation';

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
  // The values listed: the plugin's order for a literal union is not stable between builds.
  @ApiProperty({ enum: [2, 3], type: 'integer' })
  @IsInt()
  @Min(2)
  @Max(3)
  level: DecidedLevel;
  /** 督办事由: the entry's reason and the event's comment. */
  @IsString() @NotBlank() @MaxLength(500) reason: string;
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
