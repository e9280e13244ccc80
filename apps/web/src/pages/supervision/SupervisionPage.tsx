import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Col, DatePicker, Form, Row, Select, Skeleton, Statistic, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useChains, useServerNow, useUnits } from '../../api/queries';
import { describeBars, type Bar } from '../../components/charts/bars';
import { LazyBarChart } from '../../components/charts/LazyBarChart';
import { asNumber, useListParams } from '../../components/list-params';
import { PageHeader } from '../../components/PageHeader';
import { ProblemDrawer } from '../../components/problem/ProblemDrawer';
import { ServerTable } from '../../components/ServerTable';
import { ObligationDrawer } from '../../components/subject/ObligationDrawer';
import { SupervisionActs } from '../../components/subject/SupervisionActs';
import type { SupervisedType } from '../../components/subject/subject-queries';
import { EscalationTag } from '../../components/tags';
import { TaskDrawer } from '../../components/task/TaskDrawer';
import { dayjs, formatDate, formatDateTime, inZone, PICKER_DATE_FORMAT } from '../../lib/dates';
import { downloadFile } from '../../lib/download';
import { errorText } from '../../lib/form-errors';
import { ESCALATION, SUBJECT_TYPE } from '../../texts';
import { T } from './texts';

const FILTER_KEYS = ['status', 'level', 'unitId', 'chainId', 'subjectType', 'from', 'to'] as const;
type Row = Schemas['SupervisionRowDto'];
type Status = 'open' | 'closed' | 'all';
const LEVEL_COLOR: Record<number, string> = { 1: '#fa8c16', 2: '#fa541c', 3: '#c41d7f' };
const TOP = 10;
const EXPORT_LIMIT = 10_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 督办看板: the supervision list by level with overdue days, charts by chain and unit, export, and 催办 / 督办 by hand. */
export default function SupervisionPage() {
  const { page, pageSize, filters, setFilters, setPage } = useListParams(FILTER_KEYS);
  const [params, setParams] = useSearchParams();
  const units = useUnits();
  const chains = useChains();
  const { now } = useServerNow();
  const { message } = AntApp.useApp();
  const [exporting, setExporting] = useState(false);

  const status: Status = filters.status === 'closed' || filters.status === 'all' ? filters.status : 'open';
  const filter = {
    open: status === 'all' ? undefined : status === 'open',
    level: asNumber(filters.level),
    unitId: asNumber(filters.unitId),
    chainId: asNumber(filters.chainId),
    subjectType: filters.subjectType as Row['subjectType'] | undefined,
    from: filters.from && DATE.test(filters.from) ? filters.from : undefined,
    to: filters.to && DATE.test(filters.to) ? filters.to : undefined,
  };
  const query = { ...filter, page, pageSize };
  const list = useQuery({
    queryKey: ['supervision', 'list', query],
    queryFn: () => call(api.GET('/api/v1/supervision', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  const summary = useQuery({ queryKey: ['supervision', 'summary'], queryFn: () => call(api.GET('/api/v1/supervision/summary')) });

  const filterValues = useMemo(
    () => ({
      status,
      level: filter.level,
      unitId: filter.unitId,
      chainId: filter.chainId,
      subjectType: filter.subjectType,
      from: filter.from ? dayjs(filter.from) : undefined,
      to: filter.to ? dayjs(filter.to) : undefined,
    }),
    [status, filter.level, filter.unitId, filter.chainId, filter.subjectType, filter.from, filter.to],
  );

  // The drawer of the subject a row is about (?subject=TASK-12), over the list as it was.
  const [subjectType, subjectIdText] = (params.get('subject') ?? '').split('-');
  const subjectId = Number(subjectIdText) || null;
  const subjectHref = (row: Row) => {
    const next = new URLSearchParams(params);
    next.set('subject', `${row.subjectType}-${row.subjectId}`);
    return `?${next.toString()}`;
  };
  const closeSubject = () => setParams((p) => (p.delete('subject'), p));

  const exportList = async () => {
    setExporting(true);
    try {
      const { total } = await downloadFile(
        api.GET('/api/v1/supervision/export.xlsx', { params: { query: filter }, parseAs: 'blob' }),
        T.exportFallbackName(inZone(now).format('YYYY-MM-DD')),
      );
      if (total !== null && total > EXPORT_LIMIT) message.warning(T.exportTruncated(EXPORT_LIMIT, total));
      else message.success(T.exported(total ?? list.data?.total ?? 0));
    } catch (error) {
      message.error(errorText(error));
    } finally {
      setExporting(false);
    }
  };

  const columns: ColumnsType<Row> = [
    { title: T.level, dataIndex: 'level', render: (level: number) => <EscalationTag level={level} /> },
    {
      title: T.subject,
      dataIndex: 'subjectTitle',
      render: (_, row) => (
        <div style={{ maxWidth: 340 }}>
          <Tag>{SUBJECT_TYPE[row.subjectType] ?? row.subjectType}</Tag>
          <Link to={subjectHref(row)} aria-label={T.viewOf(row.subjectTitle ?? T.untitled)}>
            {row.subjectTitle ?? T.untitled}
          </Link>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 1, tooltip: row.reason }} style={{ fontSize: 12, margin: '2px 0 0' }}>
            {T.reasonLine(row.reason)}
          </Typography.Paragraph>
        </div>
      ),
    },
    { title: T.owner, dataIndex: 'ownerUnitName', render: (name: string | null, row) => name ?? units.nameOf(row.ownerUnitId) },
    { title: T.chain, dataIndex: 'chainName', responsive: ['md'], render: (name: string | null) => name ?? '—' },
    { title: T.dueAt, dataIndex: 'dueAt', render: (at: string | null) => formatDateTime(at) },
    {
      title: T.overdue,
      dataIndex: 'overdueDays',
      render: (days: number, row) =>
        row.closedAt ? (
          <Typography.Text type="secondary">{T.closedAt(formatDate(row.closedAt))}</Typography.Text>
        ) : (
          <Typography.Text type={days > 0 ? 'danger' : 'warning'} strong={days > 0} data-overdue-days={days}>
            {T.overdueDays(days)}
          </Typography.Text>
        ),
    },
    { title: T.openedAt, dataIndex: 'openedAt', responsive: ['xxl'], render: (at: string) => formatDateTime(at) },
    {
      title: T.actions,
      key: 'actions',
      fixed: 'right',
      render: (_, row) =>
        row.closedAt ? null : (
          <SupervisionActs
            link
            size="small"
            subject={{ type: row.subjectType as SupervisedType, id: row.subjectId, title: row.subjectTitle ?? T.untitled, level: row.level, settled: false }}
          />
        ),
    },
  ];

  const levels = new Map((summary.data?.byLevel ?? []).map((l) => [l.level, l.count]));
  const chainBars: Bar[] = (summary.data?.byChain ?? []).slice(0, TOP).map((c) => ({ label: c.chainName, value: c.count, color: '#fa541c' }));
  const unitBars: Bar[] = (summary.data?.byUnit ?? []).slice(0, TOP).map((u) => ({ label: u.unitName, value: u.count, color: LEVEL_COLOR[u.maxLevel] }));
  const tile = (title: string, value: number | undefined, level?: number, suffix: string = T.unit) => (
    <Col xs={12} md={6}>
      <Card
        size="small"
        hoverable={level !== undefined}
        onClick={level !== undefined ? () => setFilters({ level, status: undefined }) : undefined}
        className={level !== undefined ? 'stat-tile clickable' : 'stat-tile'}
      >
        <Statistic title={title} value={value ?? '—'} suffix={value !== undefined ? suffix : undefined} styles={{ content: { color: level ? LEVEL_COLOR[level] : undefined } }} />
      </Card>
    </Col>
  );
  const chart = (title: string, bars: Bar[]) => (
    <Col xs={24} lg={12}>
      <Card size="small" className="section-card" title={<h2 className="section-title">{title}</h2>} extra={<Typography.Text type="secondary">{T.topN(TOP)}</Typography.Text>}>
        {!summary.data ? (
          <Skeleton active paragraph={{ rows: 3 }} />
        ) : bars.length === 0 ? (
          <Typography.Text type="secondary">{T.chartEmpty}</Typography.Text>
        ) : (
          <LazyBarChart bars={bars} unit={T.unit} description={describeBars(title, bars, T.unit)} />
        )}
      </Card>
    </Col>
  );

  const search_ = { optionFilterProp: 'label' as const };
  return (
    <>
      <PageHeader
        title={T.pageTitle}
        crumbs={[{ title: T.home, to: '/' }]}
        extra={
          <Button icon={<DownloadOutlined aria-hidden />} loading={exporting} onClick={exportList}>
            {T.export}
          </Button>
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }} role="group" aria-label={T.open}>
        {tile(T.open, summary.data?.open)}
        {/* Entries open at 督办 (2) and rise to 挂牌督办 (3); a 催办 raises the subject's level, not an entry. */}
        {[3, 2].map((level) => tile(ESCALATION[level], summary.data ? (levels.get(level) ?? 0) : undefined, level))}
        {tile(T.units, summary.data?.byUnit.length, undefined, T.unitsSuffix)}
      </Row>
      <Row gutter={16}>
        {chart(T.byChain, chainBars)}
        {chart(T.byUnit, unitBars)}
      </Row>
      <ServerTable<Row>
        label={T.listLabel}
        rowKey="id"
        columns={columns}
        data={list.data}
        loading={list.isFetching}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
        filterValues={filterValues}
        onFilter={(values) => {
          const day = (v: unknown) => (dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : undefined);
          setFilters({
            status: values.status === 'open' ? undefined : (values.status as string | undefined),
            level: values.level as number | undefined,
            unitId: values.unitId as number | undefined,
            chainId: values.chainId as number | undefined,
            subjectType: values.subjectType as string | undefined,
            from: day(values.from),
            to: day(values.to),
          });
        }}
        filters={
          <>
            <Form.Item name="status" label={T.status}>
              <Select
                style={{ width: 110 }}
                options={[
                  { value: 'open', label: T.statusOpen },
                  { value: 'closed', label: T.statusClosed },
                  { value: 'all', label: T.statusAll },
                ]}
              />
            </Form.Item>
            <Form.Item name="level" label={T.level}>
              <Select allowClear style={{ width: 120 }} placeholder={T.any} options={[3, 2].map((level) => ({ value: level, label: ESCALATION[level] }))} />
            </Form.Item>
            <Form.Item name="unitId" label={T.owner}>
              <Select allowClear showSearch={search_} style={{ width: 180 }} placeholder={T.any} options={units.units.map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
            <Form.Item name="chainId" label={T.chain}>
              <Select allowClear showSearch={search_} style={{ width: 180 }} placeholder={T.any} options={chains.chains.map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
            <Form.Item name="subjectType" label={T.type}>
              <Select
                allowClear
                style={{ width: 100 }}
                placeholder={T.any}
                options={(['TASK', 'OBLIGATION', 'PROBLEM'] as const).map((value) => ({ value, label: SUBJECT_TYPE[value] }))}
              />
            </Form.Item>
            <Form.Item name="from" label={T.openedFrom}>
              <DatePicker format={PICKER_DATE_FORMAT} style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name="to" label={T.openedTo}>
              <DatePicker format={PICKER_DATE_FORMAT} style={{ width: 150 }} />
            </Form.Item>
          </>
        }
      />
      <TaskDrawer taskId={subjectType === 'TASK' ? subjectId : null} onClose={closeSubject} />
      <ObligationDrawer obligationId={subjectType === 'OBLIGATION' ? subjectId : null} onClose={closeSubject} />
      <ProblemDrawer problemId={subjectType === 'PROBLEM' ? subjectId : null} onClose={closeSubject} />
    </>
  );
}
