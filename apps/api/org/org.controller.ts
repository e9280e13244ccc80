import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, UnitsService, UsersService } from '@duban/core';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { PageQueryDto } from '../common/pagination.dto';
import { ParseIdPipe } from '../common/validation';
import { CreateUnitDto, CreateUserDto, ResetPasswordDto, UnitDto, UnitPageDto, UnitQueryDto, UpdateUserDto, UserDto, UserPageDto } from './org.dto';

@ApiTags('org')
@ApiBearerAuth()
@Controller()
export class OrgController {
  constructor(
    private readonly units: UnitsService,
    private readonly users: UsersService,
  ) {}

  /** Every unit; the directory is visible to every signed-in user. */
  @Get('units')
  listUnits(@Query() query: UnitQueryDto): Promise<UnitPageDto> {
    return this.units.list({ kind: query.kind }, query);
  }

  @Roles('ADMIN')
  @Post('units')
  createUnit(@CurrentUser() user: AuthUser, @Body() body: CreateUnitDto): Promise<UnitDto> {
    return this.units.create(user, body);
  }

  @Roles('ADMIN')
  @Get('users')
  listUsers(@Query() query: PageQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }

  @Roles('ADMIN')
  @Post('users')
  createUser(@CurrentUser() user: AuthUser, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(user, body);
  }

  /** Changes a user's name, unit or roles, or disables the account (its tokens stop working within seconds). */
  @Roles('ADMIN')
  @Patch('users/:id')
  updateUser(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: UpdateUserDto): Promise<UserDto> {
    return this.users.update(user, id, body);
  }

  /** Sets a temporary password; the user must change it at next sign-in, and older tokens stop working. */
  @Roles('ADMIN')
  @Post('users/:id/password')
  @HttpCode(204)
  async resetPassword(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: ResetPasswordDto): Promise<void> {
    await this.users.resetPassword(user, id, body.password);
  }
}
