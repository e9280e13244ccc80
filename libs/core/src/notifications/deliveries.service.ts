import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@duban/config';
import { Clock } from '@duban/domain';
import { JobName } from '@duban/queue';
import { OptionalJobs } from '../common/optional-jobs';
import { PageRequest, pageOffset } from '../common/page';
import { References } from '../common/references.service';
import { Transactions } from '@duban/persistence';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { describeTarget, HttpChannelKind, maskTarget, scrubTarget, TargetRefused } from './outbound-targets';
import { DeliveryFailed, WebhookClient } from './webhook-client.service';

export const CHANNEL_KINDS = ['WEBHOOK', 'WECOM', 'DINGTALK', 'EMAIL'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

interface ChannelRow {
  id: number;
  kind: ChannelKind;
  target: string;
  unitId: number | null;
  userId: number | null;
  enabled: number;
}

/** A channel as the api answers it: its target without secrets. */
function channelView(row: ChannelRow) {
  return { ...row, target: maskTarget(row.kind, row.target), enabled: Boolean(row.enabled) };
}

interface DeliveryRow {
  id: string;
  state: string;
  kind: ChannelKind;
  target: string;
  notification_id: string;
  title: string;
  body: string;
  notice_kind: string;
  subject_type: string;
  subject_id: number;
  created_at: Date;
}

/** What a receiver is sent, per channel kind. */
export function deliveryPayload(kind: ChannelKind, d: Pick<DeliveryRow, 'id' | 'title' | 'body' | 'notice_kind' | 'subject_type' | 'subject_id' | 'created_at'>): unknown {
  switch (kind) {
    case 'WECOM':
    case 'DINGTALK':
      // Both robots take the same text message shape.
      return { msgtype: 'text', text: { content: `${d.title}\n${d.body}` } };
    default:
      return {
        deliveryId: String(d.id),
        kind: d.notice_kind,
        subjectType: d.subject_type,
        subjectId: d.subject_id,
        title: d.title,
        body: d.body,
        createdAt: d.created_at.toISOString(),
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
export class DeliveriesService {
  private readonly logger = new Logger(DeliveriesService.name);
  private mailer: Transporter | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly producer: OptionalJobs,
    private readonly webhooks: WebhookClient,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly references: References,
  ) {}

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
      const result = await tx.query('INSERT INTO notification_channels (kind, target, unit_id, user_id) VALUES (?, ?, ?, ?)', [
        input.kind,
        input.target,
        input.unitId ?? null,
        input.userId ?? null,
      ]);
      const view = await this.channel(Number(result.insertId), tx);
      // The audit keeps the masked target: a robot's key is a secret.
      await this.audit.record(tx, actor.id, { action: 'channel.create', target: 'channel', targetId: view.id, after: { ...view } });
      return view;
    });
  }

  async channels(page: PageRequest) {
    const { skip, take } = pageOffset(page);
    const rows: ChannelRow[] = await this.db.query('SELECT id, kind, target, unit_id AS unitId, user_id AS userId, enabled FROM notification_channels ORDER BY id LIMIT ? OFFSET ?', [take, skip]);
    const [{ n }]: { n: string }[] = await this.db.query('SELECT COUNT(*) AS n FROM notification_channels');
    return { items: rows.map(channelView), total: Number(n) };
  }

  async removeChannel(actor: AuthUser, id: number): Promise<void> {
    await this.transactions.run(async (tx) => {
      const result = await tx.query('UPDATE notification_channels SET enabled = 0 WHERE id = ? AND enabled = 1', [id]);
      if (result.affectedRows !== 1) throw new NotFoundException(`channel ${id} not found`);
      await this.audit.record(tx, actor.id, { action: 'channel.disable', target: 'channel', targetId: id, after: { ...(await this.channel(id, tx)) } });
    });
  }

  private async channel(id: number, tx: EntityManager = this.db.manager) {
    const [row]: ChannelRow[] = await tx.query('SELECT id, kind, target, unit_id AS unitId, user_id AS userId, enabled FROM notification_channels WHERE id = ?', [id]);
    return channelView(row);
  }

  /** Enqueues a job for every pending delivery (job ids dedupe what is already queued). */
  async dispatchPending(limit = 5000): Promise<number> {
    const jobs = this.producer.get();
    if (!jobs) return 0;
    const rows: { id: string; kind: ChannelKind }[] = await this.db.query(
      `SELECT d.id, c.kind FROM deliveries d JOIN notification_channels c ON c.id = d.channel_id WHERE d.state = 'PENDING' ORDER BY d.id LIMIT ${limit}`,
    );
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
    const [row]: DeliveryRow[] = await this.db.query(
      `SELECT d.id, d.state, c.kind, c.target, d.notification_id, n.title, n.body, n.kind AS notice_kind, n.subject_type, n.subject_id, n.created_at
         FROM deliveries d JOIN notification_channels c ON c.id = d.channel_id JOIN notifications n ON n.id = d.notification_id
        WHERE d.id = ?`,
      [id],
    );
    if (!row || row.state !== 'PENDING') return 'skipped';
    try {
      await this.send(row);
    } catch (error) {
      const message = failureMessage(error, row);
      const permanent = error instanceof DeliveryFailed && error.permanent;
      await this.db.query(`UPDATE deliveries SET attempts = attempts + 1, last_error = ?, state = IF(?, 'FAILED', state) WHERE id = ? AND state = 'PENDING'`, [
        message.slice(0, 500),
        finalAttempt || permanent ? 1 : 0,
        id,
      ]);
      this.logger.warn(`delivery ${id}: ${message}`);
      if (permanent) return 'refused';
      throw new Error(message);
    }
    await this.db.query(`UPDATE deliveries SET attempts = attempts + 1, state = 'SENT', sent_at = ?, last_error = NULL WHERE id = ? AND state = 'PENDING'`, [
      this.clock.now(),
      id,
    ]);
    return 'sent';
  }

  /**
   * Sends a test message through an enabled channel now (the console's 发送测试 button) and says
   * whether it arrived; a failure is the receiver's, so it is an answer, not an error.
   */
  async testChannel(id: number): Promise<{ delivered: boolean; error: string | null }> {
    const [channel]: ChannelRow[] = await this.db.query('SELECT id, kind, target, unit_id AS unitId, user_id AS userId, enabled FROM notification_channels WHERE id = ? AND enabled = 1', [id]);
    if (!channel) throw new NotFoundException(`channel ${id} not found`);
    const row: DeliveryRow = {
      id: `test-${id}`,
      state: 'PENDING',
      kind: channel.kind,
      target: channel.target,
      notification_id: '0',
      title: '督办系统测试消息',
      body: '这是一条来自督办系统的测试消息。收到即表示本通知渠道配置正确。',
      notice_kind: 'TEST',
      subject_type: 'CHANNEL',
      subject_id: id,
      created_at: this.clock.now(),
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

  private send(row: DeliveryRow): Promise<void> {
    return row.kind === 'EMAIL' ? this.sendEmail(row) : this.post(row.kind, row);
  }

  private async post(kind: HttpChannelKind, row: DeliveryRow): Promise<void> {
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

  private async sendEmail(row: DeliveryRow): Promise<void> {
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
function failureMessage(error: unknown, row: Pick<DeliveryRow, 'kind' | 'target'>): string {
  const raw = (error as Error).message;
  return error instanceof DeliveryFailed || row.kind === 'EMAIL' ? raw : `${row.kind} ${describeTarget(row.target)} failed: ${scrubTarget(raw, row.target)}`;
}
