import { PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Flex, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { api, call, type Schemas } from '../../../api/client';
import { useUnits } from '../../../api/queries';
import { useSession } from '../../../auth/session';
import { FormDrawer, SubmitOnEnter } from '../../../components/FormDrawer';
import { useListParams } from '../../../components/list-params';
import { PageHeader } from '../../../components/PageHeader';
import { ServerTable } from '../../../components/ServerTable';
import { formatDateTime } from '../../../lib/dates';
import { errorText, mapApiError, showApiError } from '../../../lib/form-errors';
import { COMMON, ROLE } from '../../../texts';
import { T } from './texts';

type User = Schemas['UserDto'];
const ROLE_OPTIONS = Object.entries(ROLE).map(([value, label]) => ({ value, label }));

/** A temporary password that passes the api's policy (10+ characters), from the browser's CSPRNG. */
function temporaryPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

/** 用户: accounts (GET /users, paged), 新建, 编辑 name / unit / roles, 停用 / 启用 and 重置密码 (admin). */
export default function UsersPage() {
  const { page, pageSize, setPage } = useListParams([] as const);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const { nameOf } = useUnits();
  const me = useSession()?.user;
  const { modal, message } = AntApp.useApp();
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['users', 'page', page, pageSize],
    queryFn: () => call(api.GET('/api/v1/users', { params: { query: { page, pageSize } } })),
    placeholderData: (previous) => previous,
  });
  const toggle = (user: User) => {
    const disabling = !user.disabled;
    modal.confirm({
      title: disabling ? T.disableTitle(user.displayName) : T.enableTitle(user.displayName),
      content: disabling ? T.disableContent : T.enableContent,
      okText: disabling ? T.disable : T.enable,
      okButtonProps: { danger: disabling },
      cancelText: COMMON.cancel,
      onOk: async () => {
        try {
          await call(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { disabled: disabling } }));
          message.success(disabling ? T.disabledDone : T.enabledDone);
        } catch (error) {
          message.error(errorText(error));
        } finally {
          await client.invalidateQueries({ queryKey: ['users'] });
        }
      },
    });
  };

  const actions = (u: User) => (
    <Space size={0} wrap>
      <Button type="link" size="small" onClick={() => setEditing(u)} aria-label={`${T.edit}：${u.displayName}`}>
        {T.edit}
      </Button>
      <Button type="link" size="small" onClick={() => setResetting(u)} aria-label={`${T.resetPassword}：${u.displayName}`}>
        {T.resetPassword}
      </Button>
      {u.id !== me?.id && (
        <Button type="link" size="small" danger={!u.disabled} onClick={() => toggle(u)} aria-label={`${u.disabled ? T.enable : T.disable}：${u.displayName}`}>
          {u.disabled ? T.enable : T.disable}
        </Button>
      )}
    </Space>
  );
  const state = (u: User) => (
    <Space size={4} wrap>
      {u.disabled ? <Tag color="default">{T.disabled}</Tag> : <Tag color="green">{T.enabled}</Tag>}
      {u.mustChangePassword && <Tag color="orange">{T.mustChange}</Tag>}
    </Space>
  );
  const columns: ColumnsType<User> = [
    { title: T.displayName, dataIndex: 'displayName', render: (name: string, u) => <Typography.Text delete={u.disabled}>{name}</Typography.Text> },
    { title: T.username, dataIndex: 'username', render: (name: string) => <span translate="no">{name}</span> },
    { title: T.unit, dataIndex: 'unitId', render: (id: number | null) => (id === null ? '—' : nameOf(id)) },
    { title: T.roles, dataIndex: 'roles', render: (roles: User['roles']) => roles.map((r) => <Tag key={r}>{ROLE[r]}</Tag>) },
    { title: T.state, key: 'state', render: (_, u) => state(u) },
    { title: T.lastPasswordChange, dataIndex: 'passwordChangedAt', responsive: ['xl'], render: (at: string | null) => formatDateTime(at) },
    { title: T.actions, key: 'actions', render: (_, u) => actions(u) },
  ];
  return (
    <>
      <PageHeader
        title={T.pageTitle}
        crumbs={[{ title: T.home, to: '/' }, { title: T.config }]}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {T.create}
          </Button>
        }
      />
      <ServerTable<User>
        label={T.listLabel}
        rowKey="id"
        columns={columns}
        empty={T.empty}
        onRow={(u) => ({ 'data-user': u.username }) as HTMLAttributes<HTMLElement>}
        renderItem={(u) => (
          <Flex vertical gap={4} data-user={u.username}>
            <div className="item-title">
              {u.displayName}{' '}
              <Typography.Text type="secondary" translate="no">
                {u.username}
              </Typography.Text>
            </div>
            <div className="item-meta">
              {u.unitId === null ? '—' : nameOf(u.unitId)} · {u.roles.map((r) => ROLE[r]).join('、')}
            </div>
            {state(u)}
            {actions(u)}
          </Flex>
        )}
        data={list.data}
        loading={list.isFetching}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
      />
      <UserDrawer user={editing} onClose={() => setEditing(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}

interface UserForm {
  username?: string;
  password?: string;
  displayName: string;
  unitId?: number | null;
  roles: User['roles'];
}

function UserDrawer({ user, onClose }: { user: User | 'new' | null; onClose: () => void }) {
  const creating = user === 'new';
  const [form] = Form.useForm<UserForm>();
  const [general, setGeneral] = useState<string[]>([]);
  const { units } = useUnits();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  useEffect(() => {
    if (!user) return;
    form.resetFields();
    setGeneral([]);
    if (user !== 'new') form.setFieldsValue({ displayName: user.displayName, unitId: user.unitId, roles: user.roles });
  }, [user, form]);
  const save = useMutation({
    mutationFn: (v: UserForm) =>
      creating
        ? call(api.POST('/api/v1/users', { body: { username: v.username!, password: v.password!, displayName: v.displayName, unitId: v.unitId ?? undefined, roles: v.roles } }))
        : call(api.PATCH('/api/v1/users/{id}', { params: { path: { id: (user as User).id } }, body: { displayName: v.displayName, unitId: v.unitId ?? null, roles: v.roles } })),
    onSuccess: () => {
      message.success(creating ? T.created : T.saved);
      onClose();
    },
    onError: (error) => setGeneral(showApiError(form, error, ['username', 'password', 'displayName', 'unitId', 'roles'])),
    onSettled: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
  return (
    <FormDrawer
      open={user !== null}
      title={creating ? T.createTitle : user ? T.editTitle(user.displayName) : ''}
      onClose={onClose}
      onSubmit={() => form.submit()}
      submitText={creating ? T.submitCreate : COMMON.save}
      pending={save.isPending}
      general={general}
    >
      <Form form={form} name="user" layout="vertical" onFinish={(v) => save.mutate(v)}>
        <SubmitOnEnter />
        {creating && (
          <Form.Item name="username" label={T.username} rules={[{ required: true, whitespace: true, message: T.usernameRequired }]}>
            <Input maxLength={64} placeholder={T.usernamePlaceholder} autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={T.displayName} rules={[{ required: true, whitespace: true, message: T.displayNameRequired }]}>
          <Input maxLength={100} />
        </Form.Item>
        {creating && (
          <Form.Item name="password" label={T.password} extra={T.passwordHelp} rules={[{ required: true, message: T.passwordRequired }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="roles" label={T.roles} rules={[{ required: true, type: 'array', min: 1, message: T.rolesRequired }]}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={ROLE_OPTIONS} />
        </Form.Item>
        <Form.Item name="unitId" label={T.unit} extra={T.unitHelp}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={units.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string }>();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  useEffect(() => {
    if (user) form.resetFields();
  }, [user, form]);
  const reset = useMutation({
    mutationFn: (password: string) => call(api.POST('/api/v1/users/{id}/password', { params: { path: { id: user!.id } }, body: { password } })),
    onSuccess: () => {
      message.success(T.resetDone);
      onClose();
    },
    onError: (error) => showApiError(form, error, ['password']),
    onSettled: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
  const general = reset.error ? mapApiError(reset.error, ['password']).general : [];
  return (
    <Modal
      open={user !== null}
      title={user ? T.resetTitle(user.displayName) : ''}
      onCancel={onClose}
      okText={T.submitReset}
      cancelText={COMMON.cancel}
      okButtonProps={{ danger: true, loading: reset.isPending }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{T.resetHint}</Typography.Paragraph>
      {general.length > 0 && <Typography.Paragraph type="danger">{general.join('；')}</Typography.Paragraph>}
      <Form form={form} name="reset-password" layout="vertical" onFinish={(v) => reset.mutate(v.password)}>
        <SubmitOnEnter />
        <Form.Item label={T.temporary} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="password" noStyle rules={[{ required: true, message: T.temporaryRequired }]}>
              <Input aria-label={T.temporary} autoComplete="off" />
            </Form.Item>
            <Button onClick={() => form.setFieldsValue({ password: temporaryPassword() })}>{T.generate}</Button>
          </Space.Compact>
        </Form.Item>
      </Form>
    </Modal>
  );
}
