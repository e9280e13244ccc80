import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { AppConfig } from '@duban/config';
import { Clock } from '@duban/domain';
import { JobName } from '@duban/queue';
import { OptionalJobs } from '../common/optional-jobs';
import { assertReferences } from '../common/references';
import { UnitEntity, UserEntity } from '@duban/persistence';

export const CHANNEL_KINDS = ['WEBHOOK', 'WECOM', 'DINGTALK', 'EMAIL'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

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
  ) {}

  async createChannel(input: { kind: ChannelKind; target: string; unitId?: number; userId?: number }) {
    if ((input.unitId === undefined) === (input.userId === undefined)) throw new BadRequestException('give exactly one of unitId and userId');
    if (input.kind === 'EMAIL') {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.target)) throw new BadRequestException('target must be an e-mail address for an EMAIL channel');
      if (!this.config.smtp.url) throw new BadRequestException('kind: EMAIL needs SMTP_URL to be configured');
    } else if (!/^https?:\/\/\S+$/.test(input.target)) {
      throw new BadRequestException(`target must be an http(s) URL for a ${input.kind} channel`);
    }
    await assertReferences(this.db.manager, UnitEntity, 'unitId', [input.unitId], 'unit');
    await assertReferences(this.db.manager, UserEntity, 'userId', [input.userId], 'user');
    const result = await this.db.query('INSERT INTO notification_channels (kind, target, unit_id, user_id) VALUES (?, ?, ?, ?)', [
      input.kind,
      input.target,
      input.unitId ?? null,
      input.userId ?? null,
    ]);
    return this.channel(Number(result.insertId));
  }

  async channels() {
    const rows = await this.db.query('SELECT id, kind, target, unit_id AS unitId, user_id AS userId, enabled FROM notification_channels ORDER BY id');
    return { items: rows.map((r: Record<string, unknown>) => ({ ...r, enabled: Boolean(r.enabled) })), total: rows.length };
  }

  async removeChannel(id: number): Promise<void> {
    const result = await this.db.query('UPDATE notification_channels SET enabled = 0 WHERE id = ? AND enabled = 1', [id]);
    if (result.affectedRows !== 1) throw new NotFoundException(`channel ${id} not found`);
  }

  private async channel(id: number) {
    const [row] = await this.db.query('SELECT id, kind, target, unit_id AS unitId, user_id AS userId, enabled FROM notification_channels WHERE id = ?', [id]);
    return { ...row, enabled: Boolean(row.enabled) };
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

  /** Sends one delivery; throws (so the job retries) on failure, recording the error. */
  async deliver(id: string, finalAttempt: boolean): Promise<'sent' | 'skipped'> {
    const [row]: DeliveryRow[] = await this.db.query(
      `SELECT d.id, d.state, c.kind, c.target, d.notification_id, n.title, n.body, n.kind AS notice_kind, n.subject_type, n.subject_id, n.created_at
         FROM deliveries d JOIN notification_channels c ON c.id = d.channel_id JOIN notifications n ON n.id = d.notification_id
        WHERE d.id = ?`,
      [id],
    );
    if (!row || row.state !== 'PENDING') return 'skipped';
    try {
      if (row.kind === 'EMAIL') await this.sendEmail(row);
      else await this.post(row);
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      await this.db.query(`UPDATE deliveries SET attempts = attempts + 1, last_error = ?, state = IF(?, 'FAILED', state) WHERE id = ? AND state = 'PENDING'`, [
        message,
        finalAttempt ? 1 : 0,
        id,
      ]);
      throw error;
    }
    await this.db.query(`UPDATE deliveries SET attempts = attempts + 1, state = 'SENT', sent_at = ?, last_error = NULL WHERE id = ? AND state = 'PENDING'`, [
      this.clock.now(),
      id,
    ]);
    return 'sent';
  }

  private async post(row: DeliveryRow): Promise<void> {
    const response = await fetch(row.target, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-duban-delivery-id': String(row.id) },
      body: JSON.stringify(deliveryPayload(row.kind, row)),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`${row.kind} ${row.target} answered ${response.status}`);
    if (row.kind !== 'WEBHOOK') {
      // The robots answer 200 with an error code in the body.
      const body = (await response.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
      if (body.errcode) throw new Error(`${row.kind} robot refused: ${body.errcode} ${body.errmsg ?? ''}`);
    }
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
