import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useChains, useServerNow, useUnits } from '../../api/queries';
import { useSession } from '../../auth/session';
import { asNumber, useListParams } from '../../components/list-params';
import { PageHeader } from '../../components/PageHeader';
import { ServerTable } from '../../components/ServerTable';
import { TaskDrawer } from '../../components/task/TaskDrawer';
import { EscalationTag, TaskStateTag, TimelinessTag } from '../../components/tags';
import { formatDateTime } from '../../lib/dates';
import { mayIssueTasks } from '../../lib/menu';
import { countdown } from '../../lib/timeliness';
import { ESCALATION, PRIORITY, TASK_STATE, TIMELINESS } from '../../texts';
import { CreateTaskDrawer } from './CreateTaskDrawer';
import { T } from './texts';

const FILTER_KEYS = ['q', 'state', 'timeliness', 'ownerUnitId', 'chainId', 'escalationLevel'] as const;
type Task = Schemas['TaskListItemDto'];

/** 任务: the lead department's list (server-side paging and filters), 新建任务, and each task in a drawer (/tasks/:id). */
export default function TasksPage() {
  const current = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { taskId } = useParams();
  const { page, pageSize, filters, setFilters, setPage } = useListParams(FILTER_KEYS);
  const [creating, setCreating] = useState(false);
  const units = useUnits();
  const chains = useChains();
  const { now } = useServerNow();

  const query = {
    page,
    pageSize,
    q: filters.q,
    state: filters.state ? [filters.state as Schemas['TaskState']] : undefined,
    timeliness: filters.timeliness as Schemas['Timeliness'] | undefined,
    ownerUnitId: asNumber(filters.ownerUnitId),
    chainId: asNumber(filters.chainId),
    escalationLevel: asNumber(filters.escalationLevel),
  };
  const list = useQuery({
    queryKey: ['tasks', 'list', query],
    queryFn: () => call(api.GET('/api/v1/tasks', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  const search = location.search;
  const openTask = (id: number) => navigate(`/tasks/${id}${search}`);
  const filterValues = useMemo(
    () => ({
      q: filters.q,
      state: filters.state,
      timeliness: filters.timeliness,
      ownerUnitId: asNumber(filters.ownerUnitId),
      chainId: asNumber(filters.chainId),
      escalationLevel: asNumber(filters.escalationLevel),
    }),
    [search],
  );

  const columns: ColumnsType<Task> = [
    {
      title: T.title,
      dataIndex: 'title',
      render: (_, t) => (
        <Link to={`/tasks/${t.id}${search}`} style={{ maxWidth: 360, display: 'inline-block' }}>
          {t.priority === 'URGENT' && <Tag color="red">{PRIORITY.URGENT}</Tag>}
          {t.title}
        </Link>
      ),
    },
    { title: T.owner, dataIndex: 'ownerUnitId', render: (id: number) => units.nameOf(id) },
    { title: T.issuer, dataIndex: 'issuerUnitId', responsive: ['lg'], render: (id: number) => units.nameOf(id) },
    {
      title: T.dueAt,
      dataIndex: 'dueAt',
      render: (at: string, t) => {
        const open = !['DONE', 'CANCELLED'].includes(t.state);
        const left = open ? countdown(at, now) : null;
        return (
          <div>
            <div>{formatDateTime(at)}</div>
            {left && <Typography.Text type={left.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>{left.text}</Typography.Text>}
          </div>
        );
      },
    },
    { title: T.state, dataIndex: 'state', render: (s: Task['state']) => <TaskStateTag state={s} /> },
    { title: T.timeliness, dataIndex: 'timeliness', render: (v: Task['timeliness']) => <TimelinessTag timeliness={v} /> },
    { title: T.escalation, dataIndex: 'escalationLevel', responsive: ['md'], render: (level: number) => <EscalationTag level={level} /> },
    {
      title: T.actions,
      key: 'actions',
      render: (_, t) => (
        <Button size="small" type="link" onClick={() => openTask(t.id)} aria-label={`${T.view}：${t.title}`}>
          {T.view}
        </Button>
      ),
    },
  ];

  const unitOptions = units.units.map((u) => ({ value: u.id, label: u.name }));
  return (
    <>
      <PageHeader
        title={T.pageTitle}
        crumbs={[{ title: T.home, to: '/' }]}
        extra={
          current && mayIssueTasks(current.user.roles) ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {T.create}
            </Button>
          ) : undefined
        }
      />
      <ServerTable<Task>
        label={T.listLabel}
        rowKey="id"
        columns={columns}
        data={list.data}
        loading={list.isFetching}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
        filterValues={filterValues}
        onFilter={(values) => setFilters(values as Record<(typeof FILTER_KEYS)[number], string | number | undefined>)}
        filters={
          <>
            <Form.Item name="q" label={T.q}>
              <Input allowClear placeholder={T.qPlaceholder} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="state" label={T.state}>
              <Select allowClear style={{ width: 120 }} placeholder={T.any} options={Object.entries(TASK_STATE).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="timeliness" label={T.timeliness}>
              <Select allowClear style={{ width: 120 }} placeholder={T.any} options={Object.entries(TIMELINESS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="ownerUnitId" label={T.owner}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 180 }} placeholder={T.any} options={unitOptions} />
            </Form.Item>
            <Form.Item name="chainId" label={T.chain}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 180 }}
                placeholder={T.any}
                options={chains.chains.map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
            <Form.Item name="escalationLevel" label={T.escalation}>
              <Select allowClear style={{ width: 120 }} placeholder={T.any} options={[1, 2, 3].map((level) => ({ value: level, label: ESCALATION[level] }))} />
            </Form.Item>
          </>
        }
      />
      <CreateTaskDrawer open={creating} onClose={() => setCreating(false)} onCreated={openTask} />
      <TaskDrawer taskId={Number(taskId) || null} onClose={() => navigate(`/tasks${search}`)} />
    </>
  );
}
