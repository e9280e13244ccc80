import { Injectable, NotFoundException } from '@nestjs/common';
import { Clock } from '@duban/domain';
import { NotificationsRepository, SubjectType } from '@duban/persistence';
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
    private readonly notifications: NotificationsRepository,
    private readonly clock: Clock,
  ) {}

  async inbox(user: AuthUser, filter: { unread?: boolean }, page: PageRequest): Promise<Page<NotificationView>> {
    const { rows, total } = await this.notifications.inbox(user.id, Boolean(filter.unread), pageOffset(page));
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
    const row = await this.notifications.findOwn(user.id, id);
    if (!row) throw new NotFoundException(`notification ${id} not found`);
    const readAt = row.readAt ?? (await this.notifications.markRead(id, this.clock.now()));
    return { id, readAt: readAt.toISOString() };
  }
}
