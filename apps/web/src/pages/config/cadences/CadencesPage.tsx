import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  InputNumber,
  Radio,
  Select,
  Skeleton,
  Space,
  Tag,
  TimePicker,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, call, type Schemas } from '../../../api/client';
import { useChains, useServerNow, useUnits } from '../../../api/queries';
import { FormDrawer, SubmitOnEnter } from '../../../components/FormDrawer';
import { useListParams } from '../../../components/list-params';
import { PageHeader } from '../../../components/PageHeader';
import { ServerTable } from '../../../components/ServerTable';
import { dayjs, formatDate, formatDateTime, inZone, PICKER_DATE_FORMAT, ZONE } from '../../../lib/dates';
import { errorText, showApiError } from '../../../lib/form-errors';
import { CADENCE_KIND, CHAIN_ROLE, COMMON, FREQUENCY, SHIFT, UNIT_KIND, WEEKDAY } from '../../../texts';
import { T } from './texts';

type Cadence = Schemas['CadenceViewDto'];
type Body = Schemas['CadenceDto'];
const FIELDS = [
  'name',
  'kind',
  'frequency',
  'dayOfMonth',
  'weekday',
  'nth',
  'month',
  'time',
  'timezone',
  'shift',
  'activeFrom',
  'activeTo',
  'policyId',
  'chainId',
  'owingUnitIds',
  'owingUnitKinds',
  'owingChainRoles',
  'receiverUnitId',
  'convenerRole',
];
const MONTHS_IN: Partial<Record<Schemas['Frequency'], number>> = { QUARTERLY: 3, SEMIANNUAL: 6, YEARLY: 12 };
/** How far ahead to ask for twelve due dates (the api answers at most five years). */
const SPAN_DAYS: Record<Schemas['Frequency'], number> = { WEEKLY: 100, MONTHLY: 400, QUARTERLY: 1130, SEMIANNUAL: 1826, YEARLY: 1826 };

/** The rule in words: 每月 20 日 23:59, 顺延至下一个工作日. */
export function describeRule(c: Pick<Cadence, 'frequency' | 'dayOfMonth' | 'weekday' | 'nth' | 'month' | 'time' | 'shift'>): string {
  const time = c.time.slice(0, 5);
  const month = T.describe.month(MONTHS_IN[c.frequency] ? c.month : undefined);
  const when =
    c.frequency === 'WEEKLY'
      ? T.describe.weekly(WEEKDAY[c.weekday ?? 1])
      : c.dayOfMonth
        ? T.describe.day(FREQUENCY[c.frequency], month, c.dayOfMonth)
        : T.describe.nth(FREQUENCY[c.frequency], month, T.nthOptions[c.nth ?? 1] ?? '', WEEKDAY[c.weekday ?? 1]);
  return `${when} ${time}，${SHIFT[c.shift]}`;
}

/** 周期规则: cadences (admin): list, a rule's next 12 due dates on the work calendar, 新建 / 编辑 with the api's field errors, 删除 with confirmation. */
export default function CadencesPage() {
  const { page, pageSize, setPage } = useListParams([] as const);
  const { cadenceId } = useParams();
  const navigate = useNavigate();
  const [editing, setEditing] = useState<Cadence | 'new' | null>(null);
  const chains = useChains();
  const list = useQuery({
    queryKey: ['cadences', 'page', page, pageSize],
    queryFn: () => call(api.GET('/api/v1/cadences', { params: { query: { page, pageSize } } })),
    placeholderData: (previous) => previous,
  });
  const open = (id: number) => navigate(`/config/cadences/${id}${window.location.search}`);
  const columns: ColumnsType<Cadence> = [
    {
      title: T.name,
      dataIndex: 'name',
      render: (name: string, c) => (
        <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => open(c.id)}>
          {name}
        </Button>
      ),
    },
    { title: T.kind, dataIndex: 'kind', render: (k: Cadence['kind']) => <Tag>{CADENCE_KIND[k]}</Tag> },
    { title: T.rule, key: 'rule', render: (_, c) => describeRule(c) },
    { title: T.chain, dataIndex: 'chainId', responsive: ['lg'], render: (id?: number) => (id ? chains.nameOf(id) : '—') },
    { title: T.activeFrom, dataIndex: 'activeFrom', responsive: ['xl'], render: (at: string) => formatDate(at) },
    {
      title: T.actions,
      key: 'actions',
      render: (_, c) => (
        <Button type="link" size="small" onClick={() => open(c.id)} aria-label={`${T.view}：${c.name}`}>
          {T.view}
        </Button>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title={T.pageTitle}
        crumbs={[{ title: T.home, to: '/' }, { title: T.config }]}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {T.create}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {T.intro}
        </Typography.Paragraph>
      </PageHeader>
      <ServerTable<Cadence>
        label={T.listLabel}
        rowKey="id"
        columns={columns}
        empty={T.empty}
        onRow={(c) => ({ 'data-cadence': c.name }) as HTMLAttributes<HTMLElement>}
        renderItem={(c) => (
          <Flex vertical gap={4} data-cadence={c.name}>
            <Button type="link" className="item-title" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => open(c.id)}>
              {c.name}
            </Button>
            <div className="item-meta">
              {CADENCE_KIND[c.kind]} · {describeRule(c)}
            </div>
          </Flex>
        )}
        data={list.data}
        loading={list.isFetching}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
      />
      <CadenceDetail id={Number(cadenceId) || null} onClose={() => navigate(`/config/cadences${window.location.search}`)} onEdit={setEditing} />
      <CadenceDrawer cadence={editing} onClose={() => setEditing(null)} onSaved={(c) => open(c.id)} />
    </>
  );
}

function CadenceDetail({ id, onClose, onEdit }: { id: number | null; onClose: () => void; onEdit: (c: Cadence) => void }) {
  const mobile = !Grid.useBreakpoint().md;
  const { modal, message } = AntApp.useApp();
  const client = useQueryClient();
  const units = useUnits();
  const chains = useChains();
  const { now, ready } = useServerNow();
  const cadence = useQuery({ queryKey: ['cadences', 'one', id], enabled: id !== null, queryFn: () => call(api.GET('/api/v1/cadences/{id}', { params: { path: { id: id! } } })) });
  const policies = useQuery({
    queryKey: ['policies', 'all'],
    staleTime: 60_000,
    queryFn: async () => (await call(api.GET('/api/v1/escalation-policies', { params: { query: { page: 1, pageSize: 200 } } }))).items,
  });
  const c = cadence.data;
  const from = inZone(now).format('YYYY-MM-DD');
  const occurrences = useQuery({
    queryKey: ['cadences', 'occurrences', id, from, c?.version],
    enabled: id !== null && ready && !!c,
    queryFn: () =>
      call(
        api.GET('/api/v1/cadences/{id}/occurrences', {
          params: { path: { id: id! }, query: { from, to: dayjs(from).add(SPAN_DAYS[c!.frequency], 'day').format('YYYY-MM-DD') } },
        }),
      ),
  });
  const next = (occurrences.data?.items ?? []).filter((o) => Date.parse(o.dueAt) >= now).slice(0, 12);
  const remove = () =>
    modal.confirm({
      title: T.deleteTitle(c!.name),
      content: T.deleteContent,
      okText: T.delete,
      okButtonProps: { danger: true },
      cancelText: COMMON.cancel,
      onOk: async () => {
        try {
          await call(api.DELETE('/api/v1/cadences/{id}', { params: { path: { id: c!.id } } }));
          message.success(T.deleted);
          onClose();
        } catch (error) {
          message.error(errorText(error));
        } finally {
          await client.invalidateQueries({ queryKey: ['cadences'] });
        }
      },
    });
  const owing = c
    ? [...(c.owingUnitIds ?? []).map((u) => units.nameOf(u)), ...(c.owingUnitKinds ?? []).map((k) => UNIT_KIND[k]), ...(c.owingChainRoles ?? []).map((r) => CHAIN_ROLE[r])].join(
        '、',
      ) || '—'
    : '—';
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      title={c?.name ?? T.pageTitle}
      size={mobile ? '100%' : 720}
      destroyOnHidden
      extra={
        c && (
          <Space>
            <Button onClick={() => onEdit(c)}>{T.edit}</Button>
            <Button danger onClick={remove}>
              {T.delete}
            </Button>
          </Space>
        )
      }
    >
      {cadence.isLoading && <Skeleton active />}
      {cadence.isError && <Alert type="error" showIcon title={errorText(cadence.error)} />}
      {c && (
        <>
          <Descriptions size="small" column={mobile ? 1 : 2} bordered>
            <Descriptions.Item label={T.kind}>{CADENCE_KIND[c.kind]}</Descriptions.Item>
            <Descriptions.Item label={T.rule}>{describeRule(c)}</Descriptions.Item>
            <Descriptions.Item label={T.activeFrom}>{formatDateTime(c.activeFrom)}</Descriptions.Item>
            <Descriptions.Item label={T.activeTo}>{formatDateTime(c.activeTo)}</Descriptions.Item>
            <Descriptions.Item label={T.chain}>{c.chainId ? chains.nameOf(c.chainId) : '—'}</Descriptions.Item>
            <Descriptions.Item label={T.policy}>{c.policyId ? (policies.data?.find((p) => p.id === c.policyId)?.name ?? '—') : '—'}</Descriptions.Item>
            <Descriptions.Item label={T.owing}>{owing}</Descriptions.Item>
            <Descriptions.Item label={T.receiver}>{c.receiverUnitId ? units.nameOf(c.receiverUnitId) : '—'}</Descriptions.Item>
          </Descriptions>
          <Card size="small" title={<h3 className="section-title">{T.preview}</h3>} style={{ marginTop: 16 }}>
            <Typography.Paragraph type="secondary">{T.previewHint}</Typography.Paragraph>
            {occurrences.isError && <Alert type="error" showIcon title={`${T.previewFailed}${errorText(occurrences.error)}`} />}
            {occurrences.isLoading ? (
              <Skeleton active />
            ) : next.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={T.previewEmpty} />
            ) : (
              <ol className="due-tiles" aria-label={T.preview}>
                {next.map((o) => {
                  const at = inZone(o.dueAt);
                  return (
                    <li key={o.period} className="due-tile" data-date={o.localDate} title={T.period(o.period)}>
                      <span className="due-tile-month">{at.format('YYYY年M月')}</span>
                      <span className="due-tile-day">{at.format('D')}</span>
                      <span className="due-tile-time">{T.dueTile(WEEKDAY[at.day() === 0 ? 7 : at.day()], at.format('HH:mm'))}</span>
                    </li>
                  );
                })}
              </ol>
            )}
          </Card>
        </>
      )}
    </Drawer>
  );
}

interface CadenceForm {
  name: string;
  kind: Schemas['CadenceKind'];
  frequency: Schemas['Frequency'];
  anchor: 'day' | 'weekday';
  dayOfMonth?: number;
  nth?: number;
  weekday?: number;
  month?: number;
  time: dayjs.Dayjs;
  shift: Schemas['ShiftRule'];
  activeFrom: dayjs.Dayjs;
  activeTo?: dayjs.Dayjs | null;
  policyId?: number;
  chainId?: number;
  owingUnitIds?: number[];
  owingUnitKinds?: Schemas['UnitKind'][];
  owingChainRoles?: Schemas['ChainRole'][];
  receiverUnitId?: number;
  convenerRole?: Body['convenerRole'];
}

/** A plain date at the start of its day in the profile's zone, as the api's instant. */
const startOfDay = (d: dayjs.Dayjs) => dayjs.tz(d.format('YYYY-MM-DD'), ZONE).format('YYYY-MM-DDTHH:mm:ssZ');

function toBody(v: CadenceForm): Body {
  const weekly = v.frequency === 'WEEKLY';
  const byDay = !weekly && v.anchor === 'day';
  const nonEmpty = <T,>(xs?: T[]) => (xs?.length ? xs : undefined);
  return {
    name: v.name,
    kind: v.kind,
    frequency: v.frequency,
    dayOfMonth: byDay ? v.dayOfMonth : undefined,
    weekday: byDay ? undefined : v.weekday,
    nth: weekly || byDay ? undefined : v.nth,
    month: MONTHS_IN[v.frequency] ? (v.month ?? undefined) : undefined,
    time: v.time.format('HH:mm'),
    shift: v.shift,
    activeFrom: startOfDay(v.activeFrom),
    activeTo: v.activeTo ? startOfDay(v.activeTo) : undefined,
    policyId: v.policyId,
    chainId: v.chainId,
    owingUnitIds: nonEmpty(v.owingUnitIds),
    owingUnitKinds: nonEmpty(v.owingUnitKinds),
    owingChainRoles: nonEmpty(v.owingChainRoles),
    receiverUnitId: v.receiverUnitId,
    convenerRole: v.kind === 'MEETING' ? v.convenerRole : undefined,
  };
}

function toForm(c: Cadence): CadenceForm {
  return {
    name: c.name,
    kind: c.kind,
    frequency: c.frequency,
    anchor: c.dayOfMonth ? 'day' : 'weekday',
    dayOfMonth: c.dayOfMonth,
    nth: c.nth,
    weekday: c.weekday,
    month: c.month,
    time: dayjs(`2000-01-01T${c.time}`),
    shift: c.shift,
    activeFrom: dayjs(inZone(c.activeFrom).format('YYYY-MM-DD')),
    activeTo: c.activeTo ? dayjs(inZone(c.activeTo).format('YYYY-MM-DD')) : null,
    policyId: c.policyId,
    chainId: c.chainId,
    owingUnitIds: c.owingUnitIds,
    owingUnitKinds: c.owingUnitKinds,
    owingChainRoles: c.owingChainRoles,
    receiverUnitId: c.receiverUnitId,
    convenerRole: c.convenerRole as Body['convenerRole'],
  };
}

function CadenceDrawer({ cadence, onClose, onSaved }: { cadence: Cadence | 'new' | null; onClose: () => void; onSaved: (c: Cadence) => void }) {
  const creating = cadence === 'new';
  const [form] = Form.useForm<CadenceForm>();
  const [general, setGeneral] = useState<string[]>([]);
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const { units } = useUnits();
  const { chains } = useChains();
  const { now } = useServerNow();
  const policies = useQuery({
    queryKey: ['policies', 'all'],
    staleTime: 60_000,
    queryFn: async () => (await call(api.GET('/api/v1/escalation-policies', { params: { query: { page: 1, pageSize: 200 } } }))).items,
  });
  const frequency = Form.useWatch('frequency', form);
  const anchor = Form.useWatch('anchor', form);
  const kind = Form.useWatch('kind', form);
  useEffect(() => {
    if (!cadence) return;
    form.resetFields();
    setGeneral([]);
    if (cadence !== 'new') form.setFieldsValue(toForm(cadence));
  }, [cadence, form]);
  const save = useMutation({
    mutationFn: (v: CadenceForm) =>
      creating
        ? call(api.POST('/api/v1/cadences', { body: toBody(v) }))
        : call(api.PUT('/api/v1/cadences/{id}', { params: { path: { id: (cadence as Cadence).id } }, body: toBody(v) })),
    onSuccess: (saved) => {
      message.success(creating ? T.created : T.saved);
      onClose();
      onSaved(saved);
    },
    onError: (error) => setGeneral(showApiError(form, error, FIELDS)),
    onSettled: () => client.invalidateQueries({ queryKey: ['cadences'] }),
  });
  const unitOptions = units.map((u) => ({ value: u.id, label: u.name }));
  const search = { optionFilterProp: 'label' as const };
  const span = frequency ? MONTHS_IN[frequency] : undefined;
  return (
    <FormDrawer
      open={cadence !== null}
      title={creating ? T.createTitle : cadence ? T.editTitle(cadence.name) : ''}
      onClose={onClose}
      onSubmit={() => form.submit()}
      submitText={creating ? T.submitCreate : COMMON.save}
      pending={save.isPending}
      general={general}
      width={680}
    >
      <Form
        form={form}
        name="cadence"
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={{
          kind: 'REPORT',
          frequency: 'MONTHLY',
          anchor: 'day',
          dayOfMonth: 20,
          nth: 1,
          weekday: 1,
          time: dayjs('2000-01-01T23:59'),
          shift: 'NEXT_WORKDAY',
          activeFrom: dayjs(inZone(now).format('YYYY-MM-DD')),
        }}
      >
        <SubmitOnEnter />
        <Form.Item name="name" label={T.name} rules={[{ required: true, whitespace: true, message: T.nameRequired }]}>
          <Input maxLength={100} placeholder={T.namePlaceholder} />
        </Form.Item>
        <Flex gap="small" wrap>
          <Form.Item name="kind" label={T.kind} rules={[{ required: true, message: T.kindRequired }]} style={{ flex: '1 1 160px' }}>
            <Select options={Object.entries(CADENCE_KIND).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="frequency" label={T.frequency} rules={[{ required: true, message: T.frequencyRequired }]} style={{ flex: '1 1 160px' }}>
            <Select options={Object.entries(FREQUENCY).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </Flex>
        {frequency !== 'WEEKLY' && (
          <Form.Item name="anchor" label={T.anchor}>
            <Radio.Group
              options={[
                { value: 'day', label: T.byDay },
                { value: 'weekday', label: T.byWeekday },
              ]}
            />
          </Form.Item>
        )}
        <Flex gap="small" wrap>
          {span && (
            <Form.Item name="month" label={T.month} extra={T.monthHelp} style={{ flex: '1 1 160px' }}>
              <Select allowClear placeholder={T.none} options={Array.from({ length: span }, (_, i) => ({ value: i + 1, label: T.monthOption(i + 1) }))} />
            </Form.Item>
          )}
          {frequency !== 'WEEKLY' && anchor === 'day' ? (
            <Form.Item name="dayOfMonth" label={T.dayOfMonth} extra={T.dayOfMonthHelp} style={{ flex: '1 1 120px' }}>
              <InputNumber min={1} max={31} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          ) : (
            <>
              {frequency !== 'WEEKLY' && (
                <Form.Item name="nth" label={T.nth} style={{ flex: '1 1 120px' }}>
                  <Select options={Object.entries(T.nthOptions).map(([value, label]) => ({ value: Number(value), label }))} />
                </Form.Item>
              )}
              <Form.Item name="weekday" label={T.weekday} style={{ flex: '1 1 120px' }}>
                <Select options={Object.entries(WEEKDAY).map(([value, label]) => ({ value: Number(value), label }))} />
              </Form.Item>
            </>
          )}
          <Form.Item name="time" label={T.time} rules={[{ required: true, message: T.timeRequired }]} style={{ flex: '1 1 120px' }}>
            <TimePicker format="HH:mm" needConfirm={false} showNow={false} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item name="shift" label={T.shift}>
          <Radio.Group options={Object.entries(SHIFT).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Flex gap="small" wrap>
          <Form.Item name="activeFrom" label={T.activeFrom} rules={[{ required: true, message: T.activeFromRequired }]} style={{ flex: '1 1 180px' }}>
            <DatePicker format={PICKER_DATE_FORMAT} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="activeTo" label={T.activeTo} extra={T.activeToHelp} style={{ flex: '1 1 180px' }}>
            <DatePicker format={PICKER_DATE_FORMAT} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Flex gap="small" wrap>
          <Form.Item name="policyId" label={T.policy} extra={T.policyHelp} style={{ flex: '1 1 200px' }}>
            <Select allowClear placeholder={T.none} options={(policies.data ?? []).map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
          <Form.Item name="chainId" label={T.chain} style={{ flex: '1 1 200px' }}>
            <Select allowClear showSearch={search} placeholder={T.none} options={chains.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        </Flex>
        <fieldset className="step-editor" style={{ marginBottom: 16 }}>
          <legend>{T.owing}</legend>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {T.owingHelp}
          </Typography.Paragraph>
          <Form.Item name="owingUnitIds" label={T.owingUnitIds}>
            <Select mode="multiple" allowClear showSearch={search} placeholder={T.none} options={unitOptions} />
          </Form.Item>
          <Form.Item name="owingUnitKinds" label={T.owingUnitKinds}>
            <Select mode="multiple" allowClear placeholder={T.none} options={Object.entries(UNIT_KIND).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="owingChainRoles" label={T.owingChainRoles} style={{ marginBottom: 0 }}>
            <Select mode="multiple" allowClear placeholder={T.none} options={Object.entries(CHAIN_ROLE).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </fieldset>
        <Form.Item name="receiverUnitId" label={T.receiver} extra={T.receiverHelp}>
          <Select allowClear showSearch={search} placeholder={T.none} options={unitOptions} />
        </Form.Item>
        {kind === 'MEETING' && (
          <Form.Item name="convenerRole" label={T.convenerRole}>
            <Select allowClear placeholder={T.none} options={(['GENERAL_LEADER', 'LEADER', 'SUB_LEADER', 'LEAD_UNIT'] as const).map((r) => ({ value: r, label: CHAIN_ROLE[r] }))} />
          </Form.Item>
        )}
      </Form>
    </FormDrawer>
  );
}
