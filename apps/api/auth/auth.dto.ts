import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @IsString() @MinLength(1) @MaxLength(64)
  username: string;

  @IsString() @MinLength(1) @MaxLength(128)
  password: string;
}

export class ChangePasswordDto {
  @IsString() @MinLength(1) @MaxLength(128)
  currentPassword: string;

  /** At least 10 characters; not the username; not a value published in Duban's repository. */
  @IsString() @MaxLength(1000)
  newPassword: string;
}
