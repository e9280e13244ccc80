import { describe, expect, it } from 'vitest';
import { mayIssueTasks, mayOpen, maySupervise, menuFor, picksIssuer } from './menu';

describe('menu per role', () => {
  const READ = ['problems', 'chains', 'evaluations', 'assessments'];

  it('gives a liaison 工作台, 我的待办 and what everyone reads (问题台账, 产业链, 月度评比, 季度评估)', () => {
    expect(menuFor(['UNIT_LIAISON'])).toEqual(['workbench', 'my-work', ...READ]);
    expect(mayOpen(['UNIT_LIAISON'], 'tasks')).toBe(false);
    expect(mayOpen(['UNIT_LIAISON'], 'supervision')).toBe(false);
  });

  it('adds 任务 for lead departments and chain leaders, and 督办看板 for supervisors and admins', () => {
    for (const role of ['LEAD_UNIT', 'CHAIN_LEADER'] as const) expect(menuFor([role])).toEqual(['workbench', 'my-work', 'tasks', ...READ]);
    for (const role of ['SUPERVISOR', 'ADMIN'] as const) expect(menuFor([role])).toEqual(['workbench', 'my-work', 'tasks', 'supervision', ...READ]);
  });

  it('joins the menus of several roles without repeating an entry', () => {
    expect(menuFor(['UNIT_LIAISON', 'LEAD_UNIT'])).toEqual(['workbench', 'my-work', 'tasks', ...READ]);
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
