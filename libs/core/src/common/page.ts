/** A page of a list, as every list endpoint answers. */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

export function pageOffset(p: PageRequest): { skip: number; take: number } {
  return { skip: (p.page - 1) * p.pageSize, take: p.pageSize };
}

/** Escapes LIKE wildcards so a search for "100%" finds that text. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
