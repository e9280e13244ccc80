import { useQuery } from '@tanstack/react-query';
import { Card, Col, Flex, Form, Row, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useChains } from '../../api/queries';
import { useSession } from '../../auth/session';
import { useListParams } from '../../components/list-params';
import { PageHeader } from '../../components/PageHeader';
import { ServerTable } from '../../components/ServerTable';
import { CHAIN_CATEGORY, CHAIN_ROLE } from '../../texts';
import { rolesIn } from './chain-access';
import { T } from './texts';

const FILTER_KEYS = ['category'] as const;
type Chain = Schemas['ChainDto'];

/** 链长 by name; a leader the notice names and who also has an account is one person. */
export const leaderNames = (chain: Pick<Chain, 'leaders'>, role: Schemas['ChainRole'] = 'LEADER') =>
  [...new Set(chain.leaders.filter((l) => l.role === role).map((l) => l.name))].join('、') || T.none;
const unitNames = (units: { name: string }[]) => units.map((u) => u.name).join('、') || T.none;

/** 产业链: the chains the user has a part in first (a chain leader's way in), then every chain, server-paged. */
export default function ChainsPage() {
  const current = useSession();
  const { page, pageSize, filters, setFilters, setPage } = useListParams(FILTER_KEYS);
  const all = useChains();
  const query = { page, pageSize, category: filters.category as Chain['category'] | undefined };
  const list = useQuery({
    queryKey: ['chains', 'list', query],
    queryFn: () => call(api.GET('/api/v1/chains', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  const filterValues = useMemo(() => ({ category: filters.category }), [filters.category]);
  const mine = current ? all.chains.map((chain) => ({ chain, roles: rolesIn(chain, current.user) })).filter((m) => m.roles.length > 0) : [];

  const columns: ColumnsType<Chain> = [
    {
      title: T.name,
      dataIndex: 'name',
      render: (name: string, c) => (
        <Link to={`/chains/${c.id}`}>
          {name}
          {c.future && <Tag style={{ marginInlineStart: 6 }}>{T.future}</Tag>}
        </Link>
      ),
    },
    { title: T.category, dataIndex: 'category', responsive: ['sm'], render: (c: Chain['category']) => CHAIN_CATEGORY[c] },
    { title: T.cluster, dataIndex: 'cluster', responsive: ['xl'], render: (c: string | null) => c ?? T.none },
    { title: T.leaders, key: 'leaders', responsive: ['md'], render: (_, c) => leaderNames(c) },
    { title: T.leadUnits, key: 'leadUnits', render: (_, c) => unitNames(c.leadUnits) },
    { title: T.participants, key: 'participants', responsive: ['lg'], render: (_, c) => T.participantCount(c.participantUnits.length) },
  ];

  return (
    <>
      <PageHeader title={T.pageTitle} crumbs={[{ title: T.home, to: '/' }]} />
      {mine.length > 0 && (
        <section aria-label={T.mine} className="section-card">
          <Typography.Title level={4} style={{ fontSize: 16 }}>
            {T.mine}
          </Typography.Title>
          <Row gutter={[12, 12]}>
            {mine.map(({ chain, roles }) => (
              <Col xs={24} md={12} xl={8} key={chain.id}>
                <Link to={`/chains/${chain.id}`} aria-label={T.openOf(chain.name)}>
                  <Card size="small" hoverable className="chain-card">
                    <Flex justify="space-between" align="center" gap="small">
                      <Typography.Text strong style={{ fontSize: 16 }}>
                        {chain.name}
                      </Typography.Text>
                      <Tag color="blue">{CHAIN_CATEGORY[chain.category]}</Tag>
                    </Flex>
                    <div className="item-meta">{`${T.leaders}：${leaderNames(chain)}`}</div>
                    <div className="item-meta">{`${T.leadUnits}：${unitNames(chain.leadUnits)}`}</div>
                    <div style={{ marginTop: 6 }}>
                      {roles.map((r) => (
                        <Tag key={r} color="geekblue">
                          {CHAIN_ROLE[r]}
                        </Tag>
                      ))}
                    </div>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        </section>
      )}
      <Typography.Title level={4} style={{ fontSize: 16 }}>
        {T.all}
      </Typography.Title>
      <ServerTable<Chain>
        label={T.listLabel}
        rowKey="id"
        columns={columns}
        data={list.data}
        loading={list.isFetching}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
        filterValues={filterValues}
        onFilter={(values) => setFilters(values as Record<'category', string | undefined>)}
        filters={
          <Form.Item name="category" label={T.category}>
            <Select allowClear style={{ width: 150 }} placeholder={T.any} options={Object.entries(CHAIN_CATEGORY).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        }
      />
    </>
  );
}
