import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { LIST_TYPES, ListType, PROBLEM_ACTIONS, PROBLEM_STATES, ProblemAction, ProblemState, SEVERITIES, Severity } from '@duban/domain';
import type { DecisionTaskView, MeetingView, Page } from '@duban/core';
import { PageQueryDto } from '../common/pagination.dto';
import { IsDateOrInstant, IsInstant, NotBlank, ToNumber } from '../common/validation';

export class ListItemQueryDto {
  @IsOptional() @IsIn(LIST_TYPES) type?: ListType;
}

export class CreateListItemDto {
  @IsIn(LIST_TYPES) type: ListType;
  @IsString() @NotBlank() @MaxLength(200) name: string;
  /** A key matter defaults to the chain's lead department; a park, enterprise or project names its zone or district. */
  @IsOptional() @IsInt() @Min(1) ownerUnitId?: number;
  @IsOptional() @IsString() @MaxLength(5000) detail?: string;
  /** Why it is added (dynamic adjustment). */
  @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class RemoveListItemDto {
  @IsString() @NotBlank() @MaxLength(500) reason: string;
}

export class ListHistoryQueryDto {
  @IsOptional() @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must look like 2026-07' }) month?: string;
}

export class ProblemQueryDto extends PageQueryDto {
  @IsOptional() @ToNumber() @IsInt() @Min(1) chainId?: number;
  @IsOptional() @IsIn(PROBLEM_STATES) state?: ProblemState;
  @IsOptional() @ToNumber() @IsInt() @Min(1) unitId?: number;
}

export class ProblemTransitionDto {
  @IsIn(PROBLEM_ACTIONS) action: ProblemAction;
  @IsOptional() @IsString() @MaxLength(2000) comment?: string;
  /** The raising unit's rating of the outcome, 1–5, when closing or reopening. */
  @IsOptional() @IsInt() @Min(1) @Max(5) satisfaction?: number;
  /** Set by the lead department when acknowledging: GENERAL (7 days) or MAJOR (1 month). */
  @IsOptional() @IsIn(SEVERITIES) severity?: Severity;
  @IsOptional() @IsInt() @Min(1) version?: number;
}

export class MeetingQueryDto extends PageQueryDto {
  @IsOptional() @ToNumber() @IsInt() @Min(1) chainId?: number;
  /** From this date (YYYY-MM-DD, in the profile's zone) or instant. */
  @IsOptional() @IsDateOrInstant() from?: string;
  /** Up to this date (inclusive) or instant. */
  @IsOptional() @IsDateOrInstant() to?: string;
}

export class DecisionDto {
  @IsString() @NotBlank() @MaxLength(200) title: string;
  @IsInt() @Min(1) ownerUnitId: number;
  /** Default: seven days (13710). */
  @IsOptional() @IsInstant() dueAt?: string;
}

export class MinutesDto {
  @IsString() @NotBlank() @MaxLength(20_000) summary: string;
  @IsArray() @ArrayMaxSize(100) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => DecisionDto) decisions: DecisionDto[];
}

/** A chain meeting a cadence scheduled (会议); held once its minutes are recorded. */
export class MeetingDto implements MeetingView {
  id: number;
  cadenceId: number | null;
  chainId: number | null;
  title: string;
  scheduledAt: string;
  /** Who convenes it: LEADER, GENERAL_LEADER, LEAD_UNIT. */
  convenerRole: string | null;
  /** SCHEDULED or HELD. */
  state: string;
  summary: string | null;
  minutesAt: string | null;
}

export class MeetingPageDto implements Page<MeetingView> {
  items: MeetingDto[];
  total: number;
}

/** A decision of the minutes, as the task it became (assigned by the chain's lead department). */
export class DecisionTaskDto implements DecisionTaskView {
  id: number;
  title: string;
  ownerUnitId: number;
  dueAt: string;
  @ApiProperty({ enum: ['ASSIGNED'] })
  state: 'ASSIGNED';
}

/** The meeting as held, and the tasks its decisions became. */
export class MinutesAnswerDto extends MeetingDto {
  tasks: DecisionTaskDto[];
}
