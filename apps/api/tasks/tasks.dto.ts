import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { TASK_ACTIONS, TASK_STATES, TASK_TITLE_MAX_LENGTH, TaskAction, TaskState, TIMELINESS, Timeliness } from '@duban/domain';
import { TASK_PRIORITIES, TaskPriority } from '@duban/persistence';
import type { Page, StepView, SubtaskView, TaskDetail, TaskEventView, TaskListItem, TaskView } from '@duban/core';
import { PageQueryDto } from '../common/pagination.dto';
import { CommaList, FileIds, IsDateOrInstant, IsInstant, NotBlank, ToBoolean, ToNumber } from '../common/validation';
import { FileDto } from '../files/files.dto';

export class TaskSourceDto {
  /** Where the task comes from, e.g. MEETING, WORK_POINT, NOTICE. */
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  kind: string;

  @IsString()
  @MaxLength(200)
  ref: string;
}

export class CreateTaskDto {
  @IsString()
  @NotBlank()
  @MinLength(1)
  @MaxLength(TASK_TITLE_MAX_LENGTH)
  title: string;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @IsInt()
  @Min(1)
  issuerUnitId: number;

  @IsInt()
  @Min(1)
  ownerUnitId: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  coUnitIds?: number[];

  /** ISO 8601 instant with zone, in the future. */
  @IsInstant()
  dueAt: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  chainId?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  policyId?: number;

  @IsOptional()
  @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TaskSourceDto)
  source?: TaskSourceDto;
}

export class TaskQueryDto extends PageQueryDto {
  /** One state, or several separated by commas (`ASSIGNED,IN_PROGRESS`). */
  @IsOptional()
  @CommaList()
  @IsArray()
  @ArrayMaxSize(6)
  @IsIn(TASK_STATES, { each: true, message: `state must be one or more of ${TASK_STATES.join(', ')}, separated by commas` })
  state?: TaskState[];

  /** Due on or after this date (YYYY-MM-DD in the profile's zone) or instant. */
  @IsOptional()
  @IsDateOrInstant()
  dueFrom?: string;

  /** Due on or before this date (inclusive) or instant. */
  @IsOptional()
  @IsDateOrInstant()
  dueTo?: string;

  /** true: only what the caller can act on now (待办): sign for, feed back on, review, decide on an extension. */
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  todo?: boolean;

  /** true: only tasks split into sub-tasks (任务分解: containers, their state rolled up from them); false: only the work items — sub-tasks and tasks not split. */
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  split?: boolean;

  @IsOptional()
  @IsIn(TIMELINESS)
  timeliness?: Timeliness;

  @IsOptional()
  @ToNumber()
  @IsInt()
  @Min(1)
  ownerUnitId?: number;

  @IsOptional()
  @ToNumber()
  @IsInt()
  @Min(1)
  issuerUnitId?: number;

  @IsOptional()
  @ToNumber()
  @IsInt()
  @Min(1)
  chainId?: number;

  /** The sub-tasks of this task (任务分解). */
  @IsOptional()
  @ToNumber()
  @IsInt()
  @Min(1)
  parentId?: number;

  @IsOptional()
  @ToNumber()
  @IsInt()
  @Min(0)
  @Max(3)
  escalationLevel?: number;

  /** Words in the title. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class TransitionDto {
  @IsIn(TASK_ACTIONS)
  action: TaskAction;

  /** Required for return, cancel, decline and request_extension (the reason). */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  /** The new due date asked for by request_extension. */
  @IsOptional()
  @IsInstant()
  dueAt?: string;

  /** The version the caller last saw; a stale one answers 409. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  /** With `assign` only: give the task to this unit instead (改派, e.g. after the owner declined it). */
  @IsOptional()
  @IsInt()
  @Min(1)
  ownerUnitId?: number;

  /** With submit (反馈) or return (退回) only: evidence, ids of the caller's uploads (POST /files), at most 10, each attached once. */
  @FileIds()
  fileIds?: number[];
}

/** 任务分解: one sub-task per unit, each assigned at once with its own due date and escalation. */
export class SplitTaskDto {
  /** The units that each get a sub-task; distinct, none already holding one of this task. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique({ message: 'ownerUnitIds must not name a unit twice' })
  @IsInt({ each: true })
  @Min(1, { each: true })
  ownerUnitIds: number[];

  /** ISO 8601 instant with zone, in the future and no later than the task's due date (its default). */
  @IsOptional()
  @IsInstant()
  dueAt?: string;
}

// ---- Answers (the console's client is generated from these; each mirrors the service's view) ----

export class TaskSourceViewDto implements NonNullable<TaskView['source']> {
  kind: string;
  ref: string | null;
}

/** A pending extension request (申请延期). */
export class TaskExtensionDto implements NonNullable<TaskView['extension']> {
  dueAt: string;
  reason: string | null;
  requestedAt: string | null;
  requestedBy: number | null;
}

/** A row of a task list: the task without its long text. */
export class TaskListItemDto implements TaskListItem {
  id: number;
  /** The task this one was decomposed from (an imported notice's parent task), or null. */
  parentId: number | null;
  title: string;
  @ApiProperty({ enum: TASK_STATES, enumName: 'TaskState' })
  state: TaskState;
  /** Traffic light; null for a cancelled task. */
  @ApiProperty({ enum: TIMELINESS, enumName: 'Timeliness', nullable: true })
  timeliness: Timeliness | null;
  /** 0 none, 1 催办, 2 督办, 3 挂牌督办. */
  escalationLevel: number;
  dueAt: string;
  version: number;
  issuerUnitId: number;
  ownerUnitId: number;
  coUnitIds: number[];
  chainId: number | null;
  policyId: number | null;
  @ApiProperty({ enum: TASK_PRIORITIES, enumName: 'TaskPriority' })
  priority: TaskPriority;
  source: TaskSourceViewDto | null;
  extension: TaskExtensionDto | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An escalation step of a subject: done (doneAt set) or to come. */
export class StepDto implements StepView {
  /** remind, due, urge, supervise or escalate. */
  action: string;
  /** When the step falls (to come) or fell (done). */
  at: string;
  /** When the engine ran it; null while it is to come. */
  doneAt: string | null;
}

/** A sub-task as its parent lists it. */
export class SubtaskDto implements SubtaskView {
  id: number;
  ownerUnitId: number;
  @ApiProperty({ enum: TASK_STATES, enumName: 'TaskState' })
  state: TaskState;
  @ApiProperty({ enum: TIMELINESS, enumName: 'Timeliness', nullable: true })
  timeliness: Timeliness | null;
  /** 0 none, 1 催办, 2 督办, 3 挂牌督办. */
  escalationLevel: number;
  dueAt: string;
  /** 1 when done, else 0. */
  progress: number;
}

export class TaskDto extends TaskListItemDto implements TaskDetail {
  description: string | null;
  /** Its sub-tasks (任务分解), one per unit, in the order they were made; empty when it is not split. */
  children: SubtaskDto[];
  /** Done sub-tasks over sub-tasks not cancelled (0…1); null when the task is not split. */
  progress: number | null;
  /** The task's escalation steps for its current schedule, done and to come. */
  steps: StepDto[];
  /** Evidence attached to its submissions and returns, oldest first. */
  files: FileDto[];
}

export class TaskPageDto implements Page<TaskListItem> {
  items: TaskListItemDto[];
  total: number;
}

/** One entry of a task's history: who (null: the engine), when, from, to, why. */
export class TaskEventDto implements TaskEventView {
  id: string;
  at: string;
  actorId: number | null;
  /** The actor's display name; null for the engine's own steps. */
  actorName: string | null;
  action: string;
  from: string | null;
  to: string | null;
  comment: string | null;
  data: Record<string, unknown> | null;
  /** The evidence files attached with this act. */
  files: FileDto[];
}

export class TaskEventPageDto implements Page<TaskEventView> {
  items: TaskEventDto[];
  total: number;
}
