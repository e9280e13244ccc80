import { describe, expect, it } from 'vitest';
import { describeChange } from './describe-change';

const names = { unit: (id: number) => `单位${id}`, chain: (id: number) => `产业链${id}`, policy: (id: number) => `规则${id}`, user: (id: number) => `用户${id}` };

describe('an audit entry, readably', () => {
  it('shows only what changed on an update, in the words of the pages', () => {
    const rows = describeChange(
      {
        before: { username: 'lijing', displayName: '李静', unitId: 3, roles: ['UNIT_LIAISON'], disabled: false },
        after: { username: 'lijing', displayName: '李静', unitId: 3, roles: ['UNIT_LIAISON'], disabled: true },
      },
      names,
    );
    expect(rows).toEqual([{ field: '停用', before: '否', after: '是', verbatim: false, known: true }]);
  });

  it('lists every field of a creation, names for ids, Chinese for codes, and leaves out id and version', () => {
    const rows = describeChange(
      { before: null, after: { id: 9, name: '月报', kind: 'REPORT', frequency: 'MONTHLY', dayOfMonth: 20, shift: 'NEXT_WORKDAY', owingUnitIds: [1, 2], version: 1 } },
      names,
    );
    expect(rows.map((r) => [r.field, r.after])).toEqual([
      ['名称', '月报'],
      ['类型', '报送'],
      ['频率', '每月'],
      ['每月几日', '20'],
      ['遇非工作日', '顺延至下一个工作日'],
      ['报送单位', '单位1、单位2'],
    ]);
  });

  it('reads a policy’s steps and a failed sign-in', () => {
    expect(
      describeChange(
        {
          before: null,
          after: {
            steps: [
              { offset: -3, calendar: 'workday', action: 'remind' },
              { offset: 'PT0S', calendar: 'natural', action: 'due' },
            ],
          },
        },
        names,
      )[0].after,
    ).toBe('截止前 3 个工作日提醒；截止时到期');
    expect(describeChange({ before: null, after: { reason: 'wrong password' } }, names)).toEqual([
      { field: '原因', before: null, after: '密码错误', verbatim: false, known: true },
    ]);
  });

  it('keeps an unknown field as it is, marked verbatim', () => {
    expect(describeChange({ before: null, after: { mystery: 'x' } }, names)).toEqual([{ field: 'mystery', before: null, after: 'x', verbatim: true, known: false }]);
  });
});
