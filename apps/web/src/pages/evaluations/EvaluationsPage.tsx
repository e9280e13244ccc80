import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Col, DatePicker, Empty, Flex, Form, Modal, Row, Skeleton, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useServerNow } from '../../api/queries';
import { useSession } from '../../auth/session';
import { describeBars, type Bar } from '../../components/charts/bars';
import { LazyBarChart } from '../../components/charts/LazyBarChart';
import { PageHeader } from '../../components/PageHeader';
import { dayjs, formatDateTime, formatPeriod, inZone, PICKER_MONTH_FORMAT } from '../../lib/dates';
import { downloadFile, openPrintable } from '../../lib/download';
import { errorText } from '../../lib/form-errors';
import { maySupervise } from '../../lib/menu';
import { scoreColor } from './score';
import { COUNT_NAMES, T } from './texts';

type Scored = Schemas['ScoredUnitDto'];
type Count = keyof Schemas['ScoreBreakdownDto'];
const COUNTS = Object.keys(COUNT_NAMES) as Count[];
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** 月度评比: a month's published ranking with rank changes (↑↓), its scores as a chart, the notice to download or print. */
export default function EvaluationsPage() {
  const [params, setParams] = useSearchParams();
  const { now, ready } = useServerNow();
  const current = useSession();
  const { message } = AntApp.useApp();
  const lastMonth = inZone(now).startOf('month').subtract(1, 'month').format('YYYY-MM');
  const period = MONTH.test(params.get('period') ?? '') ? params.get('period')! : lastMonth;
  const evaluation = useQuery({
    queryKey: ['evaluation', period],
    enabled: ready,
    retry: false,
    queryFn: async () => {
      try {
        return await call(api.GET('/api/v1/evaluations/{period}', { params: { path: { period } } }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null; // not computed yet
        throw error;
      }
    },
  });
  const e = evaluation.data;
  const download = () =>
    downloadFile(api.GET('/api/v1/evaluations/{period}/notice.xlsx', { params: { path: { period } }, parseAs: 'blob' }), T.fallbackName(period)).then(
      () => message.success(T.downloaded),
      (error) => message.error(errorText(error)),
    );
  const print = () =>
    openPrintable(() => api.GET('/api/v1/evaluations/{period}/notice.html', { params: { path: { period } }, parseAs: 'blob' })).then(
      (opened) => !opened && message.warning(T.popupBlocked),
      (error) => message.error(errorText(error)),
    );

  return (
    <>
      <PageHeader
        title={T.pageTitle}
        crumbs={[{ title: T.home, to: '/' }]}
        extra={
          e && (
            <Flex gap="small" wrap>
              <Button icon={<DownloadOutlined aria-hidden />} onClick={download}>
                {T.download}
              </Button>
              <Button icon={<PrinterOutlined aria-hidden />} onClick={print}>
                {T.print}
              </Button>
            </Flex>
          )
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {T.intro}
        </Typography.Paragraph>
        <Form layout="inline">
          <Form.Item label={T.month} htmlFor="evaluation-month">
            <DatePicker
              id="evaluation-month"
              picker="month"
              format={PICKER_MONTH_FORMAT}
              allowClear={false}
              inputReadOnly
              value={dayjs(`${period}-01`)}
              disabledDate={(d) => d.format('YYYY-MM') > lastMonth}
              onChange={(d) => d && setParams({ period: d.format('YYYY-MM') }, { replace: true })}
            />
          </Form.Item>
        </Form>
      </PageHeader>
      {(evaluation.isLoading || !ready) && <Skeleton active />}
      {evaluation.isError && <Alert type="error" showIcon title={errorText(evaluation.error)} />}
      {evaluation.data === null && (
        <Card className="section-card">
          <Empty description={T.notPublished(formatPeriod(period))}>
            <Typography.Paragraph type="secondary">{T.notPublishedHint}</Typography.Paragraph>
            {current && maySupervise(current.user.roles) && <ComputeButton period={period} closed={period <= lastMonth} />}
          </Empty>
        </Card>
      )}
      {e && <Evaluation evaluation={e} />}
    </>
  );
}

function ComputeButton({ period, closed }: { period: string; closed: boolean }) {
  const [open, setOpen] = useState(false);
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const compute = useMutation({
    mutationFn: () => call(api.POST('/api/v1/evaluations/{period}/compute', { params: { path: { period } } })),
    onSuccess: () => {
      message.success(T.computed);
      setOpen(false);
    },
    onError: (error) => message.error(errorText(error)),
    onSettled: () => client.invalidateQueries({ queryKey: ['evaluation', period] }),
  });
  return (
    <>
      <Button type="primary" disabled={!closed} title={closed ? undefined : T.notClosed} onClick={() => setOpen(true)}>
        {T.compute}
      </Button>
      <Modal
        open={open}
        title={T.computeTitle(formatPeriod(period))}
        okText={T.compute}
        okButtonProps={{ loading: compute.isPending }}
        onOk={() => compute.mutate()}
        onCancel={() => setOpen(false)}
      >
        <Alert type="warning" showIcon title={T.computeWarning} />
      </Modal>
    </>
  );
}

function RankDelta({ delta }: { delta: number | null }) {
  if (delta === null)
    return (
      <Typography.Text type="secondary" title={T.noPrevious}>
        {T.newcomer}
      </Typography.Text>
    );
  if (delta > 0)
    return (
      <Typography.Text type="success" strong title={T.upHint(delta)} aria-label={T.upHint(delta)} data-delta={delta}>
        {T.up(delta)}
      </Typography.Text>
    );
  if (delta < 0)
    return (
      <Typography.Text type="danger" strong title={T.downHint(-delta)} aria-label={T.downHint(-delta)} data-delta={delta}>
        {T.down(-delta)}
      </Typography.Text>
    );
  return (
    <Typography.Text type="secondary" title={T.sameHint} data-delta={0}>
      {T.same}
    </Typography.Text>
  );
}

function Evaluation({ evaluation: e }: { evaluation: Schemas['EvaluationDto'] }) {
  const base = e.rules.base;
  const bars: Bar[] = e.items.map((i) => ({ label: i.unitName, value: i.score, color: scoreColor(i.score, base) }));
  const scores = e.items.map((i) => i.score);
  // Scores sit near the base: start the axis below the lowest, so differences show; from zero once any is negative.
  const lowest = scores.length ? Math.min(...scores) : 0;
  const min = lowest >= 0 ? Math.max(0, Math.floor((lowest - 5) / 10) * 10) : undefined;
  const points = COUNTS.map((c) => T.pointOf(COUNT_NAMES[c], e.rules.points[c])).join('，');
  const columns: ColumnsType<Scored> = [
    { title: T.rank, dataIndex: 'rank', width: 64, align: 'center' },
    { title: T.unit, dataIndex: 'unitName' },
    {
      title: T.score,
      dataIndex: 'score',
      render: (score: number) => (
        <Typography.Text strong style={{ color: scoreColor(score, base) }}>
          {score}
        </Typography.Text>
      ),
    },
    { title: T.delta, dataIndex: 'rankDelta', render: (delta: number | null) => <RankDelta delta={delta} /> },
    ...COUNTS.map((c) => ({
      title: COUNT_NAMES[c],
      key: c,
      responsive: ['md' as const],
      render: (_: unknown, i: Scored) => T.countAndPoints(i.breakdown[c].count, i.breakdown[c].points),
    })),
  ];
  return (
    <>
      <Card className="section-card" size="small">
        <Typography.Title level={4} style={{ textAlign: 'center', marginTop: 8 }}>
          {e.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginBottom: 0 }}>
          {T.publishedAt(formatDateTime(e.computedAt))}　{T.rules(base, points)}
        </Typography.Paragraph>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card className="section-card" size="small" title={<h2 className="section-title">{T.chart}</h2>}>
            <LazyBarChart bars={bars} unit={T.scoreUnit} min={min} description={describeBars(T.chartDescription, bars, T.scoreUnit)} />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card className="section-card" size="small" title={<h2 className="section-title">{T.ranking}</h2>}>
            <Table<Scored> aria-label={T.rankingLabel} rowKey="unitId" size="small" columns={columns} dataSource={e.items} pagination={false} scroll={{ x: 'max-content' }} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
