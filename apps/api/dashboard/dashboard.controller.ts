import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, SummaryService } from '@duban/core';
import { CurrentUser } from '../auth/auth.decorators';
import { SummaryDto } from './dashboard.dto';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('me/summary')
export class DashboardController {
  constructor(private readonly summaries: SummaryService) {}

  /** The caller's dashboard (工作台): to do, due soon, overdue, this month's reports, completion rates, open supervision; each card with the list query it counts. */
  @Get()
  summary(@CurrentUser() user: AuthUser): Promise<SummaryDto> {
    return this.summaries.summary(user);
  }
}
