import { Injectable } from '@nestjs/common';
import { Clock, rangeBound, TaskState, Timeliness } from '@duban/domain';
import { AuthUser } from '../auth/auth-user';
import { monthOf } from '../lists/list-items.service';
import { ObligationsService } from '../obligations/obligations.service';
import { ZoneService } from '../profiles/zone.service';
import { SupervisionService } from '../supervision/supervision.service';
import { TaskFilter, TasksService } from '../tasks/tasks.service';

/** A list endpoint and the query that answers exactly what a card counts. */
export interface ListLink {
  path: '/tasks' | '/obligations' | '/supervision';
  query: Record<string, string>;
}

export interface SummaryCard {
  key: 'todo' | 'dueSoon' | 'overdue' | 'reportsThisMonth' | 'completionRate' | 'onTimeCompletionRate' | 'supervision';
  count: number;
  link: ListLink;
  /** For the report and rate cards: what the count is out of, and its list. */
  total?: number;
  totalLink?: ListLink;
  /** count / total, rounded to 4 places; null while total is 0. */
  rate?: number | null;
}

export interface Summary {
  /** The month (YYYY-MM) and year the cards speak of, in the profile's zone. */
  month: string;
  year: string;
  cards: SummaryCard[];
}

/** Work that is anyone's: assigned and not cancelled (drafts are not yet anyone's work). */
const ASSIGNED: TaskState[] = ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'DONE'];
const OPEN: TaskState[] = ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED'];
/**
 * The cards count work items: a task split into sub-tasks is their container, its state rolled up
 * from them, so counting it too would count one piece of work twice. (待办 leaves it out already:
 * its owner acts on the sub-tasks.)
 */
const WORK_ITEMS = { split: false } as const;

/**
 * The dashboard's counts in one call (工作台). Each card carries the list query that answers
 * exactly what it counts, and is counted by that list's own service with that filter, so a card
 * and the list it opens always agree. Everything is within the caller's scope.
 */
@Injectable()
export class SummaryService {
  constructor(
    private readonly clock: Clock,
    private readonly tasks: TasksService,
    private readonly obligations: ObligationsService,
    private readonly supervision: SupervisionService,
    private readonly zones: ZoneService,
  ) {}

  async summary(user: AuthUser): Promise<Summary> {
    const now = this.clock.now();
    const zone = await this.zones.zone();
    const month = monthOf(now, zone);
    const year = month.slice(0, 4);
    const thisYear = { dueFrom: `${year}-01-01`, dueTo: `${year}-12-31` };
    const tasks = async (query: TaskQuery) => ({ count: await this.tasks.count(user, toTaskFilter(query, zone)), link: { path: '/tasks' as const, query: stringify(query) } });
    const reports = async (query: { period: string; state?: 'OPEN' | 'SUBMITTED' }) => ({
      count: (await this.obligations.list(user, query, { page: 1, pageSize: 1 })).total,
      link: { path: '/obligations' as const, query: stringify(query) },
    });
    const rate = (part: { count: number; link: ListLink }, whole: { count: number; link: ListLink }) => ({
      ...part,
      total: whole.count,
      totalLink: whole.link,
      rate: whole.count ? Math.round((part.count / whole.count) * 10_000) / 10_000 : null,
    });

    const assignedThisYear = await tasks({ state: ASSIGNED, ...thisYear, ...WORK_ITEMS });
    const dueReports = await reports({ period: month });
    const submittedReports = await reports({ period: month, state: 'SUBMITTED' });
    const openSupervision = await this.supervision.list(user, { open: true }, { page: 1, pageSize: 1 });
    return {
      month,
      year,
      cards: [
        { key: 'todo', ...(await tasks({ todo: true })) },
        { key: 'dueSoon', ...(await tasks({ state: OPEN, timeliness: 'DUE_SOON', ...WORK_ITEMS })) },
        { key: 'overdue', ...(await tasks({ state: OPEN, timeliness: 'OVERDUE', ...WORK_ITEMS })) },
        { key: 'reportsThisMonth', ...rate(submittedReports, dueReports) },
        { key: 'completionRate', ...rate(await tasks({ state: ['DONE'], ...thisYear, ...WORK_ITEMS }), assignedThisYear) },
        { key: 'onTimeCompletionRate', ...rate(await tasks({ timeliness: 'ON_TIME', ...thisYear, ...WORK_ITEMS }), assignedThisYear) },
        { key: 'supervision', count: openSupervision.total, link: { path: '/supervision', query: { open: 'true' } } },
      ],
    };
  }
}

interface TaskQuery {
  state?: TaskState[];
  timeliness?: Timeliness;
  dueFrom?: string;
  dueTo?: string;
  todo?: boolean;
  split?: boolean;
}

/** The filter GET /tasks builds from the same query (plain dates are read in the profile's zone). */
function toTaskFilter(q: TaskQuery, zone: string): TaskFilter {
  return {
    state: q.state,
    timeliness: q.timeliness,
    todo: q.todo,
    split: q.split,
    dueFrom: q.dueFrom ? rangeBound(q.dueFrom, 'from', zone) : undefined,
    dueTo: q.dueTo ? rangeBound(q.dueTo, 'to', zone) : undefined,
  };
}

function stringify(query: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
  );
}
