import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PROBLEM_ACTIONS, PROBLEM_STATES, ProblemAction, ProblemState, SEVERITIES, Severity, TIMELINESS, Timeliness } from '@duban/domain';
import type { Page, ProblemDetail, ProblemView } from '@duban/core';
import { StepDto } from '../tasks/tasks.dto';
import { PageQueryDto } from '../common/pagination.dto';
import { FileIds, IsInstant, NotBlank, ToNumber } from '../common/validation';
import { FileDto } from '../files/files.dto';

export class ProblemQueryDto extends PageQueryDto {
  @IsOptional() @ToNumber() @IsInt() @Min(1) chainId?: number;
  @IsOptional() @IsIn(PROBLEM_STATES) state?: ProblemState;
  @IsOptional() @ToNumber() @IsInt() @Min(1) unitId?: number;
}

/** A problem a unit raises about a chain; it is routed to the chain's lead department (责任单位). */
export class RaiseProblemDto {
  @IsInt() @Min(1) chainId: number;
  @IsString() @NotBlank() @MaxLength(200) title: string;
  @IsOptional() @IsString() @MaxLength(5000) detail?: string;
}

export class ProblemTransitionDto {
  @IsIn(PROBLEM_ACTIONS) action: ProblemAction;
  @IsOptional() @IsString() @MaxLength(2000) comment?: string;
  /** The raising unit's rating of the outcome, 1–5, when closing or reopening. */
  @IsOptional() @IsInt() @Min(1) @Max(5) satisfaction?: number;
  /** Set by the lead department when acknowledging: GENERAL (7 days) or MAJOR (1 month). */
  @IsOptional() @IsIn(SEVERITIES) severity?: Severity;
  /** A major problem's plan date (13710: "within a month, or by the date its plan states"), with acknowledge or feedback: the new solve-by date. */
  @IsOptional() @IsInstant() plannedAt?: string;
  @IsOptional() @IsInt() @Min(1) version?: number;
  /** With feedback or resolve only: evidence, ids of the caller's uploads (POST /files), at most 10, each attached once. */
  @FileIds() fileIds?: number[];
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
  /** Solve by: 7 days for a general problem, a month for a major one, or the date its plan states (13710). */
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
