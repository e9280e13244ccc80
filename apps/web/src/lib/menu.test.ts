import { describe, expect, it } from 'vitest';
import { groupOf, mayIssueTasks, mayOpen, menuFor, picksIssuer } from './menu';

const CONFIG = ['cadences', 'policies', 'calendar', 'units', 'users', 'channels', 'audit'];

describe('menu per role', () => {
  it('gives a liaison 工作台, 我的待办, 任务 (their unit’s) and 报送, and no 配置', () => {
    expect(menuFor(['UNIT_LIAISON'])).toEqual(['workbench', 'my-work', 'tasks', 'reports']);
    expect(mayOpen(['UNIT_LIAISON'], 'users')).toBe(false);
  });

  it('gives lead departments and chain leaders the same pages', () => {
    for (const role of ['LEAD_UNIT', 'CHAIN_LEADER'] as const) expect(menuFor([role])).toEqual(['workbench', 'my-work', 'tasks', 'reports']);
  });

  it('opens every 配置 page to admins, and the audit log to supervisors as well', () => {
    expect(menuFor(['ADMIN'])).toEqual(['workbench', 'my-work', 'tasks', 'reports', ...CONFIG]);
    expect(menuFor(['SUPERVISOR'])).toEqual(['workbench', 'my-work', 'tasks', 'reports', 'audit']);
    for (const key of CONFIG) expect(groupOf(key as never)).toBe('config');
    expect(groupOf('tasks')).toBeNull();
  });

  it('joins the menus of several roles without repeating an entry', () => {
    expect(menuFor(['UNIT_LIAISON', 'SUPERVISOR'])).toEqual(['workbench', 'my-work', 'tasks', 'reports', 'audit']);
  });

  it('shows nothing to a user without roles', () => {
    expect(menuFor([])).toEqual([]);
  });

  it('lets lead departments issue from their unit, supervisors and admins from any', () => {
    expect(mayIssueTasks(['LEAD_UNIT'])).toBe(true);
    expect(picksIssuer(['LEAD_UNIT'])).toBe(false);
    expect(mayIssueTasks(['UNIT_LIAISON'])).toBe(false);
    expect(mayIssueTasks(['CHAIN_LEADER'])).toBe(false);
    expect(picksIssuer(['SUPERVISOR'])).toBe(true);
  });
});
