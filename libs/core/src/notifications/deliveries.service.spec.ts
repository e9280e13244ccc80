import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { AppConfig } from '@duban/config';
import { FixedClock } from '@duban/domain';
import { JobName } from '@duban/queue';
import { Response } from 'undici';
import type { ChannelRow, ChannelsRepository, DeliveriesRepository, DeliveryMessageRow, Transactions, Tx } from '@duban/persistence';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import type { OptionalJobs } from '../common/optional-jobs';
import type { References } from '../common/references.service';
import { EngineHooks } from '../engine/engine-hooks';
import { DeliveriesService, deliveryPayload } from './deliveries.service';
import { TargetRefused } from './outbound-targets';
import { DeliveryFailed, type WebhookClient } from './webhook-client.service';

/*
 * DeliveriesService over mocked repositories: channels are configured with their secrets masked in
 * every answer and audit entry; a delivery is sent once, its failure recorded (given up when retrying
 * cannot help); the engine wakes its dispatch after steps without importing it.
 */
const NOW = new Date('2026-07-20T16:00:00Z');
const TX = { tx: 'the change' } as unknown as Tx;
const ROBOT = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=9f1c-secret-key';
const admin: AuthUser = { id: 1, username: 'admin', displayName: '管理员', roles: ['ADMIN'], unitId: null, mustChangePassword: false };
const channel: ChannelRow = { id: 8, kind: 'WECOM', target: ROBOT, unitId: 30, userId: null, enabled: true };
const message: DeliveryMessageRow = {
  id: '501',
  state: 'PENDING',
  kind: 'WEBHOOK',
  target: 'https://hooks.example.gov.cn/duban',
  notificationId: '77',
  title: '【到期】月度进展报送（2026-07）已到期',
  body: '高新区：月度进展报送（2026-07），截止时间2026-07-20 23:59，已到期。请尽快办理并反馈。',
  noticeKind: 'DUE',
  subjectType: 'OBLIGATION',
  subjectId: 300,
  createdAt: NOW,
};

function setup(row: DeliveryMessageRow | null = message) {
  const channels = {
    insert: jest.fn(async () => 8),
    find: jest.fn(async () => channel),
    findEnabled: jest.fn(async () => channel as ChannelRow | null),
    page: jest.fn(async () => ({ rows: [channel], total: 1 })),
    disable: jest.fn(async () => true),
  } as unknown as jest.Mocked<ChannelsRepository>;
  const deliveries = {
    pending: jest.fn(async () => [
      { id: '501', kind: 'WEBHOOK' },
      { id: '502', kind: 'EMAIL' },
    ]),
    message: jest.fn(async () => row),
    recordFailure: jest.fn(async () => undefined),
    recordSent: jest.fn(async () => undefined),
  } as unknown as jest.Mocked<DeliveriesRepository>;
  const jobs = { enqueueBulk: jest.fn(async () => undefined) };
  const producer = { get: jest.fn(() => jobs) } as unknown as jest.Mocked<OptionalJobs>;
  const webhooks = {
    check: jest.fn(async () => undefined),
    post: jest.fn(async () => new Response('{}', { status: 200 })),
  } as unknown as jest.Mocked<WebhookClient>;
  const config = { smtp: { url: null, from: 'duban@example.gov.cn' } } as unknown as AppConfig;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const audit = { record: jest.fn(async () => undefined) } as unknown as jest.Mocked<AuditService>;
  const references = { assert: jest.fn(async () => undefined) } as unknown as jest.Mocked<References>;
  const hooks = new EngineHooks();
  const service = new DeliveriesService(channels, deliveries, new FixedClock(NOW), config, producer, webhooks, transactions, audit, references, hooks);
  return { service, channels, deliveries, jobs, producer, webhooks, audit, references, hooks };
}

describe('DeliveriesService', () => {
  it("creates a unit's robot channel after checking its target, and answers and audits it with the key masked", async () => {
    const { service, channels, webhooks, audit, references } = setup();
    const view = await service.createChannel(admin, { kind: 'WECOM', target: ROBOT, unitId: 30 });
    expect(webhooks.check).toHaveBeenCalledWith('WECOM', ROBOT);
    expect(references.assert).toHaveBeenCalledWith(null, 'unit', 'unitId', [30]);
    expect(channels.insert).toHaveBeenCalledWith(TX, { kind: 'WECOM', target: ROBOT, unitId: 30, userId: null });
    expect(view).toMatchObject({ id: 8, kind: 'WECOM', unitId: 30, enabled: true });
    expect(JSON.stringify(view)).not.toContain('9f1c-secret-key');
    expect(JSON.stringify(audit.record.mock.calls)).not.toContain('9f1c-secret-key');
    expect(JSON.stringify(await service.channels({ page: 1, pageSize: 20 }))).not.toContain('9f1c-secret-key');
  });

  it('refuses a channel for both a unit and a user, an e-mail without SMTP, and a target the client refuses, writing nothing', async () => {
    const { service, channels, webhooks } = setup();
    await expect(service.createChannel(admin, { kind: 'WECOM', target: ROBOT, unitId: 30, userId: 6 })).rejects.toThrow('give exactly one of unitId and userId');
    await expect(service.createChannel(admin, { kind: 'EMAIL', target: 'liu@example.gov.cn', userId: 6 })).rejects.toThrow('kind: EMAIL needs SMTP_URL to be configured');
    webhooks.check.mockRejectedValue(new TargetRefused('target: 10.0.0.1 is a private address'));
    await expect(service.createChannel(admin, { kind: 'WEBHOOK', target: 'http://10.0.0.1/', unitId: 30 })).rejects.toThrow(BadRequestException);
    expect(channels.insert).not.toHaveBeenCalled();
  });

  it('disables an enabled channel, audited; 404 when there is none', async () => {
    const { service, channels, audit } = setup();
    await service.removeChannel(admin, 8);
    expect(channels.disable).toHaveBeenCalledWith(TX, 8);
    expect(audit.record).toHaveBeenCalledWith(TX, admin.id, expect.objectContaining({ action: 'channel.disable', targetId: 8 }));
    channels.disable.mockResolvedValue(false);
    await expect(service.removeChannel(admin, 9)).rejects.toThrow(NotFoundException);
  });

  it('enqueues one job per pending delivery, by kind, with ids that deduplicate; none without a queue', async () => {
    const { service, jobs, producer } = setup();
    await expect(service.dispatchPending()).resolves.toBe(2);
    expect(jobs.enqueueBulk).toHaveBeenCalledWith([
      { name: JobName.DeliverWebhook, data: { deliveryId: '501' }, opts: { jobId: 'delivery-501' } },
      { name: JobName.DeliverEmail, data: { deliveryId: '502' }, opts: { jobId: 'delivery-502' } },
    ]);
    producer.get.mockReturnValue(null);
    await expect(service.dispatchPending()).resolves.toBe(0);
  });

  it('registers with the engine, which dispatches after steps (the engine imports no delivery code)', async () => {
    const { service, jobs, hooks } = setup();
    service.onModuleInit();
    await hooks.afterTick();
    expect(jobs.enqueueBulk).not.toHaveBeenCalled();
    await hooks.afterSteps();
    expect(jobs.enqueueBulk).toHaveBeenCalledTimes(1);
  });

  it('sends a pending delivery once with its id, and records it sent; skips one already sent or gone', async () => {
    const { service, webhooks, deliveries } = setup();
    await expect(service.deliver('501', false)).resolves.toBe('sent');
    expect(webhooks.post).toHaveBeenCalledWith(
      'WEBHOOK',
      message.target,
      expect.objectContaining({ 'x-duban-delivery-id': '501' }),
      JSON.stringify(deliveryPayload('WEBHOOK', message)),
    );
    expect(deliveries.recordSent).toHaveBeenCalledWith('501', NOW);

    await expect(setup({ ...message, state: 'SENT' }).service.deliver('501', false)).resolves.toBe('skipped');
    await expect(setup(null).service.deliver('501', false)).resolves.toBe('skipped');
  });

  it('records a failure and throws so the job retries; gives up at the last attempt, and at once when the target is refused', async () => {
    const { service, webhooks, deliveries } = setup();
    webhooks.post.mockRejectedValueOnce(new DeliveryFailed('WEBHOOK hooks.example.gov.cn answered 503'));
    await expect(service.deliver('501', false)).rejects.toThrow('answered 503');
    expect(deliveries.recordFailure).toHaveBeenLastCalledWith('501', 'WEBHOOK hooks.example.gov.cn answered 503', false);

    webhooks.post.mockRejectedValueOnce(new DeliveryFailed('WEBHOOK hooks.example.gov.cn answered 503'));
    await expect(service.deliver('501', true)).rejects.toThrow();
    expect(deliveries.recordFailure).toHaveBeenLastCalledWith('501', expect.any(String), true);

    webhooks.post.mockRejectedValueOnce(new DeliveryFailed('WEBHOOK hooks.example.gov.cn resolves to a private address', true));
    await expect(service.deliver('501', false)).resolves.toBe('refused');
    expect(deliveries.recordFailure).toHaveBeenLastCalledWith('501', expect.stringContaining('private address'), true);
    expect(deliveries.recordSent).not.toHaveBeenCalled();
  });

  it('sends a robot the text message its kind takes, and a test message through an enabled channel as an answer, not an error', async () => {
    expect(deliveryPayload('DINGTALK', message)).toEqual({ msgtype: 'text', text: { content: `${message.title}\n${message.body}` } });
    const { service, webhooks, channels } = setup();
    webhooks.post.mockResolvedValueOnce(new Response(JSON.stringify({ errcode: 93000, errmsg: 'invalid webhook url' }), { status: 200 }));
    const failed = await service.testChannel(8);
    expect(failed.delivered).toBe(false);
    expect(failed.error).toContain('93000');
    expect(failed.error).not.toContain('9f1c-secret-key');
    await expect(service.testChannel(8)).resolves.toEqual({ delivered: true, error: null });
    channels.findEnabled.mockResolvedValue(null);
    await expect(service.testChannel(9)).rejects.toThrow(NotFoundException);
  });
});
