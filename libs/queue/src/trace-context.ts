import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/** The keys a job's data carries its producer's trace context in (W3C trace context). */
export const TRACE_KEYS = ['traceparent', 'tracestate'] as const;

/** The job's data with the caller's trace context added, when a trace is being recorded (otherwise unchanged). */
export function withTraceContext<T extends object>(data: T): T {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? { ...data, ...carrier } : data;
}

/** The job's data without the trace keys (what the payload's validation sees). */
export function withoutTraceContext(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || !TRACE_KEYS.some((key) => key in data)) return data;
  const copy = { ...(data as Record<string, unknown>) };
  for (const key of TRACE_KEYS) delete copy[key];
  return copy;
}

/** Runs a job in a consumer span, a child of the trace its producer was in (if any). */
export function runInJobSpan<T>(job: { id?: string; name: string; queueName: string; data: unknown }, work: () => Promise<T>): Promise<T> {
  const data = (job.data ?? {}) as Record<string, unknown>;
  const carrier = Object.fromEntries(TRACE_KEYS.filter((key) => typeof data[key] === 'string').map((key) => [key, data[key] as string]));
  const parent = propagation.extract(ROOT_CONTEXT, carrier);
  const attributes = { 'messaging.system': 'bullmq', 'messaging.destination.name': job.queueName, 'messaging.message.id': job.id ?? '' };
  return trace.getTracer('duban-worker').startActiveSpan(`job ${job.name}`, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
