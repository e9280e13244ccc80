import { describe, expect, it } from 'vitest';
import { mayIssueTasks, mayOpen, menuFor, picksIssuer } from './menu';

describe('menu per role', () => {
  it('gives a liaison 工作台 and 我的待办 only', () => {
    expect(menuFor(['UNIT_LIAISON'])).toEqual(['workbench', 'my-work']);
    expect(mayOpen(['UNIT_LIAISON'], 'tasks')).toBe(false);
  });

  it('adds 任务 for lead departments, chain leaders, supervisors and admins', () => {
    for (const role of ['LEAD_UNIT', 'CHAIN_LEADER', 'SUPERVISOR', 'ADMIN'] as const) expect(menuFor([role])).toEqual(['workbench', 'my-work', 'tasks']);
  });

  it('joins the menus of several roles without repeating an entry', () => {
    expect(menuFor(['UNIT_LIAISON', 'LEAD_UNIT'])).toEqual(['workbench', 'my-work', 'tasks']);
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
