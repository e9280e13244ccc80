import { datePhrasesIn, datesIn, deadlineOf, recurrenceIn } from './notice-dates';
import { parseNotice } from './notice.parser';
import { chineseNumber, cjkCount } from './notice-text';
import { DirectoryUnit, splitUnitList, UnitDirectory } from './unit-names';

/*
 * One block per format of the list: numbered items with field lines, annex tables,
 * inline "（责任单位：…）", lists that drop the 市 prefix, group names, dates, milestones,
 * recurrences and year-less dates. Snippets are written for these tests, not taken from the seeds.
 */

const parse = (text: string, fallbackYear = 2026) => parseNotice(text, { fallbackYear });
const names = (mentions: { name: string }[]) => mentions.map((m) => m.name);

describe('numbered items followed by field lines', () => {
  const text = [
    '关于做好2024年重点工作的通知',
    '各区县（市）人民政府，市人民政府各部门：',
    '一、强化项目建设',
    '（一）推进重大项目。加快推进重点项目建设，6月底前完成年度投资的50%。',
    '牵头单位：市发展改革委',
    '责任单位：市工信局、市财政局',
    '完成时间：2024年12月底前',
    '（二）优化审批流程。精简审批环节。',
    '牵头部门：市政务办；配合单位：市司法局。',
    '二、强化要素保障',
    '1. 强化用地保障。',
    '牵头单位：市资源规划局，责任单位：各县（市、区）。完成时间：全年',
    '(1) 细化用工服务。',
    '责任单位：市人社局、市教育局',
    '① 组织招聘会。',
    '牵头单位：市人社局',
    '完成时间：9月',
  ].join('\n');
  const { items, document, year } = parse(text);

  it('finds every level of numbering (一、 （一） 1. (1) ①) that carries fields, with its number as seq', () => {
    expect(items.map((i) => [i.seq, i.label, i.format])).toEqual(
      [
        [1, '（一）', 'fields'],
        [2, '（二）', 'fields'],
        [1, '1.', 'fields'],
        [1, '(1)', 'fields'],
        [1, '①', 'fields'],
      ].map(([, label, format], i) => [i + 1, label, format]),
    );
  });

  it('reads 牵头单位 and 牵头部门 as leads, 责任单位 and 配合单位 as the units working with them', () => {
    expect(items.map((i) => [names(i.leadUnits), names(i.coUnits)])).toEqual([
      [['市发展改革委'], ['市工信局', '市财政局']],
      [['市政务办'], ['市司法局']],
      [['市资源规划局'], ['各县（市、区）']],
      [['市人社局', '市教育局'], []],
      [['市人社局'], []],
    ]);
  });

  it('takes the title up to the first 。 and the deadline from 完成时间, the body dates as milestones only when the field has none', () => {
    expect(items[0]).toMatchObject({ title: '推进重大项目', dueDate: '2024-12-31', milestones: [] });
    expect(items[1].dueDate).toBeUndefined();
    expect(items[2].dueDate).toBe('2024-12-31'); // 全年 in a field
    expect(items[4].dueDate).toBe('2024-09-30'); // year-less: the notice's year
    expect(year).toBe(2024);
    expect(document.title).toBe('关于做好2024年重点工作的通知');
  });

  it('gives each item its excerpt: the numbered paragraph through its last field line', () => {
    expect(items[0].excerpt).toBe(
      '（一）推进重大项目。加快推进重点项目建设，6月底前完成年度投资的50%。\n牵头单位：市发展改革委\n责任单位：市工信局、市财政局\n完成时间：2024年12月底前',
    );
    expect(text.slice(items[0].start, items[0].end)).toBe(items[0].excerpt);
    expect(items[0].targets).toEqual(['加快推进重点项目建设，6月底前完成年度投资的50%']);
  });

  it('reads fields written on one line, with ASCII colons and commas', () => {
    const [item] = parse('（三）稳住增长。\n牵头单位:市工信局,市商务局，责任单位:市财政局。完成时间：2025年6月30日前').items;
    expect(item).toMatchObject({ leadUnits: [{ name: '市工信局' }, { name: '市商务局' }], coUnits: [{ name: '市财政局' }], dueDate: '2025-06-30' });
  });

  it('does not make a numbered paragraph without fields a task, nor read fields after an attached table of figures (附表)', () => {
    expect(parse('（一）总体思路。坚持稳中求进。\n（二）发展目标。增长9%。').items).toEqual([]);
    expect(parse('附表：2024年目标表\n（一）不是任务\n牵头单位：市工信局').items).toEqual([]);
  });
});

describe('annex tables', () => {
  it('reads "序号 任务 负责单位" rows whose cell says "X、Y牵头，A、B等按职责分工负责"', () => {
    const text = [
      '附件',
      '重点任务分工',
      '序号\t重点任务\t负责单位\t完成时间',
      '1\t建设智慧园区\t市工信局、发展改革委牵头，市财政局、各开发区管委会等按职责分工负责\t2024年底前',
      '2\t完善配套\t市城建局负责\t三季度',
    ].join('\n');
    const { items } = parse(text);
    expect(items.map((i) => [i.seq, i.title, names(i.leadUnits), names(i.coUnits), i.dueDate])).toEqual([
      [1, '建设智慧园区', ['市工信局', '市发展改革委'], ['市财政局', '各开发区管委会'], '2024-12-31'],
      [2, '完善配套', ['市城建局'], [], '2026-09-30'],
    ]);
    expect(items[0].coUnits[1].group).toEqual(['ZONE']);
  });

  it('reads separate 牵头/配合 columns, skips section rows and unnumbered rows, and takes detail from the body paragraph of the same number', () => {
    const text = [
      '三、重点任务',
      '1. 优选项目。引进龙头企业，年内完成。',
      '2. 做强产业。推动升级。',
      '序号\t专项工作\t牵头部门\t配合部门',
      '\t统筹协调\t市发展改革委\t市财政局',
      '一\t推动提质\t\t',
      '1\t选优项目\t各产业集聚区\t市商务局、自然资源规划局',
      '',
      '2\t做强产业\t市发展改革委\t市科技局',
    ].join('\n');
    const { items } = parse(text, 2019);
    expect(items.map((i) => [i.seq, i.title, i.detail, names(i.leadUnits), names(i.coUnits), i.dueDate ?? null])).toEqual([
      [1, '选优项目', '引进龙头企业，年内完成。', ['各产业集聚区'], ['市商务局', '市自然资源规划局'], '2019-12-31'],
      [2, '做强产业', '推动升级。', ['市发展改革委'], ['市科技局'], null],
    ]);
  });

  it("does not take a numbered item with fields of its own as a table row's detail", () => {
    const text = ['1. 甲项。', '牵头单位：市商务局', '序号\t任务\t负责单位', '1\t乙项\t市工信局负责'].join('\n');
    expect(parse(text).items.map((i) => [i.format, i.title, names(i.leadUnits)])).toEqual([
      ['fields', '甲项', ['市商务局']],
      ['table', '乙项', ['市工信局']],
    ]);
  });
});

describe('inline responsibility at the end of a paragraph', () => {
  it('reads "（责任单位：…）" as the leads when no 牵头 is named', () => {
    const { items } = parse('一、重点工作\n（一）开展专项行动，6月底前完成摸底。（责任单位：市应急局、市消防支队）\n（二）加强宣传。（牵头单位：市委宣传部；配合单位：市文明办）');
    expect(items.map((i) => [i.title, names(i.leadUnits), names(i.coUnits), i.dueDate ?? null])).toEqual([
      ['开展专项行动，6月底前完成摸底', ['市应急局', '市消防支队'], [], '2026-06-30'],
      ['加强宣传', ['市委宣传部'], ['市文明办'], null],
    ]);
    expect(items[0].format).toBe('inline');
  });

  it('reads "（X牵头，Y配合）"', () => {
    const [item] = parse('（三）推进数据共享。（市大数据局牵头，市直各部门配合）').items;
    expect([names(item.leadUnits), item.coUnits]).toEqual([['市大数据局'], [{ name: '市直各部门', group: [] }]]);
  });
});

describe('unit lists', () => {
  it('gives a bare department the prefix of the department before it ("市通管办、规划局" is 市规划局)', () => {
    expect(names(splitUnitList('市通管办、规划局、财政局'))).toEqual(['市通管办', '市规划局', '市财政局']);
    expect(names(splitUnitList('省发展改革委、工业和信息化厅'))).toEqual(['省发展改革委', '省工业和信息化厅']);
    expect(names(splitUnitList('工业和信息化厅', { prefix: '省' }))).toEqual(['省工业和信息化厅']);
  });

  it('keeps names that say where they belong, and does not take 市场 for 市', () => {
    expect(names(splitUnitList('市场监督管理局、郑州供电公司、高新区管委会、航空港区税务局'))).toEqual(['市市场监督管理局', '郑州供电公司', '高新区管委会', '航空港区税务局']);
  });

  it.each([
    ['各开发区管委会、区县（市）政府', ['ZONE', 'DISTRICT']],
    ['各开发区管委会和县 (市、 区)政府', ['ZONE', 'DISTRICT']],
    ['相关开发区管委会和区县(市)政府', ['ZONE', 'DISTRICT']],
    ['各开发区、区县（市）', ['ZONE', 'DISTRICT']],
    ['各产业集聚区', ['ZONE', 'DISTRICT']],
    ['各县（市、区）', ['DISTRICT']],
    ['各区县（市）人民政府', ['DISTRICT']],
    ['各开发区管委会', ['ZONE']],
    ['市级各相关职能部门', []],
    ['各有关单位', []],
    ['相关部门', []],
  ])('recognises the collective "%s"', (phrase, kinds) => {
    expect(splitUnitList(phrase)).toEqual([{ name: expect.any(String), group: kinds }]);
  });

  it('drops the tail of "A、B等按职责分工负责" and a leading 由', () => {
    expect(names(splitUnitList('由市科技局、市财政局等按职责分工负责'))).toEqual(['市科技局', '市财政局']);
  });
});

describe('UnitDirectory', () => {
  const units: DirectoryUnit[] = [
    { id: 1, name: '市发展改革委', kind: 'DEPARTMENT', fullName: '郑州市发展和改革委员会', aliases: ['市发改委'] },
    { id: 2, name: '市资源规划局', kind: 'DEPARTMENT', fullName: '郑州市自然资源和规划局', aliases: ['市规划局'] },
    { id: 3, name: '市通管办', kind: 'DEPARTMENT' },
    { id: 4, name: '航空港区', kind: 'ZONE', fullName: '郑州航空港经济综合实验区' },
    { id: 5, name: '金水区', kind: 'DISTRICT' },
    { id: 6, name: '郑州移动', kind: 'ENTERPRISE', groups: ['各基础电信企业'] },
    { id: 7, name: '郑州联通', kind: 'ENTERPRISE', groups: ['各基础电信企业'] },
    { id: 8, name: '市场一局', kind: 'DEPARTMENT', aliases: ['市场局'] },
    { id: 9, name: '市场二局', kind: 'DEPARTMENT', aliases: ['市场局'] },
  ];
  const directory = new UnitDirectory(units);
  const resolve = (raw: string) => directory.resolve(splitUnitList(raw));

  it('resolves by name, full name, alias, the city-less full name, and a zone by its 管委会 (with an office in brackets)', () => {
    expect(resolve('发改委、市自然资源和规划局、郑州市发展和改革委员会、市通管办、规划局、郑州航空港区管委会（投资促进局）')).toEqual([
      { name: '市发改委', unitId: 1 },
      { name: '市自然资源和规划局', unitId: 2 },
      { name: '市通管办', unitId: 3 },
      { name: '郑州航空港区管委会（投资促进局）', unitId: 4 },
    ]);
  });

  it('expands collectives to the units of their kinds, or to the units that are members', () => {
    expect(resolve('各开发区管委会、区县（市）政府').map((r) => [r.unitId, r.group])).toEqual([
      [4, '各开发区管委会、区县（市）政府'],
      [5, '各开发区管委会、区县（市）政府'],
    ]);
    expect(resolve('各基础电信企业').map((r) => r.unitId)).toEqual([6, 7]);
  });

  it('never guesses: an unknown, a near miss and an ambiguous alias stay unresolved; a collective nobody defines is kept as a group', () => {
    expect(resolve('市发展改革局、市规划委、市场局、市级各相关职能部门')).toEqual([
      { name: '市发展改革局' },
      { name: '市规划委' },
      { name: '市市场局' },
      { name: '市级各相关职能部门', group: '市级各相关职能部门' },
    ]);
    expect(directory.find('市场局')).toBeUndefined();
  });
});

describe('dates', () => {
  it.each([
    ['2017年6月底前完成', ['2017-06-30']],
    ['9月', ['2026-09-30']],
    ['年底前入驻', ['2026-12-31']],
    ['四季度举办', ['2026-12-31']],
    ['上半年完成', ['2026-06-30']],
    ['次年1月10日前报送总结', ['2027-01-10']],
    ['3月上旬启动，5月中旬验收', ['2026-03-10', '2026-05-20']],
    ['2025年底，累计建成', ['2025-12-31']],
    ['三季度完成建设，6月底前出台方案', ['2026-06-30', '2026-09-30']],
  ])('reads "%s" in prose as %j', (text, dates) => {
    expect(datesIn(text, 2026, 'prose')).toEqual(dates);
  });

  it.each(['全年推进实施500个以上技术改造项目', '2021年，新增绿色制造体系企业5家', '围绕三年新建60个以上', '以月保季、以季保年', '每月点评通报', '三个月内'])(
    'reads no date in the prose "%s"',
    (text) => {
      expect(datesIn(text, 2026, 'prose')).toEqual([]);
    },
  );

  it('reads 全年 and a bare year in a field as the end of that year', () => {
    expect(datesIn('全年', 2026, 'field')).toEqual(['2026-12-31']);
    expect(datesIn('2025年', 2026, 'field')).toEqual(['2025-12-31']);
  });

  it('makes the last of several dates the deadline and the others milestones', () => {
    expect(deadlineOf(datesIn('3月底前制定方案，6月底前启动，12月底前完成', 2026, 'field'))).toEqual({ dueDate: '2026-12-31', milestones: ['2026-03-31', '2026-06-30'] });
    const [item] = parseNotice('（一）建设平台。\n牵头单位：市工信局\n完成时间：3月底前制定方案，6月底前启动，12月底前完成', { fallbackYear: 2026 }).items;
    expect(item).toMatchObject({ dueDate: '2026-12-31', milestones: ['2026-03-31', '2026-06-30'] });
  });
});

describe('recurrences', () => {
  it.each([
    ['每月20日前报送进展', 'field', { frequency: 'MONTHLY', dayOfMonth: 20 }],
    ['每月28日前', 'field', { frequency: 'MONTHLY', dayOfMonth: 28 }],
    ['每季度', 'field', { frequency: 'QUARTERLY' }],
    ['每半年', 'field', { frequency: 'SEMIANNUAL' }],
    ['每年1月20日前', 'field', { frequency: 'YEARLY', month: 1, dayOfMonth: 20 }],
    ['每月底前报送', 'field', { frequency: 'MONTHLY', dayOfMonth: 31 }],
    ['每周五报送', 'field', { frequency: 'WEEKLY', weekday: 5 }],
    ['市政府每季度开展一次评估', 'prose', { frequency: 'QUARTERLY' }],
    ['每半年召开推进会', 'prose', { frequency: 'SEMIANNUAL' }],
    ['例会半年召开一次', 'prose', { frequency: 'SEMIANNUAL' }],
    ['每月召开工作例会', 'prose', { frequency: 'MONTHLY' }],
    ['工作实行月度评比', 'prose', { frequency: 'MONTHLY' }],
    ['形成评价报告，发布年度《发展报告蓝皮书》', 'prose', { frequency: 'YEARLY' }],
    ['坚持月报制度', 'prose', { frequency: 'MONTHLY' }],
    ['坚持重点项目周例会制度', 'prose', { frequency: 'WEEKLY' }],
  ] as const)('reads "%s" (%s) as %j', (text, reading, recurrence) => {
    expect(recurrenceIn(text, reading).recurrence).toEqual(recurrence);
  });

  it.each(['每年2个30亿元项目', '以每年度的工作确保目标', '每个园区引进1家企业', '研究出台年度实施方案', '出台年度专项绩效考核方案', '坚持“月台账、季通报、年考评”工作制度'])(
    'reads no recurrence in the prose "%s"',
    (text) => {
      expect(recurrenceIn(text, 'prose').recurrence).toBeUndefined();
    },
  );

  it('does not read the day of a recurrence as a deadline', () => {
    const [item] = parseNotice('（一）报送年报。\n责任单位：市统计局\n完成时间：每年1月20日前', { fallbackYear: 2026 }).items;
    expect(item.recurrence).toEqual({ frequency: 'YEARLY', month: 1, dayOfMonth: 20 });
    expect(item.dueDate).toBeUndefined();
  });
});

describe('prose of the body', () => {
  const text = [
    '郑州市人民政府办公厅',
    '郑政办〔2030〕7号',
    '关于建立某机制的通知',
    '各开发区管委会，各区县（市）人民政府：',
    '一、工作机制',
    '提升方案由市发展改革委、市工信局牵头制定，各有关部门配合。各开发区、区县（市）要每月20日前将进展报市工信局。市政府每半年召开推进会议，由总链长负责召集。全年推进项目500个。',
    '附件：分工表',
    '2030年3月5日',
  ].join('\n');
  const { items, document } = parse(text);

  it('reads the document number, title and date', () => {
    expect(document).toEqual({ number: '郑政办〔2030〕7号', title: '关于建立某机制的通知', issuedAt: '2030-03-05' });
  });

  it('makes a sentence with a lead or a recurrence a task, with who the sentence makes responsible', () => {
    expect(items.map((i) => [i.seq, i.label, names(i.leadUnits), names(i.coUnits), i.recurrence ?? null])).toEqual([
      [1, '', ['市发展改革委', '市工信局'], ['各有关部门'], null],
      [2, '', ['各开发区、区县（市）'], [], { frequency: 'MONTHLY', dayOfMonth: 20 }],
      [3, '', ['总链长'], [], { frequency: 'SEMIANNUAL' }],
    ]);
    expect(items[1].title).toBe('各开发区、区县（市）要每月20日前将进展报市工信局');
    // A prose item's excerpt is its sentence, where it stands in the text.
    for (const item of items) expect(text.slice(item.start, item.end)).toBe(item.excerpt);
  });

  it('numbers unnumbered items after the numbered ones, and renumbers all when numbers repeat', () => {
    expect(parse('（一）甲。\n牵头单位：市工信局\n市政府每季度开展一次评估。').items.map((i) => i.seq)).toEqual([1, 2]);
    expect(parse('（一）甲。\n1. 子项。\n牵头单位：市工信局\n（二）乙。\n1. 子项。\n牵头单位：市商务局').items.map((i) => [i.seq, i.label])).toEqual([
      [1, '1.'],
      [2, '1.'],
    ]);
  });
});

describe('text helpers', () => {
  it('reads Chinese and Arabic numbers up to 99', () => {
    expect(['一', '十', '十一', '二十', '六十七', '99', '两'].map(chineseNumber)).toEqual([1, 10, 11, 20, 67, 99, 2]);
    expect(chineseNumber('第一')).toBeNaN();
  });

  it('counts CJK characters', () => {
    expect(cjkCount('Hello 世界')).toBe(2);
    expect(cjkCount('Lorem ipsum')).toBe(0);
  });
});

describe('date phrases (what the console highlights)', () => {
  const phrases = (text: string) => datePhrasesIn(text).map((p) => [text.slice(p.start, p.end), p.kind]);

  it('finds the dates and recurrences the parser reads, with the 前 after them, in order', () => {
    expect(phrases('牵头单位：市工信局\n完成时间：2026年9月底前，12月底前完成；每月20日前报送进展')).toEqual([
      ['2026年9月底前', 'date'],
      ['12月底前', 'date'],
      ['每月20日前', 'recurrence'],
      ['每月', 'recurrence'],
    ]);
    expect(phrases('四季度举办，次年1月10日前报送总结，上半年启动')).toEqual([
      ['四季度', 'date'],
      ['次年1月10日前', 'date'],
      ['上半年', 'date'],
    ]);
  });

  it('gives a recurrence and the date inside it, the longer first', () => {
    expect(phrases('每年1月20日前')).toEqual([
      ['每年1月20日前', 'recurrence'],
      ['1月20日前', 'date'],
    ]);
  });

  it('takes a period word in prose only where the parser does: before an act', () => {
    expect(phrases('每半年召开推进会')).toEqual([['每半年', 'recurrence']]);
    expect(phrases('每年2个30亿元项目，以月保季')).toEqual([]);
  });
});
