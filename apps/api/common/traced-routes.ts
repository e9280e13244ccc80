import { trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';

/**
 * With traces on (OTEL_EXPORTER_OTLP_ENDPOINT), names each request's span by its route pattern
 * (`POST /api/v1/admin/clock`, attribute http.route), as the Express instrumentation did: the
 * http instrumentation makes the span, and Fastify knows the route once it has matched one.
 */
export function useTracedRoutes(fastify: FastifyInstance): void {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return;
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    const span = trace.getActiveSpan();
    if (span && route && !request.is404) {
      span.setAttribute('http.route', route);
      span.updateName(`${request.method} ${route}`);
    }
    done();
  });
}
