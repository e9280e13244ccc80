import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useChains } from '../../api/queries';
import { useSession } from '../../auth/session';
import { errorText, mapApiError, showApiError } from '../../lib/form-errors';
import { mayRaiseProblem } from '../../lib/problem-actions';
import { T } from './texts';

const FIELDS = ['chainId', 'title', 'detail'];

/** 提出问题: a unit's staff raise a problem about a chain; the api routes it to the chain's lead department (责任单位). */
export function RaiseProblem({ onRaised }: { onRaised: (id: number) => void }) {
  const current = useSession();
  const [open, setOpen] = useState(false);
  if (!current || !mayRaiseProblem(current.user)) return null;
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        {T.raise}
      </Button>
      {open && (
        <RaiseModal
          onClose={() => setOpen(false)}
          onRaised={(id) => {
            setOpen(false);
            onRaised(id);
          }}
        />
      )}
    </>
  );
}

function RaiseModal({ onClose, onRaised }: { onClose: () => void; onRaised: (id: number) => void }) {
  const [form] = Form.useForm<Schemas['RaiseProblemDto']>();
  const [general, setGeneral] = useState<string[]>([]);
  const { message } = AntApp.useApp();
  const { chains } = useChains();
  const client = useQueryClient();
  const raise = useMutation({
    mutationFn: (body: Schemas['RaiseProblemDto']) => call(api.POST('/api/v1/problems', { body })),
    onSettled: () => client.invalidateQueries({ queryKey: ['problems'] }),
  });
  const submit = async () => {
    const values = await form.validateFields();
    setGeneral([]);
    try {
      const raised = await raise.mutateAsync({ chainId: values.chainId, title: values.title.trim(), detail: values.detail?.trim() || undefined });
      message.success(T.raised);
      onRaised(raised.id);
    } catch (error) {
      const general = showApiError(form, error, FIELDS);
      setGeneral(general.length || mapApiError(error, FIELDS).fields.length ? general : [errorText(error)]);
    }
  };
  return (
    <Modal open title={T.raise} okText={T.raise} okButtonProps={{ loading: raise.isPending }} onOk={submit} onCancel={onClose} destroyOnHidden>
      <Alert type="info" showIcon title={T.raiseHint} style={{ marginBottom: 16 }} />
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} style={{ marginBottom: 16 }} />}
      <Form form={form} name="problem-raise" layout="vertical">
        <Form.Item name="chainId" label={T.chain} rules={[{ required: true, message: T.chainRequired }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={chains.map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="title" label={T.title} rules={[{ required: true, whitespace: true, message: T.required(T.title) }]}>
          <Input maxLength={200} showCount />
        </Form.Item>
        <Form.Item name="detail" label={T.detail}>
          <Input.TextArea rows={4} maxLength={5000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
