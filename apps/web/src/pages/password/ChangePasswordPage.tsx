import { Alert, Button, Card, Flex, Form, Input, App as AntApp, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, ApiError, call } from '../../api/client';
import { session, useSession } from '../../auth/session';
import { useDocumentTitle } from '../../components/PageHeader';
import { errorText, mapApiError, showApiError } from '../../lib/form-errors';
import { T } from './texts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * 修改密码: POST /auth/password revokes every older token, so the console signs in again with
 * the new password at once. After an admin's reset this is the only page open.
 */
export default function ChangePasswordPage() {
  useDocumentTitle(T.pageTitle);
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const current = useSession();
  const forced = current?.mustChangePassword ?? false;

  const change = useMutation({
    mutationFn: async ({ currentPassword, newPassword }: Values) => {
      const username = session.get()!.user.username;
      await call(api.POST('/api/v1/auth/password', { body: { currentPassword, newPassword } }));
      return call(api.POST('/api/v1/auth/login', { body: { username, password: newPassword } }));
    },
    onSuccess: (answer) => {
      session.signIn({ token: answer.accessToken, user: answer.user, mustChangePassword: answer.mustChangePassword });
      message.success(T.done);
      navigate('/', { replace: true });
    },
    onError: (error) => {
      // A wrong current password may come back as 401 on this route; it is the field's error, not a sign-out.
      if (error instanceof ApiError && (error.status === 401 || error.status === 403) && /current/i.test(error.messages.join(' '))) {
        form.setFields([{ name: 'currentPassword', errors: [T.currentWrong] }]);
        return;
      }
      showApiError(form, error, ['currentPassword', 'newPassword']);
    },
  });
  const general = change.error && mapApiError(change.error, ['currentPassword', 'newPassword']).general;

  return (
    <main className="center-page">
      <Card className="center-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {T.pageTitle}
        </Typography.Title>
        <Alert type={forced ? 'warning' : 'info'} title={forced ? T.forcedHint : T.hint} showIcon style={{ marginBottom: 16 }} />
        {general && general.length > 0 && <Alert type="error" title={general.join('；') || errorText(change.error)} showIcon style={{ marginBottom: 16 }} />}
        <Form form={form} name="password" layout="vertical" onFinish={(values) => change.mutate(values)} requiredMark={false}>
          <Form.Item name="currentPassword" label={T.currentPassword} rules={[{ required: true, message: T.currentRequired }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label={T.newPassword} extra={T.newHelp} rules={[{ required: true, message: T.newRequired }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={T.confirmPassword}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: T.confirmRequired },
              ({ getFieldValue }) => ({
                validator: (_, value) => (!value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(T.confirmMismatch))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Flex gap="small" justify="space-between">
            {forced ? <Button onClick={() => session.signOut('signed-out')}>{T.signOut}</Button> : <Button onClick={() => navigate(-1)}>{T.back}</Button>}
            <Button type="primary" htmlType="submit" loading={change.isPending}>
              {T.submit}
            </Button>
          </Flex>
        </Form>
      </Card>
    </main>
  );
}
