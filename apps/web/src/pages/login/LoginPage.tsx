import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import { session, useSession, type SignOutReason } from '../../auth/session';
import { useDocumentTitle } from '../../components/PageHeader';
import { errorText, showApiError } from '../../lib/form-errors';
import { T } from './texts';

interface Values {
  username: string;
  password: string;
}

const REASONS: Record<SignOutReason, { type: 'warning' | 'info' | 'success'; text: string }> = {
  expired: { type: 'warning', text: T.expired },
  'signed-out': { type: 'info', text: T.signedOut },
  'password-changed': { type: 'success', text: T.passwordChanged },
};

export default function LoginPage() {
  useDocumentTitle(T.pageTitle);
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const location = useLocation();
  const current = useSession();
  const [reason] = useState(() => session.takeReason());
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  const login = useMutation({
    mutationFn: (values: Values) => call(api.POST('/api/v1/auth/login', { body: values })),
    onSuccess: (answer) => {
      const must = answer.mustChangePassword;
      session.signIn({ token: answer.accessToken, user: answer.user, mustChangePassword: must });
      navigate(must ? '/password' : from, { replace: true });
    },
    onError: (error) => showApiError(form, error, ['username', 'password']),
  });

  if (current && !login.isPending) return <Navigate to={current.mustChangePassword ? '/password' : from} replace />;
  const general = login.error ? errorText(login.error) : null;

  return (
    <main className="center-page">
      <Card className="center-card">
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          {T.heading}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {T.subheading}
        </Typography.Paragraph>
        {reason && !login.error && <Alert type={REASONS[reason].type} title={REASONS[reason].text} showIcon style={{ marginBottom: 16 }} />}
        {general && <Alert type="error" title={general} showIcon style={{ marginBottom: 16 }} role="alert" />}
        <Form form={form} name="login" layout="vertical" onFinish={(values) => login.mutate(values)} requiredMark={false} size="large">
          <Form.Item name="username" label={T.username} rules={[{ required: true, message: T.usernameRequired }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={T.password} rules={[{ required: true, message: T.passwordRequired }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {T.submit}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
