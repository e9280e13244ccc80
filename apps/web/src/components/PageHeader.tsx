import { Breadcrumb, Flex, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router';
import { APP_NAME } from '../texts';

/** Sets the tab's title: "页面 - 督办". */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} - ${APP_NAME}`;
  }, [title]);
}

export interface Crumb {
  title: string;
  to?: string;
}

/** A page's breadcrumbs, title (also the tab's) and actions, as Ant Design Pro's PageContainer. */
export function PageHeader({ title, crumbs = [], extra, children }: { title: string; crumbs?: Crumb[]; extra?: ReactNode; children?: ReactNode }) {
  useDocumentTitle(title);
  return (
    <div className="page-header">
      {crumbs.length > 0 && <Breadcrumb items={[...crumbs, { title }].map((c) => ({ title: 'to' in c && c.to ? <Link to={c.to}>{c.title}</Link> : c.title }))} />}
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={3} style={{ margin: '8px 0' }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </div>
  );
}
