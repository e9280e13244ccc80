import { PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Flex, Form, Input, Radio, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { api, call, type Schemas } from '../../../api/client';
import { useUnits } from '../../../api/queries';
import { FormDrawer, SubmitOnEnter } from '../../../components/FormDrawer';
import { useListParams } from '../../../components/list-params';
import { PageHeader } from '../../../components/PageHeader';
import { ServerTable } from '../../../components/ServerTable';
import { errorText, showApiError } from '../../../lib/form-errors';
import { COMMON } from '../../../texts';
import { CHANNEL_KIND, T } from './texts';
import { whyNotDelivered } from './why';

type Channel = Schemas['ChannelDto'];
type Kind = Schemas['ChannelKind'];

/** 通知渠道: where notifications go besides the inbox (admin): list (targets masked), 新建, 发送测试, 停用. */
export default function ChannelsPage() {
  const { page, pageSize, setPage } = useListParams([] as const);
  const [creating, setCreating] = useState(false);
  const [results, setResults] = useState<Record<number, Schemas['ChannelTestDto']>>({});
  const { nameOf } = useUnits();
  const { modal, message } = AntApp.useApp();
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['channels', page, pageSize],
    queryFn: () => call(api.GET('/api/v1/notification-channels', { params: { query: { page, pageSize } } })),
    placeholderData: (previous) => previous,
  });
  const users = useQuery({
    queryKey: ['users', 'all'],
    staleTime: 60_000,
    queryFn: async () => (await call(api.GET('/api/v1/users', { params: { query: { page: 1, pageSize: 200 } } }))).items,
  });
  const userName = (id: number) => users.data?.find((u) => u.id === id)?.displayName ?? '—';
  const test = useMutation({
    mutationFn: (id: number) => call(api.POST('/api/v1/notification-channels/{id}/test', { params: { path: { id } } })),
    onSuccess: (result, id) => setResults((r) => ({ ...r, [id]: result })),
    onError: (error) => message.error(errorText(error)),
  });
  const disable = (c: Channel) =>
    modal.confirm({
      title: T.disableTitle,
      content: T.disableContent,
      okText: T.disable,
      okButtonProps: { danger: true },
      cancelText: COMMON.cancel,
      onOk: async () => {
        try {
          await call(api.DELETE('/api/v1/notification-channels/{id}', { params: { path: { id: c.id } } }));
          message.success(T.disabledDone);
        } catch (error) {
          message.error(errorText(error));
        } finally {
          await client.invalidateQueries({ queryKey: ['channels'] });
        }
      },
    });

  const result = (c: Channel) => {
    const r = results[c.id];
    if (!r) return null;
    return r.delivered ? (
      <Typography.Text type="success" role="status">
        {T.delivered}
      </Typography.Text>
    ) : (
      <Typography.Text type="danger" role="status" title={r.error ?? undefined}>
        {T.notDelivered(whyNotDelivered(r.error))}
      </Typography.Text>
    );
  };
  const actions = (c: Channel) =>
    c.enabled ? (
      <Space size={0} wrap>
        <Button type="link" size="small" loading={test.isPending && test.variables === c.id} onClick={() => test.mutate(c.id)} aria-label={T.testOf(c.id)}>
          {T.test}
        </Button>
        <Button type="link" size="small" danger onClick={() => disable(c)} aria-label={T.disableOf(c.id)}>
          {T.disable}
        </Button>
      </Space>
    ) : null;
  const receiver = (c: Channel) => (c.unitId !== null ? nameOf(c.unitId) : c.userId !== null ? userName(c.userId) : '—');
  const columns: ColumnsType<Channel> = [
    { title: T.kind, dataIndex: 'kind', render: (k: Kind) => CHANNEL_KIND[k] },
    {
      title: T.target,
      dataIndex: 'target',
      render: (t: string) => (
        <Typography.Text code className="channel-target" translate="no">
          {t}
        </Typography.Text>
      ),
    },
    { title: T.receiver, key: 'receiver', render: (_, c) => receiver(c) },
    { title: T.state, dataIndex: 'enabled', render: (on: boolean) => (on ? <Tag color="green">{T.enabled}</Tag> : <Tag>{T.disabled}</Tag>) },
    {
      title: T.actions,
      key: 'actions',
      render: (_, c) => (
        <Flex vertical gap={2}>
          {actions(c)}
          {result(c)}
        </Flex>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title={T.pageTitle}
        crumbs={[{ title: T.home, to: '/' }, { title: T.config }]}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {T.create}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {T.intro}
        </Typography.Paragraph>
      </PageHeader>
      <ServerTable<Channel>
        label={T.listLabel}
        rowKey="id"
        columns={columns}
        empty={T.empty}
        renderItem={(c) => (
          <Flex vertical gap={4} data-channel={c.id}>
            <div className="item-title">
              {CHANNEL_KIND[c.kind]} · {receiver(c)} {c.enabled ? <Tag color="green">{T.enabled}</Tag> : <Tag>{T.disabled}</Tag>}
            </div>
            <Typography.Text code className="channel-target" translate="no">
              {c.target}
            </Typography.Text>
            {actions(c)}
            {result(c)}
          </Flex>
        )}
        onRow={(c) => ({ 'data-channel': c.id }) as HTMLAttributes<HTMLElement>}
        data={list.data}
        loading={list.isFetching}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
      />
      <CreateChannelDrawer open={creating} onClose={() => setCreating(false)} users={users.data ?? []} />
    </>
  );
}

interface ChannelForm {
  kind: Kind;
  target: string;
  receiver: 'unit' | 'user';
  unitId?: number;
  userId?: number;
}

function CreateChannelDrawer({ open, onClose, users }: { open: boolean; onClose: () => void; users: Schemas['UserDto'][] }) {
  const [form] = Form.useForm<ChannelForm>();
  const [general, setGeneral] = useState<string[]>([]);
  const { units } = useUnits();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const kind = Form.useWatch('kind', form) ?? 'WECOM';
  const receiver = Form.useWatch('receiver', form) ?? 'unit';
  useEffect(() => {
    if (open) {
      form.resetFields();
      setGeneral([]);
    }
  }, [open, form]);
  const create = useMutation({
    mutationFn: (v: ChannelForm) =>
      call(
        api.POST('/api/v1/notification-channels', { body: { kind: v.kind, target: v.target.trim(), ...(v.receiver === 'unit' ? { unitId: v.unitId } : { userId: v.userId }) } }),
      ),
    onSuccess: () => {
      message.success(T.created);
      onClose();
    },
    onError: (error) => setGeneral(showApiError(form, error, ['kind', 'target', 'unitId', 'userId'])),
    onSettled: () => client.invalidateQueries({ queryKey: ['channels'] }),
  });
  return (
    <FormDrawer open={open} title={T.createTitle} onClose={onClose} onSubmit={() => form.submit()} submitText={T.submit} pending={create.isPending} general={general}>
      {general.length === 0 && <Alert type="info" showIcon title={T.targetHelp[kind]} style={{ marginBottom: 16 }} />}
      <Form form={form} name="channel" layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ kind: 'WECOM', receiver: 'unit' }}>
        <SubmitOnEnter />
        <Form.Item name="kind" label={T.kind} rules={[{ required: true, message: T.kindRequired }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={Object.entries(CHANNEL_KIND).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="target" label={T.target} rules={[{ required: true, whitespace: true, message: T.targetRequired }]}>
          <Input maxLength={500} placeholder={T.targetPlaceholder[kind]} autoComplete="off" />
        </Form.Item>
        <Form.Item name="receiver" label={T.receiver}>
          <Radio.Group
            options={[
              { value: 'unit', label: T.receiverUnit },
              { value: 'user', label: T.receiverUser },
            ]}
          />
        </Form.Item>
        {receiver === 'unit' ? (
          <Form.Item name="unitId" label={T.unit} rules={[{ required: true, message: T.unitRequired }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={units.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        ) : (
          <Form.Item name="userId" label={T.user} rules={[{ required: true, message: T.userRequired }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} placeholder={T.userPlaceholder} options={users.map((u) => ({ value: u.id, label: u.displayName }))} />
          </Form.Item>
        )}
      </Form>
    </FormDrawer>
  );
}
