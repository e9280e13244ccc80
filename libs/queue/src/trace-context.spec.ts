import { IsISO8601 } from 'class-validator';
import { parsePayload } from './job-payload';
import { runInJobSpan, withoutTraceContext, withTraceContext } from './trace-context';

class Payload {
  @IsISO8601()
  to!: string;
}

/* With no OpenTelemetry SDK registered (tracing off), the job's data goes out as it came, and a traced job's data still validates. */
describe('trace context in job data', () => {
  it('adds nothing when no trace is being recorded', () => {
    const data = { to: '2026-07-02T01:00:00.000Z' };
    expect(withTraceContext(data)).toBe(data);
  });

  it('strips the W3C keys before the payload is validated, and only them', () => {
    const traced = { to: '2026-07-02T01:00:00.000Z', traceparent: '00-8ece1cceb0b81ddf1c8570454edf21c5-1111111111111111-01', tracestate: 'x=1' };
    expect(withoutTraceContext(traced)).toEqual({ to: '2026-07-02T01:00:00.000Z' });
    expect(parsePayload(Payload, traced)).toEqual(Object.assign(new Payload(), { to: '2026-07-02T01:00:00.000Z' }));
    expect(() => parsePayload(Payload, { ...traced, extra: 1 })).toThrow('invalid job payload');
  });

  it('runs the job and passes its result or its error through', async () => {
    const job = { id: '7', name: 'clock-advance', queueName: 'engine', data: { to: 'x' } };
    await expect(runInJobSpan(job, async () => 42)).resolves.toBe(42);
    await expect(runInJobSpan(job, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
