import { Type } from 'class-transformer';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { AD_HOC_MEETING_TYPES, AdHocMeetingType } from '@duban/domain';
import type { AgendaProblemView, AgendaReportView, AgendaTaskView, AgendaView, MeetingDecisionView, MeetingDetail, MeetingView, MinutesView, Page } from '@duban/core';
import { PageQueryDto } from '../common/pagination.dto';
import { FileIds, IsDateOrInstant, IsInstant, NotBlank, ToNumber } from '../common/validation';
import { FileDto } from '../files/files.dto';
import { ListHistoryDto, ListItemDto } from '../lists/list-items.dto';

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
  /** The chain the decision is about, one of the meeting's (default: its one chain, if it has one). */
  @IsOptional() @IsInt() @Min(1) chainId?: number;
  /** Default: seven days (13710). */
  @IsOptional() @IsInstant() dueAt?: string;
}

/** A matter brought to the meeting that needs coordination (a problem for the chain's lead department). */
export class MeetingProblemDto {
  @IsString() @NotBlank() @MaxLength(200) title: string;
  @IsOptional() @IsString() @MaxLength(5000) detail?: string;
  /** The unit that brought it (an enterprise, a city, a department). */
  @IsInt() @Min(1) raisedByUnitId: number;
  /** The chain it is about; default: the meeting's chain (required for a meeting on no single chain). */
  @IsOptional() @IsInt() @Min(1) chainId?: number;
}

export class MinutesDto {
  @IsString() @NotBlank() @MaxLength(20_000) summary: string;
  @IsArray() @ArrayMaxSize(100) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => DecisionDto) decisions: DecisionDto[];
  /** Problems raised at the meeting (e.g. Henan's 调度会议), routed to the chain's lead department on the 13710 clocks. */
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => MeetingProblemDto) problems?: MeetingProblemDto[];
  /** The minutes' evidence (sign-in sheet, photos, the signed minutes). */
  @FileIds() fileIds?: number[];
}

/** An ad-hoc meeting (适时召开): its type, as the chains' profile allows it, its chains and when. */
export class NewMeetingDto {
  /** JOINT (联席会议), ALLIANCE (联盟会商) or TOPICAL (专题会), as the chains' profile has them. */
  @ApiProperty({ enum: AD_HOC_MEETING_TYPES, enumName: 'AdHocMeetingType' })
  @IsIn(AD_HOC_MEETING_TYPES)
  type: AdHocMeetingType;
  /** The chains it is about, of one profile; the caller must convene on every one. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ArrayUnique() @IsInt({ each: true }) @Min(1, { each: true }) chainIds: number[];
  @IsInstant() scheduledAt: string;
  /** Default: the type's name and the chain (or cluster) it is about. */
  @IsOptional() @IsString() @NotBlank() @MaxLength(200) title?: string;
}

/** The 群链长 the 总群链长 delegates a meeting to. */
export class DelegateDto {
  @IsInt() @Min(1) userId: number;
}

export class MeetingDto implements MeetingView {
  id: number;
  cadenceId: number | null;
  /** An ad-hoc meeting's type; null for a cadence's. */
  @ApiProperty({ enum: AD_HOC_MEETING_TYPES, enumName: 'AdHocMeetingType', nullable: true, type: String })
  type: AdHocMeetingType | null;
  /** Its chain when it has exactly one. */
  chainId: number | null;
  /** Every chain it covers (none: every chain). */
  chainIds: number[];
  cluster: string | null;
  title: string;
  scheduledAt: string;
  /** GENERAL_LEADER, LEADER, SUB_LEADER or LEAD_UNIT. */
  convenerRole: string | null;
  /** The convening unit, when a unit convenes. */
  convenerUnitId: number | null;
  /** Who convenes, by name, when a person does. */
  convenerName: string | null;
  /** The leader the meeting was delegated to. */
  delegateUserId: number | null;
  /** SCHEDULED, or HELD once its minutes are recorded. */
  state: string;
  summary: string | null;
  minutesAt: string | null;
}

export class MeetingPageDto implements Page<MeetingView> {
  items: MeetingDto[];
  total: number;
}

/** A task a meeting decided (议定事项). */
export class MeetingDecisionDto implements MeetingDecisionView {
  id: number;
  title: string;
  /** The task's state (TaskState). */
  state: string;
  ownerUnitId: number;
  dueAt: string;
  completedAt: string | null;
}

export class MeetingDetailDto extends MeetingDto implements MeetingDetail {
  /** The tasks its minutes created, those in the caller's scope. */
  decisions: MeetingDecisionDto[];
  /** The minutes' evidence. */
  files: FileDto[];
  /** Whether the caller may record its minutes. */
  mayRecordMinutes: boolean;
}

export class CreatedDecisionDto {
  id: number;
  title: string;
  ownerUnitId: number;
  dueAt: string;
  state: string;
}

/** A problem the minutes raised. */
export class RaisedProblemDto {
  id: number;
  title: string;
  chainId: number;
  raisedByUnitId: number;
  routedToUnitId: number;
}

export class MinutesResultDto extends MeetingDto implements MinutesView {
  tasks: CreatedDecisionDto[];
  problems: RaisedProblemDto[];
  files: FileDto[];
}

export class AgendaTaskDto implements AgendaTaskView {
  id: number;
  title: string;
  ownerUnitId: number;
  ownerUnitName: string;
  dueAt: string;
  escalationLevel: number;
}

export class AgendaReportDto implements AgendaReportView {
  id: number;
  period: string;
  unitId: number;
  unitName: string;
  dueAt: string;
  escalationLevel: number;
}

export class AgendaProblemDto implements AgendaProblemView {
  id: number;
  title: string;
  /** GENERAL or MAJOR. */
  severity: string;
  state: string;
  routedToUnitId: number;
  raisedByUnitId: number;
  dueAt: string;
}

/** The agenda, prefilled from live data (within the caller's scope). */
export class AgendaDto implements AgendaView {
  meeting: MeetingDto;
  /** The chain's live four lists; null for a meeting of no chain. */
  lists: ListItemDto[] | null;
  /** The lists' changes in the meeting's month. */
  listChanges: ListHistoryDto | null;
  overdueTasks: AgendaTaskDto[];
  overdueReports: AgendaReportDto[];
  openProblems: AgendaProblemDto[];
  previousMeetingId: number | null;
  /** What the previous meeting decided, and where it stands. */
  lastDecisions: MeetingDecisionDto[];
}
