import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { Clock } from '@duban/domain';
import { NotificationEntity, SubjectType } from '@duban/persistence';
import { AuthUser } from '../auth/auth-user';
import { Page, PageRequest, pageOffset } from '../common/page';

export interface NotificationView {
  id: string;
  kind: string;
  subjectType: SubjectType;
  subjectId: number;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

/** Each person's inbox. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>,
    private readonly clock: Clock,
  ) {}

  async inbox(user: AuthUser, filter: { unread?: boolean }, page: PageRequest): Promise<Page<NotificationView>> {
    const [rows, total] = await this.notifications.findAndCount({
      where: { userId: user.id, ...(filter.unread ? { readAt: IsNull() } : {}) },
      order: { id: 'DESC' },
      ...pageOffset(page),
    });
    return {
      items: rows.map((n) => ({
        id: String(n.id),
        kind: n.kind,
        subjectType: n.subjectType,
        subjectId: n.subjectId,
        title: n.title,
        body: n.body,
        createdAt: n.createdAt.toISOString(),
        readAt: n.readAt?.toISOString() ?? null,
      })),
      total,
    };
  }

  async markRead(user: AuthUser, id: string): Promise<{ id: string; readAt: string }> {
    const row = await this.notifications.findOneBy({ id, userId: user.id });
    if (!row) throw new NotFoundException(`notification ${id} not found`);
    if (!row.readAt) await this.notifications.update({ id, readAt: IsNull() }, { readAt: this.clock.now() });
    const read = await this.notifications.findOneByOrFail({ id });
    return { id, readAt: read.readAt!.toISOString() };
  }
}
