import { useMemo } from 'react';
import { useSearchParams } from 'react-router';

const DEFAULT_PAGE_SIZE = 20;

/**
 * A list's page and filters, kept in the URL (?page=2&state=ASSIGNED): a list can be shared,
 * reloaded and navigated back to as it was. A new filter goes back to page 1.
 */
export function useListParams<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE));
  // One object per URL (params is new only when the search changes), so pages can memoise on it.
  const filters = useMemo(() => Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])) as Record<K, string | undefined>, [params, keys]);
  return {
    page,
    pageSize,
    filters,
    setFilters(next: Partial<Record<K, string | number | null | undefined>>) {
      setParams((p) => {
        for (const [key, value] of Object.entries(next)) {
          if (value === undefined || value === null || value === '') p.delete(key);
          else p.set(key, String(value));
        }
        p.delete('page');
        return p;
      });
    },
    setPage(nextPage: number, nextSize: number) {
      setParams((p) => {
        p.set('page', String(nextPage));
        if (nextSize === DEFAULT_PAGE_SIZE) p.delete('pageSize');
        else p.set('pageSize', String(nextSize));
        return p;
      });
    },
  };
}

/** A filter value from the URL as a number, or undefined. */
export const asNumber = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : undefined);
