import { NotFoundException } from '@nestjs/common';
import { FixedClock } from '@duban/domain';
import type { InboxRepository, NotificationEntity } from '@duban/persistence';
import type { AuthUser } from '../auth/auth-user';
import { NotificationsService } from './notifications.service';

/*
 * NotificationsService over a mocked inbox repository: each person's inbox, and marking one read once.
 */
const NOW = new Date('2026-07-21T02:00:00Z');
const liaison: AuthUser = { id: 6, username: 'gaoxin', displayName: '刘洋', roles: ['UNIT_LIAISON'], unitId: 30, mustChangePassword: false };

function notification(patch: Partial<NotificationEntity> = {}): NotificationEntity {
  return {
    id: '501',
    userId: liaison.id,
    kind: 'URGE',
    subjectType: 'OBLIGATION',
    subjectId: 41,
    stepKey: '1-3',
    title: '【催办】高新区2026年7月智能传感器产业链进展月报',
    body: '高新区：2026年7月智能传感器产业链进展月报已逾期，现予催办。',
    createdAt: new Date('2026-07-21T01:00:00Z'),
    readAt: null,
    ...patch,
  };
}

function setup(row: NotificationEntity | null = notification()) {
  const repo = {
    page: jest.fn(async () => ({ rows: row ? [row] : [], total: row ? 23 : 0 })),
    findOwn: jest.fn(async () => row),
    markRead: jest.fn(async (_id: string, at: Date) => at),
  } as unknown as jest.Mocked<InboxRepository>;
  return { service: new NotificationsService(repo, new FixedClock(NOW)), repo };
}

describe('NotificationsService', () => {
  describe('inbox', () => {
    it("pages the caller's own notifications, newest first", async () => {
      const { service, repo } = setup();
      const page = await service.inbox(liaison, {}, { page: 3, pageSize: 10 });
      expect(repo.page).toHaveBeenCalledWith(6, {}, { skip: 20, take: 10 });
      expect(page).toEqual({
        items: [
          {
            id: '501',
            kind: 'URGE',
            subjectType: 'OBLIGATION',
            subjectId: 41,
            title: '【催办】高新区2026年7月智能传感器产业链进展月报',
            body: '高新区：2026年7月智能传感器产业链进展月报已逾期，现予催办。',
            createdAt: '2026-07-21T01:00:00.000Z',
            readAt: null,
          },
        ],
        total: 23,
      });
    });

    it('keeps to the unread ones when asked', async () => {
      const { service, repo } = setup();
      await service.inbox(liaison, { unread: true }, { page: 1, pageSize: 20 });
      expect(repo.page).toHaveBeenCalledWith(6, { unread: true }, { skip: 0, take: 20 });
    });
  });

  describe('markRead', () => {
    it('records the time it was read, only if it is still unread', async () => {
      const { service, repo } = setup();
      expect(await service.markRead(liaison, '501')).toEqual({ id: '501', readAt: NOW.toISOString() });
      expect(repo.findOwn).toHaveBeenCalledWith(6, '501');
      expect(repo.markRead).toHaveBeenCalledWith('501', NOW);
    });

    it('leaves a notification already read as it was, and answers when it was read', async () => {
      const { service, repo } = setup(notification({ readAt: new Date('2026-07-21T01:30:00Z') }));
      expect(await service.markRead(liaison, '501')).toEqual({ id: '501', readAt: '2026-07-21T01:30:00.000Z' });
      expect(repo.markRead).not.toHaveBeenCalled();
    });

    it("answers 404 for someone else's or an unknown notification, changing nothing", async () => {
      const { service, repo } = setup(null);
      await expect(service.markRead(liaison, '502')).rejects.toThrow(new NotFoundException('notification 502 not found'));
      expect(repo.markRead).not.toHaveBeenCalled();
    });
  });
});
