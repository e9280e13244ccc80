import { BadRequestException, Body, ConflictException, Controller, Get, HttpCode, NotFoundException, Post, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '@duban/config';
import { Clock } from '@duban/domain';
import { AuditService, AuthUser, VirtualClock } from '@duban/core';
import { JobName, JobService } from '@duban/queue';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ClockDto, SetClockDto } from './clock.dto';

/** How long a clock move may take to be worked off before the api gives up waiting. */
const ADVANCE_TIMEOUT_MS = 2 * 60_000;

/** The virtual clock (DUBAN_TIME_TRAVEL=1 only; 404 otherwise). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/clock')
export class ClockController {
  constructor(
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly jobs: JobService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  now(): ClockDto {
    return { now: this.virtual().now().toISOString() };
  }

  /** Moves time forward for every process; answers once the workers have done everything due by then. */
  @Roles('ADMIN')
  @Post()
  @HttpCode(200)
  async set(@CurrentUser() user: AuthUser, @Body() body: SetClockDto): Promise<ClockDto> {
    const clock = this.virtual();
    const to = new Date(body.now);
    await clock.refresh();
    if (to.getTime() < clock.now().getTime()) throw new BadRequestException(`now must not be earlier than the clock (${clock.now().toISOString()})`);
    try {
      await clock.advance(to, (tx, from) =>
        this.audit.record(tx, user.id, { action: 'clock.advance', target: 'clock', before: { now: from.toISOString() }, after: { now: to.toISOString() } }),
      );
    } catch (error) {
      // Another move got there first.
      if (error instanceof RangeError) throw new ConflictException(`now: ${error.message}`);
      throw error;
    }
    try {
      await this.jobs.enqueueAndWait({ name: JobName.ClockAdvance, data: { to: to.toISOString() } }, ADVANCE_TIMEOUT_MS);
    } catch (error) {
      // The clock has moved; the work it brought due is queued and will be done when a worker runs.
      throw new ServiceUnavailableException(`the clock is at ${clock.now().toISOString()}, but no worker finished its work in time: ${(error as Error).message}`);
    }
    return { now: clock.now().toISOString() };
  }

  private virtual(): VirtualClock {
    if (!this.config.clock.timeTravel || !(this.clock instanceof VirtualClock)) throw new NotFoundException('Cannot GET /api/v1/admin/clock');
    return this.clock;
  }
}
