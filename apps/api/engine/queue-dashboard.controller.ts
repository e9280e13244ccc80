import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '@duban/config';
import { Roles } from '../auth/auth.decorators';
import { QUEUE_DASHBOARD_COOKIE, QUEUE_DASHBOARD_PATH } from './queue-dashboard';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/queues')
export class QueueDashboardController {
  constructor(private readonly config: AppConfig) {}

  /**
   * Lets this admin's browser open the queue dashboard (/admin/queues) in a tab of its own: the
   * caller's token in an HttpOnly cookie sent to that path only, same-site only, for as long as the token lives.
   */
  @Roles('ADMIN')
  @Post('session')
  @HttpCode(204)
  @ApiNoContentResponse()
  session(@Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): void {
    const token = (req.headers.authorization ?? '').split(' ')[1];
    const seconds = this.config.auth.jwtTtlSeconds;
    const expires = new Date(Date.now() + seconds * 1000).toUTCString();
    const secure = req.protocol === 'https' ? '; Secure' : '';
    void res.header(
      'set-cookie',
      `${QUEUE_DASHBOARD_COOKIE}=${encodeURIComponent(token)}; Max-Age=${seconds}; Path=${QUEUE_DASHBOARD_PATH}; Expires=${expires}; HttpOnly${secure}; SameSite=Strict`,
    );
  }
}
