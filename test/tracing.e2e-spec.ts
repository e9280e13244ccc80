import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ADMIN_PASSWORD, eventually, isolatedEnvironment } from './support/harness';
import { BUILT, freePort, Spawned, start } from './support/processes';

/*
 * OpenTelemetry traces on the built processes: with OTEL_EXPORTER_OTLP_ENDPOINT set, one trace
 * follows an admin's request from the api through the queue (the job carries its traceparent)
 * to the worker's job and the statements of its transaction. A local OTLP/HTTP receiver (JSON)
 * stands in for the collector.
 */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: { stringValue?: string } }[];
}
interface ReceivedSpan extends OtlpSpan {
  service: string;
}

describe('traces (e2e)', () => {
  let cleanup: () => Promise<void>;
  let receiver: Server;
  const spans: ReceivedSpan[] = [];
  const processes: Spawned[] = [];
  let apiPort: number;

  beforeAll(async () => {
    cleanup = await isolatedEnvironment('otel', { DUBAN_TIME_TRAVEL: '1', DUBAN_CLOCK_START: '2026-07-01T00:00:00+08:00' });
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.url === '/v1/traces') {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
          };
          for (const rs of body.resourceSpans) {
            const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
            for (const scope of rs.scopeSpans) for (const span of scope.spans) spans.push({ ...span, service });
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    apiPort = await freePort();
    const env = {
      ...process.env,
      PORT: String(apiPort),
      WORKER_PORT: String(await freePort()),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      LOG_LEVEL: 'warn',
    };
    processes.push(start('api', BUILT.api, env), start('worker', BUILT.worker, env));
    await eventually(async () => (await fetch(`http://127.0.0.1:${apiPort}/health`).catch(() => null))?.ok, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${processes.map((p) => p.output()).join('\n')}`);
    });
  }, 60_000);

  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exited));
    await new Promise((done) => receiver?.close(done));
    await cleanup?.();
  });

  const attr = (span: OtlpSpan, key: string) => span.attributes?.find((a) => a.key === key)?.value.stringValue;

  it("follows an admin's request from the api through the queue into the worker's job and its statements, in one trace", async () => {
    const api = `http://127.0.0.1:${apiPort}`;
    const login = await fetch(`${api}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const moved = await fetch(`${api}/api/v1/admin/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ now: '2026-07-02T09:00:00+08:00' }),
    });
    expect(moved.status).toBe(200);

    const found = await eventually(async () => {
      const request = spans.find((s) => s.service === 'duban-api' && attr(s, 'http.route') === '/api/v1/admin/clock' && s.name.startsWith('POST'));
      if (!request) return undefined;
      const job = spans.find((s) => s.service === 'duban-worker' && s.name === 'job clock-advance' && s.traceId === request.traceId);
      const statements = spans.filter((s) => s.service === 'duban-worker' && s.traceId === request.traceId && (s.attributes ?? []).some((a) => a.key.startsWith('db.')));
      return job && statements.length > 0 ? { request, job, statements } : undefined;
    }, 20_000).catch((error: Error) => {
      const named = spans.filter((s) => !/^(SELECT|INSERT|UPDATE|START|COMMIT|middleware|request handler)/.test(s.name));
      throw new Error(`${error.message}; of ${spans.length} spans: ${named.map((s) => `${s.service} ${s.name} ${s.traceId} ${JSON.stringify(s.attributes)}`).join('; ')}`);
    });
    const { request, job, statements } = found!;
    expect(attr(job, 'messaging.destination.name')).toBe('engine');
    // The job's span descends from the request (through the producer's context), and the statements from the job.
    expect(job.parentSpanId).toBeTruthy();
    const byId = new Map(spans.map((s): [string, ReceivedSpan] => [s.spanId, s]));
    const ancestors = (span: OtlpSpan) => {
      const chain: string[] = [];
      for (let s = byId.get(span.parentSpanId ?? ''); s; s = byId.get(s.parentSpanId ?? '')) chain.push(s.spanId);
      return chain;
    };
    expect(statements.some((s) => ancestors(s).includes(job.spanId))).toBe(true);
    expect(ancestors(job)).toContain(request.spanId);
  });
});
