import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
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
  session(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    const token = (req.headers.authorization ?? '').split(' ')[1];
    res.cookie(QUEUE_DASHBOARD_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: QUEUE_DASHBOARD_PATH,
      maxAge: this.config.auth.jwtTtlSeconds * 1000,
    });
  }
}
