import { ConflictException, NotFoundException } from '@nestjs/common';
import { FixedClock } from '@duban/domain';
import { NotificationsRepository, SUBJECTS, SupervisedRow, SupervisionRepository, Transactions, Tx } from '@duban/persistence';
import { RetryLaterException } from '@duban/platform';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import type { DeliveriesService } from '../notifications/deliveries.service';
import type { ZoneService } from '../profiles/zone.service';
import { SupervisionActionsService } from './supervision-actions.service';
import type { SupervisionService } from './supervision.service';

/*
 * SupervisionActionsService over mocked repositories: a supervisor's 催办 and 督办/挂牌督办, each
 * the domain's decision applied to the locked subject with its event, the owner unit told and
 * the act audited in one transaction, and the deliveries queued after it.
 */
const NOW = new Date('2026-08-07T01:00:00Z');
const TX = { tx: 'the transaction' } as unknown as Tx;
const supervisor: AuthUser = { id: 3, username: 'ducha', displayName: '赵敏', roles: ['SUPERVISOR'], unitId: 50, mustChangePassword: false };
const TASK = { subjectType: 'TASK' as const, subjectId: 802 };

function subject(patch: Partial<SupervisedRow> = {}): SupervisedRow {
  return { id: 802, state: 'ASSIGNED', version: 4, escalationLevel: 1, ownerUnitId: 31, dueAt: new Date('2026-08-03T02:00:00Z'), ...patch };
}

function setup(row: SupervisedRow | null = subject(), zone = 'Asia/Shanghai') {
  const supervision = {
    lockSubject: jest.fn(async () => row),
    lastManualUrgeAt: jest.fn(async () => null),
    applyLevel: jest.fn(async () => '9001'),
    lockOpenEntry: jest.fn(async () => null),
    openOrRaiseEntry: jest.fn(async () => 66),
  } as unknown as jest.Mocked<SupervisionRepository>;
  const notifications = { notifySubjects: jest.fn(async () => undefined) } as unknown as jest.Mocked<NotificationsRepository>;
  const board = { entry: jest.fn(async (id: number) => ({ id, level: 3 })) } as unknown as jest.Mocked<SupervisionService>;
  const deliveries = { dispatchPending: jest.fn(async () => 1) } as unknown as jest.Mocked<DeliveriesService>;
  const audit = { record: jest.fn(async () => undefined) } as unknown as jest.Mocked<AuditService>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const zones = { zone: jest.fn(async () => zone) } as unknown as jest.Mocked<ZoneService>;
  const service = new SupervisionActionsService(transactions, supervision, notifications, board, deliveries, audit, new FixedClock(NOW), zones);
  return { service, supervision, notifications, deliveries, audit, transactions };
}

describe('SupervisionActionsService', () => {
  it('urges now: the level at least 1 with an urge event, the owner unit told (due time in the profile zone), audited, then deliveries queued', async () => {
    const { service, supervision, notifications, audit, deliveries } = setup();
    const event = await service.urge(supervisor, { ...TASK, message: '请于今日内反馈' });
    const data = { manual: true, level: 1 };
    expect(supervision.applyLevel).toHaveBeenCalledWith(
      TX,
      expect.objectContaining(TASK),
      { level: 1, version: 4 },
      { at: NOW, actorId: 3, action: 'urge', fromState: null, toState: null, comment: '请于今日内反馈', data },
    );
    expect(notifications.notifySubjects).toHaveBeenCalledWith(
      TX,
      SUBJECTS.TASK,
      [802],
      expect.objectContaining({ kind: 'URGE', key: { event: '9001' }, roles: ['OWNER'], at: NOW }),
    );
    expect(JSON.stringify(notifications.notifySubjects.mock.calls[0][3].parts)).toContain('2026-08-03 10:00');
    expect(audit.record).toHaveBeenCalledWith(TX, 3, expect.objectContaining({ action: 'supervision.urge', target: 'task', targetId: 802, before: { escalationLevel: 1 } }));
    expect(deliveries.dispatchPending).toHaveBeenCalled();
    expect(event).toMatchObject({ id: '9001', action: 'urge', actorName: '赵敏', data });
  });

  it('refuses to urge twice within the hour (429 with when to retry), a settled subject (409), an unseen one (404), writing nothing', async () => {
    const soon = setup();
    soon.supervision.lastManualUrgeAt.mockResolvedValue(new Date(NOW.getTime() - 20 * 60_000));
    const refused = await soon.service.urge(supervisor, { ...TASK, message: '再催' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RetryLaterException);
    const done = setup(subject({ state: 'DONE' }));
    await expect(done.service.urge(supervisor, { ...TASK, message: '催' })).rejects.toThrow(ConflictException);
    const unseen = setup(null);
    await expect(unseen.service.urge(supervisor, { ...TASK, message: '催' })).rejects.toThrow(new NotFoundException('subjectId: task 802 not found'));
    for (const s of [soon, done, unseen]) {
      expect(s.supervision.applyLevel).not.toHaveBeenCalled();
      expect(s.notifications.notifySubjects).not.toHaveBeenCalled();
      expect(s.audit.record).not.toHaveBeenCalled();
    }
  });

  it('lists a subject (挂牌督办): its entry opened or raised, its level and escalate event naming the entry, in one transaction', async () => {
    const { service, supervision, audit, transactions } = setup();
    supervision.lockOpenEntry.mockResolvedValue({ level: 2 } as never);
    const entry = await service.decide(supervisor, { ...TASK, level: 3, reason: '逾期未办，挂牌督办' });
    expect(transactions.run).toHaveBeenCalledTimes(1);
    expect(supervision.openOrRaiseEntry).toHaveBeenCalledWith(TX, { ...TASK, level: 3, reason: '逾期未办，挂牌督办', ownerUnitId: 31, at: NOW });
    expect(supervision.applyLevel).toHaveBeenCalledWith(
      TX,
      expect.objectContaining(TASK),
      { level: 3, version: 4 },
      expect.objectContaining({ action: 'escalate', data: { manual: true, level: 3, entryId: 66 } }),
    );
    expect(audit.record).toHaveBeenCalledWith(
      TX,
      3,
      expect.objectContaining({ before: { level: 2, escalationLevel: 1 }, after: expect.objectContaining({ level: 3, escalationLevel: 3, entryId: 66 }) }),
    );
    expect(entry).toEqual({ id: 66, level: 3 });
  });

  it('refuses a level not above the open entry’s (409), and a subject moved meanwhile (409)', async () => {
    const lower = setup();
    lower.supervision.lockOpenEntry.mockResolvedValue({ level: 3 } as never);
    await expect(lower.service.decide(supervisor, { ...TASK, level: 2, reason: '督办' })).rejects.toThrow('levels only go up');
    expect(lower.supervision.openOrRaiseEntry).not.toHaveBeenCalled();

    const moved = setup();
    moved.supervision.applyLevel.mockResolvedValue(null);
    await expect(moved.service.decide(supervisor, { ...TASK, level: 2, reason: '督办' })).rejects.toThrow('was changed by someone else');
    expect(moved.notifications.notifySubjects).not.toHaveBeenCalled();
    expect(moved.deliveries.dispatchPending).not.toHaveBeenCalled();
  });
});
