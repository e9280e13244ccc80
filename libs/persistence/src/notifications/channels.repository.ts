import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Tx } from '../transactions';

export const CHANNEL_KINDS = ['WEBHOOK', 'WECOM', 'DINGTALK', 'EMAIL'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A notification channel: a unit's group robot or webhook, or a person's e-mail. `target` holds its secret. */
export interface ChannelRow {
  id: number;
  kind: ChannelKind;
  target: string;
  unitId: number | null;
  userId: number | null;
  enabled: boolean;
}

const COLUMNS = 'id, kind, target, unit_id AS unitId, user_id AS userId, enabled';

/** Notification channels (通知渠道), which deliveries carry inbox notifications to. */
@Injectable()
export class ChannelsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(tx: Tx, c: { kind: ChannelKind; target: string; unitId: number | null; userId: number | null }): Promise<number> {
    const result = await tx.query('INSERT INTO notification_channels (kind, target, unit_id, user_id) VALUES (?, ?, ?, ?)', [c.kind, c.target, c.unitId, c.userId]);
    return Number(result.insertId);
  }

  async page(page: { skip: number; take: number }): Promise<{ rows: ChannelRow[]; total: number }> {
    const rows: RawChannel[] = await this.db.query(`SELECT ${COLUMNS} FROM notification_channels ORDER BY id LIMIT ? OFFSET ?`, [page.take, page.skip]);
    const [{ n }]: { n: string | number }[] = await this.db.query('SELECT COUNT(*) AS n FROM notification_channels');
    return { rows: rows.map(toChannel), total: Number(n) };
  }

  async find(id: number, tx?: Tx): Promise<ChannelRow | null> {
    const [row]: RawChannel[] = await (tx ?? this.db.manager).query(`SELECT ${COLUMNS} FROM notification_channels WHERE id = ?`, [id]);
    return row ? toChannel(row) : null;
  }

  async findEnabled(id: number): Promise<ChannelRow | null> {
    const [row]: RawChannel[] = await this.db.query(`SELECT ${COLUMNS} FROM notification_channels WHERE id = ? AND enabled = 1`, [id]);
    return row ? toChannel(row) : null;
  }

  /** Disables an enabled channel; false when there is none such. */
  async disable(tx: Tx, id: number): Promise<boolean> {
    const result = await tx.query('UPDATE notification_channels SET enabled = 0 WHERE id = ? AND enabled = 1', [id]);
    return result.affectedRows === 1;
  }
}

type RawChannel = Omit<ChannelRow, 'enabled'> & { enabled: number };

function toChannel(row: RawChannel): ChannelRow {
  return { ...row, enabled: Boolean(row.enabled) };
}
