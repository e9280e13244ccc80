import { describe, expect, it } from 'vitest';
import { groupOf, mayIssueTasks, mayOpen, maySupervise, menuFor, picksIssuer } from './menu';

const CONFIG = ['cadences', 'policies', 'calendar', 'units', 'users', 'channels', 'audit'];
/** What everyone reads (the api scopes what each sees). */
const READ = ['problems', 'chains', 'evaluations', 'assessments', 'indicators'];

describe('menu per role', () => {
  it('gives a liaison 工作台, 我的待办, 任务 (their unit’s), 报送 and what everyone reads; no 督办看板, no 配置', () => {
    expect(menuFor(['UNIT_LIAISON'])).toEqual(['workbench', 'my-work', 'tasks', 'reports', ...READ]);
    expect(mayOpen(['UNIT_LIAISON'], 'users')).toBe(false);
    expect(mayOpen(['UNIT_LIAISON'], 'supervision')).toBe(false);
  });

  it('gives lead departments and chain leaders the same pages, and 导入 to the lead departments, who issue tasks', () => {
    expect(menuFor(['LEAD_UNIT'])).toEqual(['workbench', 'my-work', 'tasks', 'imports', 'reports', ...READ]);
    expect(menuFor(['CHAIN_LEADER'])).toEqual(['workbench', 'my-work', 'tasks', 'reports', ...READ]);
    expect(mayOpen(['CHAIN_LEADER'], 'imports')).toBe(false);
    expect(mayOpen(['UNIT_LIAISON'], 'imports')).toBe(false);
  });

  it('adds 导入 and 督办看板 for supervisors and admins, every 配置 page for admins, and the audit log for supervisors as well', () => {
    expect(menuFor(['ADMIN'])).toEqual(['workbench', 'my-work', 'tasks', 'imports', 'reports', 'supervision', ...READ, ...CONFIG]);
    expect(menuFor(['SUPERVISOR'])).toEqual(['workbench', 'my-work', 'tasks', 'imports', 'reports', 'supervision', ...READ, 'audit']);
    for (const key of CONFIG) expect(groupOf(key as never)).toBe('config');
    expect(groupOf('tasks')).toBeNull();
  });

  it('joins the menus of several roles without repeating an entry', () => {
    expect(menuFor(['UNIT_LIAISON', 'SUPERVISOR'])).toEqual(['workbench', 'my-work', 'tasks', 'imports', 'reports', 'supervision', ...READ, 'audit']);
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

  it('lets supervisors and admins urge and decide by hand, nobody else', () => {
    expect(maySupervise(['SUPERVISOR'])).toBe(true);
    expect(maySupervise(['ADMIN'])).toBe(true);
    for (const role of ['LEAD_UNIT', 'CHAIN_LEADER', 'UNIT_LIAISON'] as const) expect(maySupervise([role])).toBe(false);
  });
});
