import { PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Flex, Form, Input, Select, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api, call, type Schemas } from '../../../api/client';
import { useUnits } from '../../../api/queries';
import { FormDrawer, SubmitOnEnter } from '../../../components/FormDrawer';
import { useListParams } from '../../../components/list-params';
import { PageHeader } from '../../../components/PageHeader';
import { ServerTable } from '../../../components/ServerTable';
import { showApiError } from '../../../lib/form-errors';
import { UNIT_KIND } from '../../../texts';
import { T } from './texts';

type Unit = Schemas['UnitDto'];
const FIELDS = ['name', 'fullName', 'kind', 'parentId'];
const KIND_COLOR: Record<Unit['kind'], string> = { DEPARTMENT: 'blue', ZONE: 'green', DISTRICT: 'cyan', ENTERPRISE: 'gold', ASSOCIATION: 'purple', OFFICE: 'magenta' };

/** 单位: the directory (GET /units, paged and by kind) and 新建单位 (admin). */
export default function UnitsPage() {
  const { page, pageSize, filters, setFilters, setPage } = useListParams(['kind'] as const);
  const [creating, setCreating] = useState(false);
  const directory = useUnits();
  const query = { page, pageSize, kind: (filters.kind as Unit['kind']) || undefined };
  const list = useQuery({
    queryKey: ['units', 'page', query],
    queryFn: () => call(api.GET('/api/v1/units', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  const filterValues = useMemo(() => ({ kind: filters.kind }), [filters.kind]);
  const columns: ColumnsType<Unit> = [
    { title: T.name, dataIndex: 'name' },
    { title: T.fullName, dataIndex: 'fullName', responsive: ['md'], render: (v: string | null) => v ?? '—' },
    { title: T.kind, dataIndex: 'kind', render: (k: Unit['kind']) => <Tag color={KIND_COLOR[k]}>{UNIT_KIND[k]}</Tag> },
    { title: T.parent, dataIndex: 'parentId', responsive: ['md'], render: (id: number | null) => (id === null ? '—' : directory.nameOf(id)) },
  ];
  return (
    <>
      <PageHeader
        title={T.pageTitle}
        crumbs={[{ title: T.home, to: '/' }, { title: T.config }]}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {T.create}
          </Button>
        }
      />
      <ServerTable<Unit>
        label={T.listLabel}
        rowKey="id"
        columns={columns}
        empty={T.empty}
        renderItem={(u) => (
          <Flex vertical gap={4}>
            <div className="item-title">{u.name}</div>
            {u.fullName && <div className="item-meta">{u.fullName}</div>}
            <div>
              <Tag color={KIND_COLOR[u.kind]}>{UNIT_KIND[u.kind]}</Tag>
            </div>
          </Flex>
        )}
        data={list.data}
        loading={list.isFetching}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
        filterValues={filterValues}
        onFilter={(v) => setFilters(v as { kind?: string })}
        filters={
          <Form.Item name="kind" label={T.kind}>
            <Select allowClear placeholder={T.any} style={{ width: 140 }} options={Object.entries(UNIT_KIND).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        }
      />
      <CreateUnitDrawer open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function CreateUnitDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Schemas['CreateUnitDto']>();
  const [general, setGeneral] = useState<string[]>([]);
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const { units } = useUnits();
  const create = useMutation({
    mutationFn: (body: Schemas['CreateUnitDto']) => call(api.POST('/api/v1/units', { body: { ...body, fullName: body.fullName?.trim() || undefined } })),
    onSuccess: () => {
      message.success(T.created);
      form.resetFields();
      setGeneral([]);
      onClose();
    },
    onError: (error) => setGeneral(showApiError(form, error, FIELDS)),
    onSettled: () => client.invalidateQueries({ queryKey: ['units'] }),
  });
  return (
    <FormDrawer open={open} title={T.createTitle} onClose={onClose} onSubmit={() => form.submit()} submitText={T.submit} pending={create.isPending} general={general}>
      <Form form={form} name="create-unit" layout="vertical" onFinish={(v) => create.mutate(v)}>
        <SubmitOnEnter />
        <Form.Item name="name" label={T.name} rules={[{ required: true, whitespace: true, message: T.nameRequired }]}>
          <Input maxLength={100} placeholder={T.namePlaceholder} />
        </Form.Item>
        <Form.Item name="fullName" label={T.fullName}>
          <Input maxLength={200} placeholder={T.fullNamePlaceholder} />
        </Form.Item>
        <Form.Item name="kind" label={T.kind} rules={[{ required: true, message: T.kindRequired }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={Object.entries(UNIT_KIND).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="parentId" label={T.parent}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={T.none} options={units.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
