import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateBy, ValidateNested } from 'class-validator';
import { NOTIFY_ROLES, NotifyRole, offsetProblem, PolicyStep, STEP_ACTIONS, StepAction } from '@duban/domain';
import type { Page, PolicyView } from '@duban/core';
import { IsInstant, NotBlank } from '../common/validation';

export class PolicyStepDto {
  /** Signed ISO 8601 duration (`-P3D`, `PT0S`, `PT30S`) or a whole number of working days. */
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'integer' }] })
  @ValidateBy({
    name: 'isOffset',
    validator: {
      validate: (value: unknown) => offsetProblem(value) === null,
      defaultMessage: (args) => `${args?.property ?? 'offset'}: ${offsetProblem(args?.value) ?? 'invalid'}`,
    },
  })
  offset: string | number;

  @ApiProperty({ enum: ['natural', 'workday'], enumName: 'StepCalendar' })
  @IsIn(['natural', 'workday'])
  calendar: 'natural' | 'workday';

  @ApiProperty({ enum: STEP_ACTIONS, enumName: 'StepAction' })
  @IsIn(STEP_ACTIONS)
  action: StepAction;

  /** Roles to notify: OWNER (the owner unit's liaisons), ISSUER (the issuing unit), SUPERVISOR. */
  @ApiProperty({ enum: NOTIFY_ROLES, enumName: 'NotifyRole', isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(NOTIFY_ROLES, { each: true })
  notify?: NotifyRole[];
}

export class EscalationPolicyDto {
  @IsString()
  @NotBlank()
  @MaxLength(100)
  name: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PolicyStepDto)
  steps: PolicyStepDto[];
}

export class PolicyPreviewDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PolicyStepDto)
  steps: PolicyStepDto[];

  /** The due instant to lay the steps out from. */
  @IsInstant()
  dueAt: string;
}

// ---- Answers (the console's client is generated from these; each mirrors the service's view) ----

/** A stored step (as PolicyStepDto). */
export class PolicyStepViewDto implements PolicyStep {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'integer' }] })
  offset: PolicyStep['offset'];
  @ApiProperty({ enum: ['natural', 'workday'], enumName: 'StepCalendar' })
  calendar: 'natural' | 'workday';
  @ApiProperty({ enum: STEP_ACTIONS, enumName: 'StepAction' })
  action: StepAction;
  @ApiProperty({ enum: NOTIFY_ROLES, enumName: 'NotifyRole', isArray: true, required: false })
  notify?: readonly NotifyRole[];
}

export class EscalationPolicyViewDto implements PolicyView {
  id: number;
  name: string;
  /** In time order, relative to the due date. */
  @ApiProperty({ type: [PolicyStepViewDto] })
  steps: PolicyStepViewDto[];
  createdAt: string;
}

export class EscalationPolicyPageDto implements Page<PolicyView> {
  items: EscalationPolicyViewDto[];
  total: number;
}

/** Where one step falls for the due instant asked about. */
export class PolicyPreviewItemDto {
  @ApiProperty({ enum: STEP_ACTIONS, enumName: 'StepAction' })
  action: StepAction;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'integer' }] })
  offset: PolicyStep['offset'];
  @ApiProperty({ enum: ['natural', 'workday'], enumName: 'StepCalendar' })
  calendar: 'natural' | 'workday';
  at: string;
}

export class PolicyPreviewPageDto {
  items: PolicyPreviewItemDto[];
  total: number;
}
