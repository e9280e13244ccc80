import { Button, Card, Flex, Tabs, Typography } from 'antd';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useServerNow, useUnits } from '../../api/queries';
import { ItemList } from '../../components/ItemList';
import { TaskActions } from '../../components/task/TaskActions';
import { EscalationTag, TaskStateTag, TimelinessTag } from '../../components/tags';
import { formatDateTime } from '../../lib/dates';
import { countdown } from '../../lib/timeliness';
import { TASK_STATE } from '../../texts';
import { T } from './texts';

const PAGE_SIZE = 5;
type StateFilter = 'ALL' | Schemas['TaskState'];
const FILTERS: StateFilter[] = ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'DONE', 'ALL'];
/** The states that wait on the unit (or its issuer): their counts show on the switch. */
const COUNTED: Schemas['TaskState'][] = ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED'];

/** The tasks the user's unit owns (GET /tasks?ownerUnitId), with 签收 / 反馈 / 申请延期 in place. */
export function UnitTasksSection({ unitId, onOpenTask }: { unitId: number; onOpenTask: (id: number) => void }) {
  const [state, setState] = useState<StateFilter>('ASSIGNED');
  const [page, setPage] = useState(1);
  const { now } = useServerNow();
  const { nameOf } = useUnits();
  const list = useQuery({
    queryKey: ['tasks', 'unit', unitId, state, page],
    queryFn: () => call(api.GET('/api/v1/tasks', { params: { query: { ownerUnitId: unitId, state: state === 'ALL' ? undefined : [state], page, pageSize: PAGE_SIZE } } })),
  });
  const counts = useQueries({
    queries: COUNTED.map((counted) => ({
      queryKey: ['tasks', 'unit-count', unitId, counted],
      queryFn: async () => (await call(api.GET('/api/v1/tasks', { params: { query: { ownerUnitId: unitId, state: [counted], page: 1, pageSize: 1 } } }))).total,
    })),
  });
  const label = (f: StateFilter) => {
    if (f === 'ALL') return T.filterAll;
    const count = counts[COUNTED.indexOf(f as Schemas['TaskState'])]?.data;
    return count ? `${TASK_STATE[f]} ${count}` : TASK_STATE[f];
  };
  return (
    <Card className="section-card" title={<h2 className="section-title">{T.tasks}</h2>}>
      <Tabs
        size="small"
        activeKey={state}
        onChange={(v) => {
          setState(v as StateFilter);
          setPage(1);
        }}
        items={FILTERS.map((f) => ({ key: f, label: label(f) }))}
        style={{ marginBottom: 0 }}
      />
      <ItemList
        label={T.tasks}
        items={list.data?.items}
        loading={list.isLoading}
        empty={state === 'ALL' ? T.noTasks : T.noTasksIn(TASK_STATE[state])}
        page={page}
        pageSize={PAGE_SIZE}
        total={list.data?.total}
        onPage={setPage}
        itemKey={(t) => t.id}
        render={(t) => {
          const open = !['DONE', 'CANCELLED'].includes(t.state);
          const left = open ? countdown(t.dueAt, now) : null;
          return (
            <Flex vertical gap={4} data-task={t.id}>
              <Link className="item-title" to={`?task=${t.id}`}>
                {t.title}
              </Link>
              <div className="item-meta">
                {T.issuer(nameOf(t.issuerUnitId))} · {formatDateTime(t.dueAt)}
              </div>
              <Flex gap={4} wrap align="center">
                <TaskStateTag state={t.state} />
                <TimelinessTag timeliness={t.timeliness} />
                <EscalationTag level={t.escalationLevel} />
                {left && <Typography.Text type={left.overdue ? 'danger' : 'secondary'}>{left.text}</Typography.Text>}
              </Flex>
              <Flex gap="small" wrap>
                <TaskActions task={t} size="small" />
                <Button size="small" type="link" onClick={() => onOpenTask(t.id)} aria-label={`${T.view}：${t.title}`}>
                  {T.view}
                </Button>
              </Flex>
            </Flex>
          );
        }}
      />
    </Card>
  );
}
