import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsInt,
  IsISO8601,
  Max,
  Min,
  ValidateBy,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
  ValidationError,
} from 'class-validator';
import {
  AD_HOC_MEETING_TYPES,
  AdHocMeetingType,
  CONVENE_PER,
  ConvenePer,
  CHAIN_CATEGORIES,
  CHAIN_ROLES,
  ChainCategory,
  ChainRole,
  FREQUENCIES,
  Frequency,
  INDICATOR_KINDS,
  IndicatorKind,
  LEADER_ROLES,
  NOTIFY_ROLES,
  NotifyRole,
  offsetProblem,
  ShiftRule,
  STEP_ACTIONS,
  StepAction,
  UNIT_KINDS,
  UnitKind,
} from '@duban/domain';
import { CADENCE_KINDS, CadenceKind } from '@duban/persistence';

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
  /** Other names notices give exactly this unit ("市发改委"); the importer resolves them. */
  @IsOptional() @IsArray() @ArrayUnique() @IsString({ each: true }) @MaxLength(100, { each: true }) aliases?: string[];
  /** Collective names that include this unit ("各基础电信企业"); the importer expands them. */
  @IsOptional() @IsArray() @ArrayUnique() @IsString({ each: true }) @MaxLength(100, { each: true }) memberOf?: string[];
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

export class ProfilePolicyStep {
  @ValidateBy({ name: 'isOffset', validator: { validate: (v: unknown) => offsetProblem(v) === null, defaultMessage: (a) => offsetProblem(a?.value) ?? 'invalid offset' } })
  offset: string | number;
  @IsIn(['natural', 'workday']) calendar: 'natural' | 'workday';
  @IsIn(STEP_ACTIONS) action: StepAction;
  @IsOptional() @IsArray() @IsIn(NOTIFY_ROLES, { each: true }) notify?: NotifyRole[];
}

export class ProfilePolicy {
  @IsString() @MaxLength(100) name: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => ProfilePolicyStep) steps: ProfilePolicyStep[];
}

export class ProfileCadence {
  @IsString() @MaxLength(80) name: string;
  @IsIn(CADENCE_KINDS) kind: CadenceKind;
  @IsIn(FREQUENCIES) frequency: Frequency;
  @IsOptional() @IsInt() @Min(1) @Max(31) dayOfMonth?: number;
  @IsOptional() @IsInt() @Min(1) @Max(7) weekday?: number;
  @IsOptional() @IsInt() @Min(-1) @Max(4) nth?: number;
  @IsOptional() @IsInt() @Min(1) @Max(12) month?: number;
  @Matches(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/) time: string;
  @IsOptional() @IsString() timezone?: string;
  @IsIn(['NONE', 'NEXT_WORKDAY', 'PREVIOUS_WORKDAY']) shift: ShiftRule;
  /** One cadence per chain of the profile, named "<name>（<chain>）". */
  @IsOptional() @IsBoolean() forEachChain?: boolean;
  @IsOptional() @IsArray() @IsIn(UNIT_KINDS, { each: true }) owingUnitKinds?: UnitKind[];
  @IsOptional() @IsArray() @IsIn(CHAIN_ROLES, { each: true }) owingChainRoles?: ChainRole[];
  @IsOptional() @IsArray() @IsString({ each: true }) owingUnits?: string[];
  @IsOptional() @IsString() receiverUnit?: string;
  @IsOptional() @IsString() policy?: string;
  @IsOptional() @IsIn(['GENERAL_LEADER', 'LEADER', 'SUB_LEADER', 'LEAD_UNIT']) convenerRole?: string;
  /** A meeting over every chain, divided per holder of the convener role (CONVENER) or per cluster (CLUSTER). */
  @IsOptional() @IsIn(CONVENE_PER) convenePer?: ConvenePer;
  /** Default: when the profile is first loaded. */
  @IsOptional() @IsISO8601({ strict: true }) activeFrom?: string;
  /** A REPORT whose reports give the year-to-date figure of each of the profile's `indicators`. */
  @IsOptional() @IsBoolean() collectsIndicators?: boolean;
}

/** An indicator the units report monthly and the plans set targets for (002 （七）, 附表1). */
export class ProfileIndicator {
  @Matches(/^[a-zA-Z][a-zA-Z0-9]{0,59}$/) key: string;
  @IsString() @MaxLength(100) name: string;
  @IsIn(['%', '户']) unit: string;
  @IsIn(INDICATOR_KINDS) kind: IndicatorKind;
}

/** One plan's targets: per unit name, one figure per indicator, in the indicators' order. */
export class ProfileTargets {
  @IsInt() @Min(2000) @Max(2100) year: number;
  @IsString() @MaxLength(200) source: string;
  @IsObject() values: Record<string, number[]>;
}

export class ProfileScoringPoints {
  @IsOptional() @IsInt() reportLate?: number;
  @IsOptional() @IsInt() reportMissing?: number;
  @IsOptional() @IsInt() taskDoneOnTime?: number;
  @IsOptional() @IsInt() taskOverdue?: number;
  @IsOptional() @IsInt() openListedSupervision?: number;
}

/** A quarter's score out of 100: relative weights of the assessment's rates. */
export class ProfileRateWeights {
  @IsInt() @Min(0) @Max(1000) completionRate: number;
  @IsInt() @Min(0) @Max(1000) onTimeCompletionRate: number;
  @IsInt() @Min(0) @Max(1000) onTimeReportRate: number;
}

/** 年考评 rules: relative weights of the months' mean score and the quarters' mean score. */
export class ProfileYearly {
  @IsInt() @Min(0) @Max(1000) monthlyWeight: number;
  @IsInt() @Min(0) @Max(1000) quarterlyWeight: number;
  @ValidateNested() @Type(() => ProfileRateWeights) rateWeights: ProfileRateWeights;
}

/** 月度评比 rules: points per counted item, on a base, for units of the given kinds; and how the year composes them. */
export class ProfileScoring {
  @IsInt() base: number;
  @ValidateNested() @Type(() => ProfileScoringPoints) points: ProfileScoringPoints;
  @IsArray() @IsIn(UNIT_KINDS, { each: true }) unitKinds: UnitKind[];
  @IsOptional() @ValidateNested() @Type(() => ProfileYearly) yearly?: ProfileYearly;
}

export class ProfileChainTaskOwner {
  @IsString() owner: string;
  @IsArray() @IsString({ each: true }) chains: string[];
}

/** A meeting called when needed (适时召开): its type, its name, and who on a chain may convene it. */
export class ProfileAdHocMeeting {
  @IsIn(AD_HOC_MEETING_TYPES) type: AdHocMeetingType;
  @IsString() @MaxLength(40) name: string;
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(CHAIN_ROLES, { each: true }) convenerRoles: ChainRole[];
}

/** Tasks created for chains (the improvement plan and the four maps), each owned as the notice says. */
export class ProfileChainTasks {
  @IsInt() @Min(1) @Max(3650) dueInDays: number;
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) titles: string[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => ProfileChainTaskOwner) owners: ProfileChainTaskOwner[];
}

export class ProfileDocument {
  @Matches(/^[a-z0-9-]{1,50}$/) profile: string;
  @IsString() @MaxLength(200) title: string;
  @IsOptional() @IsString() @MaxLength(500) source?: string;
  @IsString() timezone: string;
  @IsOptional() @IsString() supervisorUnit?: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ProfileUnit) units: ProfileUnit[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => ProfileChain) chains: ProfileChain[];
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ProfilePolicy) policies: ProfilePolicy[] = [];
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ProfileCadence) cadences: ProfileCadence[] = [];
  @IsOptional() @ValidateNested() @Type(() => ProfileScoring) scoring?: ProfileScoring;
  @IsOptional() @ValidateNested() @Type(() => ProfileChainTasks) chainTasks?: ProfileChainTasks;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ProfileAdHocMeeting) adHocMeetings?: ProfileAdHocMeeting[];
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ProfileIndicator) indicators?: ProfileIndicator[];
  /** Plans' targets, one entry per plan year; a report is judged against the newest plan not after its year. */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ProfileTargets) targets?: ProfileTargets[];
}

/** Flattens class-validator errors into "chains[3].leadUnits: …" lines. */
export function describeValidationErrors(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((e) => {
    const here = /^\d+$/.test(e.property) ? `${path}[${e.property}]` : path ? `${path}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${here}: ${m}`);
    return [...own, ...describeValidationErrors(e.children ?? [], here)];
  });
}
