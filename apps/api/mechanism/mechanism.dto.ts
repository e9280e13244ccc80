import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { LIST_TYPES, ListType, PROBLEM_ACTIONS, PROBLEM_STATES, ProblemAction, ProblemState, SCORING_COUNTS, ScoredUnit, ScoringRules, SEVERITIES, Severity, TIMELINESS, Timeliness } from '@duban/domain';
import type {
  AgendaProblemView,
  AgendaReportView,
  AgendaTaskView,
  AgendaView,
  AssessmentRow,
  AssessmentView,
  EvaluationSnapshot,
  ListHistoryView,
  ListItemView,
  MeetingDecisionView,
  MeetingDetail,
  MeetingView,
  MinutesView,
  Page,
  ProblemDetail,
  ProblemView,
} from '@duban/core';
import { StepDto } from '../tasks/tasks.dto';
import { PageQueryDto } from '../common/pagination.dto';
import { FileIds, IsDateOrInstant, IsInstant, NotBlank, ToNumber } from '../common/validation';
import { FileDto } from '../files/files.dto';

export class ListItemQueryDto extends PageQueryDto {
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
  /** Evidence (见证材料): ids of the caller's uploads (POST /files), at most 10, each attached once. */
  @FileIds() fileIds?: number[];
}

export class RemoveListItemDto {
  @IsString() @NotBlank() @MaxLength(500) reason: string;
  /** Evidence (见证材料): ids of the caller's uploads (POST /files), at most 10, each attached once. */
  @FileIds() fileIds?: number[];
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
  /** With feedback or resolve only: evidence, ids of the caller's uploads (POST /files), at most 10, each attached once. */
  @FileIds() fileIds?: number[];
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
  /** The minutes' evidence (sign-in sheet, photos, the signed minutes). */
  @FileIds() fileIds?: number[];
}

// ---- Answers (the console's client is generated from these; each mirrors the service's view) ----

/** An item of a chain's four lists (四个清单), live or in its history. */
export class ListItemDto implements ListItemView {
  id: number;
  chainId: number;
  @ApiProperty({ enum: LIST_TYPES, enumName: 'ListType' })
  type: ListType;
  name: string;
  ownerUnitId: number;
  ownerUnitName: string;
  detail: string | null;
  addedAt: string;
  addedReason: string | null;
  /** Set once removed from the live lists (it stays in the history). */
  removedAt: string | null;
  removedReason: string | null;
  /** Evidence given when it was added or removed. */
  files: FileDto[];
}

export class ListItemPageDto implements Page<ListItemView> {
  items: ListItemDto[];
  total: number;
}

export class ListChangeCountDto {
  added: number;
  removed: number;
}

export class ListHistorySummaryDto implements Record<ListType, ListChangeCountDto> {
  MATTER: ListChangeCountDto;
  PARK: ListChangeCountDto;
  ENTERPRISE: ListChangeCountDto;
  PROJECT: ListChangeCountDto;
}

/** A month's additions and removals (动态调整), with counts per list. */
export class ListHistoryDto implements ListHistoryView {
  /** e.g. 2026-07. */
  month: string;
  added: ListItemDto[];
  removed: ListItemDto[];
  summary: ListHistorySummaryDto;
}

/** A row of the problem ledger (问题台账): the problem without its long text. */
export class ProblemListItemDto implements Omit<ProblemView, 'detail'> {
  id: number;
  title: string;
  chainId: number | null;
  /** The monthly report it came from. */
  obligationId: number | null;
  raisedByUnitId: number;
  /** The chain's lead department, which acknowledges and solves it. */
  routedToUnitId: number;
  @ApiProperty({ enum: SEVERITIES, enumName: 'Severity' })
  severity: Severity;
  @ApiProperty({ enum: PROBLEM_STATES, enumName: 'ProblemState' })
  state: ProblemState;
  @ApiProperty({ enum: TIMELINESS, enumName: 'Timeliness', nullable: true })
  timeliness: Timeliness | null;
  /** 0 none, 1 催办, 2 督办, 3 挂牌督办. */
  escalationLevel: number;
  /** 7 days for a general problem, a month for a major one (13710). */
  dueAt: string;
  /** The raising unit's rating, 1–5, once closed or reopened. */
  satisfaction: number | null;
  createdAt: string;
  version: number;
}

export class ProblemPageDto implements Page<Omit<ProblemView, 'detail'>> {
  items: ProblemListItemDto[];
  total: number;
}

export class ProblemDto extends ProblemListItemDto implements ProblemDetail {
  detail: string | null;
  /** The problem's 13710 steps for its current schedule, done and to come. */
  steps: StepDto[];
  /** Evidence of its feedback and resolution. */
  files: FileDto[];
}

export class MeetingDto implements MeetingView {
  id: number;
  cadenceId: number | null;
  chainId: number | null;
  title: string;
  scheduledAt: string;
  /** GENERAL_LEADER, LEADER, SUB_LEADER or LEAD_UNIT. */
  convenerRole: string | null;
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
}

export class CreatedDecisionDto {
  id: number;
  title: string;
  ownerUnitId: number;
  dueAt: string;
  state: string;
}

export class MinutesResultDto extends MeetingDto implements MinutesView {
  tasks: CreatedDecisionDto[];
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

export class ScoringPointsDto implements Record<(typeof SCORING_COUNTS)[number], number> {
  reportLate: number;
  reportMissing: number;
  taskDoneOnTime: number;
  taskOverdue: number;
  openListedSupervision: number;
}

export class ScoringRulesDto implements ScoringRules {
  base: number;
  /** Points per counted item; negative for deductions. */
  points: ScoringPointsDto;
}

export class ScoreItemDto {
  count: number;
  points: number;
}

export class ScoreBreakdownDto implements Record<(typeof SCORING_COUNTS)[number], ScoreItemDto> {
  /** 迟报 */
  reportLate: ScoreItemDto;
  /** 未报 */
  reportMissing: ScoreItemDto;
  /** 按时办结 */
  taskDoneOnTime: ScoreItemDto;
  /** 逾期任务 */
  taskOverdue: ScoreItemDto;
  /** 挂牌督办 */
  openListedSupervision: ScoreItemDto;
}

export class ScoredUnitDto implements ScoredUnit {
  unitId: number;
  unitName: string;
  score: number;
  /** Ties share a rank (1, 2, 2, 4). */
  rank: number;
  /** Places gained since the previous month (positive is better); null without a previous rank. */
  rankDelta: number | null;
  breakdown: ScoreBreakdownDto;
}

/** A published monthly evaluation (月度评比): an immutable snapshot. */
export class EvaluationDto implements EvaluationSnapshot {
  period: string;
  title: string;
  profile: string | null;
  rules: ScoringRulesDto;
  computedAt: string;
  items: ScoredUnitDto[];
}

export class AssessmentRowDto implements AssessmentRow {
  /** The unit's or the chain's id. */
  id: number;
  name: string;
  /** Tasks assigned and due in the quarter. */
  tasks: number;
  /** 办结率, 0–1; null without tasks. */
  completionRate: number | null;
  /** 按时办结率, 0–1. */
  onTimeCompletionRate: number | null;
  overdueCount: number;
  /** Monthly reports due in the quarter so far. */
  reports: number;
  /** 按时报送率, 0–1; null without reports. */
  onTimeReportRate: number | null;
}

/** A major matter overdue (a task marked URGENT, or a MAJOR problem). */
export class MajorOverdueDto {
  @ApiProperty({ enum: ['TASK', 'PROBLEM'] })
  subjectType: 'TASK' | 'PROBLEM';
  subjectId: number;
  title: string;
  ownerUnitId: number;
  ownerUnitName: string;
  dueAt: string;
}

/** The quarterly assessment (季度评估): as published, or live until then. */
export class AssessmentDto implements AssessmentView {
  quarter: string;
  title: string;
  computedAt: string;
  units: AssessmentRowDto[];
  chains: AssessmentRowDto[];
  /** Those the caller may see. */
  majorOverdue: MajorOverdueDto[];
  published: boolean;
}
