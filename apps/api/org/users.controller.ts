import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, UsersService } from '@duban/core';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { PageQueryDto } from '../common/pagination.dto';
import { ParseIdPipe } from '../common/validation';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto, UserDto, UserPageDto } from './users.dto';

@ApiTags('org')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  listUsers(@Query() query: PageQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }

  @Post()
  createUser(@CurrentUser() user: AuthUser, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(user, body);
  }

  /** Changes a user's name, unit or roles, or disables the account (its tokens stop working within seconds). */
  @Patch(':id')
  updateUser(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: UpdateUserDto): Promise<UserDto> {
    return this.users.update(user, id, body);
  }

  /** Sets a temporary password; the user must change it at next sign-in, and older tokens stop working. */
  @Post(':id/password')
  @HttpCode(204)
  async resetPassword(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: ResetPasswordDto): Promise<void> {
    await this.users.resetPassword(user, id, body.password);
  }
}
