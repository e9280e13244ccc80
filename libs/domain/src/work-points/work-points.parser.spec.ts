import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { parse } from 'yaml';
import { unitNameContext, writeWorkPoints } from '../../../../apps/cli/work-points.command';
import { deadlineIn, normaliseUnitNames, parseClusterAnnex2019, parseWorkPoints2021, WorkPoint, ZHENGZHOU_ZONES_AND_DISTRICTS } from './work-points.parser';

const ROOT = resolve(__dirname, '../../../..');
const PROFILE = join(ROOT, 'config/profiles/zhengzhou-2021.yaml');
const GENERATED = join(ROOT, 'config/profiles/zhengzhou-2021.work-points.yaml');
const SEEDS = resolve(ROOT, '../shared/seeds');
const ZD = [...ZHENGZHOU_ZONES_AND_DISTRICTS];
// The profile's zones and districts, and the aliases and collectives of its units (and of the units the work points add).
const known = unitNameContext(readFileSync(PROFILE, 'utf8'));

const seedFile = (prefix: string) => (existsSync(SEEDS) ? readdirSync(SEEDS).find((f) => f.startsWith(`${prefix}_`)) : undefined);
const seed002 = seedFile('002');
const seed004 = seedFile('004');
const haveSeeds = Boolean(seed002 && seed004);
const withSeeds = haveSeeds ? describe : describe.skip;
const seedsNote = haveSeeds ? '' : ` (SKIPPED: seeds 002_*.txt and 004_*.txt not found in ${SEEDS})`;

const byNumber = (points: WorkPoint[], n: number) => points.find((p) => p.number === n)!;

describe('normaliseUnitNames', () => {
  it.each([
    '各开发区管委会、区县（市）政府',
    '各开发区管委会和区县（市）政府',
    '各开发区管委会和区县(市)政府',
    '各开发区管委会和县区（市）政府',
    '各开发区管委会和县 (市、 区)政府',
    '各开发区 管委会和区县(市)政府',
    '各开发区和区县(市)',
    '相关开发区管委会和区县（市）政府',
    '各产业集聚区',
  ])('expands "%s" to the 16 zones and districts', (phrase) => {
    expect(normaliseUnitNames(phrase, known)).toEqual(ZD);
  });

  it('gives bare department names the 市 prefix and maps them to profile names', () => {
    expect(normaliseUnitNames('市科技局、工信局、财政局、自然资源规划局、市场监督管理局、金融工作局、发展改革委、应急管理局、编办', known)).toEqual([
      '市科技局',
      '市工信局',
      '市财政局',
      '市资源规划局',
      '市市场监管局',
      '市金融局',
      '市发展改革委',
      '市应急局',
      '市编办',
    ]);
    expect(normaliseUnitNames('商务局', known)).toEqual(['市商务局']);
  });

  it('keeps names that are not bare city departments, and maps zone 管委会 to the zone', () => {
    expect(normaliseUnitNames('航空港实验区税务局、航空港区税务局、省税务局第三分局，郑州供电公司，中原科技城、郑州公积金中心、高新区管委会、市文化广电和旅游局', known)).toEqual([
      '航空港区税务局',
      '省税务局第三分局',
      '郑州供电公司',
      '中原科技城',
      '郑州公积金中心',
      '高新区',
      '市文化广电和旅游局',
    ]);
  });

  it('splits on 、 ， , and removes duplicates, keeping the first place', () => {
    expect(normaliseUnitNames('市通信管理办,市发展改革委，市大数据局、市通管办，各基础电信企业、郑州铁塔公司', known)).toEqual([
      '市通管办',
      '市发展改革委',
      '市大数据局',
      '郑州移动',
      '郑州联通',
      '郑州电信',
      '郑州广电',
      '郑州铁塔公司',
    ]);
  });

  it('uses the aliases it is given', () => {
    expect(normaliseUnitNames('市自然资源规划局、城管局', { zonesAndDistricts: ZD, aliases: { 市自然资源规划局: '市规划局' } })).toEqual(['市规划局', '市城管局']);
  });
});

describe('deadlineIn', () => {
  it.each([
    ['6月底前完成', '2021-06-30T23:59:59+08:00'],
    ['10月份将在郑州举办', '2021-10-31T23:59:59+08:00'],
    ['9月将在郑州举办', '2021-09-30T23:59:59+08:00'],
    ['二月底前', '2021-02-28T23:59:59+08:00'],
    ['三季度完成', '2021-09-30T23:59:59+08:00'],
    ['四季度将在郑州市举办', '2021-12-31T23:59:59+08:00'],
    ['上半年完成', '2021-06-30T23:59:59+08:00'],
    ['力争年底前入驻', '2021-12-31T23:59:59+08:00'],
    ['2022年底，累计建成', '2022-12-31T23:59:59+08:00'],
    ['力争年内新建一批', '2021-12-31T23:59:59+08:00'],
    ['6月底前出台方案，三季度完成建设', '2021-09-30T23:59:59+08:00'],
  ])('reads "%s" as %s', (text, due) => {
    expect(deadlineIn(text, 2021)).toBe(due);
  });

  it.each(['全年推进实施500个以上技术改造项目', '2021年，新增绿色制造体系企业5家', '围绕三年新建60个以上', '坚持月报制度，以月保季、以季保年', '每月点评通报', '三年内完成'])(
    'finds no deadline in "%s"',
    (text) => {
      expect(deadlineIn(text, 2021)).toBeUndefined();
    },
  );
});

describe('parseWorkPoints2021 on snippets', () => {
  const snippet = [
    '一、进一步明确总体思路和发展目标',
    '（一）总体思路。坚持以习近平新时代中国特色社会主义思想为指导。',
    '',
    '二、加强规划引领',
    '（四）加快实施新兴产业链现代化提升方案。围绕节能环保， 推动新兴 产业发展壮大。',
    '',
    '牵头单位：市发展改革委、市工信局，责任单位：市科技局、市金融局，各开发区管委会、区县（市）政府。',
    '（八）完善经济运行机制。定期召开全市工业经济运行分析会。',
    '牵头单位：市工信局，责任单位:市发展改革委,郑州供电公司，各开发区管委会和区县（市）政府',
    '（十九）加快中原科技城建设。力争年底前入驻落地“头部”企业60家。',
    '牵头单位：郑东新区管委会，责任单位:市城建局、市住房保障局。',
    '（四十九）强化产融合作。积极落实金融支持制造业高质量发展若干政策。',
    '牵头单位：市金融局，市工信局，各开发区管委会和区县（市）政府。责任单位:市财政局、市税务局、航空港实验区税务局。',
    '（六十三）“长三角”系列招商活动。6月份我省将在上海举办对接活动。',
    '牵头单位：市工信局，责任单位：商务局，各开发区管委会和县 (市、 区)政府 。',
    '附表：1.  2021年各开发区和县区(市)工业经济预期发展',
    '（一）不是任务',
    '牵头单位：市工信局，责任单位：市商务局。',
  ].join('\n');
  const points = parseWorkPoints2021(snippet, known);

  it('takes only numbered items that have a 牵头单位 line, and nothing after the 附表', () => {
    expect(points.map((p) => p.number)).toEqual([4, 8, 19, 49, 63]);
  });

  it('makes the first of several leads the owner and the others co-units', () => {
    expect(byNumber(points, 4)).toEqual({
      source: '002',
      number: 4,
      title: '加快实施新兴产业链现代化提升方案',
      detail: '围绕节能环保，推动新兴产业发展壮大。',
      leadUnits: ['市发展改革委', '市工信局'],
      coUnits: ['市工信局', '市科技局', '市金融局', ...ZD],
      dueAt: '2021-12-31T23:59:59+08:00',
      dueSource: 'default',
    });
  });

  it('reads an ASCII colon and comma and a line without a final 。', () => {
    expect(byNumber(points, 8).coUnits).toEqual(['市发展改革委', '郑州供电公司', ...ZD]);
  });

  it('reads a zone 管委会 as the zone and a date phrase as the deadline', () => {
    expect(byNumber(points, 19)).toMatchObject({ leadUnits: ['郑东新区'], coUnits: ['市城建局', '市住房保障局'], dueAt: '2021-12-31T23:59:59+08:00', dueSource: 'text' });
    expect(byNumber(points, 63)).toMatchObject({ coUnits: ['市商务局', ...ZD], dueAt: '2021-06-30T23:59:59+08:00', dueSource: 'text' });
  });

  it('keeps zones and districts named among the leads, after the departments', () => {
    expect(byNumber(points, 49).leadUnits).toEqual(['市金融局', '市工信局', ...ZD]);
    expect(byNumber(points, 49).coUnits).toEqual(['市工信局', ...ZD, '市财政局', '市税务局', '航空港区税务局']);
  });
});

describe('parseClusterAnnex2019 on a snippet', () => {
  const snippet = [
    '### **三、重点任务**',
    '#### **(一) 推动主导产业提质**',
    '1. 优选产业项目。力争每个省级产业集聚区至少新',
    '',
    '引进 1—2 家企业。',
    '',
    '强化重大项目建设，年内重点督促“三个 50”重大项目。',
    '2. 做强优势产业。坚持产业发展智能化。',
    '#### **四、保障措施**',
    '（一）加强组织实施。不是任务。',
    '序号\t专项工作\t牵头部门\t配合部门',
    '\t统筹协调推进产业集聚区和工业专业园区发展\t市发展改革委\t市财政局、编办',
    '<b>一</b>\t<b>推动主导产业提质</b>\t\t',
    '1\t选优产业项目\t各产业集聚区\t市商务局、发展改革委、自然资源规划局',
    '2\t做强优势产业\t市发展改革委\t市科技局、工信局、各产业集聚区',
    '三\t推动绿色集约提效\t\t',
    '3\t培育新兴产业\t市工信局、发展改革委\t市科技局、财政局',
  ].join('\n');
  const points = parseClusterAnnex2019(snippet, known);

  it('takes the numbered rows only', () => {
    expect(points.map((p) => p.number)).toEqual([1, 2, 3]);
  });

  it('gives an expanded lead to each zone and district, with the body paragraph as detail', () => {
    expect(byNumber(points, 1)).toEqual({
      source: '004',
      number: 1,
      title: '选优产业项目',
      detail: '力争每个省级产业集聚区至少新引进1—2家企业。\n强化重大项目建设，年内重点督促“三个50”重大项目。',
      leadUnits: ZD,
      coUnits: ['市商务局', '市发展改革委', '市资源规划局'],
      dueAt: '2019-12-31T23:59:59+08:00',
      dueSource: 'text',
    });
  });

  it('inherits the 市 prefix and defaults the due date to the end of 2019', () => {
    expect(byNumber(points, 2)).toMatchObject({ leadUnits: ['市发展改革委'], coUnits: ['市科技局', '市工信局', ...ZD], dueSource: 'default', dueAt: '2019-12-31T23:59:59+08:00' });
    expect(byNumber(points, 3)).toMatchObject({ leadUnits: ['市工信局', '市发展改革委'], coUnits: ['市发展改革委', '市科技局', '市财政局'] });
    expect(byNumber(points, 3).detail).toBeUndefined();
  });
});

describe('ZHENGZHOU_ZONES_AND_DISTRICTS', () => {
  it('are the ZONE and DISTRICT units of zhengzhou-2021.yaml, in its order', () => {
    const units = (parse(readFileSync(PROFILE, 'utf8')) as { units: Array<{ name: string; kind: string }> }).units;
    expect(units.filter((u) => u.kind === 'ZONE' || u.kind === 'DISTRICT').map((u) => u.name)).toEqual(ZD);
  });
});

withSeeds(`the seed documents${seedsNote}`, () => {
  const text002 = haveSeeds ? readFileSync(join(SEEDS, seed002!), 'utf8') : '';
  const text004 = haveSeeds ? readFileSync(join(SEEDS, seed004!), 'utf8') : '';
  const points002 = haveSeeds ? parseWorkPoints2021(text002, known) : [];
  const points004 = haveSeeds ? parseClusterAnnex2019(text004, known) : [];

  it('002 numbers 67 items, of which （三）…（六十七）, 65, name their lead units', () => {
    expect(text002.match(/^（[一二三四五六七八九十]+）/gm)).toHaveLength(67);
    expect(text002.match(/^牵头单位/gm)).toHaveLength(65);
    expect(points002.map((p) => p.number)).toEqual(Array.from({ length: 65 }, (_, i) => i + 3));
  });

  it('004 has 16 numbered tasks in its annex', () => {
    expect(points004.map((p) => p.number)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('reads the heading, owner and co-units of 002 tasks', () => {
    expect(byNumber(points002, 3)).toMatchObject({ title: '编制实施制造业十四五“1+N”系列规划', leadUnits: ['市工信局'], coUnits: ZD, dueSource: 'default' });
    expect(byNumber(points002, 6)).toMatchObject({
      title: '推动落实“链长制”',
      leadUnits: ['市工信局', '市发展改革委', '市商务局'],
      coUnits: ['市发展改革委', '市商务局', '市科技局', ...ZD],
    });
    expect(byNumber(points002, 8).coUnits).toEqual([
      '市发展改革委',
      '市财政局',
      '市生态环境局',
      '市资源规划局',
      '市金融局',
      '市税务局',
      '航空港区税务局',
      '省税务局第三分局',
      '郑州供电公司',
      ...ZD,
    ]);
    expect(byNumber(points002, 10).coUnits).toEqual(['市民营经济联席会议成员单位']);
    expect(byNumber(points002, 19)).toMatchObject({ leadUnits: ['郑东新区'], dueSource: 'text' });
    expect(byNumber(points002, 25).coUnits.slice(0, 8)).toEqual(['市资源规划局', '市通管办', '郑州供电公司', '郑州移动', '郑州联通', '郑州电信', '郑州广电', '郑州铁塔公司']);
    expect(byNumber(points002, 49).leadUnits).toEqual(['市金融局', '市工信局', ...ZD]);
    expect(byNumber(points002, 59)).toMatchObject({ title: '2021世界传感器大会', leadUnits: ['市工信局', '高新区'], coUnits: ['高新区', '市科技局', '市商务局'] });
    expect(byNumber(points002, 61).coUnits[0]).toBe('市商务局');
    expect(byNumber(points002, 67)).toMatchObject({ title: '营造浓厚氛围', leadUnits: ['市工信局'], coUnits: ['市商务局', '市人社局', ...ZD] });
  });

  it('dates exactly the 002 tasks whose text names a deadline', () => {
    const dated = points002.filter((p) => p.dueSource === 'text').map((p) => [p.number, p.dueAt]);
    expect(dated).toEqual([
      [19, '2021-12-31T23:59:59+08:00'],
      [25, '2021-12-31T23:59:59+08:00'],
      [59, '2021-12-31T23:59:59+08:00'],
      [60, '2021-10-31T23:59:59+08:00'],
      [62, '2021-09-30T23:59:59+08:00'],
      [63, '2021-06-30T23:59:59+08:00'],
    ]);
    for (const p of points002.filter((p) => p.dueSource === 'default')) expect(p.dueAt).toBe('2021-12-31T23:59:59+08:00');
  });

  it('reads the 004 annex with inherited 市 prefixes and expanded 各产业集聚区', () => {
    expect(byNumber(points004, 1)).toMatchObject({
      title: '选优产业项目',
      leadUnits: ZD,
      coUnits: ['市商务局', '市发展改革委', '市资源规划局', '市生态环境局'],
      dueSource: 'text',
    });
    expect(byNumber(points004, 1).detail).toMatch(/^围绕产业提质增效.*至少新引进1—2家投资10亿元以上.*\n强化重大项目建设/s);
    expect(byNumber(points004, 3)).toMatchObject({
      leadUnits: ['市工信局', '市发展改革委'],
      coUnits: ['市发展改革委', '市科技局', '市财政局', '市资源规划局', '市生态环境局', ...ZD],
    });
    expect(byNumber(points004, 7).coUnits).toEqual([
      '市税务局',
      '市统计局',
      '市资源规划局',
      '市生态环境局',
      '市科技局',
      '市金融局',
      '市市场监管局',
      '市工信局',
      '市水务局',
      '市应急局',
      ...ZD,
    ]);
    expect(byNumber(points004, 11)).toMatchObject({
      title: '强化资金保障',
      leadUnits: ['市金融局'],
      coUnits: ['市财政局', ...ZD],
      dueSource: 'default',
      dueAt: '2019-12-31T23:59:59+08:00',
    });
    expect(byNumber(points004, 16)).toMatchObject({ title: '开展智能化示范园区建设', leadUnits: ['市发展改革委'], coUnits: ['市工信局', ...ZD], dueSource: 'text' });
    expect(points004.filter((p) => p.dueSource === 'text').map((p) => p.number)).toEqual([1, 4, 16]);
    expect(points004.every((p) => p.detail && p.detail.length > 100)).toBe(true);
  });

  it('keeps every title within 200 and every detail within 2000 characters, without stray spaces', () => {
    for (const p of [...points002, ...points004]) {
      expect(p.title.length).toBeLessThanOrEqual(200);
      expect(p.detail!.length).toBeLessThanOrEqual(2000);
      expect(p.detail).not.toMatch(/[\u4e00-\u9fff] +[\u4e00-\u9fff]/);
    }
  });

  it('the checked-in work-points YAML is what the seeds generate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'work-points-'));
    try {
      const out = join(dir, 'work-points.yaml');
      const summary = writeWorkPoints(SEEDS, PROFILE, out);
      expect(summary.tasks).toBe(81);
      expect(readFileSync(GENERATED, 'utf8')).toBe(readFileSync(out, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the checked-in work-points YAML', () => {
  it('names only units of the profile or of its own units list', () => {
    const profile = parse(readFileSync(PROFILE, 'utf8')) as { units: Array<{ name: string }> };
    const data = parse(readFileSync(GENERATED, 'utf8')) as {
      units: Array<{ name: string; kind: string }>;
      issuers: Record<string, string>;
      workPoints: Array<{ source: string; leadUnits: string[]; coUnits: string[]; dueAt: string }>;
    };
    const names = new Set([...profile.units, ...data.units].map((u) => u.name));
    for (const p of data.workPoints) for (const u of [...p.leadUnits, ...p.coUnits]) expect([u, names.has(u)]).toEqual([u, true]);
    for (const u of data.units) expect(profile.units.map((x) => x.name)).not.toContain(u.name);
    // 002's points are issued by the mechanism's office, not by 市工信局 that leads most of them.
    expect(data.issuers).toEqual({ '002': '市政府办公厅', '004': '市发展改革委' });
    expect(names.has(data.issuers['002'])).toBe(true);
    expect(data.workPoints.filter((p) => p.source === '002')).toHaveLength(65);
    expect(data.workPoints.filter((p) => p.source === '004')).toHaveLength(16);
    expect(typeof data.workPoints[0].dueAt).toBe('string');
  });
});
