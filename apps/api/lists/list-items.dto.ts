import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { LIST_TYPES, ListType } from '@duban/domain';
import type { ListHistoryView, ListItemView, Page } from '@duban/core';
import { PageQueryDto } from '../common/pagination.dto';
import { FileIds, NotBlank } from '../common/validation';
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
