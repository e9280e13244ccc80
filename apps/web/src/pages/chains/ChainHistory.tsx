import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Empty, Form, Row, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useServerNow } from '../../api/queries';
import { dayjs, formatDate, formatPeriod, periodOf, PICKER_MONTH_FORMAT } from '../../lib/dates';
import { LIST_TYPE } from '../../texts';
import { ListTypeTag } from './ChainLists';
import { T } from './texts';

type ListType = Schemas['ListType'];
const TYPES = Object.keys(LIST_TYPE) as ListType[];

/** 调整记录: a month's additions to and removals from the four lists, with their reasons (动态调整). */
export function ChainHistory({ chain }: { chain: Schemas['ChainDetailDto'] }) {
  const { now, ready } = useServerNow();
  const [chosen, setChosen] = useState<string | null>(null);
  const month = chosen ?? periodOf(now);
  const history = useQuery({
    queryKey: ['list-history', chain.id, month],
    enabled: ready,
    queryFn: () => call(api.GET('/api/v1/chains/{id}/list-items/history', { params: { path: { id: chain.id }, query: { month } } })),
  });
  const h = history.data;
  const changed = h ? h.added.length + h.removed.length > 0 : false;
  return (
    <Card className="section-card" size="small" title={<h2 className="section-title">{T.changesOf(formatPeriod(month))}</h2>}>
      <Form layout="inline" style={{ marginBottom: 12 }}>
        <Form.Item label={T.month} htmlFor="history-month">
          <DatePicker
            id="history-month"
            picker="month"
            format={PICKER_MONTH_FORMAT}
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(d) => d && setChosen(d.format('YYYY-MM'))}
            inputReadOnly
          />
        </Form.Item>
      </Form>
      {history.isLoading && <Skeleton active />}
      {h && (
        <>
          <Row gutter={[8, 8]} role="group" aria-label={T.changes}>
            {TYPES.map((t) => (
              <Col xs={12} md={6} key={t}>
                <Card size="small">
                  <div className="item-meta">{LIST_TYPE[t]}</div>
                  <div className="change-counts">{T.changeCounts(h.summary[t].added, h.summary[t].removed)}</div>
                </Card>
              </Col>
            ))}
          </Row>
          {!changed && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={T.noChanges} />}
          {h.added.length > 0 && <Changes title={T.addedItems} items={h.added} removed={false} />}
          {h.removed.length > 0 && <Changes title={T.removedItems} items={h.removed} removed />}
        </>
      )}
    </Card>
  );
}

function Changes({ title, items, removed }: { title: string; items: Schemas['ListItemDto'][]; removed: boolean }) {
  return (
    <section aria-label={title} style={{ marginTop: 16 }}>
      <Typography.Title level={5}>{title}</Typography.Title>
      <ul className="item-list">
        {items.map((i) => (
          <li key={i.id}>
            <div className="item-title">
              <ListTypeTag type={i.type} />
              {i.name}
            </div>
            <div className="item-meta">
              {T.owner(i.ownerUnitName)}　{removed && i.removedAt ? T.removedAt(formatDate(i.removedAt)) : T.addedAt(formatDate(i.addedAt))}
            </div>
            {removed && i.removedReason && <div>{T.removedReason(i.removedReason)}</div>}
            {!removed && i.addedReason && <div>{T.addedReason(i.addedReason)}</div>}
          </li>
        ))}
      </ul>
    </section>
  );
}
