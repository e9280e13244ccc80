import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, DatePicker, Drawer, Flex, Form, Grid, Input, Select } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useServerNow, useUnits } from '../../api/queries';
import { dayjs, formatMeetingTitle, inZone, PICKER_DATE_FORMAT, toInstant } from '../../lib/dates';
import { showApiError } from '../../lib/form-errors';
import { COMMON } from '../../texts';
import { EvidenceUpload, evidenceSettled, fileIdsOf, type EvidenceValue } from '../../components/evidence/EvidenceUpload';
import { T as EVIDENCE } from '../../components/evidence/texts';
import { M } from './meeting-texts';

interface Values {
  summary: string;
  decisions?: { title: string; ownerUnitId: number; dueAt?: dayjs.Dayjs }[];
  files?: EvidenceValue;
}

const FIELDS = ['summary', 'decisions', 'decisions.*.title', 'decisions.*.ownerUnitId', 'decisions.*.dueAt'];
/** A decision's date is due at the end of that working day. */
const DUE_HOUR = 18;

/** 录入会议纪要 (POST /meetings/:id/minutes): the summary and the decisions, each becoming an assigned task. */
export function MinutesDrawer({ meeting, chain, onClose }: { meeting: Schemas['MeetingDetailDto']; chain: Schemas['ChainDetailDto'] | null; onClose: () => void }) {
  const mobile = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<string[]>([]);
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const { units } = useUnits();
  const { now } = useServerNow();
  // The chain's own units first: its lead department and participants.
  const ofChain = new Set([...(chain?.leadUnits ?? []), ...(chain?.participantUnits ?? [])].map((u) => u.id));
  const unitOptions = [...units].sort((a, b) => Number(ofChain.has(b.id)) - Number(ofChain.has(a.id))).map((u) => ({ value: u.id, label: u.name }));
  const save = useMutation({
    mutationFn: (v: Values) =>
      call(
        api.POST('/api/v1/meetings/{id}/minutes', {
          params: { path: { id: meeting.id } },
          body: {
            summary: v.summary.trim(),
            decisions: (v.decisions ?? []).map((d) => ({
              title: d.title.trim(),
              ownerUnitId: d.ownerUnitId,
              dueAt: d.dueAt ? toInstant(d.dueAt.hour(DUE_HOUR).minute(0).second(0)) : undefined,
            })),
            fileIds: fileIdsOf(v.files),
          },
        }),
      ),
    onSuccess: () => {
      message.success(M.saved);
      onClose();
    },
    onError: (error) => setGeneral(showApiError(form, error, FIELDS)),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['meeting', meeting.id] }),
        client.invalidateQueries({ queryKey: ['meeting-agenda', meeting.id] }),
        client.invalidateQueries({ queryKey: ['meetings'] }),
        client.invalidateQueries({ queryKey: ['tasks'] }),
      ]),
  });
  return (
    <Drawer
      open
      onClose={onClose}
      title={M.formTitle(formatMeetingTitle(meeting.title))}
      size={mobile ? '100%' : 640}
      destroyOnHidden
      footer={
        <Flex justify="end" gap="small">
          <Button onClick={onClose}>{COMMON.cancel}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {M.save}
          </Button>
        </Flex>
      }
    >
      <Alert type="info" showIcon title={M.formHint} style={{ marginBottom: 16 }} />
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} style={{ marginBottom: 16 }} />}
      <Form form={form} name="minutes" layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={{ decisions: [] }}>
        <Form.Item name="summary" label={M.summary} rules={[{ required: true, whitespace: true, message: M.summaryRequired }]}>
          <Input.TextArea rows={5} maxLength={20000} showCount placeholder={M.summaryPlaceholder} />
        </Form.Item>
        <Form.List name="decisions">
          {(fields, { add, remove }) => (
            <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
              <legend style={{ fontSize: 14, marginBottom: 8 }}>{M.decisions}</legend>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  title={M.decision(index + 1)}
                  extra={<Button type="text" danger icon={<DeleteOutlined />} aria-label={M.removeDecision(index + 1)} onClick={() => remove(field.name)} />}
                >
                  <Form.Item
                    name={[field.name, 'title']}
                    label={M.decisionTitle}
                    rules={[{ required: true, whitespace: true, message: M.decisionTitleRequired }]}
                    style={{ marginBottom: 8 }}
                  >
                    <Input maxLength={200} aria-label={M.decisionTitleOf(index + 1)} />
                  </Form.Item>
                  <Flex gap="small" wrap>
                    <Form.Item
                      name={[field.name, 'ownerUnitId']}
                      label={M.decisionOwner}
                      rules={[{ required: true, message: M.decisionOwnerRequired }]}
                      style={{ flex: '1 1 200px', marginBottom: 0 }}
                    >
                      <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} aria-label={M.decisionOwnerOf(index + 1)} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'dueAt']} label={M.decisionDue} extra={M.decisionDueHint} style={{ flex: '1 1 160px', marginBottom: 0 }}>
                      <DatePicker
                        format={PICKER_DATE_FORMAT}
                        style={{ width: '100%' }}
                        disabledDate={(d) => d.isBefore(inZone(now).format('YYYY-MM-DD'), 'day')}
                        showToday={false}
                        inputReadOnly={mobile}
                        aria-label={M.decisionDueOf(index + 1)}
                      />
                    </Form.Item>
                  </Flex>
                </Card>
              ))}
              {fields.length < 100 && (
                <Button type="dashed" block icon={<PlusOutlined aria-hidden />} onClick={() => add({ title: '' })}>
                  {M.addDecision}
                </Button>
              )}
            </fieldset>
          )}
        </Form.List>
        <Form.Item name="files" label={EVIDENCE.label} extra={M.evidenceHint} rules={[evidenceSettled]} style={{ marginTop: 16 }}>
          <EvidenceUpload />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
