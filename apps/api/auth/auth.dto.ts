import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { USER_ROLES, UserRole } from '@duban/domain';
import type { AuthUser } from '@duban/core';

export class LoginDto {
  @IsString() @MinLength(1) @MaxLength(64)
  username: string;

  @IsString() @MinLength(1) @MaxLength(128)
  password: string;
}

// ---- Answers ----

/** A signed-in user (GET /me, and the user of a login). */
export class MeDto implements AuthUser {
  id: number;
  username: string;
  displayName: string;
  @ApiProperty({ enum: USER_ROLES, enumName: 'UserRole', isArray: true })
  roles: UserRole[];
  unitId: number | null;
}

export class LoginResultDto {
  /** Bearer token for the Authorization header. */
  accessToken: string;
  user: MeDto;
}
