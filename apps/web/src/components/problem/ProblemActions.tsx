import { Alert, App as AntApp, Button, DatePicker, Flex, Form, Input, Modal, Radio, Rate } from 'antd';
import { useState } from 'react';
import type { Schemas } from '../../api/client';
import { useServerNow } from '../../api/queries';
import { useSession } from '../../auth/session';
import { errorText, mapApiError, showApiError } from '../../lib/form-errors';
import { dayjs, inZone, PICKER_DATE_FORMAT, toInstant } from '../../lib/dates';
import { availableProblemActions, type ProblemAction, takesPlanDate } from '../../lib/problem-actions';
import { SEVERITY } from '../../texts';
import { EvidenceUpload, evidenceSettled, fileIdsOf, type EvidenceValue } from '../evidence/EvidenceUpload';
import { T as EVIDENCE } from '../evidence/texts';
import { useProblemTransition } from './problem-queries';
import { PROBLEM_ACTION_FORMS, SEVERITY_HINT, T, type ProblemActionForm } from './texts';

interface Values {
  comment?: string;
  severity?: Schemas['Severity'];
  satisfaction?: number;
  plannedAt?: dayjs.Dayjs;
  files?: EvidenceValue;
}

const FIELDS = ['comment', 'severity', 'satisfaction', 'plannedAt'];

/** The 13710 buttons this user may press on this problem now; each opens the form it needs. */
export function ProblemActions({ problem }: { problem: Schemas['ProblemDto'] }) {
  const current = useSession();
  const [open, setOpen] = useState<ProblemAction | null>(null);
  if (!current) return null;
  const actions = availableProblemActions(problem, current.user);
  if (actions.length === 0) return null;
  return (
    <Flex gap="small" wrap>
      {actions.map((action) => {
        const form = PROBLEM_ACTION_FORMS[action];
        return (
          <Button key={action} type={form.kind === 'primary' ? 'primary' : 'default'} danger={form.kind === 'danger'} onClick={() => setOpen(action)}>
            {form.label}
          </Button>
        );
      })}
      {open && <ActionModal problem={problem} action={open} spec={PROBLEM_ACTION_FORMS[open]} onClose={() => setOpen(null)} />}
    </Flex>
  );
}

function ActionModal({ problem, action, spec, onClose }: { problem: Schemas['ProblemDto']; action: ProblemAction; spec: ProblemActionForm; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<string[]>([]);
  const { message } = AntApp.useApp();
  const transition = useProblemTransition(problem);
  const severity = Form.useWatch('severity', form);
  const { now } = useServerNow();
  // A major problem may state its plan's date (13710: "a month, or by the date its plan states").
  const planDate = takesPlanDate(action, spec.severity ? (severity ?? problem.severity) : problem.severity);
  const submit = async () => {
    const values = await form.validateFields();
    setGeneral([]);
    try {
      await transition.mutateAsync({
        action,
        comment: values.comment?.trim() || undefined,
        severity: spec.severity ? values.severity : undefined,
        satisfaction: spec.satisfaction ? values.satisfaction : undefined,
        // The plan's date: by the end of that day in the profile's zone.
        plannedAt: planDate && values.plannedAt ? toInstant(values.plannedAt.hour(23).minute(59).second(59)) : undefined,
        fileIds: spec.evidence ? fileIdsOf(values.files) : undefined,
      });
      message.success(T.done(spec.label));
      onClose();
    } catch (error) {
      const general = showApiError(form, error, FIELDS);
      setGeneral(general.length || mapApiError(error, FIELDS).fields.length ? general : [errorText(error)]);
    }
  };
  return (
    <Modal
      open
      title={`${spec.label}：${problem.title}`}
      okText={spec.label}
      okButtonProps={{ danger: spec.kind === 'danger', loading: transition.isPending }}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      {spec.warning && <Alert type={spec.kind === 'danger' ? 'warning' : 'info'} showIcon title={spec.warning} style={{ marginBottom: 16 }} />}
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} style={{ marginBottom: 16 }} />}
      <Form form={form} name={`problem-${action}`} layout="vertical" initialValues={{ severity: problem.severity }}>
        {spec.severity && (
          <Form.Item name="severity" label={T.severity} extra={severity ? SEVERITY_HINT[severity] : undefined} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={(['GENERAL', 'MAJOR'] as const).map((value) => ({ value, label: SEVERITY[value] }))} />
          </Form.Item>
        )}
        {planDate && (
          <Form.Item name="plannedAt" label={T.plannedAt} extra={T.plannedAtHint}>
            <DatePicker format={PICKER_DATE_FORMAT} style={{ width: '100%' }} disabledDate={(d) => !d.isAfter(inZone(now).format('YYYY-MM-DD'), 'day')} showToday={false} />
          </Form.Item>
        )}
        {spec.satisfaction && (
          <Form.Item name="satisfaction" label={T.satisfaction} rules={[{ required: true, message: T.satisfactionRequired }]}>
            <Rate count={5} aria-label={T.satisfaction} />
          </Form.Item>
        )}
        {spec.comment && (
          <Form.Item name="comment" label={spec.comment.label} rules={spec.comment.required ? [{ required: true, whitespace: true, message: T.required(spec.comment.label) }] : []}>
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
