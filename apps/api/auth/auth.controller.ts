import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthService, AuthUser } from '@duban/core';
import { Public } from '@duban/platform';
import { AllowWhilePasswordChangePending, CurrentUser } from './auth.decorators';
import { ChangePasswordDto, LoginDto, LoginResultDto, MeDto } from './auth.dto';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Exchanges a username and password for an access token; 429 with Retry-After after repeated failures. */
  @Public()
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() body: LoginDto): Promise<LoginResultDto> {
    return this.auth.login(body.username, body.password);
  }

  /** Changes the caller's own password; every token issued before (this one too) stops working. */
  @ApiBearerAuth()
  @AllowWhilePasswordChangePending()
  @Post('auth/password')
  @HttpCode(204)
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.auth.changeOwnPassword(user, body.currentPassword, body.newPassword);
  }

  /** The current user. */
  @ApiBearerAuth()
  @AllowWhilePasswordChangePending()
  @Get('me')
  me(@CurrentUser() user: AuthUser): MeDto {
    return user;
  }
}
