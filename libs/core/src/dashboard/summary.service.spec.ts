import { FixedClock } from '@duban/domain';
import type { AuthUser } from '../auth/auth-user';
import type { ObligationsService } from '../obligations/obligations.service';
import type { ZoneService } from '../profiles/zone.service';
import type { SupervisionService } from '../supervision/supervision.service';
import type { TaskFilter, TasksService } from '../tasks/tasks.service';
import { SummaryService } from './summary.service';

/*
 * SummaryService over mocked services: each card is counted by its list's own service with the
 * filter that list's query gives, and the month and year are the profile zone's.
 */
// 00:30 on 1 January 2027 in Beijing, still 2026 in UTC.
const NOW = new Date('2026-12-31T16:30:00Z');
const liaison: AuthUser = { id: 6, username: 'gongyi', displayName: '王静', roles: ['UNIT_LIAISON'], unitId: 33, mustChangePassword: false };

function setup(zone = 'Asia/Shanghai') {
  const counts: Record<string, number> = { todo: 3, DUE_SOON: 2, OVERDUE: 1, ON_TIME: 6, DONE: 8, assigned: 10 };
  const tasks = {
    count: jest.fn(async (_user: AuthUser, f: TaskFilter) => (f.todo ? counts.todo : f.timeliness ? counts[f.timeliness] : f.state?.length === 1 ? counts.DONE : counts.assigned)),
  } as unknown as jest.Mocked<TasksService>;
  const obligations = { list: jest.fn(async (_user: AuthUser, q: { state?: string }) => ({ items: [], total: q.state ? 3 : 4 })) } as unknown as jest.Mocked<ObligationsService>;
  const supervision = { list: jest.fn(async () => ({ items: [], total: 5 })) } as unknown as jest.Mocked<SupervisionService>;
  const zones = { zone: jest.fn(async () => zone) } as unknown as jest.Mocked<ZoneService>;
  return { service: new SummaryService(new FixedClock(NOW), tasks, obligations, supervision, zones), tasks, obligations };
}

describe('SummaryService', () => {
  it("counts each card with its list's filter, in the profile zone's month and year", async () => {
    const { service, tasks, obligations } = setup();
    const summary = await service.summary(liaison);
    expect(summary).toMatchObject({ month: '2027-01', year: '2027' });
    expect(obligations.list).toHaveBeenCalledWith(liaison, { period: '2027-01' }, { page: 1, pageSize: 1 });
    // The year's bounds are whole local days: from 00:00 on 1 January to the last millisecond of 31 December, Beijing time.
    expect(tasks.count).toHaveBeenCalledWith(
      liaison,
      expect.objectContaining({ state: ['DONE'], dueFrom: new Date('2026-12-31T16:00:00Z'), dueTo: new Date('2027-12-31T15:59:59.999Z') }),
    );
    // Work items only: a task split into sub-tasks is their container and counts through them, on every card but 待办 (which leaves it out itself).
    expect(tasks.count.mock.calls.map(([, f]) => [f.todo ? 'todo' : (f.timeliness ?? f.state!.join(',')), f.split])).toEqual([
      ['ASSIGNED,IN_PROGRESS,SUBMITTED,DONE', false],
      ['todo', undefined],
      ['DUE_SOON', false],
      ['OVERDUE', false],
      ['DONE', false],
      ['ON_TIME', false],
    ]);
    const card = (key: string) => summary.cards.find((c) => c.key === key)!;
    expect(card('overdue')).toEqual({
      key: 'overdue',
      count: 1,
      link: { path: '/tasks', query: { state: 'ASSIGNED,IN_PROGRESS,SUBMITTED', timeliness: 'OVERDUE', split: 'false' } },
    });
    expect(card('reportsThisMonth')).toMatchObject({ count: 3, total: 4, rate: 0.75, link: { query: { period: '2027-01', state: 'SUBMITTED' } } });
    expect(card('completionRate')).toMatchObject({ count: 8, total: 10, rate: 0.8, link: { query: { split: 'false' } }, totalLink: { query: { split: 'false' } } });
    expect(card('supervision')).toEqual({ key: 'supervision', count: 5, link: { path: '/supervision', query: { open: 'true' } } });

    expect((await setup('UTC').service.summary(liaison)).month).toBe('2026-12');
  });
});
