import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { useCadences, useChains, useServerNow, useUnits } from '../../api/queries';
import { ItemList } from '../../components/ItemList';
import { ObligationDrawer } from '../../components/subject/ObligationDrawer';
import { EscalationTag, ObligationStateTag, TimelinessTag } from '../../components/tags';
import { dayjs, formatDateTime, formatPeriod, periodOf } from '../../lib/dates';
import { countdown } from '../../lib/timeliness';
import { ReportDrawer } from './ReportDrawer';
import { T } from './texts';

const PAGE_SIZE = 10;

/** This month's reports the user's unit owes (GET /obligations?unitId&period), with countdown and light. */
export function ObligationsSection({
  unitId,
  reportId,
  onOpenReport,
  onCloseReport,
}: {
  unitId: number | null;
  /** The report whose form is open (?report=ID: from the list, or from a reminder). */
  reportId: number | null;
  onOpenReport: (id: number) => void;
  onCloseReport: () => void;
}) {
  const { now, ready } = useServerNow();
  const thisMonth = periodOf(now);
  const [chosen, setChosen] = useState<string | null>(null);
  const period = chosen ?? thisMonth;
  const [page, setPage] = useState(1);
  const [detail, setDetail] = useState<number | null>(null);
  const chains = useChains();
  const cadences = useCadences();
  const units = useUnits();
  const list = useQuery({
    queryKey: ['obligations', 'mine', unitId, period, page],
    enabled: ready && unitId !== null,
    queryFn: () => call(api.GET('/api/v1/obligations', { params: { query: { unitId: unitId!, period, page, pageSize: PAGE_SIZE } } })),
  });
  const linked = useQuery({
    queryKey: ['obligations', 'one', reportId],
    enabled: reportId !== null,
    queryFn: () => call(api.GET('/api/v1/obligations/{id}', { params: { path: { id: reportId! } } })),
  });
  // Only an open report has a form; a reminder of one already sent just shows the list.
  const reporting = linked.data && linked.data.id === reportId && linked.data.state === 'OPEN' && linked.data.unitId === unitId ? linked.data : null;
  const shift = (months: number) => {
    setChosen(dayjs(`${period}-01`).add(months, 'month').format('YYYY-MM'));
    setPage(1);
  };

  const title = period === thisMonth ? T.reports : T.reportsOf(formatPeriod(period));
  return (
    <Card
      className="section-card"
      title={<h2 className="section-title">{title}</h2>}
      extra={
        <Space size={4}>
          <Button size="small" icon={<LeftOutlined />} aria-label={T.previousMonth} onClick={() => shift(-1)} />
          <Typography.Text>{formatPeriod(period)}</Typography.Text>
          <Button size="small" icon={<RightOutlined />} aria-label={T.nextMonth} onClick={() => shift(1)} />
        </Space>
      }
    >
      {unitId === null ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={T.noUnit} />
      ) : (
        <ItemList
          label={title}
          items={list.data?.items}
          loading={!ready || list.isLoading}
          empty={T.noReports}
          page={page}
          pageSize={PAGE_SIZE}
          total={list.data?.total}
          onPage={setPage}
          itemKey={(o) => o.id}
          render={(o) => {
            const name =
              o.chainId === null ? T.reportTitleNoChain(cadences.nameOf(o.cadenceId), formatPeriod(o.period)) : T.reportTitle(chains.nameOf(o.chainId), formatPeriod(o.period));
            const left = o.state === 'OPEN' ? countdown(o.dueAt, now) : null;
            return (
              <Flex justify="space-between" align="start" gap="small" wrap data-obligation={o.id}>
                <div style={{ minWidth: 0, flex: '1 1 220px' }}>
                  <div className="item-title">{name}</div>
                  <div className="item-meta">
                    {o.receiverUnitId !== null && <span>{T.receiver(units.nameOf(o.receiverUnitId))} · </span>}
                    {T.due(formatDateTime(o.dueAt))}
                  </div>
                  <Flex gap={4} wrap align="center" style={{ marginTop: 4 }}>
                    <ObligationStateTag state={o.state} />
                    <TimelinessTag timeliness={o.timeliness} />
                    <EscalationTag level={o.escalationLevel} />
                    {left && <Typography.Text type={left.overdue ? 'danger' : 'secondary'}>{left.text}</Typography.Text>}
                    {o.submittedAt && <Typography.Text type="secondary">{T.submittedAt(formatDateTime(o.submittedAt))}</Typography.Text>}
                  </Flex>
                </div>
                <Flex gap="small" align="center">
                  {/* What happens next (提醒, 催办, 督办…) and what has, in the report's own drawer. */}
                  <Button type="link" size="small" onClick={() => setDetail(o.id)} aria-label={`${T.view}：${name}`} style={{ paddingInline: 4 }}>
                    {T.view}
                  </Button>
                  {o.state === 'OPEN' && (
                    <Button type="primary" onClick={() => onOpenReport(o.id)} aria-label={`${T.fill}：${name}`}>
                      {T.fill}
                    </Button>
                  )}
                </Flex>
              </Flex>
            );
          }}
        />
      )}
      <ReportDrawer obligation={reporting} onClose={onCloseReport} />
      <ObligationDrawer obligationId={detail} onClose={() => setDetail(null)} />
    </Card>
  );
}
