import { NotFoundException } from '@nestjs/common';
import { FixedClock } from '@duban/domain';
import type { NotificationEntity, NotificationsRepository } from '@duban/persistence';
import type { AuthUser } from '../auth/auth-user';
import { NotificationsService } from './notifications.service';

/* NotificationsService over a mocked repository: each person's inbox, and reading a notification once. */
const NOW = new Date('2026-07-21T02:00:00Z');
const liaison: AuthUser = { id: 6, username: 'gaoxin', displayName: '刘洋', roles: ['UNIT_LIAISON'], unitId: 30, mustChangePassword: false };
const note = (patch: Partial<NotificationEntity> = {}): NotificationEntity => ({
  id: '77',
  userId: 6,
  kind: 'DUE',
  subjectType: 'OBLIGATION',
  subjectId: 300,
  stepKey: '1-2',
  title: '【到期】月度进展报送（2026-07）已到截止时间，现已逾期',
  body: '高新区：月度进展报送（2026-07），截止时间2026-07-20 18:00，已到截止时间，现已逾期。',
  createdAt: new Date('2026-07-20T10:00:00Z'),
  readAt: null,
  ...patch,
});

function setup(own: NotificationEntity | null) {
  const repo = {
    inbox: jest.fn(async () => ({ rows: [note()], total: 3 })),
    findOwn: jest.fn(async () => own),
    markRead: jest.fn(async (_id: string, at: Date) => at),
  } as unknown as jest.Mocked<NotificationsRepository>;
  return { service: new NotificationsService(repo, new FixedClock(NOW)), repo };
}

describe('NotificationsService', () => {
  it("pages the caller's own inbox, unread only when asked", async () => {
    const { service, repo } = setup(null);
    const page = await service.inbox(liaison, { unread: true }, { page: 1, pageSize: 20 });
    expect(repo.inbox).toHaveBeenCalledWith(6, true, { skip: 0, take: 20 });
    expect(page).toEqual({ items: [expect.objectContaining({ id: '77', kind: 'DUE', createdAt: '2026-07-20T10:00:00.000Z', readAt: null })], total: 3 });
    await service.inbox(liaison, {}, { page: 2, pageSize: 20 });
    expect(repo.inbox).toHaveBeenLastCalledWith(6, false, { skip: 20, take: 20 });
  });

  it('marks a notification read once; reading it again keeps the first time; another person’s is 404', async () => {
    const unread = setup(note());
    await expect(unread.service.markRead(liaison, '77')).resolves.toEqual({ id: '77', readAt: NOW.toISOString() });
    expect(unread.repo.findOwn).toHaveBeenCalledWith(6, '77');
    expect(unread.repo.markRead).toHaveBeenCalledWith('77', NOW);

    const read = setup(note({ readAt: new Date('2026-07-20T11:00:00Z') }));
    await expect(read.service.markRead(liaison, '77')).resolves.toEqual({ id: '77', readAt: '2026-07-20T11:00:00.000Z' });
    expect(read.repo.markRead).not.toHaveBeenCalled();

    await expect(setup(null).service.markRead(liaison, '78')).rejects.toThrow(NotFoundException);
  });
});
