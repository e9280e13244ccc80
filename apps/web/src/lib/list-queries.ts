import type { Schemas } from '../api/client';
import type { operations } from '../api/schema';

export type TaskQuery = NonNullable<operations['TasksController_list']['parameters']['query']>;
export type ObligationQuery = NonNullable<operations['ObligationsController_list']['parameters']['query']>;
type Link = Schemas['ListLinkDto'];

/** Every filter GET /tasks takes, as the 任务 page keeps them in its address. */
export const TASK_FILTER_KEYS = ['q', 'state', 'todo', 'split', 'timeliness', 'dueFrom', 'dueTo', 'ownerUnitId', 'issuerUnitId', 'chainId', 'escalationLevel'] as const;
/** Every filter GET /obligations takes, as the 报送 page keeps them. */
export const OBLIGATION_FILTER_KEYS = ['period', 'state', 'timeliness', 'unitId', 'cadenceId'] as const;

type Filters<K extends string> = Record<K, string | undefined>;

const number = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : undefined);
const list = (value: string | undefined) => (value ? value.split(',').filter(Boolean) : undefined);
const date = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined);

/**
 * The address's filters as the api's query, every key applied: a 工作台 card opens this page
 * with its count's exact query, so the list shows what the card counted.
 */
export function taskQueryOf(f: Filters<(typeof TASK_FILTER_KEYS)[number]>): TaskQuery {
  return {
    q: f.q || undefined,
    state: list(f.state) as Schemas['TaskState'][] | undefined,
    todo: f.todo === 'true' ? true : undefined,
    split: f.split === 'true' ? true : f.split === 'false' ? false : undefined,
    timeliness: (f.timeliness as Schemas['Timeliness']) || undefined,
    dueFrom: date(f.dueFrom),
    dueTo: date(f.dueTo),
    ownerUnitId: number(f.ownerUnitId),
    issuerUnitId: number(f.issuerUnitId),
    chainId: number(f.chainId),
    escalationLevel: f.escalationLevel && /^[0-3]$/.test(f.escalationLevel) ? Number(f.escalationLevel) : undefined,
  };
}

export function obligationQueryOf(f: Filters<(typeof OBLIGATION_FILTER_KEYS)[number]>): ObligationQuery {
  return {
    period: f.period || undefined,
    state: (f.state as Schemas['ObligationState']) || undefined,
    timeliness: (f.timeliness as Schemas['Timeliness']) || undefined,
    unitId: number(f.unitId),
    cadenceId: number(f.cadenceId),
  };
}

/** Where a card's list opens in the console; null while the console has no page for it. */
const CONSOLE_PATH: Record<Link['path'], string | null> = {
  '/tasks': '/tasks',
  '/obligations': '/reports',
  // 督办看板 shows the open entries unless asked for others: the card's `open=true` is its default.
  '/supervision': '/supervision',
};

/** The console address of an api list link, with exactly its query. */
export function consoleLinkOf(link: Link): string | null {
  const path = CONSOLE_PATH[link.path];
  if (path === null) return null;
  const query = new URLSearchParams(link.query).toString();
  return query ? `${path}?${query}` : path;
}

/** An api query back as strings, as the summary's links carry them (for the tests' round trip). */
export function stringifyQuery(query: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
  );
}
