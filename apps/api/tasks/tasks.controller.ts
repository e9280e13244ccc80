import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, TasksService } from '@duban/core';
import { CurrentUser } from '../auth/auth.decorators';
import { ParseIdPipe } from '../common/validation';
import { CreateTaskDto, TaskQueryDto, TransitionDto } from './tasks.dto';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  /** Creates a task in DRAFT (issuing unit, supervisor or admin). */
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateTaskDto) {
    return this.tasks.create(user, { ...body, dueAt: new Date(body.dueAt) });
  }

  /** Tasks in the caller's scope, soonest due first. */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: TaskQueryDto) {
    const { page, pageSize, ...filter } = query;
    return this.tasks.list(user, filter, { page, pageSize });
  }

  /** One task, with its escalation steps done and to come. */
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number) {
    return this.tasks.get(user, id);
  }

  /** Moves the task through its lifecycle; 409 if illegal now or stale, 403 if not the caller's to take. */
  @Post(':id/transitions')
  @HttpCode(200)
  transition(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: TransitionDto) {
    return this.tasks.transition(user, id, { ...body, dueAt: body.dueAt ? new Date(body.dueAt) : undefined });
  }

  /** The task's history, oldest first. */
  @Get(':id/events')
  events(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number) {
    return this.tasks.events(user, id);
  }
}
