import {
  AimOutlined,
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  DeploymentUnitOutlined,
  FileDoneOutlined,
  FundOutlined,
  ImportOutlined,
  IssuesCloseOutlined,
  LockOutlined,
  LogoutOutlined,
  MenuOutlined,
  NotificationOutlined,
  ProfileOutlined,
  ClusterOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Badge, Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, Spin, Typography } from 'antd';
import { Suspense, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { useUnits, useUnreadCount } from '../api/queries';
import { session, useSession } from '../auth/session';
import { groupOf, menuFor, type MenuKey } from '../lib/menu';
import { APP_FULL_NAME, APP_MARK, APP_NAME, LAYOUT, ROLE } from '../texts';

export const PATHS: Record<MenuKey, string> = {
  workbench: '/',
  'my-work': '/my-work',
  tasks: '/tasks',
  imports: '/imports',
  reports: '/reports',
  supervision: '/supervision',
  problems: '/problems',
  chains: '/chains',
  evaluations: '/evaluations',
  assessments: '/assessments',
  indicators: '/indicators',
  cadences: '/config/cadences',
  policies: '/config/policies',
  calendar: '/config/calendar',
  units: '/config/units',
  users: '/config/users',
  channels: '/config/channels',
  audit: '/config/audit',
};
// Decorative: a menu item is named by its words, not by the icon's English label.
const ICONS: Record<MenuKey, ReactNode> = {
  workbench: <DashboardOutlined aria-hidden />,
  'my-work': <CheckSquareOutlined aria-hidden />,
  tasks: <ProfileOutlined aria-hidden />,
  imports: <ImportOutlined aria-hidden />,
  reports: <FileDoneOutlined aria-hidden />,
  supervision: <AlertOutlined aria-hidden />,
  problems: <IssuesCloseOutlined aria-hidden />,
  chains: <DeploymentUnitOutlined aria-hidden />,
  evaluations: <BarChartOutlined aria-hidden />,
  assessments: <FundOutlined aria-hidden />,
  indicators: <AimOutlined aria-hidden />,
  cadences: <ScheduleOutlined aria-hidden />,
  policies: <ThunderboltOutlined aria-hidden />,
  calendar: <CalendarOutlined aria-hidden />,
  units: <ApartmentOutlined aria-hidden />,
  users: <TeamOutlined aria-hidden />,
  channels: <NotificationOutlined aria-hidden />,
  audit: <AuditOutlined aria-hidden />,
};

/** The menu entry of a path: the longest path it starts with. */
function selectedKey(pathname: string): MenuKey {
  // A meeting belongs to its chain's pages.
  if (pathname.startsWith('/meetings')) return 'chains';
  let best: MenuKey = 'workbench';
  for (const [key, path] of Object.entries(PATHS) as [MenuKey, string][]) {
    if (path !== '/' && (pathname === path || pathname.startsWith(`${path}/`)) && path.length > PATHS[best].length) best = key;
  }
  return best;
}

/**
 * Opens /admin/queues in a new tab: the tab is opened on the click (so no popup blocker stops it),
 * then the api sets the dashboard's path-scoped cookie and the tab goes there.
 */
function openQueueDashboard(): void {
  const tab = window.open('about:blank', '_blank');
  call(api.POST('/api/v1/admin/queues/session')).then(
    () => tab?.location.replace('/admin/queues'),
    () => tab?.close(),
  );
}

/** One responsive frame (Ant Design Pro's layout): a side menu on desktops, a top bar and drawer on phones. */
export function AppLayout() {
  const current = useSession();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const [drawer, setDrawer] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const unread = useUnreadCount();
  const { nameOf } = useUnits();
  if (!current) return null;
  const { user } = current;
  const unitName = user.unitId === null ? LAYOUT.noUnit : nameOf(user.unitId);

  const keys = menuFor(user.roles);
  const entry = (key: MenuKey) => ({ key, icon: ICONS[key], label: <Link to={PATHS[key]}>{LAYOUT.menu[key]}</Link> });
  const config = keys.filter((key) => groupOf(key) === 'config');
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selectedKey(location.pathname)]}
      defaultOpenKeys={groupOf(selectedKey(location.pathname)) ? ['config'] : []}
      onClick={() => setDrawer(false)}
      items={[
        ...keys.filter((key) => groupOf(key) === null).map(entry),
        ...(config.length ? [{ key: 'config', icon: <SettingOutlined />, label: LAYOUT.config, children: config.map(entry) }] : []),
      ]}
    />
  );
  const userMenu = {
    items: [
      { key: 'who', disabled: true, label: <span>{`${user.displayName} · ${user.roles.map((r) => ROLE[r]).join('、')}`}</span> },
      { type: 'divider' as const },
      // The queue dashboard (bull-board) opens in a tab of its own, for admins.
      ...(user.roles.includes('ADMIN') ? [{ key: 'queues', icon: <ClusterOutlined />, label: LAYOUT.queues }] : []),
      { key: 'password', icon: <LockOutlined />, label: LAYOUT.changePassword },
      { key: 'sign-out', icon: <LogoutOutlined />, label: LAYOUT.signOut },
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'queues') openQueueDashboard();
      if (key === 'password') navigate('/password');
      if (key === 'sign-out') session.signOut('signed-out');
    },
  };

  const bell = (
    <Link to="/my-work" aria-label={LAYOUT.reminders(unread)} title={LAYOUT.reminders(unread)} className="header-bell">
      <Badge count={unread} size="small" overflowCount={99}>
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Link>
  );
  const who = (
    <Dropdown menu={userMenu} trigger={['click']}>
      <Button type="text" aria-label={LAYOUT.userMenu} className="header-user">
        <Avatar size="small" icon={<UserOutlined />} />
        <span className="header-user-name">{user.displayName}</span>
        {!mobile && <Typography.Text type="secondary">{unitName}</Typography.Text>}
      </Button>
    </Dropdown>
  );

  return (
    <Layout className="app-layout">
      {!mobile && (
        <Layout.Sider theme="light" collapsible collapsed={collapsed} onCollapse={setCollapsed} width={208} className="app-sider">
          <Link to="/" className="app-logo" title={APP_FULL_NAME}>
            <span className="app-logo-mark">{APP_MARK}</span>
            {!collapsed && <span>{APP_NAME}</span>}
          </Link>
          <nav>{menu}</nav>
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="app-header">
          <Flex align="center" gap="small" style={{ minWidth: 0 }}>
            {mobile && <Button type="text" icon={<MenuOutlined />} aria-label={LAYOUT.openMenu} onClick={() => setDrawer(true)} />}
            {mobile && (
              <Link to="/" className="app-logo-inline">
                {APP_NAME}
              </Link>
            )}
          </Flex>
          <Flex align="center" gap="middle" style={{ marginInlineStart: 'auto' }}>
            {bell}
            {who}
          </Flex>
        </Layout.Header>
        <Layout.Content className="app-content">
          <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      {mobile && (
        <Drawer
          open={drawer}
          onClose={() => setDrawer(false)}
          placement="left"
          size={260}
          title={
            <div>
              <div>{user.displayName}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {unitName}
              </Typography.Text>
            </div>
          }
          styles={{ body: { padding: 0 } }}
        >
          <nav>{menu}</nav>
        </Drawer>
      )}
    </Layout>
  );
}
