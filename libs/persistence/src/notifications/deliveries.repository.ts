import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ChannelKind } from './channels.repository';

/** A delivery still to send, and which kind of channel it goes to. */
export interface PendingDeliveryRow {
  id: string;
  kind: ChannelKind;
}

/** A delivery with the notification it carries and the channel it goes to. */
export interface DeliveryMessageRow {
  id: string;
  state: 'PENDING' | 'SENT' | 'FAILED';
  kind: ChannelKind;
  target: string;
  notificationId: string;
  title: string;
  body: string;
  noticeKind: string;
  subjectType: string;
  subjectId: number;
  createdAt: Date;
}

/** Deliveries: one per (channel, subject, step); created with the notifications they carry (NotificationsRepository). */
@Injectable()
export class DeliveriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Pending deliveries, oldest first. */
  pending(limit: number): Promise<PendingDeliveryRow[]> {
    return this.db.query(
      `SELECT d.id, c.kind FROM deliveries d JOIN notification_channels c ON c.id = d.channel_id WHERE d.state = 'PENDING' ORDER BY d.id LIMIT ${Number(limit)}`,
    );
  }

  async message(id: string): Promise<DeliveryMessageRow | null> {
    const [row]: DeliveryMessageRow[] = await this.db.query(
      `SELECT d.id, d.state, c.kind, c.target, d.notification_id AS notificationId, n.title, n.body, n.kind AS noticeKind, n.subject_type AS subjectType,
              n.subject_id AS subjectId, n.created_at AS createdAt
         FROM deliveries d JOIN notification_channels c ON c.id = d.channel_id JOIN notifications n ON n.id = d.notification_id
        WHERE d.id = ?`,
      [id],
    );
    return row ?? null;
  }

  /** A pending delivery's attempt failed: the error is kept, and with `final` the delivery is given up (FAILED). */
  async recordFailure(id: string, error: string, final: boolean): Promise<void> {
    await this.db.query(`UPDATE deliveries SET attempts = attempts + 1, last_error = ?, state = IF(?, 'FAILED', state) WHERE id = ? AND state = 'PENDING'`, [
      error.slice(0, 500),
      final ? 1 : 0,
      id,
    ]);
  }

  /** A pending delivery was sent: it is never sent again. */
  async recordSent(id: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE deliveries SET attempts = attempts + 1, state = 'SENT', sent_at = ?, last_error = NULL WHERE id = ? AND state = 'PENDING'`, [at, id]);
  }
}
