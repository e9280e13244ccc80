import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Select, Space, Tag, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { api, call, type Schemas } from '../../../api/client';
import { useServerNow } from '../../../api/queries';
import { FormDrawer, SubmitOnEnter } from '../../../components/FormDrawer';
import { useListParams } from '../../../components/list-params';
import { PageHeader } from '../../../components/PageHeader';
import { ServerTable } from '../../../components/ServerTable';
import { dayjs, formatDateTime, inZone, toInstant } from '../../../lib/dates';
import { errorText, mapApiError } from '../../../lib/form-errors';
import { describeOffset, fromOffset, toOffset, type OffsetUnit } from '../../../lib/offsets';
import { COMMON, NOTIFY_ROLE, STEP_ACTION } from '../../../texts';
import { T } from './texts';

type Policy = Schemas['EscalationPolicyViewDto'];
type Step = Schemas['PolicyStepDto'];
interface StepForm {
  direction: 'before' | 'after';
  amount?: number;
  unit: OffsetUnit;
  iso?: string;
  action?: Schemas['StepAction'];
  notify?: Schemas['NotifyRole'][];
}
interface PolicyForm {
  name: string;
  steps: StepForm[];
}

const ACTION_COLOR: Record<Schemas['StepAction'], string> = { remind: 'blue', due: 'gold', urge: 'orange', supervise: 'volcano', escalate: 'magenta' };
/** The same colours as CSS, for the timeline's dots. */
const ACTION_DOT: Record<Schemas['StepAction'], string> = { remind: '#1677ff', due: '#d4b106', urge: '#fa8c16', supervise: '#fa541c', escalate: '#eb2f96' };

function toStep(s: StepForm): Step {
  const amount = s.unit === 'iso' ? undefined : (s.direction === 'before' ? -1 : 1) * Math.abs(s.amount ?? 0);
  return { ...toOffset({ unit: s.unit, amount, iso: s.iso }), action: s.action!, ...(s.notify?.length ? { notify: s.notify } : {}) };
}

function toStepForm(step: Schemas['PolicyStepViewDto']): StepForm {
  const input = fromOffset(step);
  return {
    unit: input.unit,
    direction: (input.amount ?? 0) < 0 ? 'before' : 'after',
    amount: Math.abs(input.amount ?? 0),
    iso: input.iso,
    action: step.action,
    notify: step.notify ? [...step.notify] : [],
  };
}

function StepsSummary({ steps }: { steps: readonly Schemas['PolicyStepViewDto'][] }) {
  return (
    <Flex gap={4} wrap>
      {steps.map((s, i) => (
        <Tag key={i} color={ACTION_COLOR[s.action]}>
          {describeOffset(s)} {STEP_ACTION[s.action]}
        </Tag>
      ))}
    </Flex>
  );
}

/** 督办规则: escalation policies (GET /escalation-policies), a step editor with a timeline preview on the work calendar, 删除 with confirmation. */
export default function PoliciesPage() {
  const { page, pageSize, setPage } = useListParams([] as const);
  const [editing, setEditing] = useState<Policy | 'new' | null>(null);
  const { modal, message } = AntApp.useApp();
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['policies', 'page', page, pageSize],
    queryFn: () => call(api.GET('/api/v1/escalation-policies', { params: { query: { page, pageSize } } })),
    placeholderData: (previous) => previous,
  });
  const remove = (p: Policy) =>
    modal.confirm({
      title: T.deleteTitle(p.name),
      content: T.deleteContent,
      okText: T.delete,
      okButtonProps: { danger: true },
      cancelText: COMMON.cancel,
      onOk: async () => {
        try {
          await call(api.DELETE('/api/v1/escalation-policies/{id}', { params: { path: { id: p.id } } }));
          message.success(T.deleted);
        } catch (error) {
          // 409 when in use: the api's reason, in Chinese.
          modal.error({ title: T.deleteTitle(p.name), content: errorText(error), okText: COMMON.confirm });
        } finally {
          await client.invalidateQueries({ queryKey: ['policies'] });
        }
      },
    });
  const actions = (p: Policy) => (
    <Space size={0}>
      <Button type="link" size="small" onClick={() => setEditing(p)} aria-label={`${T.edit}：${p.name}`}>
        {T.edit}
      </Button>
      <Button type="link" size="small" danger onClick={() => remove(p)} aria-label={`${T.delete}：${p.name}`}>
        {T.delete}
      </Button>
    </Space>
  );
  const columns: ColumnsType<Policy> = [
    { title: T.name, dataIndex: 'name' },
    {
      title: T.steps,
      dataIndex: 'steps',
      render: (steps: Policy['steps']) => (
        <div style={{ maxWidth: 560 }}>
          <StepsSummary steps={steps} />
        </div>
      ),
    },
    { title: T.createdAt, dataIndex: 'createdAt', responsive: ['xl'], render: (at: string) => formatDateTime(at) },
    { title: T.actions, key: 'actions', render: (_, p) => actions(p) },
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
      <ServerTable<Policy>
        label={T.listLabel}
        rowKey="id"
        columns={columns}
        empty={T.empty}
        onRow={(p) => ({ 'data-policy': p.name }) as HTMLAttributes<HTMLElement>}
        renderItem={(p) => (
          <Flex vertical gap={6} data-policy={p.name}>
            <div className="item-title">{p.name}</div>
            <StepsSummary steps={p.steps} />
            {actions(p)}
          </Flex>
        )}
        data={list.data}
        loading={list.isFetching}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
      />
      <PolicyDrawer policy={editing} onClose={() => setEditing(null)} />
    </>
  );
}

const NEW_STEPS: StepForm[] = [
  { direction: 'before', amount: 3, unit: 'workdays', action: 'remind' },
  { direction: 'after', amount: 0, unit: 'hours', action: 'due' },
  { direction: 'after', amount: 1, unit: 'workdays', action: 'urge' },
];

function PolicyDrawer({ policy, onClose }: { policy: Policy | 'new' | null; onClose: () => void }) {
  const creating = policy === 'new';
  const [form] = Form.useForm<PolicyForm>();
  const [general, setGeneral] = useState<string[]>([]);
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const { now, ready } = useServerNow();
  // Next month's 20th at 23:59 by the server's clock (the virtual one in demos), until one is picked.
  const [picked, setPicked] = useState<dayjs.Dayjs | null>(null);
  const due = picked ?? dayjs(inZone(now).add(1, 'month').date(20).format('YYYY-MM-DD')).hour(23).minute(59).second(0);
  const [previewSteps, setPreviewSteps] = useState<Step[] | null>(null);

  useEffect(() => {
    if (!policy) return;
    form.resetFields();
    setGeneral([]);
    const steps = policy === 'new' ? NEW_STEPS : policy.steps.map(toStepForm);
    form.setFieldsValue({ name: policy === 'new' ? '' : policy.name, steps });
    setPreviewSteps(steps.map(toStep));
  }, [policy, form]);

  const preview = useQuery({
    queryKey: ['policy-preview', previewSteps, due.format('YYYY-MM-DD HH:mm')],
    enabled: ready && policy !== null && previewSteps !== null && previewSteps.length > 0,
    retry: false,
    queryFn: () => call(api.POST('/api/v1/escalation-policies/preview', { body: { steps: previewSteps!, dueAt: toInstant(due) } })),
  });
  const refreshPreview = () => {
    const steps = (form.getFieldValue('steps') as StepForm[] | undefined) ?? [];
    if (steps.every((s) => s?.action && (s.unit === 'iso' ? s.iso : s.amount !== undefined && s.amount !== null))) setPreviewSteps(steps.map(toStep));
  };

  const showErrors = (error: unknown) => {
    const steps = (form.getFieldValue('steps') as StepForm[] | undefined) ?? [];
    const mapped = mapApiError(error, ['name', 'steps', 'steps.*.offset', 'steps.*.calendar', 'steps.*.action', 'steps.*.notify']);
    form.setFields(
      mapped.fields.map(({ name, errors }) => {
        const [, index, field] = name;
        if (field === 'offset') return { name: ['steps', index, steps[Number(index)]?.unit === 'iso' ? 'iso' : 'amount'], errors };
        if (field === 'calendar') return { name: ['steps', index, 'unit'], errors };
        return { name, errors };
      }) as never,
    );
    setGeneral(mapped.general);
  };
  const save = useMutation({
    mutationFn: (v: PolicyForm) => {
      const body = { name: v.name, steps: v.steps.map(toStep) };
      return creating
        ? call(api.POST('/api/v1/escalation-policies', { body }))
        : call(api.PUT('/api/v1/escalation-policies/{id}', { params: { path: { id: (policy as Policy).id } }, body }));
    },
    onSuccess: () => {
      message.success(creating ? T.created : T.saved);
      onClose();
    },
    onError: showErrors,
    onSettled: () => client.invalidateQueries({ queryKey: ['policies'] }),
  });

  return (
    <FormDrawer
      open={policy !== null}
      title={creating ? T.createTitle : policy ? T.editTitle(policy.name) : ''}
      onClose={onClose}
      onSubmit={() => form.submit()}
      submitText={creating ? T.submitCreate : COMMON.save}
      pending={save.isPending}
      general={general}
      width={760}
    >
      <Form form={form} name="policy" layout="vertical" onFinish={(v) => save.mutate(v)} onValuesChange={refreshPreview}>
        <SubmitOnEnter />
        <Form.Item name="name" label={T.name} rules={[{ required: true, whitespace: true, message: T.nameRequired }]}>
          <Input maxLength={100} placeholder={T.namePlaceholder} />
        </Form.Item>
        <Form.List name="steps" rules={[{ validator: (_, steps) => (steps?.length ? Promise.resolve() : Promise.reject(new Error(T.stepsRequired))) }]}>
          {(fields, { add, remove }, { errors }) => (
            <fieldset className="step-editor">
              <legend>{T.steps}</legend>
              {fields.map((field, i) => (
                <StepRow key={field.key} index={i} name={field.name} onRemove={() => remove(field.name)} />
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ direction: 'after', amount: 1, unit: 'workdays', action: 'urge' })}>
                {T.addStep}
              </Button>
            </fieldset>
          )}
        </Form.List>
      </Form>
      <Card
        size="small"
        title={<h3 className="section-title">{T.preview}</h3>}
        style={{ marginTop: 16 }}
        extra={<Button size="small" icon={<ReloadOutlined />} onClick={refreshPreview} aria-label={T.refresh} />}
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {T.previewHint}
        </Typography.Paragraph>
        <Flex gap="small" align="center" wrap style={{ marginBottom: 12 }}>
          <label htmlFor="preview-due">{T.previewDue}</label>
          <DatePicker id="preview-due" showTime={{ format: 'HH:mm' }} format="YYYY年M月D日 HH:mm" value={due} allowClear={false} onChange={(v) => v && setPicked(v)} />
        </Flex>
        {preview.isError && <Alert type="warning" showIcon title={`${T.previewFailed}${errorText(preview.error)}`} />}
        {preview.data && (
          <Timeline
            aria-label={T.preview}
            items={preview.data.items.map((item) => ({
              color: ACTION_DOT[item.action],
              content: (
                <div className="preview-step" data-action={item.action} data-at={item.at}>
                  <Typography.Text strong>{formatDateTime(item.at)}</Typography.Text> <Tag color={ACTION_COLOR[item.action]}>{STEP_ACTION[item.action]}</Tag>
                  <Typography.Text type="secondary">{describeOffset(item)}</Typography.Text>
                </div>
              ),
            }))}
          />
        )}
        <Typography.Text type="secondary">{T.dueLine(formatDateTime(toInstant(due)))}</Typography.Text>
      </Card>
    </FormDrawer>
  );
}

function StepRow({ index, name, onRemove }: { index: number; name: number; onRemove: () => void }) {
  const form = Form.useFormInstance<PolicyForm>();
  const unit = Form.useWatch(['steps', name, 'unit'], form) as OffsetUnit | undefined;
  const n = index + 1;
  const label = (what: string) => `${T.step(n)}${what}`;
  return (
    <div className="step-row" data-step={n}>
      <Typography.Text strong className="step-index">
        {T.step(n)}
      </Typography.Text>
      <Flex gap={8} wrap align="start" style={{ flex: 1 }}>
        {unit === 'iso' ? (
          <Form.Item
            name={[name, 'iso']}
            label={label(T.iso)}
            className="step-field"
            rules={[{ required: true, whitespace: true, message: T.isoRequired }]}
            style={{ marginBottom: 8, width: 160 }}
          >
            <Input placeholder={T.isoPlaceholder} translate="no" />
          </Form.Item>
        ) : (
          <>
            <Form.Item name={[name, 'direction']} label={label(T.direction)} className="step-field" style={{ marginBottom: 8, width: 100 }}>
              <Select
                options={[
                  { value: 'before', label: T.before },
                  { value: 'after', label: T.after },
                ]}
              />
            </Form.Item>
            <Form.Item
              name={[name, 'amount']}
              label={label(T.amount)}
              className="step-field"
              rules={[{ required: true, message: T.amountRequired }]}
              style={{ marginBottom: 8, width: 80 }}
            >
              <InputNumber min={0} max={366} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        <Form.Item name={[name, 'unit']} label={label(T.unit)} className="step-field" style={{ marginBottom: 8, width: 110 }}>
          <Select options={Object.entries(T.units).map(([value, l]) => ({ value, label: l }))} />
        </Form.Item>
        <Form.Item
          name={[name, 'action']}
          label={label(T.action)}
          className="step-field"
          rules={[{ required: true, message: T.actionRequired }]}
          style={{ marginBottom: 8, width: 120 }}
        >
          <Select showSearch={{ optionFilterProp: 'label' }} options={Object.entries(STEP_ACTION).map(([value, l]) => ({ value, label: l }))} />
        </Form.Item>
        <Form.Item name={[name, 'notify']} label={label(T.notify)} className="step-field" style={{ marginBottom: 8, minWidth: 200, flex: 1 }}>
          <Select mode="multiple" placeholder={T.notifyDefault} options={Object.entries(NOTIFY_ROLE).map(([value, l]) => ({ value, label: l }))} />
        </Form.Item>
      </Flex>
      <Button type="text" danger icon={<DeleteOutlined />} aria-label={T.removeStep(n)} onClick={onRemove} />
    </div>
  );
}
