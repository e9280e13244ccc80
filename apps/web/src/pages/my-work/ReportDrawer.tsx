import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Drawer, Flex, Form, Grid, Input, InputNumber, Skeleton } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useChains } from '../../api/queries';
import { formatPeriod } from '../../lib/dates';
import { showApiError } from '../../lib/form-errors';
import { COMMON } from '../../texts';
import { EvidenceUpload, evidenceSettled, fileIdsOf, type EvidenceValue } from '../../components/evidence/EvidenceUpload';
import { T as EVIDENCE } from '../../components/evidence/texts';
import { T } from './texts';

type Values = Omit<Schemas['ReportDto'], 'fileIds' | 'indicators'> & { files?: EvidenceValue; indicators?: { value: number | null }[] };
type Indicator = Schemas['ReportIndicatorDto'];
const FIELDS = ['progress', 'coordinationMatters', 'coordinationMatters.*.title', 'coordinationMatters.*.detail', 'indicators.*.value'];

/**
 * The monthly report (月报): the month's progress and matters needing coordination (POST /obligations/:id/report);
 * the 工业经济指标月报 gives each indicator's year-to-date figure instead of matters (its detail lists them).
 */
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
  const detail = useQuery({
    queryKey: ['obligation', openId],
    enabled: openId !== null,
    queryFn: () => call(api.GET('/api/v1/obligations/{id}', { params: { path: { id: openId! } } })),
  });
  const indicators: Indicator[] = detail.data?.indicators ?? [];
  const collects = indicators.length > 0;
  const report = useMutation({
    mutationFn: (values: Values) =>
      call(
        api.POST('/api/v1/obligations/{id}/report', {
          params: { path: { id: obligation!.id } },
          body: {
            progress: values.progress,
            coordinationMatters: collects ? undefined : (values.coordinationMatters ?? []).map((m) => ({ title: m.title, detail: m.detail?.trim() ? m.detail : undefined })),
            fileIds: fileIdsOf(values.files),
            indicators: collects ? indicators.map((i, n) => ({ key: i.key, value: values.indicators?.[n]?.value as number })) : undefined,
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
    onSettled: () => Promise.all(['obligations', 'obligation', 'counts', 'indicators'].map((key) => client.invalidateQueries({ queryKey: [key] }))),
  });

  const subtitle = obligation ? `${obligation.chainId !== null ? `${chains.nameOf(obligation.chainId)} · ` : ''}${formatPeriod(obligation.period)}` : '';
  return (
    <Drawer
      open={obligation !== null}
      onClose={onClose}
      title={`${collects ? T.indicatorFormTitle : T.formTitle}${subtitle ? `（${subtitle}）` : ''}`}
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
      <Alert type="info" showIcon title={collects ? T.indicatorHint : T.formHint} style={{ marginBottom: 16 }} />
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} style={{ marginBottom: 16 }} />}
      {detail.isLoading && <Skeleton active />}
      <Form form={form} name="report" layout="vertical" onFinish={(values) => report.mutate(values)}>
        {collects && (
          <fieldset style={{ border: 'none', padding: 0, margin: '0 0 8px' }}>
            <legend style={{ fontSize: 14, marginBottom: 8 }}>{T.indicators}</legend>
            {indicators.map((indicator, n) => (
              <Form.Item key={indicator.key} name={['indicators', n, 'value']} label={indicator.name} rules={[{ required: true, message: T.indicatorRequired(indicator.name) }]}>
                <IndicatorInput indicator={indicator} />
              </Form.Item>
            ))}
          </fieldset>
        )}
        <Form.Item
          name="progress"
          label={collects ? T.progressIndicator : T.progress}
          rules={[{ required: true, whitespace: true, message: collects ? T.progressIndicatorRequired : T.progressRequired }]}
        >
          <Input.TextArea rows={collects ? 3 : 6} maxLength={20000} showCount placeholder={collects ? T.progressIndicatorPlaceholder : T.progressPlaceholder} />
        </Form.Item>
        {!collects && (
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
        )}
        <Form.Item name="files" label={EVIDENCE.label} rules={[evidenceSettled]} style={{ marginTop: 16 }}>
          <EvidenceUpload />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** A year-to-date figure: a growth rate in per cent (two decimals, from −100), or a whole number of enterprises. */
function IndicatorInput({ indicator, ...props }: { indicator: Indicator; value?: number | null; onChange?: (value: number | null) => void; id?: string }) {
  const count = indicator.kind === 'COUNT';
  return (
    <InputNumber<number>
      {...props}
      aria-label={indicator.name}
      min={count ? 0 : -100}
      max={count ? 100000 : 1000}
      precision={count ? 0 : 2}
      step={count ? 1 : 0.1}
      suffix={indicator.unit}
      style={{ width: '100%' }}
    />
  );
}
