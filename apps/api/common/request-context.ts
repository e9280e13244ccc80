import type { FastifyInstance } from 'fastify';
import { RequestContext } from '@duban/core';

/**
 * Notes each request's client address for what records it (sign-in throttling, the audit log).
 * Behind a reverse proxy, DUBAN_TRUST_PROXY (Fastify's `trustProxy`, set where the api is
 * created) says whose X-Forwarded-For to believe. Entered just before the handler, after the
 * body is read: the handler and all it awaits run inside it.
 */
export function useRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', (request, _reply, done) => RequestContext.run({ address: request.ip ?? request.socket.remoteAddress ?? null }, done));
}
