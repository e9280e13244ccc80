import { INestApplication, INestApplicationContext, Logger } from '@nestjs/common';
import { DeliveriesService } from '@duban/core';
import { adminToken, eventually, http, isolatedEnvironment, sql, startApi, startWorker, tableCounts, withEnvironment } from './support/harness';
import { HttpsReceiver, resolveNames, selfSignedCertificate, startHttpsReceiver, TestCertificate, webhookEnvironment } from './support/https-receiver';

/*
 * Notifications leave the deployment only over https, only to public addresses or to hosts
 * and networks an administrator listed, and never carry a target's secrets into errors, logs
 * or answers. Receivers here are https servers on 127.0.0.1 with a self-signed certificate,
 * reached through DUBAN_WEBHOOK_ALLOW and DUBAN_WEBHOOK_CA_FILE; names the test controls
 * (*.duban.test, the robots' hosts) are answered by a stubbed resolver.
 */
describe('outbound deliveries (e2e)', () => {
  let cleanup: () => Promise<void>;
  let certificate: TestCertificate;
  /** Listed 127.0.0.1 and trusts the test certificate. */
  let api: INestApplication;
  /** The same deployment before anyone listed anything. */
  let strict: INestApplication;
  let admin: string;
  let unitId: number;
  let receiver: HttpsReceiver;
  let landing: HttpsReceiver;
  let redirector: HttpsReceiver;
  let robots: HttpsReceiver;
  const logged: string[] = [];

  const SECRET = 'S3cr3t-t0ken-4f9a';
  const PATH_SECRET = 'p4th-s3cr3t-77c1';
  const ROBOT_KEY = '693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa';
  const SECRETS = [SECRET, PATH_SECRET, ROBOT_KEY];
  const NAMES = { 'hook.duban.test': ['127.0.0.1'], 'qyapi.weixin.qq.com': ['127.0.0.1'], 'oapi.dingtalk.com': ['127.0.0.1'] };

  const as = () => ({ authorization: `Bearer ${admin}` });

  /** A notification for the admin and a pending delivery of it to `channelId`, dispatched to the workers. */
  async function deliverTo(channelId: number, step: string): Promise<number> {
    const [me] = await sql<{ id: number }>(api, `SELECT id FROM users WHERE username = 'admin'`);
    await sql(
      api,
      `INSERT INTO notifications (user_id, kind, subject_type, subject_id, step_key, title, body, created_at) VALUES (?, 'DUE', 'TASK', 1, ?, '到期提醒', '任务已到期', NOW(3))`,
      [me.id, step],
    );
    const [notification] = await sql<{ id: number }>(api, 'SELECT id FROM notifications WHERE step_key = ?', [step]);
    await sql(api, `INSERT INTO deliveries (channel_id, notification_id, subject_type, subject_id, step_key, created_at) VALUES (?, ?, 'TASK', 1, ?, NOW(3))`, [
      channelId,
      notification.id,
      step,
    ]);
    const [delivery] = await sql<{ id: number }>(api, 'SELECT id FROM deliveries WHERE step_key = ?', [step]);
    await api.get(DeliveriesService).dispatchPending();
    return Number(delivery.id);
  }

  type Delivery = { state: string; attempts: number; last_error: string | null };

  async function delivery(id: number): Promise<Delivery> {
    const [row] = await sql<Delivery>(api, 'SELECT state, attempts, last_error FROM deliveries WHERE id = ?', [id]);
    return row;
  }

  /** The delivery once `ready` holds for it. */
  async function deliveryOnce(id: number, ready: (d: Delivery) => boolean): Promise<Delivery> {
    let row: Delivery | undefined;
    await eventually(async () => ready((row = await delivery(id))));
    return row!;
  }

  function createChannel(app: INestApplication, kind: string, target: string) {
    return http(app).post('/api/v1/notification-channels').set(as()).send({ kind, target, unitId });
  }

  beforeAll(async () => {
    for (const method of ['log', 'warn', 'error', 'debug', 'verbose', 'fatal'] as const) {
      jest.spyOn(Logger.prototype, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
    certificate = selfSignedCertificate();
    receiver = await startHttpsReceiver(certificate);
    landing = await startHttpsReceiver(certificate);
    redirector = await startHttpsReceiver(certificate, (_req, res) => res.writeHead(302, { location: landing.url(`/landed?token=${SECRET}`) }).end());
    robots = await startHttpsReceiver(certificate, (req, res) => {
      const refuse = req.url.startsWith('/robot/send');
      // DingTalk-style refusal that echoes the token, as robots' error messages sometimes do.
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(refuse ? { errcode: 310000, errmsg: `keywords not in content, token ${SECRET}` } : { errcode: 0, errmsg: 'ok' }));
    });
    cleanup = await isolatedEnvironment('outbound', { DUBAN_TICK_MS: '1000', ...webhookEnvironment(certificate) });
    api = await startApi();
    strict = await withEnvironment({ DUBAN_WEBHOOK_ALLOW: undefined }, startApi);
    for (const app of [api, strict]) resolveNames(app, NAMES);
    admin = await adminToken(api);
    unitId = (await http(api).post('/api/v1/units').set(as()).send({ name: '外发测试单位', kind: 'DEPARTMENT' }).expect(201)).body.id;
  });

  afterAll(async () => {
    await strict?.close();
    await api?.close();
    await cleanup?.();
    for (const r of [receiver, landing, redirector, robots]) await r?.close();
    certificate?.remove();
    jest.restoreAllMocks();
  });

  describe('at creation', () => {
    const port = () => receiver.port;
    const refused: [string, string, () => string, RegExp][] = [
      ['plain http', 'WEBHOOK', () => `http://hooks.example.org/hook?token=${SECRET}`, /https URL/],
      ['localhost', 'WEBHOOK', () => `https://localhost:${port()}/hook?token=${SECRET}`, /127\.0\.0\.1 is not a public address \(loopback\) \(localhost resolves to it\)/],
      ['a name the test resolves to 127.0.0.1', 'WEBHOOK', () => `https://hook.duban.test:${port()}/hook/${PATH_SECRET}`, /127\.0\.0\.1 .*hook\.duban\.test resolves to it/],
      ['a loopback address', 'WEBHOOK', () => `https://127.0.0.1:${port()}/hook?token=${SECRET}`, /loopback/],
      ['an IPv6 loopback address', 'WEBHOOK', () => `https://[::1]:${port()}/hook`, /loopback/],
      ['an IPv4-mapped loopback address', 'WEBHOOK', () => `https://[::ffff:127.0.0.1]:${port()}/hook`, /loopback/],
      ['a decimal loopback address', 'WEBHOOK', () => `https://2130706433:${port()}/hook`, /127\.0\.0\.1 .*loopback/],
      ['the cloud metadata address', 'WEBHOOK', () => 'https://169.254.169.254/latest/meta-data/iam', /linkLocal/],
      ['a private address', 'WEBHOOK', () => `https://192.168.1.10/hook/${PATH_SECRET}`, /private/],
      ['a CGNAT address', 'WEBHOOK', () => 'https://100.64.0.1/hook', /carrierGradeNat/],
      ['credentials in the URL', 'WEBHOOK', () => `https://admin:${SECRET}@hooks.example.org/hook`, /user name or password/],
      [
        'a WeCom robot on another host',
        'WECOM',
        () => `https://hook.duban.test/cgi-bin/webhook/send?key=${ROBOT_KEY}`,
        /WeCom group robot webhook https:\/\/qyapi\.weixin\.qq\.com/,
      ],
      ['a DingTalk robot on the WeCom host', 'DINGTALK', () => `https://qyapi.weixin.qq.com/robot/send?access_token=${SECRET}`, /DingTalk group robot webhook/],
    ];

    it.each(refused)('refuses %s with a 400 on target, and writes nothing', async (_case, kind, target, message) => {
      const before = await tableCounts(strict);
      const res = await createChannel(strict, kind, target()).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.message).toMatch(/^target /);
      expect(res.body.message).toMatch(message);
      for (const secret of SECRETS) expect(JSON.stringify(res.body)).not.toContain(secret);
      expect(await tableCounts(strict)).toEqual(before);
    });

    it('accepts an address or host an administrator listed, still https only', async () => {
      await createChannel(api, 'WEBHOOK', `https://127.0.0.1:${port()}/listed`).expect(201);
      await createChannel(api, 'WEBHOOK', `https://hook.duban.test:${port()}/listed`).expect(201);
      const res = await createChannel(api, 'WEBHOOK', `http://127.0.0.1:${port()}/listed`).expect(400);
      expect(res.body.message).toMatch(/^target must be an https URL/);
      // Listing 127.0.0.1 does not list the rest of 127/8.
      await createChannel(api, 'WEBHOOK', `https://127.0.0.2:${port()}/listed`).expect(400);
    });
  });

  describe('at delivery', () => {
    let worker: INestApplicationContext;

    afterEach(async () => {
      await worker?.close();
    });

    it('refuses a target that is no longer listed, without any request reaching it', async () => {
      const byName = (await createChannel(api, 'WEBHOOK', `https://hook.duban.test:${receiver.port}/unlisted/${PATH_SECRET}?token=${SECRET}`).expect(201)).body.id;
      const byAddress = (await createChannel(api, 'WEBHOOK', `https://127.0.0.1:${receiver.port}/unlisted?token=${SECRET}`).expect(201)).body.id;
      worker = await withEnvironment({ DUBAN_WEBHOOK_ALLOW: undefined }, startWorker);
      resolveNames(worker, NAMES);
      const ids = [await deliverTo(byName, 'unlisted-name'), await deliverTo(byAddress, 'unlisted-address')];

      for (const id of ids) {
        const row = await deliveryOnce(id, (d) => d.state === 'FAILED');
        // Refused at once: retrying cannot help.
        expect(Number(row.attempts)).toBe(1);
        expect(row.last_error).toMatch(
          new RegExp(
            `^WEBHOOK https://(hook\\.duban\\.test|127\\.0\\.0\\.1):${receiver.port}/… refused: target must reach a public address: 127\\.0\\.0\\.1 is not a public address \\(loopback\\)`,
          ),
        );
        for (const secret of SECRETS) expect(row.last_error).not.toContain(secret);
      }
      expect(receiver.received).toEqual([]);
    });

    it('does not follow a redirect, and records the failure without the secret', async () => {
      worker = await startWorker();
      resolveNames(worker, NAMES);
      const channel = (await createChannel(api, 'WEBHOOK', redirector.url(`/moved/${PATH_SECRET}?token=${SECRET}`)).expect(201)).body.id;
      const id = await deliverTo(channel, 'redirect');

      const row = await deliveryOnce(id, (d) => d.last_error !== null);
      expect(row.state).toBe('PENDING'); // a failed attempt; the job retries
      expect(row.last_error).toBe(`WEBHOOK https://127.0.0.1:${redirector.port}/… answered 302 (redirects are not followed)`);
      expect(redirector.received).toHaveLength(1);
      expect(landing.received).toEqual([]);
      await sql(api, 'UPDATE notification_channels SET enabled = 0 WHERE id = ?', [channel]);
    });

    it('delivers over https to a listed receiver trusted through the CA file, pinned to the checked address', async () => {
      worker = await startWorker();
      resolveNames(worker, NAMES);
      const channel = (await createChannel(api, 'WEBHOOK', `https://hook.duban.test:${receiver.port}/ok/${PATH_SECRET}?token=${SECRET}`).expect(201)).body.id;
      const robot = (await createChannel(api, 'WECOM', `https://qyapi.weixin.qq.com:${robots.port}/cgi-bin/webhook/send?key=${ROBOT_KEY}`).expect(201)).body.id;
      const refusingRobot = (await createChannel(api, 'DINGTALK', `https://oapi.dingtalk.com:${robots.port}/robot/send?access_token=${SECRET}`).expect(201)).body.id;
      const [ok, wecom, dingtalk] = [await deliverTo(channel, 'ok'), await deliverTo(robot, 'wecom'), await deliverTo(refusingRobot, 'dingtalk')];

      await eventually(async () => (await delivery(ok)).state === 'SENT' && (await delivery(wecom)).state === 'SENT');
      expect(receiver.received).toEqual([
        expect.objectContaining({ url: `/ok/${PATH_SECRET}?token=${SECRET}`, body: expect.objectContaining({ deliveryId: String(ok), title: '到期提醒' }) }),
      ]);
      expect(receiver.received[0].headers['x-duban-delivery-id']).toBe(String(ok));
      expect(robots.received.find((r) => r.url.startsWith('/cgi-bin/'))?.body).toEqual({ msgtype: 'text', text: { content: '到期提醒\n任务已到期' } });

      const refused = await deliveryOnce(dingtalk, (d) => d.last_error !== null);
      expect(refused.last_error).toBe(`DINGTALK https://oapi.dingtalk.com:${robots.port}/… robot refused: 310000 keywords not in content, token ****`);
      await sql(api, 'UPDATE notification_channels SET enabled = 0 WHERE id = ?', [refusingRobot]);
    });
  });

  describe('what the api answers and logs', () => {
    it('lists channels with their secrets masked', async () => {
      const res = await http(api).get('/api/v1/notification-channels').set(as()).expect(200);
      const targets = (res.body.items as { target: string }[]).map((c) => c.target);
      expect(targets).toEqual(
        expect.arrayContaining([
          `https://hook.duban.test:${receiver.port}/unlisted/****?token=****`,
          `https://127.0.0.1:${redirector.port}/moved/****?token=****`,
          `https://qyapi.weixin.qq.com:${robots.port}/cgi-bin/webhook/send?key=****`,
          `https://oapi.dingtalk.com:${robots.port}/robot/send?access_token=****`,
        ]),
      );
      for (const secret of SECRETS) expect(JSON.stringify(res.body)).not.toContain(secret);
    });

    it('never stored or logged a secret', async () => {
      // Channel changes are audited with the target masked.
      const audited = await sql<{ action: string; after_value: unknown }>(api, `SELECT action, after_value FROM audit_log WHERE target = 'channel'`);
      expect(audited.filter((a) => a.action === 'channel.create').length).toBeGreaterThanOrEqual(4);
      for (const secret of SECRETS) expect(JSON.stringify(audited)).not.toContain(secret);
      const errors = await sql<{ last_error: string | null }>(api, 'SELECT last_error FROM deliveries');
      expect(errors.filter((e) => e.last_error).length).toBeGreaterThanOrEqual(4);
      // Delivery failures were logged, and without secrets.
      expect(logged.some((line) => line.includes('refused: target must reach a public address'))).toBe(true);
      for (const secret of SECRETS) {
        expect(errors.map((e) => e.last_error ?? '').filter((e) => e.includes(secret))).toEqual([]);
        expect(logged.filter((line) => line.includes(secret))).toEqual([]);
      }
    });
  });
});
