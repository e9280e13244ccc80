import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, DatePicker, Flex, Form, Input, Modal, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useServerNow } from '../../api/queries';
import { useSession } from '../../auth/session';
import { ItemList } from '../../components/ItemList';
import { dayjs, formatDateTime, formatMeetingTitle, inZone, PICKER_YEAR_FORMAT, toInstant } from '../../lib/dates';
import { errorText, mapApiError, showApiError } from '../../lib/form-errors';
import { CHAIN_ROLE, COMMON, MEETING_STATE } from '../../texts';
import { conveningTypes } from './chain-access';
import { M } from './meeting-texts';
import { T } from './texts';

const PAGE_SIZE = 10;

/** 待召开, then 待录入纪要 once its time has passed, then 已召开 with its minutes. */
export function MeetingStateTag({ meeting }: { meeting: Pick<Schemas['MeetingDto'], 'state' | 'scheduledAt'> }) {
  const { now } = useServerNow();
  if (meeting.state === 'SCHEDULED' && Date.parse(meeting.scheduledAt) <= now) return <Tag color="orange">{T.minutesPending}</Tag>;
  return <Tag color={meeting.state === 'HELD' ? 'success' : 'blue'}>{MEETING_STATE[meeting.state] ?? meeting.state}</Tag>;
}

/** The chain's meetings of a year (GET /meetings?chainId&from&to), a page at a time; each opens its agenda and minutes. A convener calls an ad-hoc one (新建会议). */
export function ChainMeetings({ chain }: { chain: Schemas['ChainDetailDto'] }) {
  const navigate = useNavigate();
  const current = useSession();
  const types = current ? conveningTypes(chain, current.user) : [];
  const [creating, setCreating] = useState(false);
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
    <Card
      className="section-card"
      size="small"
      title={<h2 className="section-title">{T.tabMeetings}</h2>}
      extra={
        types.length > 0 && (
          <Button type="primary" size="small" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
            {M.create}
          </Button>
        )
      }
    >
      {creating && <NewMeetingModal chain={chain} types={types} onClose={() => setCreating(false)} />}
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

interface NewMeetingValues {
  type: Schemas['AdHocMeetingType'];
  scheduledAt: dayjs.Dayjs;
  title?: string;
}
const NEW_MEETING_FIELDS = ['type', 'scheduledAt', 'title'];

/** 新建会议: an ad-hoc meeting of this chain (POST /meetings), of a type its profile lets the user call. */
export function NewMeetingModal({ chain, types, onClose }: { chain: Pick<Schemas['ChainDetailDto'], 'id' | 'name'>; types: Schemas['MeetingTypeDto'][]; onClose: () => void }) {
  const [form] = Form.useForm<NewMeetingValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: (v: NewMeetingValues) =>
      call(api.POST('/api/v1/meetings', { body: { type: v.type, chainIds: [chain.id], scheduledAt: toInstant(v.scheduledAt), title: v.title?.trim() || undefined } })),
    onSuccess: (meeting) => {
      message.success(M.created);
      onClose();
      navigate(`/meetings/${meeting.id}`);
    },
    onError: (error) => {
      const general = showApiError(form, error, NEW_MEETING_FIELDS);
      setGeneral(general.length || mapApiError(error, NEW_MEETING_FIELDS).fields.length ? general : [errorText(error)]);
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['meetings'] }),
  });
  return (
    <Modal
      open
      title={M.createTitle(chain.name)}
      okText={M.create}
      cancelText={COMMON.cancel}
      okButtonProps={{ loading: create.isPending }}
      onOk={async () => create.mutate(await form.validateFields())}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{M.createHint}</Typography.Paragraph>
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} style={{ marginBottom: 16 }} />}
      <Form form={form} name="new-meeting" layout="vertical" initialValues={{ type: types[0]?.type }}>
        <Form.Item name="type" label={M.type} rules={[{ required: true, message: M.typeRequired }]}>
          <Select options={types.map((t) => ({ value: t.type, label: t.name }))} />
        </Form.Item>
        <Form.Item name="scheduledAt" label={M.when} rules={[{ required: true, message: M.whenRequired }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY年M月D日 HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="title" label={M.title} extra={M.titleHint}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
