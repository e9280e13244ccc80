import { noticeTextOfHtml } from './notice-html';
import { planCommit, proposeImport, ProposedTask } from './notice-import';
import type { DirectoryUnit } from './unit-names';

const UNITS: DirectoryUnit[] = [
  { id: 1, name: '市政府办公厅', kind: 'OFFICE', fullName: '郑州市人民政府办公厅' },
  { id: 2, name: '市工信局', kind: 'DEPARTMENT', fullName: '郑州市工业和信息化局' },
  { id: 3, name: '市发展改革委', kind: 'DEPARTMENT', aliases: ['市发改委'] },
  { id: 4, name: '航空港区', kind: 'ZONE' },
  { id: 5, name: '金水区', kind: 'DISTRICT' },
];
const NOTICE = [
  '关于测试的通知',
  '（一）甲任务。',
  '牵头单位：市工信局，责任单位：市发改委、市工信局',
  '完成时间：2026年9月底前',
  '（二）乙任务。（责任单位：市政府、各有关单位）',
  '（三）丙任务。',
  '牵头单位：各开发区、区县（市）',
  '完成时间：每季度',
].join('\n');

describe('proposeImport', () => {
  it.each([
    ['', 'EMPTY'],
    [' \n\t\u3000', 'EMPTY'],
    ['Notice on the mechanism. 1. Lead unit: Bureau. Due: June.', 'NOT_CHINESE'],
    [`${'x'.repeat(500)}链长制`, 'NOT_CHINESE'],
    ['春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。床前明月光，疑是地上霜。', 'NO_TASKS'],
  ])('refuses %j as %s', (text, reason) => {
    expect(proposeImport(text, UNITS, { fallbackYear: 2026 })).toBe(reason);
  });

  it('refuses a text of more than 1,000 tasks', () => {
    const text = Array.from({ length: 1001 }, (_, i) => `${i + 1}. 任务。\n牵头单位：市工信局`).join('\n');
    expect(proposeImport(text, UNITS, { fallbackYear: 2026 })).toBe('TOO_MANY_TASKS');
  });

  const proposal = proposeImport(NOTICE, UNITS, { fallbackYear: 2026 });
  if (typeof proposal === 'string') throw new Error(proposal);

  it('resolves units (by alias too), keeps a lead out of the co-units, and expands collectives with their name', () => {
    expect(proposal.tasks[0].leadUnits).toEqual([{ name: '市工信局', unitId: 2, unitName: '市工信局' }]);
    expect(proposal.tasks[0].coUnits).toEqual([{ name: '市发改委', unitId: 3, unitName: '市发展改革委' }]);
    expect(proposal.tasks[2].leadUnits).toEqual([
      { name: '航空港区', unitId: 4, unitName: '航空港区', group: '各开发区、区县（市）' },
      { name: '金水区', unitId: 5, unitName: '金水区', group: '各开发区、区县（市）' },
    ]);
  });

  it('lists each unresolved name once, in order of appearance', () => {
    expect(proposal.unresolvedUnits).toEqual(['市政府', '各有关单位']);
    expect(proposal.tasks[1].leadUnits).toEqual([{ name: '市政府' }, { name: '各有关单位', group: '各有关单位' }]);
  });
});

describe('planCommit', () => {
  const task = (seq: number, lead: ProposedTask['leadUnits'], co: ProposedTask['coUnits'] = [], extra: Partial<ProposedTask> = {}): ProposedTask => ({
    seq,
    label: '',
    title: `任务${seq}`,
    leadUnits: lead,
    coUnits: co,
    excerpt: `原文${seq}`,
    start: 0,
    end: 0,
    format: 'fields',
    ...extra,
  });
  const proposal = {
    year: 2026,
    tasks: [
      task(
        1,
        [
          { name: '市工信局', unitId: 2 },
          { name: '市发改委', unitId: 3 },
        ],
        [
          { name: '航空港区', unitId: 4 },
          { name: '市工信局', unitId: 2 },
        ],
        { dueDate: '2026-09-30', detail: '细节' },
      ),
      task(2, [{ name: '市政府' }], [{ name: '各有关单位', group: '各有关单位' }], { recurrence: { frequency: 'MONTHLY', dayOfMonth: 20 } }),
      task(3, [{ name: '各有关单位', group: '各有关单位' }]),
    ],
  };

  it('makes the first lead the owner and the other leads and co-units its co-units, without repeats', () => {
    const plan = planCommit(proposal, { select: [1] });
    expect(plan).toEqual({
      ok: true,
      tasks: [{ seq: 1, title: '任务1', detail: '细节', excerpt: '原文1', ownerUnitId: 2, coUnitIds: [3, 4], leadUnitIds: [2, 3], dueDate: '2026-09-30', dueNamed: true }],
    });
  });

  it('refuses while a selected task keeps an unresolved unit, naming each with its tasks', () => {
    const plan = planCommit(proposal, {});
    expect(plan).toEqual({
      ok: false,
      unresolved: ['市政府', '各有关单位'],
      problems: [
        { kind: 'incomplete', message: 'mapping: 市政府 (task 2) is not resolved; map it to a unit id, several, or null to leave it out' },
        { kind: 'incomplete', message: 'mapping: 各有关单位 (task 2, 3) is not resolved; map it to a unit id, several, or null to leave it out' },
      ],
    });
  });

  it('maps a name to a unit, to several, or leaves it out; a task left without a lead is refused', () => {
    const plan = planCommit(proposal, { select: [2, 3], mapping: { 市政府: 1, 各有关单位: [4, 5] } });
    expect(plan.ok && plan.tasks.map((t) => [t.ownerUnitId, t.coUnitIds, t.dueDate, t.dueNamed, t.recurrence])).toEqual([
      [1, [4, 5], '2026-12-31', false, { frequency: 'MONTHLY', dayOfMonth: 20 }],
      [4, [5], '2026-12-31', false, undefined],
    ]);
    expect(planCommit(proposal, { select: [3], mapping: { 各有关单位: null } })).toEqual({
      ok: false,
      unresolved: [],
      problems: [{ kind: 'incomplete', message: 'edits: task 3 has no lead unit; give leadUnitIds, or map its units' }],
    });
  });

  it('applies edits: title, due date, leads, co-units and recurrence (null removes it)', () => {
    const plan = planCommit(proposal, {
      select: [2],
      edits: [{ seq: 2, title: '改后的标题', dueDate: '2026-11-15', leadUnitIds: [3, 2], coUnitIds: [2, 4], recurrence: null }],
    });
    expect(plan).toEqual({
      ok: true,
      tasks: [{ seq: 2, title: '改后的标题', excerpt: '原文2', ownerUnitId: 3, coUnitIds: [2, 4], leadUnitIds: [3, 2], dueDate: '2026-11-15', dueNamed: true }],
    });
  });

  it('refuses choices that name what the proposal lacks: unknown seqs, an empty selection, edits of unselected tasks, stray mapped names', () => {
    const plan = planCommit(proposal, { select: [1, 9], edits: [{ seq: 3 }], mapping: { 市人大: 1 } });
    expect(plan.ok === false && plan.problems.filter((p) => p.kind === 'invalid').map((p) => p.message)).toEqual([
      'select: no task 9 in this import',
      'edits: task 3 is not among the selected tasks of this import',
      'mapping: 市人大 is not an unresolved unit of this import',
    ]);
    expect(planCommit(proposal, { select: [] })).toMatchObject({ ok: false, problems: [{ kind: 'invalid', message: 'select: choose at least one task' }] });
  });
});

describe('noticeTextOfHtml', () => {
  it('makes a line of each paragraph and heading, and a tab-separated line of each table row', () => {
    const html =
      '<h1>关于&amp;测试的通知</h1><p>各单位：</p><p><strong>一、</strong>任务</p>' +
      '<table><tr><td><p>序号</p></td><td><p>任务</p></td><td><p>负责单位</p></td></tr>' +
      '<tr><td><p>1</p></td><td><p>建设</p><p>园区</p></td><td><p>市工信局牵头，</p><p>市科技局负责</p></td></tr></table>' +
      '<p>2026年6月20日<br />印发</p><p>&#x4E2D;&#25991; &lt;完&gt;</p>';
    expect(noticeTextOfHtml(html)).toBe(
      ['关于&测试的通知', '各单位：', '一、任务', '', '序号\t任务\t负责单位', '1\t建设园区\t市工信局牵头，市科技局负责', '2026年6月20日', '印发', '中文 <完>'].join('\n'),
    );
  });
});
