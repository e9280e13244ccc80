import { useQuery } from '@tanstack/react-query';
import { Alert, Card, DatePicker, Empty, Flex, Form, Skeleton, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useServerNow } from '../../api/queries';
import { PageHeader } from '../../components/PageHeader';
import { dayjs, formatPeriod, inZone, PICKER_YEAR_FORMAT } from '../../lib/dates';
import { errorText } from '../../lib/form-errors';
import { formatFigure, latestPeriod, plansOf, standingOf, type Standing, type UnitIndicator } from './standing';
import { T } from './texts';

type Overview = Schemas['IndicatorsOverviewDto'];
type UnitRow = Schemas['UnitIndicatorsDto'];

const TAGS: Record<Standing, { color?: string; text: string }> = {
  MET: { color: 'green', text: T.met },
  NOT_MET: { color: 'red', text: T.notMet },
  NOT_REPORTED: { color: 'orange', text: T.notReported },
  NO_TARGET: { text: T.noTarget },
};

/** 指标完成: per unit, each indicator's target (and the plan it came from) against the latest year-to-date figure. */
export default function IndicatorsPage() {
  const [params, setParams] = useSearchParams();
  const { now, ready } = useServerNow();
  const thisYear = inZone(now).format('YYYY');
  const year = /^\d{4}$/.test(params.get('year') ?? '') ? params.get('year')! : thisYear;
  const overview = useQuery({
    queryKey: ['indicators', year],
    enabled: ready,
    queryFn: () => call(api.GET('/api/v1/indicators', { params: { query: { year: Number(year) } } })),
  });
  const data = overview.data;
  return (
    <>
      <PageHeader title={T.pageTitle} crumbs={[{ title: T.home, to: '/' }]}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {T.intro}
        </Typography.Paragraph>
        <Form layout="inline">
          <Form.Item label={T.year} htmlFor="indicators-year">
            <DatePicker
              id="indicators-year"
              picker="year"
              format={PICKER_YEAR_FORMAT}
              allowClear={false}
              inputReadOnly
              value={dayjs(`${year}-01-01`)}
              disabledDate={(d) => d.format('YYYY') > thisYear}
              onChange={(d) => d && setParams({ year: d.format('YYYY') }, { replace: true })}
            />
          </Form.Item>
        </Form>
      </PageHeader>
      {(overview.isLoading || !ready) && <Skeleton active />}
      {overview.isError && <Alert type="error" showIcon title={errorText(overview.error)} />}
      {data && data.units.length === 0 && (
        <Card className="section-card">
          <Empty description={T.noData(year)} />
        </Card>
      )}
      {data && data.units.length > 0 && <Standings overview={data} />}
    </>
  );
}

function Standings({ overview }: { overview: Overview }) {
  const plans = plansOf(overview.units);
  const columns: ColumnsType<UnitRow> = [
    { title: T.unit, dataIndex: 'unitName', key: 'unit', fixed: 'left', width: 120 },
    ...overview.indicators.map((indicator, n) => ({
      title: `${indicator.name}（${indicator.unit}）`,
      key: indicator.key,
      width: 170,
      render: (_: unknown, row: UnitRow) => <Cell item={row.indicators[n]} unit={indicator.unit} />,
    })),
    {
      title: T.asOf,
      key: 'asOf',
      width: 110,
      render: (_: unknown, row: UnitRow) => {
        const period = latestPeriod(row.indicators);
        return period ? formatPeriod(period) : <Tag color="orange">{T.notReported}</Tag>;
      },
    },
  ];
  return (
    <Card className="section-card">
      <Flex vertical gap={4} style={{ marginBottom: 12 }}>
        {plans.map((plan) => (
          <Typography.Text key={`${plan.year}${plan.source}`} type="secondary">
            {T.source(plan.source, plan.year)}
            {plan.year < overview.year && plans.length === 1 ? ` ${T.carried(overview.year, plan.year)}` : ''}
          </Typography.Text>
        ))}
      </Flex>
      <Table<UnitRow> aria-label={T.tableLabel} rowKey="unitId" size="middle" columns={columns} dataSource={overview.units} pagination={false} scroll={{ x: 'max-content' }} />
    </Card>
  );
}

function Cell({ item, unit }: { item: UnitIndicator | undefined; unit: string }) {
  if (!item) return null;
  const standing = standingOf(item);
  return (
    <Flex vertical gap={2}>
      <span>
        {T.actual} {item.actual ? formatFigure(item.actual.value, unit) : '—'}
        {item.target && (
          <Typography.Text type="secondary">
            {' / '}
            {T.target} {formatFigure(item.target.value, unit)}
          </Typography.Text>
        )}
      </span>
      <span>
        <Tag color={TAGS[standing].color}>{TAGS[standing].text}</Tag>
      </span>
    </Flex>
  );
}
