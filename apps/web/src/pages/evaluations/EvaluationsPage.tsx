import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Col, DatePicker, Empty, Flex, Form, Modal, Row, Segmented, Skeleton, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useServerNow } from '../../api/queries';
import { useSession } from '../../auth/session';
import { describeBars, type Bar } from '../../components/charts/bars';
import { LazyBarChart } from '../../components/charts/LazyBarChart';
import { PageHeader } from '../../components/PageHeader';
import { dayjs, formatDateTime, formatPeriod, inZone, PICKER_MONTH_FORMAT, PICKER_YEAR_FORMAT } from '../../lib/dates';
import { downloadFile, openPrintable } from '../../lib/download';
import { errorText } from '../../lib/form-errors';
import { maySupervise } from '../../lib/menu';
import { composedText, isYearly, partText, shares, switchKind, viewOf, yearClosed, type EvaluationView, type YearlyEvaluation } from './periods';
import { scoreColor } from './score';
import { COUNT_NAMES, T, VIEW_TEXTS, type Span, type ViewTexts } from './texts';

type Scored = Schemas['ScoredUnitDto'];
type Count = keyof Schemas['ScoreBreakdownDto'];
const COUNTS = Object.keys(COUNT_NAMES) as Count[];

/**
 * 月度评比 and 年度考评: a month's or a year's published ranking with rank changes (↑↓), its scores
 * as a chart (a year's: units and chains), the notice to download or print.
 */
export default function EvaluationsPage() {
  const [params, setParams] = useSearchParams();
  const { now, ready } = useServerNow();
  const current = useSession();
  const { message } = AntApp.useApp();
  const lastMonth = inZone(now).startOf('month').subtract(1, 'month').format('YYYY-MM');
  const view = viewOf(params.get('period'), lastMonth);
  const period = view.period;
  const yearly = view.kind === 'YEAR';
  const V = VIEW_TEXTS[view.kind];
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
        title={V.title}
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
          {V.intro}
        </Typography.Paragraph>
        <Form layout="inline">
          <Form.Item label={T.kind}>
            <Segmented<EvaluationView['kind']>
              aria-label={T.kind}
              value={view.kind}
              options={(['MONTH', 'YEAR'] as const).map((kind) => ({ value: kind, label: VIEW_TEXTS[kind].title }))}
              onChange={(kind) => setParams({ period: switchKind(view, kind, lastMonth) }, { replace: true })}
            />
          </Form.Item>
          <Form.Item label={V.periodLabel} htmlFor="evaluation-period">
            <DatePicker
              id="evaluation-period"
              picker={yearly ? 'year' : 'month'}
              format={yearly ? PICKER_YEAR_FORMAT : PICKER_MONTH_FORMAT}
              allowClear={false}
              inputReadOnly
              value={dayjs(yearly ? `${period}-01-01` : `${period}-01`)}
              disabledDate={(d) => (yearly ? d.format('YYYY') > lastMonth.slice(0, 4) : d.format('YYYY-MM') > lastMonth)}
              onChange={(d) => d && setParams({ period: d.format(yearly ? 'YYYY' : 'YYYY-MM') }, { replace: true })}
            />
          </Form.Item>
        </Form>
      </PageHeader>
      {(evaluation.isLoading || !ready) && <Skeleton active />}
      {evaluation.isError && <Alert type="error" showIcon title={errorText(evaluation.error)} />}
      {evaluation.data === null && (
        <Card className="section-card">
          <Empty description={V.notPublished(formatPeriod(period))}>
            <Typography.Paragraph type="secondary">{V.notPublishedHint}</Typography.Paragraph>
            {current && maySupervise(current.user.roles) && <ComputeButton period={period} texts={V} closed={yearly ? yearClosed(period, lastMonth) : period <= lastMonth} />}
          </Empty>
        </Card>
      )}
      {e && (isYearly(e) ? <Yearly evaluation={e} /> : <Evaluation evaluation={e} />)}
    </>
  );
}

function ComputeButton({ period, texts: V, closed }: { period: string; texts: ViewTexts; closed: boolean }) {
  const [open, setOpen] = useState(false);
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const compute = useMutation({
    mutationFn: () => call(api.POST('/api/v1/evaluations/{period}/compute', { params: { path: { period } } })),
    onSuccess: () => {
      message.success(V.computed);
      setOpen(false);
    },
    onError: (error) => message.error(errorText(error)),
    onSettled: () => client.invalidateQueries({ queryKey: ['evaluation', period] }),
  });
  return (
    <>
      <Button type="primary" disabled={!closed} title={closed ? undefined : V.notClosed} onClick={() => setOpen(true)}>
        {T.compute}
      </Button>
      <Modal
        open={open}
        title={V.computeTitle(formatPeriod(period))}
        okText={T.compute}
        okButtonProps={{ loading: compute.isPending }}
        onOk={() => compute.mutate()}
        onCancel={() => setOpen(false)}
      >
        <Alert type="warning" showIcon title={V.computeWarning} />
      </Modal>
    </>
  );
}

function RankDelta({ delta, span = '月' }: { delta: number | null; span?: Span }) {
  if (delta === null)
    return (
      <Typography.Text type="secondary" title={T.noPrevious(span)}>
        {T.newcomer}
      </Typography.Text>
    );
  if (delta > 0)
    return (
      <Typography.Text type="success" strong title={T.upHint(delta, span)} aria-label={T.upHint(delta, span)} data-delta={delta}>
        {T.up(delta)}
      </Typography.Text>
    );
  if (delta < 0)
    return (
      <Typography.Text type="danger" strong title={T.downHint(-delta, span)} aria-label={T.downHint(-delta, span)} data-delta={delta}>
        {T.down(-delta)}
      </Typography.Text>
    );
  return (
    <Typography.Text type="secondary" title={T.sameHint(span)} data-delta={0}>
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
      <NoticeHeading title={e.title} lines={[`${T.publishedAt(formatDateTime(e.computedAt))}　${T.rules(base, points)}`]} />
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card className="section-card" size="small" title={<h2 className="section-title">{T.chart}</h2>}>
            <LazyBarChart bars={bars} unit={T.scoreUnit} min={min} description={describeBars(T.chartDescription, bars, T.scoreUnit)} />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Ranking title={T.ranking} label={T.rankingLabel} rowKey="unitId" columns={columns} rows={e.items} />
        </Col>
      </Row>
    </>
  );
}

type YearlyUnit = YearlyEvaluation['items'][number];
type YearlyChain = YearlyEvaluation['chains'][number];

/** 年度考评: the units' ranking with its two parts, the chains' on their quarters, the rule and the notices it composed. */
function Yearly({ evaluation: e }: { evaluation: YearlyEvaluation }) {
  const r = e.rules;
  const [monthly, quarterly] = shares([r.monthlyWeight, r.quarterlyWeight]);
  const rateKeys = (Object.keys(r.rateWeights) as (keyof typeof r.rateWeights)[]).filter((k) => r.rateWeights[k] > 0);
  const rateShares = shares(rateKeys.map((k) => r.rateWeights[k]));
  const rates = rateKeys.map((k, i) => `${T.rateNames[k]}×${rateShares[i]}`).join('＋');
  const bars: Bar[] = e.items.map((i) => ({ label: i.unitName, value: i.score, color: scoreColor(i.score, 100) }));
  const score = (value: number) => (
    <Typography.Text strong style={{ color: scoreColor(value, 100) }}>
      {value}
    </Typography.Text>
  );
  const common = { rank: { title: T.rank, dataIndex: 'rank', width: 64, align: 'center' as const } };
  const unitColumns: ColumnsType<YearlyUnit> = [
    common.rank,
    { title: T.unit, dataIndex: 'unitName' },
    { title: T.yearScore, dataIndex: 'score', render: score },
    { title: T.delta, dataIndex: 'rankDelta', render: (delta: number | null) => <RankDelta delta={delta} span="年" /> },
    { title: T.monthlyPart, key: 'monthly', responsive: ['md'], render: (_: unknown, i: YearlyUnit) => partText(i.monthly) },
    { title: T.quarterlyPart, key: 'quarterly', responsive: ['md'], render: (_: unknown, i: YearlyUnit) => partText(i.quarterly) },
  ];
  const chainColumns: ColumnsType<YearlyChain> = [
    common.rank,
    { title: T.chain, dataIndex: 'chainName' },
    { title: T.yearScore, dataIndex: 'score', render: score },
    { title: T.delta, dataIndex: 'rankDelta', render: (delta: number | null) => <RankDelta delta={delta} span="年" /> },
    { title: T.quarterlyPart, key: 'quarterly', render: (_: unknown, c: YearlyChain) => partText(c.quarterly) },
  ];
  return (
    <>
      <NoticeHeading title={e.title} lines={[`${T.publishedAt(formatDateTime(e.computedAt))}　${T.yearRules(monthly, quarterly, rates)}`, composedText(e.composedOf)]} />
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card className="section-card" size="small" title={<h2 className="section-title">{T.chart}</h2>}>
            <LazyBarChart bars={bars} unit={T.scoreUnit} description={describeBars(T.unitChartDescription, bars, T.scoreUnit)} />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Ranking title={T.unitRanking} label={T.unitRankingLabel} rowKey="unitId" columns={unitColumns} rows={e.items} />
        </Col>
      </Row>
      <Ranking title={T.chainRanking} label={T.chainRankingLabel} rowKey="chainId" columns={chainColumns} rows={e.chains} />
    </>
  );
}

/** A ranking table in its card. */
function Ranking<Row extends object>({
  title,
  label,
  rowKey,
  columns,
  rows,
}: {
  title: string;
  label: string;
  rowKey: keyof Row & string;
  columns: ColumnsType<Row>;
  rows: Row[];
}) {
  return (
    <Card className="section-card" size="small" title={<h2 className="section-title">{title}</h2>}>
      <Table<Row> aria-label={label} rowKey={rowKey} size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} />
    </Card>
  );
}

/** The notice's title and its lines (when published, by which rule), centred as on paper. */
function NoticeHeading({ title, lines }: { title: string; lines: string[] }) {
  return (
    <Card className="section-card" size="small">
      <Typography.Title level={4} style={{ textAlign: 'center', marginTop: 8 }}>
        {title}
      </Typography.Title>
      {lines.map((line) => (
        <Typography.Paragraph key={line} type="secondary" style={{ textAlign: 'center', marginBottom: 0 }}>
          {line}
        </Typography.Paragraph>
      ))}
    </Card>
  );
}
