import type { FastifyInstance } from 'fastify';
import type { Histogram } from 'prom-client';

/**
 * Times every request by its route pattern (`/api/v1/tasks/:id`, not each id) and status; a
 * request no route matched counts as `unmatched`, so a scan cannot grow the label set.
 */
export function useHttpMetrics(fastify: FastifyInstance, histogram: Histogram<'method' | 'route' | 'status'>): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
    histogram.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
}
