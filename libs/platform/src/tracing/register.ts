/**
 * OpenTelemetry traces, when OTEL_EXPORTER_OTLP_ENDPOINT is set: imported first by each process's
 * main.ts, before anything loads http, express or mysql2, so their instrumentation can hook them
 * (the api runs on Fastify: its request spans get their route from apps/api/common/traced-routes.ts).
 * Unset, nothing here loads and the @opentelemetry/api calls elsewhere are no-ops.
 *
 * A request's trace follows it into the queue (the producer writes `traceparent` into the job's
 * data, libs/queue) and on into the worker's job and its transaction's statements.
 */
if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { MySQL2Instrumentation } = require('@opentelemetry/instrumentation-mysql2') as typeof import('@opentelemetry/instrumentation-mysql2');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const name = process.argv[1]?.match(/apps\/(\w+)\/main\.js$/)?.[1] ?? 'process';
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? `duban-${name}`,
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      // Health probes and scrapes would drown the traces that matter.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.url === '/health' || req.url === '/metrics' }),
      new ExpressInstrumentation(),
      new MySQL2Instrumentation(),
    ],
  });
  sdk.start();
  // Flush what is buffered when the process is stopped (Nest drains, then exits).
  process.once('beforeExit', () => void sdk.shutdown());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void sdk.shutdown());
}
