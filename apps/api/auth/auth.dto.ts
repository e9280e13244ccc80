import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { USER_ROLES, UserRole } from '@duban/domain';
import type { AuthUser } from '@duban/core';

export class LoginDto {
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

export class ChangePasswordDto {
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  currentPassword: string;

  /** At least 10 characters; not the username; not a value published in Duban's repository. */
  @IsString()
  @MaxLength(1000)
  newPassword: string;
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
  /** After an administrator's reset: change the password before anything else. */
  mustChangePassword: boolean;
}

export class LoginResultDto {
  /** Bearer token for the Authorization header. */
  accessToken: string;
  user: MeDto;
  /** True after an administrator's reset: only /me and POST /auth/password answer until it is changed. */
  mustChangePassword: boolean;
}
