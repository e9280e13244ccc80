import { Button, Card, Flex, Form, Table, type TableProps } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { COMMON } from '../texts';

/**
 * A ProTable-like list: a filter bar over a table whose paging and filtering happen on the
 * server (the api's `page`, `pageSize` and filters; `total` from its answer).
 */
export function ServerTable<T extends object>({
  label,
  filters,
  filterValues,
  onFilter,
  data,
  loading,
  page,
  pageSize,
  onPage,
  ...table
}: {
  label: string;
  /** Form.Items of the filter bar, named as the filter keys. */
  filters?: ReactNode;
  filterValues?: Record<string, unknown>;
  onFilter?: (values: Record<string, unknown>) => void;
  data: { items: T[]; total: number } | undefined;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
} & Omit<TableProps<T>, 'dataSource' | 'pagination' | 'loading'>) {
  const [form] = Form.useForm();
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(filterValues ?? {});
  }, [filterValues, form]);
  return (
    <>
      {filters && onFilter && (
        <Card className="section-card" size="small">
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
        </Card>
      )}
      <Card className="section-card" size="small">
        <Table<T>
          aria-label={label}
          {...table}
          dataSource={data?.items ?? []}
          loading={loading}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => COMMON.total(n),
            onChange: onPage,
          }}
        />
      </Card>
    </>
  );
}
