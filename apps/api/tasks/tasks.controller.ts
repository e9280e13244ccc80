import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, TasksService, ZoneService } from '@duban/core';
import { rangeBound } from '@duban/domain';
import { CurrentUser } from '../auth/auth.decorators';
import { ParseIdPipe } from '../common/validation';
import { CreateTaskDto, SplitTaskDto, TaskDto, TaskEventPageDto, TaskPageDto, TaskQueryDto, TransitionDto } from './tasks.dto';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly zones: ZoneService,
  ) {}

  /** Creates a task in DRAFT (issuing unit, supervisor or admin). */
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateTaskDto): Promise<TaskDto> {
    return this.tasks.create(user, { ...body, dueAt: new Date(body.dueAt) });
  }

  /** Tasks in the caller's scope, soonest due first. */
  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() query: TaskQueryDto): Promise<TaskPageDto> {
    const { page, pageSize, dueFrom, dueTo, ...filter } = query;
    // A bare date is a whole local day in the mechanism's zone.
    const zone = await this.zones.zone();
    return this.tasks.list(
      user,
      { ...filter, dueFrom: dueFrom ? rangeBound(dueFrom, 'from', zone) : undefined, dueTo: dueTo ? rangeBound(dueTo, 'to', zone) : undefined },
      { page, pageSize },
    );
  }

  /** One task, with its escalation steps done and to come. */
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number): Promise<TaskDto> {
    return this.tasks.get(user, id);
  }

  /** Moves the task through its lifecycle; 409 if illegal now or stale, 403 if not the caller's to take. */
  @Post(':id/transitions')
  @HttpCode(200)
  transition(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: TransitionDto): Promise<TaskDto> {
    return this.tasks.transition(user, id, { ...body, dueAt: body.dueAt ? new Date(body.dueAt) : undefined });
  }

  /**
   * 任务分解: splits the task into one sub-task per unit (issuer, supervisor or admin); the task then
   * follows its sub-tasks. 400 naming the field for unknown or repeated units or a due date after the
   * task's; 409 for a sub-task (one level only) or a task submitted or closed.
   */
  @Post(':id/subtasks')
  split(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: SplitTaskDto): Promise<TaskDto> {
    return this.tasks.split(user, id, { ownerUnitIds: body.ownerUnitIds, dueAt: body.dueAt ? new Date(body.dueAt) : undefined });
  }

  /** The task's history, oldest first. */
  @Get(':id/events')
  events(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number): Promise<TaskEventPageDto> {
    return this.tasks.events(user, id);
  }
}
