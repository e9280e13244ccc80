import { ForbiddenException, HttpException, INestApplication, UnauthorizedException } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import { AuthService, hasAnyRole } from '@duban/core';
import { ALL_QUEUES, JobService } from '@duban/queue';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/** The cookie that lets an admin's browser open the dashboard (set by POST /api/v1/admin/queues/session). */
export const QUEUE_DASHBOARD_COOKIE = 'duban_queues';

/**
 * bull-board over every Duban queue at /admin/queues, for admins only, read-only (no retry,
 * clean or add: a job is changed by the engine, not by hand, and every admin change is audited).
 * An admin's bearer token opens it, or the path-scoped cookie the console sets for its tab.
 */
export function serveQueueDashboard(app: INestApplication): void {
  const jobs = app.get(JobService);
  const auth = app.get(AuthService);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map((name) => new BullMQAdapter(jobs.queue(name), { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Duban 队列' } },
  });
  app.use(QUEUE_DASHBOARD_PATH, adminsOnly(auth), serverAdapter.getRouter());
}

function adminsOnly(auth: AuthService) {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = bearer(req) ?? cookie(req, QUEUE_DASHBOARD_COOKIE);
    if (!token) return refuse(res, new UnauthorizedException('authorization: an admin’s bearer access token is required'));
    auth.authenticate(token).then(
      (user) => (hasAnyRole(user, 'ADMIN') && !user.mustChangePassword ? next() : refuse(res, new ForbiddenException('the queue dashboard is for admins'))),
      (error: unknown) => (error instanceof HttpException ? refuse(res, error) : next(error)),
    );
  };
}

/** The api's error shape, from middleware that runs outside Nest's exception filter. */
function refuse(res: Response, error: HttpException): void {
  res.status(error.getStatus()).json(error.getResponse());
}

function bearer(req: Request): string | null {
  const [scheme, token] = (req.headers.authorization ?? '').split(' ');
  return scheme === 'Bearer' && token ? token : null;
}

function cookie(req: Request, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name && value.length > 0) return decodeURIComponent(value.join('='));
  }
  return null;
}
