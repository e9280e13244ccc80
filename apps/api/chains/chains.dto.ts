import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AD_HOC_MEETING_TYPES, AdHocMeetingRule, AdHocMeetingType, CHAIN_CATEGORIES, CHAIN_ROLES, ChainCategory, ChainRole } from '@duban/domain';
import type { ChainView, ChainWithMeetings, Page, UnitRef } from '@duban/core';
import { PageQueryDto } from '../common/pagination.dto';

/** Filters of the chains' list (in its OpenAPI document, as a .dto.ts file is read by the Swagger plugin). */
export class ChainQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(CHAIN_CATEGORIES)
  category?: ChainCategory;
}

// ---- Answers (the console's client is generated from these; each mirrors the service's view) ----

export class UnitRefDto implements UnitRef {
  id: number;
  name: string;
}

/** A person or title holding a leading role on the chain (总链长, 链长, 分链长). */
export class ChainLeaderDto {
  @ApiProperty({ enum: CHAIN_ROLES, enumName: 'ChainRole' })
  role: ChainRole;
  name: string;
  userId: number | null;
}

export class ChainDto implements ChainView {
  id: number;
  name: string;
  @ApiProperty({ enum: CHAIN_CATEGORIES, enumName: 'ChainCategory' })
  category: ChainCategory;
  cluster: string | null;
  future: boolean;
  note: string | null;
  leaders: ChainLeaderDto[];
  leadUnits: UnitRefDto[];
  participantUnits: UnitRefDto[];
  allianceUnits: UnitRefDto[];
}

export class ChainPageDto implements Page<ChainView> {
  items: ChainDto[];
  total: number;
}

export class TaskForceMemberDto {
  userId: number;
  name: string;
}

/** 工作专班: set up by the lead department, with its named members. */
export class TaskForceDto {
  unit: UnitRefDto | null;
  members: TaskForceMemberDto[];
}

/** An ad-hoc meeting the chain's profile has: who on the chain may call it. */
export class MeetingTypeDto implements AdHocMeetingRule {
  @ApiProperty({ enum: AD_HOC_MEETING_TYPES, enumName: 'AdHocMeetingType' })
  type: AdHocMeetingType;
  /** 联席会议, 联盟会商, 专题会. */
  name: string;
  @ApiProperty({ enum: CHAIN_ROLES, enumName: 'ChainRole', isArray: true })
  convenerRoles: ChainRole[];
}

export class ChainDetailDto extends ChainDto implements ChainWithMeetings {
  taskForce: TaskForceDto;
  /** The ad-hoc meetings its profile lets holders of its roles call (POST /meetings). */
  meetingTypes: MeetingTypeDto[];
}
