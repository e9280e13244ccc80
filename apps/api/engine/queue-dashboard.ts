import { ForbiddenException, HttpException, INestApplicationContext, UnauthorizedException } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
export async function serveQueueDashboard(app: INestApplicationContext, fastify: FastifyInstance): Promise<void> {
  const jobs = app.get(JobService);
  const auth = app.get(AuthService);
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map((name) => new BullMQAdapter(jobs.queue(name), { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Duban 队列' } },
  });
  // Its own context: the guard below covers the dashboard's routes only.
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', adminsOnly(auth));
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
}

function adminsOnly(auth: AuthService) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const token = bearer(request) ?? cookie(request, QUEUE_DASHBOARD_COOKIE);
    if (!token) return refuse(reply, new UnauthorizedException('authorization: an admin’s bearer access token is required'));
    try {
      const user = await auth.authenticate(token);
      if (!hasAnyRole(user, 'ADMIN') || user.mustChangePassword) return refuse(reply, new ForbiddenException('the queue dashboard is for admins'));
      return undefined;
    } catch (error) {
      if (error instanceof HttpException) return refuse(reply, error);
      throw error;
    }
  };
}

/** The api's error shape, from a hook that runs outside Nest's exception filter. */
function refuse(reply: FastifyReply, error: HttpException): FastifyReply {
  return reply.code(error.getStatus()).send(error.getResponse());
}

function bearer(request: FastifyRequest): string | null {
  const [scheme, token] = (request.headers.authorization ?? '').split(' ');
  return scheme === 'Bearer' && token ? token : null;
}

function cookie(request: FastifyRequest, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name && value.length > 0) {
      try {
        return decodeURIComponent(value.join('='));
      } catch {
        return null;
      }
    }
  }
  return null;
}
