import { Alert, App as AntApp, Button, DatePicker, Flex, Form, Grid, Input, Modal } from 'antd';
import { useState } from 'react';
import type { Schemas } from '../../api/client';
import { useServerNow } from '../../api/queries';
import { useSession } from '../../auth/session';
import { dayjs, formatDateTime, inZone, PICKER_DATE_FORMAT, toInstant } from '../../lib/dates';
import { errorText, mapApiError, showApiError } from '../../lib/form-errors';
import { availableActions, type TaskAction } from '../../lib/task-actions';
import { EvidenceUpload, evidenceSettled, fileIdsOf, type EvidenceValue } from '../evidence/EvidenceUpload';
import { T as EVIDENCE } from '../evidence/texts';
import { useTaskTransition } from './task-queries';
import { ACTION_FORMS, T, type ActionForm } from './texts';

interface Values {
  comment?: string;
  dueAt?: dayjs.Dayjs;
  files?: EvidenceValue;
}

/** The lifecycle buttons this user may press on this task now, each with the form and warning it needs. */
export function TaskActions({ task, size = 'middle', block = false }: { task: Schemas['TaskListItemDto']; size?: 'small' | 'middle'; block?: boolean }) {
  const current = useSession();
  const { now } = useServerNow();
  const { message } = AntApp.useApp();
  const transition = useTaskTransition(task);
  const [open, setOpen] = useState<TaskAction | null>(null);
  if (!current) return null;
  const actions = availableActions(task, current.user, now).filter((a) => ACTION_FORMS[a]);
  if (actions.length === 0) return null;

  // An extension moves the day; the time of day stays the task's.
  const newDueAt = (day: dayjs.Dayjs) => {
    const due = inZone(task.dueAt);
    return toInstant(day.hour(due.hour()).minute(due.minute()).second(due.second()));
  };
  const run = (action: TaskAction, values: Values = {}) =>
    transition.mutateAsync({ action, comment: values.comment?.trim(), dueAt: values.dueAt ? newDueAt(values.dueAt) : undefined, fileIds: fileIdsOf(values.files) }).then(() => {
      message.success(T.done(ACTION_FORMS[action].label));
    });

  return (
    <Flex gap="small" wrap>
      {actions.map((action) => {
        const form = ACTION_FORMS[action];
        const direct = !form.comment && !form.dueAt && !form.warning && !form.evidence;
        return (
          <Button
            key={action}
            size={size}
            block={block}
            type={form.kind === 'primary' ? 'primary' : 'default'}
            danger={form.kind === 'danger'}
            loading={transition.isPending && transition.variables?.action === action}
            onClick={() => (direct ? run(action).catch((error) => message.error(errorText(error))) : setOpen(action))}
          >
            {form.label}
          </Button>
        );
      })}
      {open && <ActionModal task={task} action={open} form={ACTION_FORMS[open]} onClose={() => setOpen(null)} run={run} />}
    </Flex>
  );
}

function ActionModal({
  task,
  action,
  form: spec,
  onClose,
  run,
}: {
  task: Schemas['TaskListItemDto'];
  action: TaskAction;
  form: ActionForm;
  onClose: () => void;
  run: (action: TaskAction, values: Values) => Promise<void>;
}) {
  const [form] = Form.useForm<Values>();
  const mobile = !Grid.useBreakpoint().md;
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setGeneral([]);
    try {
      await run(action, values);
      onClose();
    } catch (error) {
      const mapped = mapApiError(error, ['comment', 'dueAt', 'fileIds']);
      showApiError(form, error, ['comment', 'dueAt']);
      setGeneral(mapped.general.length || mapped.fields.length ? mapped.general : [errorText(error)]);
    } finally {
      setBusy(false);
    }
  };
  const warning = action === 'approve_extension' && task.extension ? `${spec.warning}（${formatDateTime(task.extension.dueAt)}）` : spec.warning;
  return (
    <Modal
      open
      title={`${spec.label}：${task.title}`}
      okText={spec.label}
      okButtonProps={{ danger: spec.kind === 'danger', loading: busy }}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      {warning && <Alert type={spec.kind === 'danger' ? 'warning' : 'info'} title={warning} showIcon style={{ marginBottom: 16 }} />}
      {general.length > 0 && <Alert type="error" title={general.join('；')} showIcon style={{ marginBottom: 16 }} />}
      <Form form={form} name={`task-${action}`} layout="vertical" requiredMark>
        {spec.dueAt && (
          <Form.Item name="dueAt" label={T.newDueAt} extra={T.keepsTime(inZone(task.dueAt).format('HH:mm'))} rules={[{ required: true, message: T.newDueAtRequired }]}>
            <DatePicker
              format={PICKER_DATE_FORMAT}
              style={{ width: '100%' }}
              disabledDate={(d) => !d.isAfter(inZone(task.dueAt).format('YYYY-MM-DD'), 'day')}
              defaultPickerValue={dayjs(inZone(task.dueAt).format('YYYY-MM-DD'))}
              showToday={false}
              inputReadOnly={mobile}
            />
          </Form.Item>
        )}
        {spec.comment && (
          <Form.Item
            name="comment"
            label={spec.comment.label}
            rules={spec.comment.required ? [{ required: true, whitespace: true, message: T.commentRequired(spec.comment.label) }] : []}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount placeholder={spec.comment.placeholder} />
          </Form.Item>
        )}
        {spec.evidence && (
          <Form.Item name="files" label={EVIDENCE.label} rules={[evidenceSettled]}>
            <EvidenceUpload />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
