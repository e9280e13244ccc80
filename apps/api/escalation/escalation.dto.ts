import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateBy, ValidateNested } from 'class-validator';
import { NOTIFY_ROLES, NotifyRole, offsetProblem, STEP_ACTIONS, StepAction } from '@duban/domain';
import { IsInstant, NotBlank } from '../common/validation';

export class PolicyStepDto {
  /** Signed ISO 8601 duration (`-P3D`, `PT0S`, `PT30S`) or a whole number of working days. */
  @ValidateBy({
    name: 'isOffset',
    validator: {
      validate: (value: unknown) => offsetProblem(value) === null,
      defaultMessage: (args) => `${args?.property ?? 'offset'}: ${offsetProblem(args?.value) ?? 'invalid'}`,
    },
  })
  offset: string | number;

  @IsIn(['natural', 'workday'])
  calendar: 'natural' | 'workday';

  @IsIn(STEP_ACTIONS)
  action: StepAction;

  /** Roles to notify: OWNER (the owner unit's liaisons), ISSUER (the issuing unit), SUPERVISOR. */
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(NOTIFY_ROLES, { each: true })
  notify?: NotifyRole[];
}

export class EscalationPolicyDto {
  @IsString() @NotBlank() @MaxLength(100)
  name: string;

  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => PolicyStepDto)
  steps: PolicyStepDto[];
}

export class PolicyPreviewDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => PolicyStepDto)
  steps: PolicyStepDto[];

  /** The due instant to lay the steps out from. */
  @IsInstant()
  dueAt: string;
}
