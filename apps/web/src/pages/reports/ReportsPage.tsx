import { DatePicker, Flex, Form, Select, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useChains, useServerNow, useUnits } from '../../api/queries';
import { useListParams } from '../../components/list-params';
import { PageHeader } from '../../components/PageHeader';
import { ServerTable } from '../../components/ServerTable';
import { EscalationTag, ObligationStateTag, TimelinessTag } from '../../components/tags';
import { dayjs, formatDateTime, formatPeriod } from '../../lib/dates';
import { OBLIGATION_FILTER_KEYS, obligationQueryOf } from '../../lib/list-queries';
import { countdown } from '../../lib/timeliness';
import { OBLIGATION_STATE, TIMELINESS } from '../../texts';
import { T } from './texts';

type Obligation = Schemas['ObligationDto'];
interface FilterForm {
  period?: dayjs.Dayjs | null;
  state?: string;
  timeliness?: string;
  unitId?: number;
  cadenceId?: number;
}

/** 报送: the reports (报送义务) in the caller's scope, server-paged, every filter of GET /obligations in the address. */
export default function ReportsPage() {
  const { page, pageSize, filters, setFilters, setPage } = useListParams(OBLIGATION_FILTER_KEYS);
  const units = useUnits();
  const chains = useChains();
  const { now } = useServerNow();
  const filterQuery = useMemo(() => obligationQueryOf(filters), [filters]);
  const query = { ...filterQuery, page, pageSize };
  const list = useQuery({
    queryKey: ['obligations', 'list', query],
    queryFn: () => call(api.GET('/api/v1/obligations', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  const cadences = useQuery({
    queryKey: ['cadences', 'all'],
    staleTime: 60_000,
    queryFn: async () => (await call(api.GET('/api/v1/cadences', { params: { query: { page: 1, pageSize: 200 } } }))).items,
  });
  const cadenceName = (id: number) => cadences.data?.find((c) => c.id === id)?.name ?? '—';
  const monthly = filterQuery.period && /^\d{4}-\d{2}$/.test(filterQuery.period);
  const filterValues = useMemo<FilterForm>(() => ({ ...filterQuery, period: monthly ? dayjs(`${filterQuery.period}-01`) : null }), [filterQuery, monthly]);
  const applied = Object.values(filterQuery).filter((v) => v !== undefined).length;

  const dueCell = (o: Obligation) => {
    const left = o.state === 'OPEN' ? countdown(o.dueAt, now) : null;
    return (
      <div>
        <div>{formatDateTime(o.dueAt)}</div>
        {left && (
          <Typography.Text type={left.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
            {left.text}
          </Typography.Text>
        )}
      </div>
    );
  };
  const columns: ColumnsType<Obligation> = [
    { title: T.unit, dataIndex: 'unitId', render: (id: number) => units.nameOf(id) },
    { title: T.cadence, dataIndex: 'cadenceId', render: (id: number) => cadenceName(id) },
    { title: T.chain, dataIndex: 'chainId', responsive: ['lg'], render: (id: number | null) => chains.nameOf(id) },
    { title: T.period, dataIndex: 'period', render: (p: string) => formatPeriod(p) },
    { title: T.dueAt, dataIndex: 'dueAt', render: (_: string, o) => dueCell(o) },
    { title: T.state, dataIndex: 'state', render: (s: Obligation['state']) => <ObligationStateTag state={s} /> },
    { title: T.timeliness, dataIndex: 'timeliness', render: (v: Obligation['timeliness']) => <TimelinessTag timeliness={v} /> },
    { title: T.escalation, dataIndex: 'escalationLevel', responsive: ['md'], render: (level: number) => <EscalationTag level={level} /> },
    { title: T.submittedAt, dataIndex: 'submittedAt', responsive: ['lg'], render: (at: string | null) => formatDateTime(at) },
  ];
  const renderItem = (o: Obligation) => (
    <Flex vertical gap={4} data-obligation={o.id}>
      <div className="item-title">
        {units.nameOf(o.unitId)} · {formatPeriod(o.period)}
      </div>
      <div className="item-meta">
        {cadenceName(o.cadenceId)}
        {o.receiverUnitId !== null && ` · ${T.receiverLine(units.nameOf(o.receiverUnitId))}`}
      </div>
      <div className="item-meta">{dueCell(o)}</div>
      <Flex gap={4} wrap align="center">
        <ObligationStateTag state={o.state} />
        <TimelinessTag timeliness={o.timeliness} />
        <EscalationTag level={o.escalationLevel} />
        {o.submittedAt && <Typography.Text type="secondary">{T.submittedLine(formatDateTime(o.submittedAt))}</Typography.Text>}
      </Flex>
    </Flex>
  );
  const any = { allowClear: true, placeholder: T.any };
  return (
    <>
      <PageHeader title={T.pageTitle} crumbs={[{ title: T.home, to: '/' }]} />
      <ServerTable<Obligation>
        label={T.listLabel}
        rowKey="id"
        columns={columns}
        renderItem={renderItem}
        empty={T.empty}
        data={list.data}
        loading={list.isFetching}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
        filterValues={filterValues as Record<string, unknown>}
        filtersTitle={T.filtersActive(applied)}
        onFilter={(values) => {
          const { period, ...rest } = values as FilterForm;
          // A period the picker cannot show (2026-Q3 from a link) stays until it is changed.
          setFilters({ ...rest, period: period ? period.format('YYYY-MM') : monthly ? undefined : filterQuery.period });
        }}
        filters={
          <>
            <Form.Item name="period" label={T.period}>
              <DatePicker picker="month" format="YYYY年M月" placeholder={filterQuery.period && !monthly ? filterQuery.period : T.periodPlaceholder} style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name="state" label={T.state}>
              <Select {...any} style={{ width: 120 }} options={Object.entries(OBLIGATION_STATE).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="timeliness" label={T.timeliness}>
              <Select {...any} style={{ width: 120 }} options={Object.entries(TIMELINESS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="unitId" label={T.unit}>
              <Select {...any} showSearch={{ optionFilterProp: 'label' }} style={{ width: 180 }} options={units.units.map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
            <Form.Item name="cadenceId" label={T.cadence}>
              <Select {...any} showSearch={{ optionFilterProp: 'label' }} style={{ width: 220 }} options={(cadences.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
          </>
        }
      />
    </>
  );
}
