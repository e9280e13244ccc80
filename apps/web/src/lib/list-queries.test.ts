import { describe, expect, it } from 'vitest';
import type { Schemas } from '../api/client';
import { consoleLinkOf, OBLIGATION_FILTER_KEYS, obligationQueryOf, stringifyQuery, TASK_FILTER_KEYS, taskQueryOf } from './list-queries';

/** The links GET /me/summary gives (libs/core/src/dashboard/summary.service.ts), one of each shape. */
const LINKS: Schemas['ListLinkDto'][] = [
  { path: '/tasks', query: { todo: 'true' } },
  { path: '/tasks', query: { state: 'ASSIGNED,IN_PROGRESS,SUBMITTED', timeliness: 'DUE_SOON', split: 'false' } },
  { path: '/tasks', query: { state: 'ASSIGNED,IN_PROGRESS,SUBMITTED', timeliness: 'OVERDUE', split: 'false' } },
  { path: '/tasks', query: { state: 'DONE', dueFrom: '2026-01-01', dueTo: '2026-12-31', split: 'false' } },
  { path: '/tasks', query: { state: 'ASSIGNED,IN_PROGRESS,SUBMITTED,DONE', dueFrom: '2026-01-01', dueTo: '2026-12-31', split: 'false' } },
  { path: '/tasks', query: { timeliness: 'ON_TIME', dueFrom: '2026-01-01', dueTo: '2026-12-31', split: 'false' } },
  { path: '/obligations', query: { period: '2026-07' } },
  { path: '/obligations', query: { period: '2026-07', state: 'SUBMITTED' } },
];

/** What a list page reads from its address (useListParams): each key, or undefined. */
function filtersOf<K extends string>(url: string, keys: readonly K[]): Record<K, string | undefined> {
  const params = new URL(url, 'http://console.test').searchParams;
  return Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])) as Record<K, string | undefined>;
}

describe('a 工作台 card opens its list with exactly the card’s query', () => {
  it('asks GET /tasks and GET /obligations what the card counted, every key applied', () => {
    for (const link of LINKS) {
      const url = consoleLinkOf(link)!;
      const query = link.path === '/tasks' ? taskQueryOf(filtersOf(url, TASK_FILTER_KEYS)) : obligationQueryOf(filtersOf(url, OBLIGATION_FILTER_KEYS));
      expect({ url, query: stringifyQuery(query) }).toEqual({ url, query: link.query });
    }
  });

  it('opens tasks at 任务, reports at 报送 and the open supervision list at 督办看板', () => {
    expect(consoleLinkOf({ path: '/tasks', query: { todo: 'true' } })).toBe('/tasks?todo=true');
    expect(consoleLinkOf({ path: '/obligations', query: { period: '2026-07', state: 'SUBMITTED' } })).toBe('/reports?period=2026-07&state=SUBMITTED');
    expect(consoleLinkOf({ path: '/supervision', query: { open: 'true' } })).toBe('/supervision?open=true');
  });

  it('ignores what the api would refuse instead of sending it', () => {
    const query = taskQueryOf({ ...filtersOf('/tasks', TASK_FILTER_KEYS), ownerUnitId: 'x', escalationLevel: '9', dueFrom: '20260101', todo: 'yes', split: 'no' });
    expect(stringifyQuery(query)).toEqual({});
  });
});
