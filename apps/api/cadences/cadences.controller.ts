import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CadenceInput, CadencesService, ZoneService } from '@duban/core';
import { rangeBound } from '@duban/domain';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { PageQueryDto } from '../common/pagination.dto';
import { ParseIdPipe } from '../common/validation';
import { CadenceDto, CadencePageDto, CadenceViewDto, OccurrencePageDto, OccurrenceQueryDto } from './cadences.dto';

function toInput(body: CadenceDto): CadenceInput {
  return { ...body, activeFrom: new Date(body.activeFrom), activeTo: body.activeTo ? new Date(body.activeTo) : undefined };
}

@ApiTags('cadences')
@ApiBearerAuth()
@Controller('cadences')
export class CadencesController {
  constructor(
    private readonly cadences: CadencesService,
    private readonly zones: ZoneService,
  ) {}

  @Get()
  list(@Query() query: PageQueryDto): Promise<CadencePageDto> {
    return this.cadences.list(query);
  }

  @Get(':id')
  get(@Param('id', new ParseIdPipe('id')) id: number): Promise<CadenceViewDto> {
    return this.cadences.get(id);
  }

  /** The due instants in [from, to], after the shift rule. */
  @Get(':id/occurrences')
  async occurrences(@Param('id', new ParseIdPipe('id')) id: number, @Query() query: OccurrenceQueryDto): Promise<OccurrencePageDto> {
    // A bare date is a whole local day in the mechanism's zone.
    const zone = await this.zones.zone();
    return this.cadences.preview(id, rangeBound(query.from, 'from', zone), rangeBound(query.to, 'to', zone));
  }

  @Roles('ADMIN')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CadenceDto): Promise<CadenceViewDto> {
    return this.cadences.create(user, toInput(body));
  }

  /** Replaces the rule; occurrences still to come are rescheduled. */
  @Roles('ADMIN')
  @Put(':id')
  update(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: CadenceDto): Promise<CadenceViewDto> {
    return this.cadences.update(user, id, toInput(body));
  }

  @Roles('ADMIN')
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number) {
    return this.cadences.remove(user, id);
  }
}
