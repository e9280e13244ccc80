import { CloseOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, call, type Schemas } from '../../../api/client';
import { useChains, useUnits } from '../../../api/queries';
import { useSession } from '../../../auth/session';
import { useListParams } from '../../../components/list-params';
import { PageHeader } from '../../../components/PageHeader';
import { ServerTable } from '../../../components/ServerTable';
import { dayjs, formatDateTime, PICKER_DATE_FORMAT } from '../../../lib/dates';
import { describeChange } from './describe-change';
import { AUDIT_ACTION, AUDIT_TARGET, T } from './texts';

type Entry = Schemas['AuditEntryDto'];
const KEYS = ['actorId', 'target', 'from', 'to'] as const;
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 审计日志: GET /audit (admins and supervisors), newest first, by actor, kind of record and dates, paged on the server. */
export default function AuditPage() {
  const { page, pageSize, filters, setFilters, setPage } = useListParams(KEYS);
  const admin = useSession()?.user.roles.includes('ADMIN') ?? false;
  const units = useUnits();
  const chains = useChains();
  const query = {
    page,
    pageSize,
    actorId: filters.actorId && /^\d+$/.test(filters.actorId) ? Number(filters.actorId) : undefined,
    target: filters.target || undefined,
    from: filters.from && PLAIN_DATE.test(filters.from) ? filters.from : undefined,
    to: filters.to && PLAIN_DATE.test(filters.to) ? filters.to : undefined,
  };
  const list = useQuery({
    queryKey: ['audit', query],
    queryFn: () => call(api.GET('/api/v1/audit', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  // Only administrators may list the accounts; anyone here may pick an actor from a row.
  const users = useQuery({
    queryKey: ['users', 'all'],
    enabled: admin,
    staleTime: 60_000,
    queryFn: async () => (await call(api.GET('/api/v1/users', { params: { query: { page: 1, pageSize: 200 } } }))).items,
  });
  const policies = useQuery({
    queryKey: ['policies', 'all'],
    staleTime: 60_000,
    queryFn: async () => (await call(api.GET('/api/v1/escalation-policies', { params: { query: { page: 1, pageSize: 200 } } }))).items,
  });
  const names = {
    unit: units.nameOf,
    chain: chains.nameOf,
    policy: (id: number) => policies.data?.find((p) => p.id === id)?.name ?? String(id),
    user: (id: number) => users.data?.find((u) => u.id === id)?.displayName ?? String(id),
  };
  const actorName = list.data?.items.find((e) => e.actorId === query.actorId)?.actorName ?? (query.actorId ? names.user(query.actorId) : null);
  const filterValues = useMemo(
    () => ({
      actorId: query.actorId,
      target: query.target,
      from: query.from ? dayjs(query.from) : null,
      to: query.to ? dayjs(query.to) : null,
    }),
    [query.actorId, query.target, query.from, query.to],
  );
  const applied = [query.actorId, query.target, query.from, query.to].filter((v) => v !== undefined).length;

  const actor = (e: Entry) =>
    e.actorId === null ? (
      <Typography.Text type="secondary">{T.system}</Typography.Text>
    ) : (
      <Button type="link" size="small" style={{ padding: 0 }} title={T.onlyActor(e.actorName ?? '')} onClick={() => setFilters({ actorId: e.actorId })}>
        {e.actorName ?? e.actorId}
      </Button>
    );
  const change = (e: Entry) => {
    const rows = describeChange(e, names);
    if (rows.length === 0) return <Typography.Text type="secondary">{T.nothing}</Typography.Text>;
    return (
      <dl className="audit-change">
        {rows.map((r) => (
          <div key={r.field}>
            <dt translate={r.known ? undefined : 'no'}>{r.field}</dt>
            <dd translate={r.verbatim ? 'no' : undefined}>
              {r.before !== null && e.before && e.after ? (
                <>
                  <del>{r.before}</del> → {r.after ?? T.nothing}
                </>
              ) : (
                (r.after ?? r.before ?? T.nothing)
              )}
            </dd>
          </div>
        ))}
      </dl>
    );
  };
  const action = (e: Entry) => <Tag color={e.action.startsWith('login.failure') ? 'red' : 'blue'}>{AUDIT_ACTION[e.action] ?? e.action}</Tag>;
  const target = (e: Entry) => (
    <span>
      {AUDIT_TARGET[e.target] ?? e.target}
      {e.targetId && (
        <Typography.Text type="secondary" translate="no">
          {' '}
          {e.targetId}
        </Typography.Text>
      )}
    </span>
  );
  const columns: ColumnsType<Entry> = [
    { title: T.at, dataIndex: 'at', render: (at: string) => formatDateTime(at), width: 170 },
    { title: T.actor, key: 'actor', render: (_, e) => actor(e) },
    { title: T.action, dataIndex: 'action', render: (_, e) => action(e) },
    { title: T.target, key: 'target', render: (_, e) => target(e) },
    { title: T.change, key: 'change', render: (_, e) => change(e) },
    { title: T.address, dataIndex: 'address', responsive: ['xl'], render: (a: string | null) => <span translate="no">{a ?? T.nothing}</span> },
  ];
  return (
    <>
      <PageHeader title={T.pageTitle} crumbs={[{ title: T.home, to: '/' }, { title: T.config }]}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {T.intro}
        </Typography.Paragraph>
      </PageHeader>
      {!admin && query.actorId && (
        <Tag closable closeIcon={<CloseOutlined aria-label={T.any} />} onClose={() => setFilters({ actorId: undefined })} style={{ marginBottom: 12 }}>
          {T.onlyActor(actorName ?? '')}
        </Tag>
      )}
      <ServerTable<Entry>
        label={T.listLabel}
        rowKey="id"
        columns={columns}
        empty={T.empty}
        renderItem={(e) => (
          <Flex vertical gap={4}>
            <Flex gap={4} wrap align="center">
              {action(e)} {target(e)}
            </Flex>
            <div className="item-meta">
              {formatDateTime(e.at)} · {e.actorName ?? T.system}
            </div>
            {change(e)}
          </Flex>
        )}
        data={list.data}
        loading={list.isFetching}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
        filterValues={filterValues as Record<string, unknown>}
        filtersTitle={T.filtersActive(applied)}
        onFilter={(values) => {
          const { from, to, ...rest } = values as { actorId?: number; target?: string; from?: dayjs.Dayjs | null; to?: dayjs.Dayjs | null };
          setFilters({ ...(admin ? rest : { target: rest.target }), from: from?.format('YYYY-MM-DD'), to: to?.format('YYYY-MM-DD') });
        }}
        filters={
          <>
            {admin && (
              <Form.Item name="actorId" label={T.actor}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={T.actorPlaceholder}
                  style={{ width: 160 }}
                  options={(users.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
                />
              </Form.Item>
            )}
            <Form.Item name="target" label={T.targetKind}>
              <Select allowClear placeholder={T.any} style={{ width: 140 }} options={Object.entries(AUDIT_TARGET).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="from" label={T.from}>
              <DatePicker format={PICKER_DATE_FORMAT} style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name="to" label={T.to}>
              <DatePicker format={PICKER_DATE_FORMAT} style={{ width: 150 }} />
            </Form.Item>
          </>
        }
      />
    </>
  );
}
