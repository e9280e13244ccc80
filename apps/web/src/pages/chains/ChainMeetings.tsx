import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Flex, Form, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useServerNow } from '../../api/queries';
import { ItemList } from '../../components/ItemList';
import { dayjs, formatDateTime, formatMeetingTitle, inZone, PICKER_YEAR_FORMAT } from '../../lib/dates';
import { CHAIN_ROLE, MEETING_STATE } from '../../texts';
import { T } from './texts';

const PAGE_SIZE = 10;

/** 待召开, then 待录入纪要 once its time has passed, then 已召开 with its minutes. */
export function MeetingStateTag({ meeting }: { meeting: Pick<Schemas['MeetingDto'], 'state' | 'scheduledAt'> }) {
  const { now } = useServerNow();
  if (meeting.state === 'SCHEDULED' && Date.parse(meeting.scheduledAt) <= now) return <Tag color="orange">{T.minutesPending}</Tag>;
  return <Tag color={meeting.state === 'HELD' ? 'success' : 'blue'}>{MEETING_STATE[meeting.state] ?? meeting.state}</Tag>;
}

/** The chain's meetings of a year (GET /meetings?chainId&from&to), a page at a time; each opens its agenda and minutes. */
export function ChainMeetings({ chain }: { chain: Schemas['ChainDetailDto'] }) {
  const navigate = useNavigate();
  const { now, ready } = useServerNow();
  const [chosen, setChosen] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const year = chosen ?? inZone(now).format('YYYY');
  const query = { chainId: chain.id, from: `${year}-01-01`, to: `${year}-12-31`, page, pageSize: PAGE_SIZE };
  const meetings = useQuery({
    queryKey: ['meetings', query],
    enabled: ready,
    queryFn: () => call(api.GET('/api/v1/meetings', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  return (
    <Card className="section-card" size="small" title={<h2 className="section-title">{T.tabMeetings}</h2>}>
      <Form layout="inline" style={{ marginBottom: 12 }}>
        <Form.Item label={T.year} htmlFor="meetings-year">
          <DatePicker
            id="meetings-year"
            picker="year"
            format={PICKER_YEAR_FORMAT}
            allowClear={false}
            value={dayjs(`${year}-01-01`)}
            onChange={(d) => {
              if (d) setChosen(d.format('YYYY'));
              setPage(1);
            }}
            inputReadOnly
          />
        </Form.Item>
      </Form>
      <ItemList
        label={T.meetingsLabel}
        items={meetings.data?.items}
        loading={meetings.isLoading || !ready}
        empty={T.noMeetings}
        page={page}
        pageSize={PAGE_SIZE}
        total={meetings.data?.total}
        onPage={setPage}
        itemKey={(m) => m.id}
        render={(m) => (
          <Flex justify="space-between" align="start" gap="small">
            <div style={{ minWidth: 0 }}>
              <div className="item-title">
                <MeetingStateTag meeting={m} />
                {formatMeetingTitle(m.title)}
              </div>
              <div className="item-meta">
                {T.scheduledAt(formatDateTime(m.scheduledAt))}
                {m.convenerRole && `　${T.convener(CHAIN_ROLE[m.convenerRole as Schemas['ChainRole']] ?? m.convenerRole)}`}
              </div>
            </div>
            <Button size="small" onClick={() => navigate(`/meetings/${m.id}`)} aria-label={T.viewOf(formatMeetingTitle(m.title))} style={{ flex: 'none' }}>
              {T.view}
            </Button>
          </Flex>
        )}
      />
    </Card>
  );
}
