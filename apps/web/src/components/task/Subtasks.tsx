import { Alert, App as AntApp, Button, DatePicker, Form, Grid, Modal, Progress, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import type { Schemas } from '../../api/client';
import { useUnits } from '../../api/queries';
import { useSession } from '../../auth/session';
import { dayjs, formatDateTime, inZone, PICKER_DATE_FORMAT, toInstant } from '../../lib/dates';
import { errorText, mapApiError, showApiError } from '../../lib/form-errors';
import { maySplit } from '../../lib/task-actions';
import { EscalationTag, TaskStateTag, TimelinessTag } from '../tags';
import { useSplitTask } from './task-queries';
import { T } from './texts';

/** A split task's sub-tasks (任务分解): one row per unit, with the share done. */
export function SubtaskTable({ task }: { task: Schemas['TaskDto'] }) {
  const { nameOf } = useUnits();
  if (task.children.length === 0) return null;
  return (
    <div>
      <Typography.Title level={5}>{T.subtasks}</Typography.Title>
      <Typography.Paragraph type="secondary">{T.subtasksNote}</Typography.Paragraph>
      <Progress percent={Math.round((task.progress ?? 0) * 100)} aria-label={T.progress} />
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={task.children}
        columns={[
          { title: T.owner, dataIndex: 'ownerUnitId', render: (id: number) => nameOf(id) },
          { title: T.state, dataIndex: 'state', render: (state: Schemas['TaskState']) => <TaskStateTag state={state} /> },
          { title: T.light, dataIndex: 'timeliness', responsive: ['md'], render: (t: string | null) => <TimelinessTag timeliness={t} /> },
          { title: T.escalation, dataIndex: 'escalationLevel', render: (level: number) => <EscalationTag level={level} /> },
          { title: T.dueAt, dataIndex: 'dueAt', responsive: ['md'], render: (at: string) => formatDateTime(at) },
        ]}
      />
    </div>
  );
}

interface SplitValues {
  ownerUnitIds: number[];
  dueAt?: dayjs.Dayjs;
}

/** The 分解 button and its form, for those the api lets split the task (its issuer, a supervisor, an admin). */
export function SplitButton({ task }: { task: Schemas['TaskDto'] }) {
  const current = useSession();
  const [open, setOpen] = useState(false);
  if (!current || !maySplit(task, current.user)) return null;
  return (
    <>
      <Button onClick={() => setOpen(true)}>{T.split}</Button>
      {open && <SplitModal task={task} onClose={() => setOpen(false)} />}
    </>
  );
}

function SplitModal({ task, onClose }: { task: Schemas['TaskDto']; onClose: () => void }) {
  const [form] = Form.useForm<SplitValues>();
  const mobile = !Grid.useBreakpoint().md;
  const { units } = useUnits();
  const { message } = AntApp.useApp();
  const split = useSplitTask(task.id);
  const [general, setGeneral] = useState<string[]>([]);
  const taken = new Set(task.children.map((c) => c.ownerUnitId));
  const due = inZone(task.dueAt);
  const submit = async () => {
    const values = await form.validateFields();
    setGeneral([]);
    try {
      // A chosen day keeps the task's time of day.
      const dueAt = values.dueAt ? toInstant(values.dueAt.hour(due.hour()).minute(due.minute()).second(due.second())) : undefined;
      const res = await split.mutateAsync({ ownerUnitIds: values.ownerUnitIds, dueAt });
      message.success(T.splitDone(res.children.length));
      onClose();
    } catch (error) {
      const mapped = mapApiError(error, ['ownerUnitIds', 'dueAt']);
      showApiError(form, error, ['ownerUnitIds', 'dueAt']);
      setGeneral(mapped.general.length || mapped.fields.length ? mapped.general : [errorText(error)]);
    }
  };
  return (
    <Modal open title={T.splitTitle(task.title)} okText={T.split} okButtonProps={{ loading: split.isPending }} onOk={submit} onCancel={onClose} destroyOnHidden>
      <Alert type="info" title={T.splitWarning} showIcon style={{ marginBottom: 16 }} />
      {general.length > 0 && <Alert type="error" title={general.join('；')} showIcon style={{ marginBottom: 16 }} />}
      <Form form={form} name="task-split" layout="vertical" requiredMark>
        <Form.Item name="ownerUnitIds" label={T.splitUnits} rules={[{ required: true, type: 'array', min: 1, message: T.splitUnitsRequired }]}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={units.filter((u) => !taken.has(u.id)).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="dueAt" label={T.splitDueAt} extra={T.splitDueAtExtra(formatDateTime(task.dueAt))}>
          <DatePicker
            format={PICKER_DATE_FORMAT}
            style={{ width: '100%' }}
            disabledDate={(d) => d.isAfter(due.format('YYYY-MM-DD'), 'day')}
            showToday={false}
            inputReadOnly={mobile}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
