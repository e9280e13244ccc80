import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { adminToken, createUser, eventually, http, isolatedEnvironment, sql, startApi, startWorker } from '../support/harness';
import { HttpsReceiver, resolveNames, selfSignedCertificate, startHttpsReceiver, TestCertificate, webhookEnvironment } from '../support/https-receiver';

/*
 * Notifications beyond the inbox: a webhook that fails and then recovers gets the message
 * exactly once; a WeCom robot gets its text format; e-mail goes out over SMTP.
 */
describe('notification delivery (e2e)', () => {
  let cleanup: () => Promise<void>;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let admin: string;
  let certificate: TestCertificate;
  let receiver: HttpsReceiver;
  let smtp: SMTPServer;
  const received: { path: string; body: unknown; deliveryId: string; status: number }[] = [];
  const mails: string[] = [];
  let failuresLeft = 2;

  beforeAll(async () => {
    certificate = selfSignedCertificate();
    receiver = await startHttpsReceiver(certificate, (req, res) => {
      const path = req.url.startsWith('/cgi-bin/webhook/send') ? '/wecom' : req.url;
      const failing = path === '/flaky' && failuresLeft-- > 0;
      const status = failing ? 503 : 200;
      received.push({ path, body: req.body, deliveryId: String(req.headers['x-duban-delivery-id']), status });
      res.writeHead(status, { 'content-type': 'application/json' }).end(path === '/wecom' ? '{"errcode":0,"errmsg":"ok"}' : '{}');
    });
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString()));
        stream.on('end', () => {
          mails.push(raw);
          done();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    cleanup = await isolatedEnvironment('deliveries', {
      DUBAN_TICK_MS: '1000',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SMTP_FROM: 'duban@example.test',
      ...webhookEnvironment(certificate),
    });
    api = await startApi();
    worker = await startWorker();
    // The WeCom robot's host answers from the local receiver.
    for (const app of [api, worker]) resolveNames(app, { 'qyapi.weixin.qq.com': ['127.0.0.1'] });
    admin = await adminToken(api);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await cleanup?.();
    await receiver?.close();
    certificate?.remove();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  it('delivers each step once to a webhook that fails twice, to a WeCom robot, and by e-mail', async () => {
    const base = receiver.url('');
    const issuerUnit = (await http(api).post('/api/v1/units').set(as(admin)).send({ name: '市发展改革委', kind: 'DEPARTMENT' }).expect(201)).body.id;
    const ownerUnit = (await http(api).post('/api/v1/units').set(as(admin)).send({ name: '高新区', kind: 'ZONE' }).expect(201)).body.id;
    const issuer = await createUser(api, admin, { roles: ['LEAD_UNIT'], unitId: issuerUnit });
    const liaisons = [await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: ownerUnit }), await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: ownerUnit })];

    // A unit's channel gets one message per step, though two of its people are notified.
    await http(api)
      .post('/api/v1/notification-channels')
      .set(as(admin))
      .send({ kind: 'WEBHOOK', target: `${base}/flaky`, unitId: ownerUnit })
      .expect(201);
    const robot = `https://qyapi.weixin.qq.com:${receiver.port}/cgi-bin/webhook/send?key=chaos-robot-key`;
    await http(api).post('/api/v1/notification-channels').set(as(admin)).send({ kind: 'WECOM', target: robot, unitId: ownerUnit }).expect(201);
    await http(api).post('/api/v1/notification-channels').set(as(admin)).send({ kind: 'EMAIL', target: 'liaison@example.test', userId: liaisons[0].id }).expect(201);
    const bad = await http(api).post('/api/v1/notification-channels').set(as(admin)).send({ kind: 'WEBHOOK', target: 'not a url', unitId: ownerUnit }).expect(400);
    expect(bad.body.message).toContain('target');
    await http(api)
      .post('/api/v1/notification-channels')
      .set(as(liaisons[0].token))
      .send({ kind: 'WEBHOOK', target: `${base}/x`, unitId: ownerUnit })
      .expect(403);

    const policy = await http(api)
      .post('/api/v1/escalation-policies')
      .set(as(admin))
      .send({ name: '单步规则', steps: [{ offset: 'PT0S', calendar: 'natural', action: 'due' }] })
      .expect(201);
    // Only a supervisor or an admin chooses a task's escalation policy.
    const task = await http(api)
      .post('/api/v1/tasks')
      .set(as(admin))
      .send({ title: '报送高新区传感器园区建设进度', issuerUnitId: issuerUnit, ownerUnitId: ownerUnit, dueAt: new Date(Date.now() + 1500).toISOString(), policyId: policy.body.id })
      .expect(201);
    await http(api).post(`/api/v1/tasks/${task.body.id}/transitions`).set(as(issuer.token)).send({ action: 'assign' }).expect(200);

    await eventually(
      async () => {
        const [row] = await sql<{ n: number }>(api, `SELECT COUNT(*) AS n FROM deliveries WHERE state = 'SENT'`);
        return Number(row.n) === 3;
      },
      30_000,
      200,
    );

    const flaky = received.filter((r) => r.path === '/flaky');
    expect(flaky.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(new Set(flaky.map((r) => r.deliveryId)).size).toBe(1);
    expect(flaky[2].body).toMatchObject({ kind: 'DUE', subjectType: 'TASK', subjectId: task.body.id, title: expect.stringContaining('报送高新区传感器园区建设进度') });
    const wecom = received.filter((r) => r.path === '/wecom');
    expect(wecom).toHaveLength(1);
    expect(wecom[0].body).toEqual({ msgtype: 'text', text: { content: expect.stringContaining('高新区') } });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('liaison@example.test');
    const [attempts] = await sql<{ attempts: number }>(
      api,
      `SELECT d.attempts FROM deliveries d JOIN notification_channels c ON c.id = d.channel_id WHERE c.target LIKE '%/flaky'`,
    );
    expect(Number(attempts.attempts)).toBe(3);

    // Later sweeps and reconciliations send nothing again.
    await new Promise((r) => setTimeout(r, 2500));
    expect(received.filter((r) => r.status === 200)).toHaveLength(2);
    expect(mails).toHaveLength(1);
  });
});
