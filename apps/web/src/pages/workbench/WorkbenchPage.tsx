import { Button, Card, Col, Flex, Row, Statistic, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import type { operations } from '../../api/schema';
import { useServerNow, useUnits } from '../../api/queries';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { periodOf } from '../../lib/dates';
import { mayOpen } from '../../lib/menu';
import { ROLE } from '../../texts';
import { T } from './texts';

type TaskQuery = NonNullable<operations['TasksController_list']['parameters']['query']>;

function useTaskCount(query: TaskQuery, enabled = true) {
  return useQuery({
    queryKey: ['counts', 'tasks', query],
    enabled,
    queryFn: async () => (await call(api.GET('/api/v1/tasks', { params: { query: { ...query, page: 1, pageSize: 1 } } }))).total,
  });
}

function Tile({ title, value, to, tone }: { title: string; value: number | undefined; to: string; tone?: 'danger' | 'warning' }) {
  const color = tone === 'danger' ? '#cf1322' : tone === 'warning' ? '#d48806' : undefined;
  return (
    <Col xs={12} md={8} xl={6}>
      <Link to={to} aria-label={`${title} ${value ?? ''}`}>
        <Card hoverable size="small">
          <Statistic title={title} value={value ?? '—'} suffix={value !== undefined ? T.unit : undefined} styles={{ content: { color } }} />
        </Card>
      </Link>
    </Col>
  );
}

/** 工作台: what needs the user today, counted by the api, each number a way in. */
export default function WorkbenchPage() {
  const current = useSession();
  const { nameOf } = useUnits();
  const { now, ready } = useServerNow();
  const user = current?.user;
  const unitId = user?.unitId ?? null;
  const mine = unitId !== null;
  const issues = user ? mayOpen(user.roles, 'tasks') : false;

  const unread = useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: async () => (await call(api.GET('/api/v1/notifications', { params: { query: { unread: true, page: 1, pageSize: 1 } } }))).total,
  });
  const reports = useQuery({
    queryKey: ['counts', 'obligations', unitId, periodOf(now)],
    enabled: mine && ready,
    queryFn: async () =>
      (await call(api.GET('/api/v1/obligations', { params: { query: { unitId: unitId!, period: periodOf(now), state: 'OPEN', page: 1, pageSize: 1 } } }))).total,
  });
  const owned = (state: Schemas['TaskState']) => ({ ownerUnitId: unitId ?? undefined, state: [state] });
  const toAccept = useTaskCount(owned('ASSIGNED'), mine);
  const inProgress = useTaskCount(owned('IN_PROGRESS'), mine);
  const overdue = useTaskCount(mine ? { ownerUnitId: unitId!, timeliness: 'OVERDUE' } : { timeliness: 'OVERDUE' });
  const toReview = useTaskCount(mine ? { issuerUnitId: unitId!, state: ['SUBMITTED' as const] } : { state: ['SUBMITTED' as const] }, issues);
  if (!user) return null;

  return (
    <>
      <PageHeader title={T.pageTitle}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          <Typography.Text strong>{T.greeting(user.displayName)}</Typography.Text>
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
            {T.unitLine(mine ? nameOf(unitId) : T.noUnit, user.roles.map((r) => ROLE[r]).join('、'))}
          </Typography.Text>
        </Typography.Paragraph>
      </PageHeader>
      <Row gutter={[12, 12]}>
        <Tile title={T.unread} value={unread.data} to="/my-work" tone={unread.data ? 'warning' : undefined} />
        {mine && <Tile title={T.reportsDue} value={reports.data} to="/my-work" tone={reports.data ? 'warning' : undefined} />}
        {mine && <Tile title={T.toAccept} value={toAccept.data} to="/my-work" />}
        {mine && <Tile title={T.inProgress} value={inProgress.data} to="/my-work" />}
        <Tile title={T.overdue} value={overdue.data} to={issues ? '/tasks?timeliness=OVERDUE' : '/my-work'} tone={overdue.data ? 'danger' : undefined} />
        {issues && <Tile title={T.toReview} value={toReview.data} to="/tasks?state=SUBMITTED" />}
      </Row>
      <Flex gap="small" wrap style={{ marginTop: 16 }}>
        <Link to="/my-work">
          <Button type="primary">{T.goMyWork}</Button>
        </Link>
        {issues && (
          <Link to="/tasks">
            <Button>{T.goTasks}</Button>
          </Link>
        )}
      </Flex>
    </>
  );
}
