import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../http/public.decorator';

/** Extra checks a process contributes to /health (its queues, its workers). */
export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');
export type ProcessHealthCheck = () => Promise<HealthIndicatorResult>;

/** `/health` of every process: database, Redis and the process's own queue checks. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    @Optional() @Inject(HEALTH_CHECKS) private readonly checks: ProcessHealthCheck[] = [],
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 1500 }), ...this.checks]);
  }
}
