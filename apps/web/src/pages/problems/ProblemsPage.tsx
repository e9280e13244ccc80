import { useQuery } from '@tanstack/react-query';
import { Button, Form, Select, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useChains, useServerNow, useUnits } from '../../api/queries';
import { asNumber, useListParams } from '../../components/list-params';
import { PageHeader } from '../../components/PageHeader';
import { ProblemDrawer } from '../../components/problem/ProblemDrawer';
import { RaiseProblem } from '../../components/problem/RaiseProblem';
import { ServerTable } from '../../components/ServerTable';
import { EscalationTag, ProblemStateTag, SeverityTag, TimelinessTag } from '../../components/tags';
import { formatDateTime } from '../../lib/dates';
import { countdown } from '../../lib/timeliness';
import { PROBLEM_STATE } from '../../texts';
import { T } from './texts';

const FILTER_KEYS = ['state', 'chainId', 'unitId'] as const;
type Problem = Schemas['ProblemListItemDto'];

/** 问题台账: the coordination matters of monthly reports on the 13710 rule (server-paged), each in a drawer (/problems/:id). */
export default function ProblemsPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const { problemId } = useParams();
  const { page, pageSize, filters, setFilters, setPage } = useListParams(FILTER_KEYS);
  const units = useUnits();
  const chains = useChains();
  const { now } = useServerNow();
  const query = { page, pageSize, state: filters.state as Problem['state'] | undefined, chainId: asNumber(filters.chainId), unitId: asNumber(filters.unitId) };
  const list = useQuery({
    queryKey: ['problems', 'list', query],
    queryFn: () => call(api.GET('/api/v1/problems', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  const search = location.search;
  const filterValues = useMemo(() => ({ state: filters.state, chainId: asNumber(filters.chainId), unitId: asNumber(filters.unitId) }), [filters]);
  const open = (id: number) => navigate(`/problems/${id}${search}`);

  const columns: ColumnsType<Problem> = [
    {
      title: T.title,
      dataIndex: 'title',
      render: (_, p) => (
        <Link to={`/problems/${p.id}${search}`} style={{ maxWidth: 320, display: 'inline-block' }}>
          {p.title}
        </Link>
      ),
    },
    { title: T.severity, dataIndex: 'severity', render: (s: Problem['severity']) => <SeverityTag severity={s} /> },
    { title: T.state, dataIndex: 'state', render: (s: Problem['state']) => <ProblemStateTag state={s} /> },
    { title: T.chain, dataIndex: 'chainId', responsive: ['lg'], render: (id: number | null) => chains.nameOf(id) },
    { title: T.raisedBy, dataIndex: 'raisedByUnitId', responsive: ['md'], render: (id: number) => units.nameOf(id) },
    { title: T.routedTo, dataIndex: 'routedToUnitId', render: (id: number) => units.nameOf(id) },
    {
      title: T.dueAt,
      dataIndex: 'dueAt',
      render: (at: string, p) => {
        const left = p.state === 'RESOLVED' || p.state === 'CLOSED' ? null : countdown(at, now);
        return (
          <div>
            <div>{formatDateTime(at)}</div>
            {left && (
              <Typography.Text type={left.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                {left.text}
              </Typography.Text>
            )}
          </div>
        );
      },
    },
    { title: T.timeliness, dataIndex: 'timeliness', render: (v: Problem['timeliness']) => <TimelinessTag timeliness={v} /> },
    { title: T.escalation, dataIndex: 'escalationLevel', responsive: ['md'], render: (level: number) => <EscalationTag level={level} /> },
    {
      title: T.actions,
      key: 'actions',
      render: (_, p) => (
        <Button size="small" type="link" onClick={() => open(p.id)} aria-label={T.viewOf(p.title)}>
          {T.view}
        </Button>
      ),
    },
  ];

  const search_ = { optionFilterProp: 'label' as const };
  return (
    <>
      <PageHeader title={T.pageTitle} crumbs={[{ title: T.home, to: '/' }]} extra={<RaiseProblem onRaised={open} />}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {T.intro}
        </Typography.Paragraph>
      </PageHeader>
      <ServerTable<Problem>
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
            <Form.Item name="state" label={T.state}>
              <Select allowClear style={{ width: 120 }} placeholder={T.any} options={Object.entries(PROBLEM_STATE).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="chainId" label={T.chain}>
              <Select allowClear showSearch={search_} style={{ width: 180 }} placeholder={T.any} options={chains.chains.map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
            <Form.Item name="unitId" label={T.unit} tooltip={T.unitHint}>
              <Select allowClear showSearch={search_} style={{ width: 180 }} placeholder={T.any} options={units.units.map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
          </>
        }
      />
      <ProblemDrawer problemId={Number(problemId) || null} onClose={() => navigate(`/problems${search}`)} />
    </>
  );
}
