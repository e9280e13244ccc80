import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useSession } from '../auth/session';
import { mayOpen, type MenuKey } from '../lib/menu';
import { LAYOUT } from '../texts';
import { useDocumentTitle } from './PageHeader';

/** Signed-in users only; one whose password was reset goes to 修改密码 first. */
export function RequireSession({ children }: { children: ReactNode }) {
  const current = useSession();
  const location = useLocation();
  if (!current) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (current.mustChangePassword && location.pathname !== '/password') return <Navigate to="/password" replace />;
  return children;
}

/** A page of the menu only its roles open (the api would answer 403 anyway). */
export function RequireMenu({ page, children }: { page: MenuKey; children: ReactNode }) {
  const current = useSession();
  if (current && !mayOpen(current.user.roles, page)) return <Forbidden />;
  return children;
}

function Forbidden() {
  useDocumentTitle(LAYOUT.forbiddenTitle);
  return (
    <Result
      status="403"
      title={LAYOUT.forbiddenTitle}
      subTitle={LAYOUT.forbidden}
      extra={
        <Link to="/">
          <Button type="primary">{LAYOUT.backHome}</Button>
        </Link>
      }
    />
  );
}
