import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, ProblemsService } from '@duban/core';
import { CurrentUser } from '../auth/auth.decorators';
import { ParseIdPipe } from '../common/validation';
import { TaskEventPageDto } from '../tasks/tasks.dto';
import { ProblemDto, ProblemPageDto, ProblemQueryDto, ProblemTransitionDto, RaiseProblemDto } from './problems.dto';

@ApiTags('problems')
@ApiBearerAuth()
@Controller('problems')
export class ProblemsController {
  constructor(private readonly problems: ProblemsService) {}

  /** The problem ledger (问题台账) in the caller's scope. */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ProblemQueryDto): Promise<ProblemPageDto> {
    const { page, pageSize, ...filter } = query;
    return this.problems.list(user, filter, { page, pageSize });
  }

  /** Raises a problem about a chain from the caller's unit, routed to the chain's lead department (责任单位) on the 13710 clocks. */
  @Post()
  raise(@CurrentUser() user: AuthUser, @Body() body: RaiseProblemDto): Promise<ProblemDto> {
    return this.problems.raise(user, body);
  }

  /** One problem, with its escalation steps done and to come. */
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number): Promise<ProblemDto> {
    return this.problems.get(user, id);
  }

  /** The problem's timeline, oldest first: the engine's steps and people's acts. */
  @Get(':id/events')
  events(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number): Promise<TaskEventPageDto> {
    return this.problems.events(user, id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  transition(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: ProblemTransitionDto): Promise<ProblemDto> {
    return this.problems.transition(user, id, { ...body, plannedAt: body.plannedAt ? new Date(body.plannedAt) : undefined });
  }
}
