import type { ChainRole, UserRole } from '@duban/domain';

/** The profile the demo's story is written for: its units and chains are named below. */
export const DEMO_PROFILE = 'zhengzhou-2021';

/** One signed-in person per user group, with a password published in the README. */
export interface DemoAccount {
  username: string;
  /** Published: listed in SHIPPED_SECRETS, so production refuses it (and production never seeds the demo). */
  password: string;
  displayName: string;
  roles: UserRole[];
  /** The unit the person works for, by name in the profile. */
  unit: string | null;
  /** A personal role on a chain (the chain leader). */
  chain?: { name: string; role: ChainRole };
  /** What the person is, for the sign-in list. */
  label: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'gongyi', password: 'demo-liaison-2021', displayName: '王静', roles: ['UNIT_LIAISON'], unit: '巩义市', label: '联络员（巩义市）' },
  { username: 'gaoxin', password: 'demo-liaison-2021', displayName: '刘洋', roles: ['UNIT_LIAISON'], unit: '高新区', label: '联络员（高新区）' },
  { username: 'gxj', password: 'demo-lead-2021', displayName: '李明', roles: ['LEAD_UNIT'], unit: '市工信局', label: '牵头部门（市工信局）' },
  { username: 'ducha', password: 'demo-supervisor-2021', displayName: '赵敏', roles: ['SUPERVISOR'], unit: '市政府办公厅', label: '督查（市政府办公厅）' },
  {
    username: 'lianzhang',
    password: 'demo-leader-2021',
    displayName: '陈刚',
    roles: ['CHAIN_LEADER'],
    unit: null,
    chain: { name: '智能传感器', role: 'LEADER' },
    label: '链长（智能传感器产业链）',
  },
];

export type DemoUsername = 'gongyi' | 'gaoxin' | 'gxj' | 'ducha' | 'lianzhang';

/** The bootstrap administrator, listed with the demo accounts (its password is DUBAN_ADMIN_PASSWORD). */
export const ADMIN_LABEL = '系统管理员（配置）';
