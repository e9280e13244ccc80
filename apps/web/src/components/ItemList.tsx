import { Empty, Pagination, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { COMMON } from '../texts';

/**
 * A server-paged list of cards for narrow screens and inboxes (antd's List is deprecated in v6):
 * one `<li>` per item, an empty state, and a pager when there is more than one page.
 */
export function ItemList<T>({
  label,
  items,
  loading,
  empty,
  page,
  pageSize,
  total,
  onPage,
  render,
  itemKey,
}: {
  label: string;
  items: T[] | undefined;
  loading: boolean;
  empty: string;
  page: number;
  pageSize: number;
  total: number | undefined;
  onPage: (page: number) => void;
  render: (item: T) => ReactNode;
  itemKey: (item: T) => string | number;
}) {
  if (loading && !items) return <Skeleton active />;
  if (!items || items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <>
      <ul className="item-list" aria-label={label}>
        {items.map((item) => (
          <li key={itemKey(item)}>{render(item)}</li>
        ))}
      </ul>
      {(total ?? 0) > pageSize && (
        <Pagination
          size="small"
          align="center"
          current={page}
          pageSize={pageSize}
          total={total}
          onChange={onPage}
          showSizeChanger={false}
          showTotal={(n) => COMMON.total(n)}
          style={{ marginTop: 12 }}
        />
      )}
    </>
  );
}
