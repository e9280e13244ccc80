import { BadRequestException } from '@nestjs/common';
import type { CalendarDayEntity, CalendarRepository, Transactions, Tx } from '@duban/persistence';
import type { AuditService } from '../audit/audit.service';
import { CalendarService } from './calendar.service';

/* CalendarService over a mocked repository: the calendar is read once and cached; an edit is written with its audit entry and read afresh. */
const TX = { tx: 'the edit' } as unknown as Tx;
const day = (date: string, workday: boolean, name: string | null): CalendarDayEntity => ({ date, workday, name, source: 'OFFICIAL', updatedBy: null, updatedAt: new Date() });

function setup() {
  const rows = [day('2026-10-01', false, '国庆节'), day('2026-10-10', true, '国庆节调休')];
  const repo = {
    days: jest.fn(async () => rows),
    setDay: jest.fn(async (_tx: Tx, date: string, d: { workday: boolean; name: string | null }) => void rows.push(day(date, d.workday, d.name))),
  } as unknown as jest.Mocked<CalendarRepository>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const audit = { record: jest.fn(async () => undefined) } as unknown as jest.Mocked<AuditService>;
  return { service: new CalendarService(repo, transactions, audit), repo, audit };
}

describe('CalendarService', () => {
  it('reads holidays and makeup workdays from the repository once, then from its cache', async () => {
    const { service, repo } = setup();
    expect(await service.day('2026-10-01')).toMatchObject({ workday: false, name: '国庆节' });
    expect(await service.day('2026-10-10')).toMatchObject({ workday: true }); // a Saturday made a workday
    expect(await service.day('2026-10-11')).toMatchObject({ workday: false }); // an ordinary Sunday
    expect(repo.days).toHaveBeenCalledTimes(1);
  });

  it("records an administrator's edit with its audit entry (before and after) in one transaction, and answers the day as it now is", async () => {
    const { service, repo, audit } = setup();
    await expect(service.setDay('2026-12-31', { workday: false, name: '年末' }, 1)).resolves.toMatchObject({ date: '2026-12-31', workday: false, name: '年末' });
    expect(repo.setDay).toHaveBeenCalledWith(TX, '2026-12-31', { workday: false, name: '年末' }, 1);
    expect(audit.record).toHaveBeenCalledWith(TX, 1, {
      action: 'calendar-day.set',
      target: 'calendar-day',
      targetId: '2026-12-31',
      before: expect.objectContaining({ workday: true, name: null }),
      after: { workday: false, name: '年末' },
    });
    expect(repo.days).toHaveBeenCalledTimes(2);
  });

  it('refuses a date that is not YYYY-MM-DD and a range over 366 days, writing nothing', async () => {
    const { service, repo } = setup();
    await expect(service.setDay('2026-13-01', { workday: true }, 1)).rejects.toThrow('date must be a calendar date YYYY-MM-DD');
    await expect(service.range('2026-01-01', '2027-01-02')).rejects.toThrow(BadRequestException);
    expect(repo.setDay).not.toHaveBeenCalled();
    expect(await service.range('2026-10-09', '2026-10-11')).toHaveLength(3);
  });
});
