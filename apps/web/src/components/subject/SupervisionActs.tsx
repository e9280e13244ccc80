import { Alert, App as AntApp, Button, Flex, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { useServerNow } from '../../api/queries';
import { useSession } from '../../auth/session';
import { formatDateTime } from '../../lib/dates';
import { errorText, mapApiError, showApiError } from '../../lib/form-errors';
import { maySupervise } from '../../lib/menu';
import { actsFor, type Act } from './acts';
import { useDecide, useUrge, type SupervisedType } from './subject-queries';
import { T } from './texts';

export interface SupervisedSubject {
  type: SupervisedType;
  id: number;
  title: string;
  /** The subject's escalation level now (0–3): 督办 and 挂牌督办 only go up. */
  level: number;
  /** Done, cancelled, reported, resolved, or a task not yet assigned: nothing to supervise. */
  settled: boolean;
}

const LABEL: Record<Act, string> = { urge: T.urge, 2: T.supervise, 3: T.escalate };

/** 催办, 督办 and 挂牌督办 by hand, for supervisors and admins; each asks its message or reason first. */
export function SupervisionActs({ subject, size = 'middle', link = false }: { subject: SupervisedSubject; size?: 'small' | 'middle'; link?: boolean }) {
  const current = useSession();
  const [open, setOpen] = useState<Act | null>(null);
  if (!current || !maySupervise(current.user.roles)) return null;
  const acts = actsFor(subject);
  if (acts.length === 0) return null;
  return (
    <Flex gap={link ? 0 : 'small'} wrap>
      {acts.map((act) => (
        <Button
          key={act}
          size={size}
          type={link ? 'link' : 'default'}
          danger={act === 3}
          onClick={() => setOpen(act)}
          aria-label={`${LABEL[act]}：${subject.title}`}
          style={link ? { paddingInline: 4 } : undefined}
        >
          {LABEL[act]}
        </Button>
      ))}
      {open === 'urge' && <UrgeModal subject={subject} onClose={() => setOpen(null)} />}
      {(open === 2 || open === 3) && <DecideModal subject={subject} level={open} onClose={() => setOpen(null)} />}
    </Flex>
  );
}

function UrgeModal({ subject, onClose }: { subject: SupervisedSubject; onClose: () => void }) {
  const [form] = Form.useForm<{ message: string }>();
  const [general, setGeneral] = useState<string[]>([]);
  const { message } = AntApp.useApp();
  const { now } = useServerNow(5_000);
  const urge = useUrge();
  const submit = async () => {
    const values = await form.validateFields();
    setGeneral([]);
    try {
      await urge.mutateAsync({ subjectType: subject.type, subjectId: subject.id, message: values.message.trim() });
      message.success(T.done(T.urge));
      onClose();
    } catch (error) {
      // Within the hour: say when it may be urged again (Retry-After, on the server's clock).
      if (error instanceof ApiError && error.status === 429 && error.retryAfterSeconds) {
        setGeneral([T.tooSoon(formatDateTime(new Date(now + error.retryAfterSeconds * 1000).toISOString()))]);
        return;
      }
      const general = showApiError(form, error, ['message']);
      setGeneral(general.length || mapApiError(error, ['message']).fields.length ? general : [errorText(error)]);
    }
  };
  return (
    <Modal open title={T.urgeOf(subject.title)} okText={T.urge} okButtonProps={{ loading: urge.isPending }} onOk={submit} onCancel={onClose} destroyOnHidden>
      <Alert type="info" showIcon title={T.urgeHint} style={{ marginBottom: 16 }} />
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} style={{ marginBottom: 16 }} />}
      <Form form={form} name="urge" layout="vertical">
        <Form.Item name="message" label={T.message_} rules={[{ required: true, whitespace: true, message: T.messageRequired }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={T.messagePlaceholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DecideModal({ subject, level, onClose }: { subject: SupervisedSubject; level: 2 | 3; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [general, setGeneral] = useState<string[]>([]);
  const { message } = AntApp.useApp();
  const decide = useDecide();
  const label = LABEL[level];
  const submit = async () => {
    const values = await form.validateFields();
    setGeneral([]);
    try {
      await decide.mutateAsync({ subjectType: subject.type, subjectId: subject.id, level, reason: values.reason.trim() });
      message.success(T.done(label));
      onClose();
    } catch (error) {
      const general = showApiError(form, error, ['reason']);
      setGeneral(general.length || mapApiError(error, ['reason']).fields.length ? general : [errorText(error)]);
    }
  };
  return (
    <Modal
      open
      title={T.decideOf(label, subject.title)}
      okText={T.confirm(label)}
      okButtonProps={{ danger: level === 3, loading: decide.isPending }}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={level === 3 ? T.escalateHint : T.superviseHint} style={{ marginBottom: 16 }} />
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} style={{ marginBottom: 16 }} />}
      <Form form={form} name={`decide-${level}`} layout="vertical">
        <Form.Item name="reason" label={T.reason_} rules={[{ required: true, whitespace: true, message: T.reasonRequired }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={T.reasonPlaceholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
