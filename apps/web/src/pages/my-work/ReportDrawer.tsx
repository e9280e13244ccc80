import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Drawer, Flex, Form, Grid, Input } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useChains } from '../../api/queries';
import { formatPeriod } from '../../lib/dates';
import { showApiError } from '../../lib/form-errors';
import { COMMON } from '../../texts';
import { EvidenceUpload, evidenceSettled, fileIdsOf, type EvidenceValue } from '../../components/evidence/EvidenceUpload';
import { T as EVIDENCE } from '../../components/evidence/texts';
import { T } from './texts';

type Values = Omit<Schemas['ReportDto'], 'fileIds'> & { files?: EvidenceValue };
const FIELDS = ['progress', 'coordinationMatters', 'coordinationMatters.*.title', 'coordinationMatters.*.detail'];

/** The monthly report (月报): the month's progress and matters needing coordination (POST /obligations/:id/report). */
export function ReportDrawer({ obligation, onClose }: { obligation: Schemas['ObligationDto'] | null; onClose: () => void }) {
  const mobile = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<string[]>([]);
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const chains = useChains();
  const openId = obligation?.id ?? null;
  useEffect(() => {
    if (openId !== null) {
      form.resetFields();
      setGeneral([]);
    }
  }, [openId, form]);

  const report = useMutation({
    mutationFn: (values: Values) =>
      call(
        api.POST('/api/v1/obligations/{id}/report', {
          params: { path: { id: obligation!.id } },
          body: {
            progress: values.progress,
            coordinationMatters: (values.coordinationMatters ?? []).map((m) => ({ title: m.title, detail: m.detail?.trim() ? m.detail : undefined })),
            fileIds: fileIdsOf(values.files),
          },
        }),
      ),
    onSuccess: () => {
      message.success(T.submitted);
      onClose();
    },
    onError: (error) => {
      setGeneral(showApiError(form, error, FIELDS));
    },
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: ['obligations'] }), client.invalidateQueries({ queryKey: ['counts'] })]),
  });

  const subtitle = obligation ? `${obligation.chainId !== null ? `${chains.nameOf(obligation.chainId)} · ` : ''}${formatPeriod(obligation.period)}` : '';
  return (
    <Drawer
      open={obligation !== null}
      onClose={onClose}
      title={`${T.formTitle}${subtitle ? `（${subtitle}）` : ''}`}
      size={mobile ? '100%' : 600}
      destroyOnHidden
      footer={
        <Flex justify="end" gap="small">
          <Button onClick={onClose}>{COMMON.cancel}</Button>
          <Button type="primary" loading={report.isPending} onClick={() => form.submit()}>
            {T.submitReport}
          </Button>
        </Flex>
      }
    >
      <Alert type="info" showIcon title={T.formHint} style={{ marginBottom: 16 }} />
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} style={{ marginBottom: 16 }} />}
      <Form form={form} name="report" layout="vertical" onFinish={(values) => report.mutate(values)}>
        <Form.Item name="progress" label={T.progress} rules={[{ required: true, whitespace: true, message: T.progressRequired }]}>
          <Input.TextArea rows={6} maxLength={20000} showCount placeholder={T.progressPlaceholder} />
        </Form.Item>
        <Form.List name="coordinationMatters">
          {(fields, { add, remove }) => (
            <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
              <legend style={{ fontSize: 14, marginBottom: 8 }}>{T.matters}</legend>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  title={T.matterTitle(index + 1)}
                  extra={<Button type="text" danger icon={<DeleteOutlined />} aria-label={T.removeMatter(index + 1)} onClick={() => remove(field.name)} />}
                >
                  <Form.Item
                    name={[field.name, 'title']}
                    label={T.matterName}
                    rules={[{ required: true, whitespace: true, message: T.matterTitleRequired }]}
                    style={{ marginBottom: 8 }}
                  >
                    <Input maxLength={200} placeholder={T.matterTitlePlaceholder} aria-label={T.matterNameOf(index + 1)} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'detail']} label={T.matterDetailLabel} style={{ marginBottom: 0 }}>
                    <Input.TextArea rows={2} maxLength={5000} placeholder={T.matterDetailPlaceholder} aria-label={T.matterDetailOf(index + 1)} />
                  </Form.Item>
                </Card>
              ))}
              {fields.length < 50 && (
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ title: '' })}>
                  {T.addMatter}
                </Button>
              )}
            </fieldset>
          )}
        </Form.List>
        <Form.Item name="files" label={EVIDENCE.label} rules={[evidenceSettled]} style={{ marginTop: 16 }}>
          <EvidenceUpload />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
