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
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CHAIN_ROLES, ChainRole, USER_ROLES, UserRole } from '@duban/domain';
import type { Page, UserView } from '@duban/core';
import { NotBlank } from '../common/validation';

export class UserChainLinkDto {
  @IsInt()
  @Min(1)
  chainId: number;

  @IsIn(CHAIN_ROLES)
  role: ChainRole;
}

export class CreateUserDto {
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{3,64}$/, { message: 'username must be 3–64 letters, digits, "_", "." or "-"' })
  username: string;

  /** At least 10 characters; not the username; not a value published in Duban's repository. */
  @IsString()
  @MaxLength(1000)
  password: string;

  @IsString()
  @NotBlank()
  @MinLength(1)
  @MaxLength(100)
  displayName: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  unitId?: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(USER_ROLES, { each: true })
  roles: UserRole[];

  /** Chains the user personally holds a role on, e.g. the chains a chain leader leads. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => UserChainLinkDto)
  chains?: UserChainLinkDto[];
}

export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @NotBlank()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;

  /** The user's unit; null takes it away (only for roles that need none). */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  unitId?: number | null;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(USER_ROLES, { each: true })
  roles?: UserRole[];

  /** true disables the account and revokes its tokens; false enables it again. */
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ResetPasswordDto {
  /** A temporary password, which the user must change at next sign-in. */
  @IsString()
  @MaxLength(1000)
  password: string;
}

/** An account as administrators see it (never its password). */
export class UserDto implements UserView {
  id: number;
  username: string;
  displayName: string;
  @ApiProperty({ enum: USER_ROLES, enumName: 'UserRole', isArray: true })
  roles: UserRole[];
  unitId: number | null;
  /** Set by an administrator's reset until the user changes the password. */
  mustChangePassword: boolean;
  disabled: boolean;
  disabledAt: string | null;
  passwordChangedAt: string | null;
  createdAt: string;
}

export class UserPageDto implements Page<UserView> {
  items: UserDto[];
  total: number;
}
