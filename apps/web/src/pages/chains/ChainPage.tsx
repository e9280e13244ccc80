import { useQueries, useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Flex, Grid, Result, Row, Skeleton, Statistic, Tabs, Tag } from 'antd';
import { Link } from 'react-router';
import { useParams, useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { CHAIN_CATEGORY, CHAIN_ROLE } from '../../texts';
import { mayOpen } from '../../lib/menu';
import { rolesIn } from './chain-access';
import { leaderNames } from './ChainsPage';
import { ChainHistory } from './ChainHistory';
import { ChainLists } from './ChainLists';
import { ChainMeetings } from './ChainMeetings';
import { T } from './texts';

const TABS = ['overview', 'lists', 'history', 'meetings'] as const;
type Tab = (typeof TABS)[number];

export function useChain(id: number | null) {
  return useQuery({
    queryKey: ['chain', id],
    enabled: id !== null,
    queryFn: () => call(api.GET('/api/v1/chains/{id}', { params: { path: { id: id! } } })),
  });
}

/** One chain: its leaders, lead department, task force and participants; its four lists, their changes, and its meetings. */
export default function ChainPage() {
  const chainId = Number(useParams().chainId) || null;
  const [params, setParams] = useSearchParams();
  const chain = useChain(chainId);
  const tab: Tab = TABS.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'overview';
  const current = useSession();
  if (chain.isLoading) return <Skeleton active />;
  if (!chain.data) return <Result status="404" subTitle={T.notFound} />;
  const c = chain.data;
  const roles = current ? rolesIn(c, current.user) : [];
  return (
    <>
      <PageHeader
        title={c.name}
        crumbs={[
          { title: T.home, to: '/' },
          { title: T.pageTitle, to: '/chains' },
        ]}
      >
        <div>
          <Tag color="blue">{CHAIN_CATEGORY[c.category]}</Tag>
          {c.cluster && <Tag>{c.cluster}</Tag>}
          {roles.map((r) => (
            <Tag key={r} color="geekblue">
              {T.myRole(CHAIN_ROLE[r])}
            </Tag>
          ))}
        </div>
      </PageHeader>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={[
          {
            key: 'overview',
            label: T.tabOverview,
            children: (
              <>
                <ChainFigures chain={c} />
                <ChainOverview chain={c} />
              </>
            ),
          },
          { key: 'lists', label: T.tabLists, children: tab === 'lists' && <ChainLists chain={c} /> },
          { key: 'history', label: T.tabHistory, children: tab === 'history' && <ChainHistory chain={c} /> },
          { key: 'meetings', label: T.tabMeetings, children: tab === 'meetings' && <ChainMeetings chain={c} /> },
        ]}
      />
    </>
  );
}

/** The chain at a glance: what its lists hold, what is under supervision, what is overdue (each counted by the api). */
function ChainFigures({ chain }: { chain: Schemas['ChainDetailDto'] }) {
  const current = useSession();
  const [items, supervised, overdue] = useQueries({
    queries: [
      () => call(api.GET('/api/v1/chains/{id}/list-items', { params: { path: { id: chain.id }, query: { page: 1, pageSize: 1 } } })),
      () => call(api.GET('/api/v1/supervision', { params: { query: { chainId: chain.id, open: true, page: 1, pageSize: 1 } } })),
      () => call(api.GET('/api/v1/tasks', { params: { query: { chainId: chain.id, timeliness: 'OVERDUE', page: 1, pageSize: 1 } } })),
    ].map((request, i) => ({ queryKey: ['counts', 'chain', chain.id, i], queryFn: async () => (await request()).total })),
  });
  const tasks = current ? mayOpen(current.user.roles, 'tasks') : false;
  const figure = (title: string, value: number | undefined, to?: string, danger = false) => {
    const body = (
      <Card size="small" hoverable={to !== undefined}>
        <Statistic title={title} value={value ?? '—'} suffix={value !== undefined ? T.items : undefined} styles={{ content: { color: danger && value ? '#cf1322' : undefined } }} />
      </Card>
    );
    return <Col xs={8}>{to ? <Link to={to}>{body}</Link> : body}</Col>;
  };
  return (
    <Row gutter={[8, 8]} role="group" aria-label={T.figures} style={{ marginBottom: 16 }}>
      {figure(T.listItems, items.data, `/chains/${chain.id}?tab=lists`)}
      {figure(T.supervised, supervised.data, undefined, true)}
      {figure(T.overdueTasks, overdue.data, tasks ? `/tasks?chainId=${chain.id}&timeliness=OVERDUE` : undefined, true)}
    </Row>
  );
}

function ChainOverview({ chain: c }: { chain: Schemas['ChainDetailDto'] }) {
  const narrow = !Grid.useBreakpoint().md;
  const leaders = (role: Schemas['ChainRole']) => leaderNames(c, role);
  const units = (list: { name: string }[]) =>
    list.length === 0 ? (
      T.none
    ) : (
      <Flex gap={4} wrap>
        {list.map((u) => (
          <Tag key={u.name} style={{ marginInlineEnd: 0 }}>
            {u.name}
          </Tag>
        ))}
      </Flex>
    );
  return (
    <Card className="section-card" size="small">
      <Descriptions column={narrow ? 1 : 2} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={T.generalLeaders}>{leaders('GENERAL_LEADER')}</Descriptions.Item>
        <Descriptions.Item label={T.chainLeaders}>{leaders('LEADER')}</Descriptions.Item>
        {c.leaders.some((l) => l.role === 'SUB_LEADER') && <Descriptions.Item label={T.subLeaders}>{leaders('SUB_LEADER')}</Descriptions.Item>}
        <Descriptions.Item label={T.leadUnits}>{units(c.leadUnits)}</Descriptions.Item>
        <Descriptions.Item label={T.taskForce} span={narrow ? 1 : 2}>
          {c.taskForce.unit && <div>{T.taskForceUnit(c.taskForce.unit.name)}</div>}
          {c.taskForce.members.length > 0 ? units(c.taskForce.members) : <span className="item-meta">{T.noMembers}</span>}
        </Descriptions.Item>
        <Descriptions.Item label={T.participants} span={narrow ? 1 : 2}>
          {units(c.participantUnits)}
        </Descriptions.Item>
        {c.allianceUnits.length > 0 && (
          <Descriptions.Item label={T.alliance} span={narrow ? 1 : 2}>
            {units(c.allianceUnits)}
          </Descriptions.Item>
        )}
        {c.note && (
          <Descriptions.Item label={T.note} span={narrow ? 1 : 2}>
            {c.note}
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}
