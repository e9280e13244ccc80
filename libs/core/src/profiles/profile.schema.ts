import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
  ValidationError,
} from 'class-validator';
import { CHAIN_CATEGORIES, ChainCategory, LEADER_ROLES, UNIT_KINDS, UnitKind } from '@duban/domain';

/*
 * The shape of a profile file (config/profiles/<name>.yaml): a mechanism written as data
 * a civil servant can edit. Unknown keys are rejected so a typo cannot pass silently.
 */

export class ProfileUnit {
  @IsString() @MaxLength(100) name: string;
  @IsOptional() @IsString() @MaxLength(200) fullName?: string;
  @IsIn(UNIT_KINDS) kind: UnitKind;
  @IsOptional() @IsString() @MaxLength(100) parent?: string;
  @IsOptional() @IsString() @MaxLength(20000) duties?: string;
}

export class ProfileLeader {
  @IsIn(LEADER_ROLES) role: 'GENERAL_LEADER' | 'LEADER' | 'SUB_LEADER';
  @IsString() @MaxLength(100) name: string;
}

export class ProfileChain {
  @IsString() @MaxLength(100) name: string;
  @IsIn(CHAIN_CATEGORIES) category: ChainCategory;
  @IsOptional() @IsString() @MaxLength(100) cluster?: string;
  @IsOptional() @IsBoolean() future?: boolean;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ProfileLeader) leaders: ProfileLeader[] = [];
  @IsArray() @ArrayUnique() @IsString({ each: true }) leadUnits: string[] = [];
  @IsOptional() @IsArray() @ArrayUnique() @IsString({ each: true }) participantUnits: string[] = [];
  @IsOptional() @IsArray() @ArrayUnique() @IsString({ each: true }) allianceUnits: string[] = [];
  @IsOptional() @IsString() taskForceUnit?: string;
  @IsOptional() @IsString() @MaxLength(5000) note?: string;
}

export class ProfileDocument {
  @Matches(/^[a-z0-9-]{1,50}$/) profile: string;
  @IsString() @MaxLength(200) title: string;
  @IsOptional() @IsString() @MaxLength(500) source?: string;
  @IsString() timezone: string;
  @IsOptional() @IsString() supervisorUnit?: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ProfileUnit) units: ProfileUnit[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => ProfileChain) chains: ProfileChain[];
}

/** Flattens class-validator errors into "chains[3].leadUnits: …" lines. */
export function describeValidationErrors(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((e) => {
    const here = /^\d+$/.test(e.property) ? `${path}[${e.property}]` : path ? `${path}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${here}: ${m}`);
    return [...own, ...describeValidationErrors(e.children ?? [], here)];
  });
}
