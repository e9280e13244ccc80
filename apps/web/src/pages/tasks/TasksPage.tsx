import { PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, DatePicker, Flex, Form, Input, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useChains, useServerNow, useUnits } from '../../api/queries';
import { useSession } from '../../auth/session';
import { useListParams } from '../../components/list-params';
import { PageHeader } from '../../components/PageHeader';
import { ServerTable } from '../../components/ServerTable';
import { TaskDrawer } from '../../components/task/TaskDrawer';
import { EscalationTag, TaskStateTag, TimelinessTag } from '../../components/tags';
import { dayjs, formatDateTime, PICKER_DATE_FORMAT } from '../../lib/dates';
import { TASK_FILTER_KEYS, taskQueryOf } from '../../lib/list-queries';
import { mayIssueTasks } from '../../lib/menu';
import { countdown } from '../../lib/timeliness';
import { ESCALATION, PRIORITY, TASK_STATE, TIMELINESS } from '../../texts';
import { CreateTaskDrawer } from './CreateTaskDrawer';
import { T } from './texts';

type Task = Schemas['TaskListItemDto'];
type FilterKey = (typeof TASK_FILTER_KEYS)[number];
interface FilterForm {
  q?: string;
  state?: string[];
  todo?: boolean;
  /** split=false: a task split into sub-tasks is left out, its sub-tasks listed (as the 工作台 counts). */
  workItems?: boolean;
  timeliness?: string;
  dueFrom?: dayjs.Dayjs | null;
  dueTo?: dayjs.Dayjs | null;
  ownerUnitId?: number;
  issuerUnitId?: number;
  chainId?: number;
  escalationLevel?: number;
}

/**
 * 任务: the server-paged list of the tasks in the caller's scope (a liaison: the unit's), every
 * filter of GET /tasks in the address (a 工作台 card opens it with its own), 新建任务 for issuers,
 * each task in a drawer (/tasks/:id). On a phone the rows are cards.
 */
export default function TasksPage() {
  const current = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { taskId } = useParams();
  const { page, pageSize, filters, setFilters, setPage } = useListParams(TASK_FILTER_KEYS);
  const [creating, setCreating] = useState(false);
  const units = useUnits();
  const chains = useChains();
  const { now } = useServerNow();

  const search = location.search;
  const filterQuery = useMemo(() => taskQueryOf(filters), [filters]);
  const query = { ...filterQuery, page, pageSize };
  const list = useQuery({
    queryKey: ['tasks', 'list', query],
    queryFn: () => call(api.GET('/api/v1/tasks', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  const openTask = (id: number) => navigate(`/tasks/${id}${search}`);
  const filterValues = useMemo<FilterForm>(
    () => ({
      ...filterQuery,
      workItems: filterQuery.split === false,
      dueFrom: filterQuery.dueFrom ? dayjs(filterQuery.dueFrom) : null,
      dueTo: filterQuery.dueTo ? dayjs(filterQuery.dueTo) : null,
    }),
    [filterQuery],
  );
  const applied = Object.values(filterQuery).filter((v) => v !== undefined).length;
  const onFilter = (values: FilterForm) => {
    const { dueFrom, dueTo, state, todo, workItems, ...rest } = values;
    setFilters({
      ...(rest as Partial<Record<FilterKey, string | number | undefined>>),
      state: state?.length ? state.join(',') : undefined,
      todo: todo ? 'true' : undefined,
      split: workItems ? 'false' : undefined,
      dueFrom: dueFrom?.format('YYYY-MM-DD'),
      dueTo: dueTo?.format('YYYY-MM-DD'),
    });
  };

  const dueCell = (t: Task) => {
    const open = !['DONE', 'CANCELLED'].includes(t.state);
    const left = open ? countdown(t.dueAt, now) : null;
    return (
      <div>
        <div>{formatDateTime(t.dueAt)}</div>
        {left && (
          <Typography.Text type={left.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
            {left.text}
          </Typography.Text>
        )}
      </div>
    );
  };
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
    { title: T.dueAt, dataIndex: 'dueAt', render: (_: string, t) => dueCell(t) },
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
  const renderItem = (t: Task) => (
    <Flex vertical gap={4} data-task={t.id}>
      <Link className="item-title" to={`/tasks/${t.id}${search}`}>
        {t.priority === 'URGENT' && <Tag color="red">{PRIORITY.URGENT}</Tag>}
        {t.title}
      </Link>
      <div className="item-meta">{T.ownerLine(units.nameOf(t.ownerUnitId), units.nameOf(t.issuerUnitId))}</div>
      <div className="item-meta">{dueCell(t)}</div>
      <Flex gap={4} wrap align="center">
        <TaskStateTag state={t.state} />
        <TimelinessTag timeliness={t.timeliness} />
        <EscalationTag level={t.escalationLevel} />
      </Flex>
    </Flex>
  );

  const unitOptions = units.units.map((u) => ({ value: u.id, label: u.name }));
  const any = { allowClear: true, placeholder: T.any };
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
        renderItem={renderItem}
        empty={T.noTasks}
        data={list.data}
        loading={list.isFetching}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
        filterValues={filterValues as Record<string, unknown>}
        filtersTitle={T.filtersActive(applied)}
        onFilter={(values) => onFilter(values as FilterForm)}
        filters={
          <>
            <Form.Item name="q" label={T.q}>
              <Input allowClear placeholder={T.qPlaceholder} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="state" label={T.state}>
              <Select {...any} mode="multiple" maxTagCount="responsive" style={{ width: 220 }} options={Object.entries(TASK_STATE).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="timeliness" label={T.timeliness}>
              <Select {...any} style={{ width: 120 }} options={Object.entries(TIMELINESS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="dueFrom" label={T.dueFrom}>
              <DatePicker format={PICKER_DATE_FORMAT} style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name="dueTo" label={T.dueTo}>
              <DatePicker format={PICKER_DATE_FORMAT} style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name="ownerUnitId" label={T.owner}>
              <Select {...any} showSearch={{ optionFilterProp: 'label' }} style={{ width: 180 }} options={unitOptions} />
            </Form.Item>
            <Form.Item name="issuerUnitId" label={T.issuer}>
              <Select {...any} showSearch={{ optionFilterProp: 'label' }} style={{ width: 180 }} options={unitOptions} />
            </Form.Item>
            <Form.Item name="chainId" label={T.chain}>
              <Select {...any} showSearch={{ optionFilterProp: 'label' }} style={{ width: 180 }} options={chains.chains.map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
            <Form.Item name="escalationLevel" label={T.escalation}>
              <Select {...any} style={{ width: 120 }} options={[1, 2, 3].map((level) => ({ value: level, label: ESCALATION[level] }))} />
            </Form.Item>
            <Form.Item name="todo" valuePropName="checked">
              <Checkbox>{T.todo}</Checkbox>
            </Form.Item>
            <Form.Item name="workItems" valuePropName="checked">
              <Checkbox>{T.workItems}</Checkbox>
            </Form.Item>
          </>
        }
      />
      <CreateTaskDrawer open={creating} onClose={() => setCreating(false)} onCreated={openTask} />
      <TaskDrawer taskId={Number(taskId) || null} onClose={() => navigate(`/tasks${search}`)} />
    </>
  );
}
