import { Button, Card, Collapse, Flex, Form, Grid, Table, type TableProps } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { COMMON } from '../texts';
import { ItemList } from './ItemList';

/**
 * A ProTable-like list: a filter bar over a table whose paging and filtering happen on the
 * server (the api's `page`, `pageSize` and filters; `total` from its answer). On a phone, given
 * `renderItem`, the rows are cards (no sideways scrolling) and the filters fold away.
 */
export function ServerTable<T extends object>({
  label,
  filters,
  filterValues,
  onFilter,
  filtersTitle,
  data,
  loading,
  page,
  pageSize,
  onPage,
  renderItem,
  empty,
  ...table
}: {
  label: string;
  /** Form.Items of the filter bar, named as the filter keys. */
  filters?: ReactNode;
  filterValues?: Record<string, unknown>;
  onFilter?: (values: Record<string, unknown>) => void;
  /** The folded filters' title on a phone (e.g. with how many are set). */
  filtersTitle?: string;
  data: { items: T[]; total: number } | undefined;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  /** A row as a card, for narrow screens. */
  renderItem?: (item: T) => ReactNode;
  empty?: string;
} & Omit<TableProps<T>, 'dataSource' | 'pagination' | 'loading'>) {
  const [form] = Form.useForm();
  const mobile = !Grid.useBreakpoint().md;
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(filterValues ?? {});
  }, [filterValues, form]);
  const bar = filters && onFilter && (
    <Form form={form} name="filters" layout="inline" onFinish={onFilter} className="filter-bar" role="search">
      {filters}
      <Flex gap="small">
        <Button type="primary" htmlType="submit">
          {COMMON.search}
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            onFilter(Object.fromEntries(Object.keys(form.getFieldsValue()).map((k) => [k, undefined])));
          }}
        >
          {COMMON.reset}
        </Button>
      </Flex>
    </Form>
  );
  const cards = mobile && renderItem;
  return (
    <>
      {bar &&
        (cards ? (
          <Collapse className="section-card" size="small" items={[{ key: 'filters', label: filtersTitle ?? COMMON.filters, children: bar, forceRender: true }]} />
        ) : (
          <Card className="section-card" size="small">
            {bar}
          </Card>
        ))}
      <Card className="section-card" size="small" data-list={label} data-total={loading ? undefined : data?.total}>
        {cards ? (
          <ItemList
            label={label}
            items={data?.items}
            loading={loading}
            empty={empty ?? COMMON.empty}
            page={page}
            pageSize={pageSize}
            total={data?.total}
            onPage={(p) => onPage(p, pageSize)}
            itemKey={(item) => String((item as { id?: unknown }).id ?? JSON.stringify(item))}
            render={renderItem}
          />
        ) : (
          <Table<T>
            aria-label={label}
            {...table}
            dataSource={data?.items ?? []}
            loading={loading}
            scroll={{ x: 'max-content' }}
            locale={empty ? { emptyText: empty } : undefined}
            pagination={{
              current: page,
              pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (n) => COMMON.total(n),
              onChange: onPage,
            }}
          />
        )}
      </Card>
    </>
  );
}
