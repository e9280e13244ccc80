import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { NotificationEntity } from '../supervision/supervision-entry.entity';

/** Each person's inbox: their notifications, newest first, and marking one read. */
@Injectable()
export class InboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(userId: number, filter: { unread?: boolean }, page: { skip: number; take: number }): Promise<{ rows: NotificationEntity[]; total: number }> {
    const [rows, total] = await this.db.getRepository(NotificationEntity).findAndCount({
      where: { userId, ...(filter.unread ? { readAt: IsNull() } : {}) },
      order: { id: 'DESC' },
      ...page,
    });
    return { rows, total };
  }

  /** The notification if it is `userId`'s. */
  findOwn(userId: number, id: string): Promise<NotificationEntity | null> {
    return this.db.getRepository(NotificationEntity).findOneBy({ id, userId });
  }

  /** Marks it read at `at` unless it already is (the first reading stands); answers when it was read. */
  async markRead(id: string, at: Date): Promise<Date> {
    const notifications = this.db.getRepository(NotificationEntity);
    await notifications.update({ id, readAt: IsNull() }, { readAt: at });
    const { readAt } = await notifications.findOneByOrFail({ id });
    return readAt!;
  }
}
