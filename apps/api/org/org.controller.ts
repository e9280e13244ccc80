import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UnitsService, UsersService } from '@duban/core';
import { Roles } from '../auth/auth.decorators';
import { PageQueryDto } from '../common/pagination.dto';
import { CreateUnitDto, CreateUserDto, UnitDto, UnitPageDto, UnitQueryDto } from './org.dto';

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
  createUnit(@Body() body: CreateUnitDto): Promise<UnitDto> {
    return this.units.create(body);
  }

  @Roles('ADMIN')
  @Get('users')
  listUsers(@Query() query: PageQueryDto) {
    return this.users.list(query);
  }

  @Roles('ADMIN')
  @Post('users')
  createUser(@Body() body: CreateUserDto) {
    return this.users.create(body);
  }
}
