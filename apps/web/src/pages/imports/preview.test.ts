import { describe, expect, it } from 'vitest';
import {
  commitBlockers,
  commitBody,
  highlightExcerpt,
  mappingChoiceOf,
  mappingValuesOf,
  OMIT,
  recurrenceText,
  rowStatuses,
  segment,
  unitEntries,
  type Choices,
  type Preview,
  type ProposedTask,
} from './preview';

const task = (seq: number, over: Partial<ProposedTask> = {}): ProposedTask => ({
  seq,
  label: `（${seq}）`,
  title: `任务${seq}`,
  leadUnits: [{ name: '市工信局', unitId: 2, unitName: '市工信局' }],
  coUnits: [],
  excerpt: '',
  start: 0,
  end: 0,
  format: 'fields',
  ...over,
});

// 市政府 leads task 3 only; 市级各相关职能部门 works on tasks 2 and 3.
const preview: Pick<Preview, 'year' | 'tasks' | 'unresolvedUnits'> = {
  year: 2026,
  tasks: [
    task(1, { dueDate: '2026-09-30' }),
    task(2, { coUnits: [{ name: '市级各相关职能部门', group: '市级各相关职能部门' }], recurrence: { frequency: 'MONTHLY', dayOfMonth: 20 } }),
    task(3, { leadUnits: [{ name: '市政府' }], coUnits: [{ name: '市级各相关职能部门', group: '市级各相关职能部门' }], dueDate: '2026-03-31' }),
  ],
  unresolvedUnits: ['市级各相关职能部门', '市政府'],
};
const TODAY = '2026-07-16';
const choices = (over: Partial<Choices> = {}): Choices => ({ selected: [1, 2, 3], mapping: {}, edits: {}, ...over });

describe('a recurrence in words', () => {
  it.each([
    [{ frequency: 'MONTHLY', dayOfMonth: 20 }, '每月20日前'],
    [{ frequency: 'MONTHLY', dayOfMonth: 28 }, '每月28日前'],
    [{ frequency: 'MONTHLY', dayOfMonth: 31 }, '每月底前'],
    [{ frequency: 'MONTHLY' }, '每月'],
    [{ frequency: 'QUARTERLY' }, '每季度'],
    [{ frequency: 'QUARTERLY', month: 1, dayOfMonth: 10 }, '每季度首月10日前'],
    [{ frequency: 'QUARTERLY', month: 2, dayOfMonth: 10 }, '每季度第2个月10日前'],
    [{ frequency: 'QUARTERLY', dayOfMonth: 31 }, '每季度末'],
    [{ frequency: 'QUARTERLY', dayOfMonth: 15 }, '每季度末月15日前'],
    [{ frequency: 'SEMIANNUAL' }, '每半年'],
    [{ frequency: 'YEARLY', month: 1, dayOfMonth: 20 }, '每年1月20日前'],
    [{ frequency: 'YEARLY', month: 6, dayOfMonth: 31 }, '每年6月底前'],
    [{ frequency: 'YEARLY' }, '每年'],
    [{ frequency: 'WEEKLY', weekday: 5 }, '每周五'],
    [{ frequency: 'WEEKLY', weekday: 7 }, '每周日'],
    [{ frequency: 'WEEKLY' }, '每周'],
  ] as const)('%j reads %s', (r, words) => {
    expect(recurrenceText(r)).toBe(words);
  });
});

describe('the excerpt’s highlights', () => {
  const marked = (t: Pick<ProposedTask, 'excerpt' | 'leadUnits' | 'coUnits'>) =>
    highlightExcerpt(t)
      .filter((s) => s.kind !== 'plain')
      .map((s) => [s.text, s.kind]);

  it('marks the units (resolved or not), the dates and the recurrence, and keeps every character', () => {
    const t = {
      excerpt: '（二）报送进展。\n牵头单位：市工信局，责任单位：市科技局、商务局，市政府\n完成时间：2026年9月底前，每月20日前报送',
      leadUnits: [{ name: '市工信局', unitId: 2, unitName: '市工信局' }],
      coUnits: [{ name: '市科技局', unitId: 4, unitName: '市科技局' }, { name: '市商务局', unitId: 5, unitName: '市商务局' }, { name: '市政府' }],
    };
    expect(marked(t)).toEqual([
      ['市工信局', 'unit'],
      ['市科技局', 'unit'],
      ['商务局', 'unit'], // 市 dropped after the first of the list
      ['市政府', 'unresolved'],
      ['2026年9月底前', 'date'],
      ['每月20日前', 'recurrence'],
    ]);
    expect(
      highlightExcerpt(t)
        .map((s) => s.text)
        .join(''),
    ).toBe(t.excerpt);
  });

  it('marks a collective as written when its members resolved, and as unresolved when it was kept', () => {
    const members = [{ name: '航空港区', unitId: 20, unitName: '航空港区', group: '各开发区管委会、区县（市）政府' }];
    expect(marked({ excerpt: '责任单位：各开发区管委会、区县（市）政府。', leadUnits: [], coUnits: members })).toEqual([['各开发区管委会、区县（市）政府', 'unit']]);
    expect(marked({ excerpt: '责任单位：市级各相关职能部门', leadUnits: [], coUnits: [{ name: '市级各相关职能部门', group: '市级各相关职能部门' }] })).toEqual([
      ['市级各相关职能部门', 'unresolved'],
    ]);
  });

  it('keeps the earliest mark, then the longest, where marks overlap', () => {
    expect(
      segment('每年1月20日前报送', [
        { start: 2, end: 8, kind: 'date' },
        { start: 0, end: 2, kind: 'recurrence' },
        { start: 0, end: 8, kind: 'recurrence' },
      ]),
    ).toEqual([
      { text: '每年1月20日前', kind: 'recurrence' },
      { text: '报送', kind: 'plain' },
    ]);
  });
});

describe('units as the table shows them', () => {
  it('folds the members of an expanded collective into one entry with their count, and keeps unresolved names apart', () => {
    const group = '各开发区管委会、区县（市）政府';
    expect(
      unitEntries([
        { name: '市科技局', unitId: 4, unitName: '市科技局' },
        { name: '航空港区', unitId: 20, unitName: '航空港区', group },
        { name: '郑东新区', unitId: 21, unitName: '郑东新区', group },
        { name: '市级各相关职能部门', group: '市级各相关职能部门' },
      ]),
    ).toEqual([
      { label: '市科技局', count: 1, unresolved: false, name: '市科技局' },
      { label: group, count: 2, unresolved: false, name: group },
      { label: '市级各相关职能部门', count: 1, unresolved: true, name: '市级各相关职能部门' },
    ]);
  });
});

describe('the mapping control', () => {
  it('reads the last pick of 不计入 as leaving the name out, and a unit picked after it as a mapping', () => {
    expect(mappingChoiceOf([])).toBeUndefined();
    expect(mappingChoiceOf([7, OMIT])).toBe('omit');
    expect(mappingChoiceOf([OMIT, 7])).toEqual([7]);
    expect(mappingChoiceOf([7, 8])).toEqual([7, 8]);
    expect(mappingValuesOf('omit')).toEqual([OMIT]);
    expect(mappingValuesOf(undefined)).toEqual([]);
  });
});

describe('the commit', () => {
  it('sends one unit as its id, several as a list, 不计入 as null, leaves unchosen names out, and only the edits that change a selected task', () => {
    const body = commitBody(
      preview,
      choices({
        selected: [1, 3],
        mapping: { 市政府: [1], 市级各相关职能部门: [7, 8] },
        edits: { 1: { title: '  任务1  ', dueDate: '2026-09-30' }, 2: { title: '不选的任务' }, 3: { title: '建立协调机制', dueDate: '2026-10-15' } },
      }),
      1,
    );
    expect(body).toEqual({
      mapping: { 市政府: 1, 市级各相关职能部门: [7, 8] },
      select: [1, 3],
      edits: [{ seq: 3, title: '建立协调机制', dueDate: '2026-10-15' }],
      issuerUnitId: 1,
    });
    expect(commitBody(preview, choices({ mapping: { 市政府: 'omit' } }))).toEqual({ mapping: { 市政府: null }, select: [1, 2, 3] });
  });

  it('flags each task by the api’s rule: an unresolved unit, no lead left, a deadline passed, a blank title', () => {
    const statuses = rowStatuses(preview, choices({ edits: { 1: { title: ' ' } } }), TODAY);
    expect(statuses.get(1)).toEqual({ unresolved: [], noLead: false, passed: null, blankTitle: true });
    expect(statuses.get(2)).toEqual({ unresolved: ['市级各相关职能部门'], noLead: false, passed: null, blankTitle: false });
    expect(statuses.get(3)).toEqual({ unresolved: ['市政府', '市级各相关职能部门'], noLead: false, passed: '2026-03-31', blankTitle: false });

    const mapped = rowStatuses(preview, choices({ mapping: { 市政府: 'omit', 市级各相关职能部门: [7] } }), TODAY);
    expect(mapped.get(2)!.unresolved).toEqual([]);
    expect(mapped.get(3)).toEqual({ unresolved: [], noLead: true, passed: '2026-03-31', blankTitle: false });
    // A task without a date is due at the end of the notice's year, which has not passed.
    expect(mapped.get(2)!.passed).toBeNull();
    expect(rowStatuses({ ...preview, year: 2021 }, choices({ mapping: { 市级各相关职能部门: [7] } }), TODAY).get(2)!.passed).toBe('2021-12-31');
  });

  it('holds the commit back while a selected task cannot be created, and names why', () => {
    const blocked = (c: Choices) => commitBlockers(c.selected, rowStatuses(preview, c, TODAY));
    expect(blocked(choices())).toEqual([
      { kind: 'unresolved', name: '市级各相关职能部门', seqs: [2, 3] },
      { kind: 'unresolved', name: '市政府', seqs: [3] },
      { kind: 'passed', seqs: [3] },
    ]);
    expect(blocked(choices({ selected: [] }))).toEqual([{ kind: 'noneSelected' }]);
    // Leaving task 3 out leaves 市政府 out of the reasons; mapping the collective clears task 2.
    expect(blocked(choices({ selected: [1, 2] }))).toEqual([{ kind: 'unresolved', name: '市级各相关职能部门', seqs: [2] }]);
    expect(blocked(choices({ selected: [1, 2], mapping: { 市级各相关职能部门: [7, 8] } }))).toEqual([]);
    // A corrected deadline clears the passed one.
    expect(blocked(choices({ selected: [3], mapping: { 市政府: [1], 市级各相关职能部门: 'omit' }, edits: { 3: { dueDate: '2026-10-15' } } }))).toEqual([]);
  });
});
