import { Controller, Get, Header, Headers, Inject, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../http/public.decorator';
import { Metrics } from './metrics';

/** Who may scrape: anyone who reaches the port (the scheduler's and worker's health ports), or a bearer token (the api). */
export const METRICS_ACCESS = Symbol('METRICS_ACCESS');
export type MetricsAccess = { kind: 'open' } | { kind: 'token'; token: string | null };

/** `/metrics` in Prometheus' text format. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(METRICS_ACCESS) private readonly access: MetricsAccess,
  ) {}

  @Public()
  @Get()
  @Header('cache-control', 'no-store')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    if (this.access.kind === 'token') {
      // Without DUBAN_METRICS_TOKEN the api has no /metrics at all.
      if (!this.access.token) throw new NotFoundException('Cannot GET /metrics');
      const [scheme, given] = (authorization ?? '').split(' ');
      if (scheme !== 'Bearer' || !given || !sameSecret(given, this.access.token)) throw new UnauthorizedException('authorization: the metrics token is required');
    }
    return this.metrics.registry.metrics();
  }
}

function sameSecret(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}
