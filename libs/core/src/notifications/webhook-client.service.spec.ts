import type { LookupAddress } from 'node:dns';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '@duban/config';
import { selfSignedCertificate, startHttpsReceiver, type HttpsReceiver, type TestCertificate } from '../../../../test/support/https-receiver';
import { DeliveryFailed, HostResolver, WebhookClient } from './webhook-client.service';

/*
 * WebhookClient.post, beyond what outbound-targets.spec.ts checks of targets: how a delivery
 * fails (permanently when the target itself is refused, at the check or at connect time after a
 * DNS change; for a retry otherwise), that no failure names the target's secret parts, and how
 * answers are judged. A local https receiver on 127.0.0.1 (allowlisted, its certificate trusted)
 * stands in for the robot; no MySQL or Redis.
 */
const SECRET = 's3cr3t-token-4f2a';

/** A resolver the test controls; `answers` may be changed between calls (DNS rebinding). */
function resolverOf(answers: Record<string, string[]>) {
  return {
    resolve: jest.fn(async (host: string): Promise<LookupAddress[]> => {
      if (!answers[host]) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return answers[host].map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    }),
  } as unknown as jest.Mocked<HostResolver>;
}

const clients: WebhookClient[] = [];
function client(resolver: HostResolver, webhooks: { allowHosts?: string[]; allowNetworks?: string[]; caFile?: string | null } = {}) {
  const made = new WebhookClient({ webhooks: { allowHosts: [], allowNetworks: [], caFile: null, ...webhooks } } as unknown as AppConfig, resolver);
  clients.push(made);
  return made;
}
afterAll(async () => {
  for (const c of clients) await c.onModuleDestroy();
});

async function failure(promise: Promise<unknown>): Promise<DeliveryFailed> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryFailed);
  expect((error as Error).message).not.toContain(SECRET);
  return error as DeliveryFailed;
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const BODY = JSON.stringify({ msgtype: 'text', text: { content: '【催办】高新区2026年7月进展月报已逾期' } });

describe('WebhookClient.post', () => {
  it('refuses a target that is not public, permanently, before connecting, naming scheme and host only', async () => {
    const resolver = resolverOf({});
    const error = await failure(client(resolver).post('WEBHOOK', `https://10.0.0.7/hooks/${SECRET}`, {}, BODY));
    expect(error.permanent).toBe(true);
    expect(error.message).toBe(
      'WEBHOOK https://10.0.0.7/… refused: target must reach a public address: 10.0.0.7 is not a public address (private); an administrator may allow it in DUBAN_WEBHOOK_ALLOW',
    );
    expect(resolver.resolve).not.toHaveBeenCalled();
  });

  it('refuses a stored target that is no URL, or no longer https, permanently', async () => {
    const plain = client(resolverOf({}));
    const notUrl = await failure(plain.post('WEBHOOK', `not a url ${SECRET}`, {}, BODY));
    expect([notUrl.permanent, notUrl.message]).toEqual([true, 'WEBHOOK (not a URL) refused: target must be an https URL for a WEBHOOK channel']);
    const http = await failure(plain.post('WEBHOOK', `http://hooks.example.org/${SECRET}`, {}, BODY));
    expect(http.permanent).toBe(true);
  });

  it('checks the addresses again at connect time: a name that now resolves to a private address is refused, permanently', async () => {
    const answers: Record<string, string[]> = { 'hooks.example.org': ['93.184.216.34'] };
    const resolver = resolverOf(answers);
    const webhooks = client(resolver);
    await webhooks.check('WEBHOOK', `https://hooks.example.org/${SECRET}`);
    answers['hooks.example.org'] = ['127.0.0.1'];
    const error = await failure(webhooks.post('WEBHOOK', `https://hooks.example.org/${SECRET}`, {}, BODY));
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(
      /^WEBHOOK https:\/\/hooks\.example\.org\/… refused: target must reach a public address: 127\.0\.0\.1 is not a public address \(loopback\) \(hooks\.example\.org resolves to it\)/,
    );
    expect(resolver.resolve).toHaveBeenCalledTimes(2);
  });

  it('reports a name that no longer resolves as refused, and a refused connection as a failure worth retrying, without the secret', async () => {
    const gone = await failure(client(resolverOf({})).post('WEBHOOK', `https://gone.example.org/${SECRET}`, {}, BODY));
    expect(gone.permanent).toBe(true);
    expect(gone.message).toContain('could not be resolved (ENOTFOUND)');

    const port = await closedPort();
    const down = await failure(client(resolverOf({}), { allowNetworks: ['127.0.0.1/32'] }).post('WEBHOOK', `https://127.0.0.1:${port}/hooks/${SECRET}?sig=${SECRET}`, {}, BODY));
    expect(down.permanent).toBe(false);
    // (Under Jest the socket error's code is lost: Node's errors are of another realm than the test's Error.)
    expect(down.message).toMatch(new RegExp(`^WEBHOOK https://127\\.0\\.0\\.1:${port}/… failed: `));
  });

  describe('against a receiver', () => {
    let certificate: TestCertificate;
    let receiver: HttpsReceiver;
    let status = 200;
    beforeAll(async () => {
      certificate = selfSignedCertificate();
      receiver = await startHttpsReceiver(certificate, (_req, res) => res.writeHead(status, status === 302 ? { location: 'https://10.0.0.7/' } : {}).end('{}'));
    });
    afterAll(async () => {
      await receiver?.close();
      certificate?.remove();
    });
    beforeEach(() => {
      receiver.received.length = 0;
    });

    const webhooks = () => client(resolverOf({ 'robot.duban.test': ['127.0.0.1'] }), { allowNetworks: ['127.0.0.1/32'], caFile: certificate.certFile });
    const target = () => `https://robot.duban.test:${receiver.port}/hooks/${SECRET}`;

    it('POSTs the body to the checked address and resolves with a 2xx answer', async () => {
      status = 200;
      const response = await webhooks().post('WEBHOOK', target(), { 'content-type': 'application/json' }, BODY);
      expect(response.status).toBe(200);
      expect(receiver.received).toEqual([expect.objectContaining({ url: `/hooks/${SECRET}`, body: JSON.parse(BODY) })]);
    });

    it('fails, for a retry, on any other answer, and does not follow a redirect', async () => {
      status = 500;
      const error = await failure(webhooks().post('WEBHOOK', target(), {}, BODY));
      expect([error.permanent, error.message]).toEqual([false, `WEBHOOK https://robot.duban.test:${receiver.port}/… answered 500`]);

      status = 302;
      const redirected = await failure(webhooks().post('WEBHOOK', target(), {}, BODY));
      expect(redirected.message).toBe(`WEBHOOK https://robot.duban.test:${receiver.port}/… answered 302 (redirects are not followed)`);
      expect(receiver.received).toHaveLength(2);
    });

    it('does not trust a certificate that the CA file does not name', async () => {
      status = 200;
      const untrusting = client(resolverOf({ 'robot.duban.test': ['127.0.0.1'] }), { allowNetworks: ['127.0.0.1/32'] });
      const error = await failure(untrusting.post('WEBHOOK', target(), {}, BODY));
      expect(error.permanent).toBe(false);
      expect(error.message).toMatch(/^WEBHOOK https:\/\/robot\.duban\.test:\d+\/… failed: /);
      expect(receiver.received).toHaveLength(0);
    });
  });
});
