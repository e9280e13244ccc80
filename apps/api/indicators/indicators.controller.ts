import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, IndicatorsService } from '@duban/core';
import { CurrentUser } from '../auth/auth.decorators';
import { IndicatorsOverviewDto, IndicatorsQueryDto } from './indicators.dto';

@ApiTags('indicators')
@ApiBearerAuth()
@Controller('indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  /**
   * 指标完成: per unit, each indicator's target (from the newest plan not after the year, named) against
   * the latest year-to-date figure reported that year. Liaisons see their own unit; the city's roles every unit.
   */
  @Get()
  overview(@CurrentUser() user: AuthUser, @Query() query: IndicatorsQueryDto): Promise<IndicatorsOverviewDto> {
    return this.indicators.overview(user, query.year);
  }
}
