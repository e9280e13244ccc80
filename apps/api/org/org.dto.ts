import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CHAIN_ROLES, ChainRole, UNIT_KINDS, UnitKind, USER_ROLES, UserRole } from '@duban/domain';
import type { Page, UnitView } from '@duban/core';
import { PageQueryDto } from '../common/pagination.dto';
import { NotBlank } from '../common/validation';

export class UnitQueryDto extends PageQueryDto {
  @IsOptional() @IsIn(UNIT_KINDS)
  kind?: UnitKind;
}

export class CreateUnitDto {
  @IsString() @NotBlank() @MinLength(1) @MaxLength(100)
  name: string;

  @IsIn(UNIT_KINDS)
  kind: UnitKind;

  @IsOptional() @IsString() @MaxLength(200)
  fullName?: string;

  @IsOptional() @IsInt() @Min(1)
  parentId?: number;
}

export class UserChainLinkDto {
  @IsInt() @Min(1)
  chainId: number;

  @IsIn(CHAIN_ROLES)
  role: ChainRole;
}

export class CreateUserDto {
  @IsString() @Matches(/^[A-Za-z0-9_.-]{3,64}$/, { message: 'username must be 3–64 letters, digits, "_", "." or "-"' })
  username: string;

  @IsString() @MinLength(8) @MaxLength(128)
  password: string;

  @IsString() @NotBlank() @MinLength(1) @MaxLength(100)
  displayName: string;

  @IsOptional() @IsInt() @Min(1)
  unitId?: number;

  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(USER_ROLES, { each: true })
  roles: UserRole[];

  /** Chains the user personally holds a role on, e.g. the chains a chain leader leads. */
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => UserChainLinkDto)
  chains?: UserChainLinkDto[];
}

// ---- Answers ----

export class UnitDto implements UnitView {
  id: number;
  name: string;
  fullName: string | null;
  @ApiProperty({ enum: UNIT_KINDS, enumName: 'UnitKind' })
  kind: UnitKind;
  parentId: number | null;
}

export class UnitPageDto implements Page<UnitView> {
  items: UnitDto[];
  total: number;
}
