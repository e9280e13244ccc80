import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthService, AuthUser } from '@duban/core';
import { Public } from '@duban/platform';
import { CurrentUser } from './auth.decorators';
import { LoginDto, LoginResultDto, MeDto } from './auth.dto';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Exchanges a username and password for an access token. */
  @Public()
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() body: LoginDto): Promise<LoginResultDto> {
    return this.auth.login(body.username, body.password);
  }

  /** The current user. */
  @ApiBearerAuth()
  @Get('me')
  me(@CurrentUser() user: AuthUser): MeDto {
    return user;
  }
}
