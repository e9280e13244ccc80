import { BadRequestException, Injectable, Logger, NotFoundException, OnModuleInit, Optional } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '@duban/config';
import { Clock } from '@duban/domain';
import { JobName } from '@duban/queue';
import { ChannelKind, ChannelRow, ChannelsRepository, DeliveriesRepository, DeliveryMessageRow, Transactions } from '@duban/persistence';
import { OptionalJobs } from '../common/optional-jobs';
import { PageRequest, pageOffset } from '../common/page';
import { References } from '../common/references.service';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { EngineHooks } from '../engine/engine-hooks';
import { describeTarget, HttpChannelKind, maskTarget, scrubTarget, TargetRefused } from './outbound-targets';
import { DeliveryFailed, WebhookClient } from './webhook-client.service';
import { Metrics } from '@duban/platform';

/** A channel as the api answers it: its target without secrets. */
function channelView(row: ChannelRow) {
  return { ...row, target: maskTarget(row.kind, row.target) };
}

/** What a receiver is sent, per channel kind. */
export function deliveryPayload(kind: ChannelKind, d: Pick<DeliveryMessageRow, 'id' | 'title' | 'body' | 'noticeKind' | 'subjectType' | 'subjectId' | 'createdAt'>): unknown {
  switch (kind) {
    case 'WECOM':
    case 'DINGTALK':
      // Both robots take the same text message shape.
      return { msgtype: 'text', text: { content: `${d.title}\n${d.body}` } };
    default:
      return {
        deliveryId: String(d.id),
        kind: d.noticeKind,
        subjectType: d.subjectType,
        subjectId: d.subjectId,
        title: d.title,
        body: d.body,
        createdAt: d.createdAt.toISOString(),
      };
  }
}

/**
 * Delivers inbox notifications to webhooks, group robots and e-mail. A delivery row is
 * unique per (channel, subject, step); a job per row sends it with retries; a sent row is
 * never sent again. Receivers get a delivery id to drop the rare repeat after a crash
 * between sending and recording.
 */
@Injectable()
export class DeliveriesService implements OnModuleInit {
  private readonly logger = new Logger(DeliveriesService.name);
  private mailer: Transporter | null = null;

  constructor(
    private readonly channelsRepo: ChannelsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly producer: OptionalJobs,
    private readonly webhooks: WebhookClient,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly references: References,
    private readonly hooks: EngineHooks,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  /** The engine's steps write notifications; each reconciliation and each sweep that ran steps sends what is pending. */
  onModuleInit(): void {
    this.hooks.register({ name: 'deliveries', afterSteps: () => this.dispatchPending() });
  }

  async createChannel(actor: AuthUser, input: { kind: ChannelKind; target: string; unitId?: number; userId?: number }) {
    if ((input.unitId === undefined) === (input.userId === undefined)) throw new BadRequestException('give exactly one of unitId and userId');
    if (input.kind === 'EMAIL') {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.target)) throw new BadRequestException('target must be an e-mail address for an EMAIL channel');
      if (!this.config.smtp.url) throw new BadRequestException('kind: EMAIL needs SMTP_URL to be configured');
    } else {
      await this.webhooks.check(input.kind, input.target).catch((error: unknown) => {
        throw error instanceof TargetRefused ? new BadRequestException(error.message) : error;
      });
    }
    await this.references.assert(null, 'unit', 'unitId', [input.unitId]);
    await this.references.assert(null, 'user', 'userId', [input.userId]);
    return this.transactions.run(async (tx) => {
      const id = await this.channelsRepo.insert(tx, { kind: input.kind, target: input.target, unitId: input.unitId ?? null, userId: input.userId ?? null });
      const view = channelView((await this.channelsRepo.find(id, tx))!);
      // The audit keeps the masked target: a robot's key is a secret.
      await this.audit.record(tx, actor.id, { action: 'channel.create', target: 'channel', targetId: view.id, after: { ...view } });
      return view;
    });
  }

  async channels(page: PageRequest) {
    const { rows, total } = await this.channelsRepo.page(pageOffset(page));
    return { items: rows.map(channelView), total };
  }

  async removeChannel(actor: AuthUser, id: number): Promise<void> {
    await this.transactions.run(async (tx) => {
      if (!(await this.channelsRepo.disable(tx, id))) throw new NotFoundException(`channel ${id} not found`);
      await this.audit.record(tx, actor.id, { action: 'channel.disable', target: 'channel', targetId: id, after: { ...channelView((await this.channelsRepo.find(id, tx))!) } });
    });
  }

  /** Enqueues a job for every pending delivery (job ids dedupe what is already queued). */
  async dispatchPending(limit = 5000): Promise<number> {
    const jobs = this.producer.get();
    if (!jobs) return 0;
    const rows = await this.deliveries.pending(limit);
    if (rows.length === 0) return 0;
    await jobs.enqueueBulk(
      rows.map((r) => ({
        name: r.kind === 'EMAIL' ? JobName.DeliverEmail : JobName.DeliverWebhook,
        data: { deliveryId: String(r.id) },
        opts: { jobId: `delivery-${r.id}` },
      })),
    );
    return rows.length;
  }

  /**
   * Sends one delivery; throws (so the job retries) on failure, recording the error. A refused
   * target fails the delivery at once: retrying cannot help.
   */
  async deliver(id: string, finalAttempt: boolean): Promise<'sent' | 'skipped' | 'refused'> {
    const row = await this.deliveries.message(id);
    if (!row || row.state !== 'PENDING') return 'skipped';
    try {
      await this.send(row);
    } catch (error) {
      const message = failureMessage(error, row);
      const permanent = error instanceof DeliveryFailed && error.permanent;
      await this.deliveries.recordFailure(id, message, finalAttempt || permanent);
      this.metrics?.deliveries.inc({ channel: row.kind, outcome: 'failed' });
      this.logger.warn(`delivery ${id}: ${message}`);
      if (permanent) return 'refused';
      throw new Error(message);
    }
    await this.deliveries.recordSent(id, this.clock.now());
    this.metrics?.deliveries.inc({ channel: row.kind, outcome: 'sent' });
    return 'sent';
  }

  /**
   * Sends a test message through an enabled channel now (the console's 发送测试 button) and says
   * whether it arrived; a failure is the receiver's, so it is an answer, not an error.
   */
  async testChannel(id: number): Promise<{ delivered: boolean; error: string | null }> {
    const channel = await this.channelsRepo.findEnabled(id);
    if (!channel) throw new NotFoundException(`channel ${id} not found`);
    const row: DeliveryMessageRow = {
      id: `test-${id}`,
      state: 'PENDING',
      kind: channel.kind,
      target: channel.target,
      notificationId: '0',
      title: '督办系统测试消息',
      body: '这是一条来自督办系统的测试消息。收到即表示本通知渠道配置正确。',
      noticeKind: 'TEST',
      subjectType: 'CHANNEL',
      subjectId: id,
      createdAt: this.clock.now(),
    };
    try {
      await this.send(row);
      return { delivered: true, error: null };
    } catch (error) {
      const message = failureMessage(error, row);
      this.logger.warn(`test of channel ${id}: ${message}`);
      return { delivered: false, error: message.slice(0, 500) };
    }
  }

  private send(row: DeliveryMessageRow): Promise<void> {
    return row.kind === 'EMAIL' ? this.sendEmail(row) : this.post(row.kind, row);
  }

  private async post(kind: HttpChannelKind, row: DeliveryMessageRow): Promise<void> {
    const response = await this.webhooks.post(
      kind,
      row.target,
      { 'content-type': 'application/json; charset=utf-8', 'x-duban-delivery-id': String(row.id) },
      JSON.stringify(deliveryPayload(kind, row)),
    );
    if (kind === 'WEBHOOK') return void (await response.body?.cancel());
    // The robots answer 200 with an error code in the body.
    const body = (await response.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
    if (body.errcode) throw new DeliveryFailed(`${kind} ${describeTarget(row.target)} robot refused: ${body.errcode} ${scrubTarget(body.errmsg ?? '', row.target)}`);
  }

  private async sendEmail(row: DeliveryMessageRow): Promise<void> {
    if (!this.config.smtp.url) throw new Error('SMTP_URL is not configured');
    this.mailer ??= createTransport(this.config.smtp.url);
    await this.mailer.sendMail({
      from: this.config.smtp.from,
      to: row.target,
      subject: row.title,
      text: row.body,
      headers: { 'X-Duban-Delivery-Id': String(row.id) },
    });
  }
}

/** A failed delivery's message: DeliveryFailed messages are free of the target's secrets; anything else (not e-mail) is scrubbed. */
function failureMessage(error: unknown, row: Pick<DeliveryMessageRow, 'kind' | 'target'>): string {
  const raw = (error as Error).message;
  return error instanceof DeliveryFailed || row.kind === 'EMAIL' ? raw : `${row.kind} ${describeTarget(row.target)} failed: ${scrubTarget(raw, row.target)}`;
}
