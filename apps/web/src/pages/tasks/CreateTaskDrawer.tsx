import { Alert, App as AntApp, Button, Checkbox, DatePicker, Drawer, Flex, Form, Grid, Input, Radio, Select, TimePicker } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { api, call } from '../../api/client';
import { useChains, useServerNow, useUnits } from '../../api/queries';
import { useSession } from '../../auth/session';
import { dayjs, inZone, PICKER_DATE_FORMAT, toInstant } from '../../lib/dates';
import { errorText, showApiError } from '../../lib/form-errors';
import { picksIssuer } from '../../lib/menu';
import { COMMON, PRIORITY } from '../../texts';
import { T } from './texts';

interface Values {
  title: string;
  description?: string;
  issuerUnitId: number;
  ownerUnitId: number;
  coUnitIds?: number[];
  chainId?: number;
  dueAt: dayjs.Dayjs;
  dueTime: dayjs.Dayjs;
  priority: 'NORMAL' | 'URGENT';
  assignNow: boolean;
}

const FIELDS = ['title', 'description', 'issuerUnitId', 'ownerUnitId', 'coUnitIds', 'chainId', 'dueAt', 'priority'];

/** 新建任务 (POST /tasks), and 交办 at once unless the issuer wants to keep a draft. */
export function CreateTaskDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const mobile = !Grid.useBreakpoint().md;
  const current = useSession();
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<string[]>([]);
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const { units } = useUnits();
  const { chains } = useChains();
  const { now } = useServerNow();
  const chooseIssuer = current ? picksIssuer(current.user.roles) : false;
  const unitOptions = useMemo(() => units.map((u) => ({ value: u.id, label: u.name })), [units]);
  const chainOptions = useMemo(() => chains.map((c) => ({ value: c.id, label: c.name })), [chains]);

  useEffect(() => {
    if (open) {
      form.resetFields();
      setGeneral([]);
    }
  }, [open, form]);

  const create = useMutation({
    mutationFn: async (v: Values) => {
      const task = await call(
        api.POST('/api/v1/tasks', {
          body: {
            title: v.title,
            description: v.description?.trim() ? v.description : undefined,
            issuerUnitId: v.issuerUnitId,
            ownerUnitId: v.ownerUnitId,
            coUnitIds: v.coUnitIds?.length ? v.coUnitIds : undefined,
            chainId: v.chainId,
            dueAt: toInstant(v.dueAt.hour(v.dueTime.hour()).minute(v.dueTime.minute()).second(0)),
            priority: v.priority,
          },
        }),
      );
      if (!v.assignNow) return { task, assigned: false, assignError: null };
      try {
        await call(api.POST('/api/v1/tasks/{id}/transitions', { params: { path: { id: task.id } }, body: { action: 'assign', version: task.version } }));
        return { task, assigned: true, assignError: null };
      } catch (error) {
        return { task, assigned: false, assignError: error };
      }
    },
    onSuccess: ({ task, assigned, assignError }) => {
      if (assignError) message.warning(T.assignFailed(errorText(assignError)));
      else message.success(assigned ? T.createdAndAssigned : T.created);
      onClose();
      onCreated(task.id);
    },
    onError: (error) => {
      setGeneral(showApiError(form, error, FIELDS));
    },
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: ['tasks'] }), client.invalidateQueries({ queryKey: ['counts'] })]),
  });

  const search = { optionFilterProp: 'label' as const };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={T.createTitle}
      size={mobile ? '100%' : 600}
      destroyOnHidden
      footer={
        <Flex justify="end" gap="small">
          <Button onClick={onClose}>{COMMON.cancel}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
            {T.submitCreate}
          </Button>
        </Flex>
      }
    >
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        name="create-task"
        layout="vertical"
        onFinish={(v) => create.mutate(v)}
        initialValues={{ priority: 'NORMAL', assignNow: true, issuerUnitId: current?.user.unitId ?? undefined, dueTime: dayjs().hour(18).minute(0).second(0).millisecond(0) }}
      >
        <Form.Item name="title" label={T.titleLabel} rules={[{ required: true, whitespace: true, message: T.titleRequired }]}>
          <Input maxLength={200} placeholder={T.titlePlaceholder} />
        </Form.Item>
        <Form.Item name="description" label={T.description}>
          <Input.TextArea rows={3} maxLength={10000} placeholder={T.descriptionPlaceholder} />
        </Form.Item>
        <Form.Item name="issuerUnitId" label={T.issuer} rules={[{ required: true, message: T.issuerRequired }]}>
          <Select showSearch={search} options={unitOptions} disabled={!chooseIssuer} placeholder={T.selectPlaceholder} />
        </Form.Item>
        <Form.Item name="ownerUnitId" label={T.owner} rules={[{ required: true, message: T.ownerRequired }]}>
          <Select showSearch={search} options={unitOptions} placeholder={T.searchPlaceholder} />
        </Form.Item>
        <Form.Item name="coUnitIds" label={T.coUnits}>
          <Select mode="multiple" showSearch={search} options={unitOptions} placeholder={T.searchPlaceholder} />
        </Form.Item>
        <Form.Item name="chainId" label={T.chain}>
          <Select allowClear showSearch={search} options={chainOptions} placeholder={T.selectPlaceholder} />
        </Form.Item>
        <Flex gap="small">
          <Form.Item name="dueAt" label={T.dueDate} rules={[{ required: true, message: T.dueAtRequired }]} style={{ flex: 2 }}>
            <DatePicker
              format={PICKER_DATE_FORMAT}
              style={{ width: '100%' }}
              disabledDate={(d) => d.isBefore(inZone(now).format('YYYY-MM-DD'), 'day')}
              defaultPickerValue={dayjs(inZone(now).format('YYYY-MM-DD'))}
              showToday={false}
              inputReadOnly={mobile}
            />
          </Form.Item>
          <Form.Item name="dueTime" label={T.dueTime} rules={[{ required: true, message: T.dueTimeRequired }]} style={{ flex: 1 }}>
            <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} showNow={false} style={{ width: '100%' }} inputReadOnly={mobile} />
          </Form.Item>
        </Flex>
        <Form.Item name="priority" label={T.priority}>
          <Radio.Group options={(['NORMAL', 'URGENT'] as const).map((p) => ({ value: p, label: PRIORITY[p] }))} />
        </Form.Item>
        <Form.Item name="assignNow" valuePropName="checked">
          <Checkbox>{T.assignNow}</Checkbox>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
