import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useSession } from '../auth/session';
import { COMMON } from '../texts';
import { api, ApiError, call, type Schemas } from './client';

/*
 * Reference data and small counts every page shares, cached by TanStack Query (no store copies).
 * Page-specific queries live beside their pages.
 */

const REFERENCE_STALE_MS = 10 * 60_000;
const PAGE_MAX = 200;

/** A name lookup over reference rows: `none` for no id, `missing` for an id not among them. */
function nameLookup(rows: readonly { id: number; name: string }[] | undefined, missing: string) {
  const byId = new Map((rows ?? []).map((r) => [r.id, r]));
  return (id: number | null | undefined) => (id == null ? COMMON.none : (byId.get(id)?.name ?? missing));
}

/** Every unit (the directory), with a name lookup. */
export function useUnits() {
  const query = useQuery({
    queryKey: ['units'],
    staleTime: REFERENCE_STALE_MS,
    queryFn: async () => {
      const items: Schemas['UnitDto'][] = [];
      for (let page = 1; ; page++) {
        const res = await call(api.GET('/api/v1/units', { params: { query: { page, pageSize: PAGE_MAX } } }));
        items.push(...res.items);
        if (items.length >= res.total || res.items.length === 0) return items;
      }
    },
  });
  return useMemo(() => ({ ...query, units: query.data ?? [], nameOf: nameLookup(query.data, COMMON.unknownUnit) }), [query]);
}

/** Every chain, with a name lookup. */
export function useChains() {
  const query = useQuery({
    queryKey: ['chains'],
    staleTime: REFERENCE_STALE_MS,
    queryFn: async () => (await call(api.GET('/api/v1/chains', { params: { query: { page: 1, pageSize: PAGE_MAX } } }))).items,
  });
  return useMemo(() => ({ ...query, chains: query.data ?? [], nameOf: nameLookup(query.data, COMMON.none) }), [query]);
}

/** Every cadence (周期规则), with a name lookup: a report of no chain is named by its cadence. */
export function useCadences() {
  const query = useQuery({
    queryKey: ['cadences'],
    staleTime: REFERENCE_STALE_MS,
    queryFn: async () => (await call(api.GET('/api/v1/cadences', { params: { query: { page: 1, pageSize: PAGE_MAX } } }))).items,
  });
  return useMemo(() => ({ ...query, nameOf: nameLookup(query.data, COMMON.none) }), [query]);
}

/** The unread reminders of the signed-in user (the header's badge). */
export function useUnreadCount(): number {
  const signedIn = useSession() !== null;
  const query = useQuery({
    queryKey: ['notifications', 'unread-count'],
    enabled: signedIn,
    refetchInterval: 60_000,
    queryFn: async () => (await call(api.GET('/api/v1/notifications', { params: { query: { unread: true, page: 1, pageSize: 1 } } }))).total,
  });
  return query.data ?? 0;
}

/**
 * The server's now, ticking: the deployment's virtual clock when it has one (demos, tests),
 * else the browser's clock. Countdowns and "this month" use it, so they agree with the lights.
 */
export function useServerNow(tickMs = 30_000): { now: number; ready: boolean } {
  const offset = useQuery({
    queryKey: ['clock-offset'],
    staleTime: 60_000,
    retry: false,
    queryFn: async () => {
      try {
        const { now } = await call(api.GET('/api/v1/admin/clock'));
        return Date.parse(now) - Date.now();
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return 0; // no virtual clock
        throw error;
      }
    },
  });
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), tickMs);
    return () => clearInterval(timer);
  }, [tickMs]);
  return { now: tick + (offset.data ?? 0), ready: offset.isSuccess || offset.isError };
}
