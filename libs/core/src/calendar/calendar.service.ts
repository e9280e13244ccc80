import { BadRequestException, Injectable } from '@nestjs/common';
import { CalendarDay, DayOverride, daysBetween, eachDate, isLocalDate, LocalDate, WorkCalendar } from '@duban/domain';
import { CalendarRepository, Transactions } from '@duban/persistence';
import { AuditService } from '../audit/audit.service';

/** Another process's edit reaches this one within this time. */
const CACHE_MS = 30_000;

/** The work calendar from its table, cached briefly; edits by administrators. */
@Injectable()
export class CalendarService {
  private cached: { calendar: WorkCalendar; loadedAt: number } | null = null;

  constructor(
    private readonly days: CalendarRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async calendar(): Promise<WorkCalendar> {
    if (this.cached && performance.now() - this.cached.loadedAt < CACHE_MS) return this.cached.calendar;
    const rows = await this.days.days();
    const overrides = new Map<LocalDate, DayOverride>(rows.map((r) => [r.date, { workday: r.workday, name: r.name }]));
    this.cached = { calendar: new WorkCalendar(overrides), loadedAt: performance.now() };
    return this.cached.calendar;
  }

  async day(date: LocalDate): Promise<CalendarDay> {
    return (await this.calendar()).day(date);
  }

  async range(from: LocalDate, to: LocalDate): Promise<CalendarDay[]> {
    if (daysBetween(from, to) < 0) throw new BadRequestException('to must not be before from');
    if (daysBetween(from, to) > 365) throw new BadRequestException('from–to may span at most 366 days');
    const calendar = await this.calendar();
    return eachDate(from, to).map((d) => calendar.day(d));
  }

  /** An administrator's edit, e.g. next year's holidays when the notice arrives in November. */
  async setDay(date: LocalDate, change: { workday: boolean; name?: string | null }, userId: number): Promise<CalendarDay> {
    if (!isLocalDate(date)) throw new BadRequestException('date must be a calendar date YYYY-MM-DD');
    const before = await this.day(date);
    await this.transactions.run(async (tx) => {
      await this.days.setDay(tx, date, { workday: change.workday, name: change.name ?? null }, userId);
      await this.audit.record(tx, userId, {
        action: 'calendar-day.set',
        target: 'calendar-day',
        targetId: date,
        before: { workday: before.workday, kind: before.kind, name: before.name ?? null },
        after: { workday: change.workday, name: change.name ?? null },
      });
    });
    this.cached = null;
    return this.day(date);
  }
}
