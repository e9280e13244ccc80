import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, UnitsService } from '@duban/core';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { CreateUnitDto, UnitDto, UnitPageDto, UnitQueryDto } from './units.dto';

@ApiTags('org')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  /** Every unit; the directory is visible to every signed-in user. */
  @Get()
  listUnits(@Query() query: UnitQueryDto): Promise<UnitPageDto> {
    return this.units.list({ kind: query.kind }, query);
  }

  @Roles('ADMIN')
  @Post()
  createUnit(@CurrentUser() user: AuthUser, @Body() body: CreateUnitDto): Promise<UnitDto> {
    return this.units.create(user, body);
  }
}
