import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
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
import { TASK_ACTIONS, TASK_STATES, TaskAction, TaskState, TIMELINESS, Timeliness } from '@duban/domain';
import { TASK_PRIORITIES, TaskPriority } from '@duban/persistence';
import { PageQueryDto } from '../common/pagination.dto';
import { IsInstant, NotBlank, ToNumber } from '../common/validation';

export class TaskSourceDto {
  /** Where the task comes from, e.g. MEETING, WORK_POINT, NOTICE. */
  @IsString() @MinLength(1) @MaxLength(40)
  kind: string;

  @IsString() @MaxLength(200)
  ref: string;
}

export class CreateTaskDto {
  @IsString() @NotBlank() @MinLength(1) @MaxLength(200)
  title: string;

  @IsOptional() @IsString() @MaxLength(10_000)
  description?: string;

  @IsInt() @Min(1)
  issuerUnitId: number;

  @IsInt() @Min(1)
  ownerUnitId: number;

  @IsOptional() @IsArray() @ArrayMaxSize(100) @ArrayUnique() @IsInt({ each: true }) @Min(1, { each: true })
  coUnitIds?: number[];

  /** ISO 8601 instant with zone, in the future. */
  @IsInstant()
  dueAt: string;

  @IsOptional() @IsInt() @Min(1)
  chainId?: number;

  @IsOptional() @IsInt() @Min(1)
  policyId?: number;

  @IsOptional() @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => TaskSourceDto)
  source?: TaskSourceDto;
}

export class TaskQueryDto extends PageQueryDto {
  @IsOptional() @IsIn(TASK_STATES)
  state?: TaskState;

  @IsOptional() @IsIn(TIMELINESS)
  timeliness?: Timeliness;

  @IsOptional() @ToNumber() @IsInt() @Min(1)
  ownerUnitId?: number;

  @IsOptional() @ToNumber() @IsInt() @Min(1)
  issuerUnitId?: number;

  @IsOptional() @ToNumber() @IsInt() @Min(1)
  chainId?: number;

  @IsOptional() @ToNumber() @IsInt() @Min(0) @Max(3)
  escalationLevel?: number;

  /** Words in the title. */
  @IsOptional() @IsString() @MaxLength(100)
  q?: string;
}

export class TransitionDto {
  @IsIn(TASK_ACTIONS)
  action: TaskAction;

  /** Required for return, cancel, decline and request_extension (the reason). */
  @IsOptional() @IsString() @MaxLength(2000)
  comment?: string;

  /** The new due date asked for by request_extension. */
  @IsOptional() @IsInstant()
  dueAt?: string;

  /** The version the caller last saw; a stale one answers 409. */
  @IsOptional() @IsInt() @Min(1)
  version?: number;

  /** With `assign` only: give the task to this unit instead (改派, e.g. after the owner declined it). */
  @IsOptional() @IsInt() @Min(1)
  ownerUnitId?: number;
}
