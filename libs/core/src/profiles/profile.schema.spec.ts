import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readProfile } from './profile-loader.service';
import type { ProfileChain, ProfileDocument } from './profile.schema';

/*
 * The shipped profiles are the mechanism as the documents wrote it (seeds/000, 001, 002).
 * These tests pin the facts a civil servant would check first, and show that a broken
 * profile is refused with every problem named where it is.
 */
const PROFILES = resolve(__dirname, '../../../../config/profiles');

function shipped(name: string): ProfileDocument {
  return readProfile(join(PROFILES, `${name}.yaml`)).doc;
}

const leaderOf = (chain: ProfileChain, role: 'GENERAL_LEADER' | 'LEADER' | 'SUB_LEADER') => chain.leaders.filter((l) => l.role === role).map((l) => l.name);

function chainNamed(doc: ProfileDocument, name: string): ProfileChain {
  const chain = doc.chains.find((c) => c.name === name);
  if (!chain) throw new Error(`no chain ${name} in ${doc.profile}`);
  return chain;
}

describe('zhengzhou-2021 (郑政办〔2021〕40号)', () => {
  const doc = shipped('zhengzhou-2021');

  it('is the "10+5" mechanism: 10 emerging and 5 traditional chains, named as in the notice', () => {
    expect(doc.profile).toBe('zhengzhou-2021');
    expect(doc.timezone).toBe('Asia/Shanghai');
    expect(doc.chains).toHaveLength(15);
    expect(doc.chains.filter((c) => c.category === 'EMERGING').map((c) => c.name)).toEqual([
      '新型显示和智能终端',
      '新能源及网联汽车',
      '智能装备',
      '智能传感器',
      '网络安全',
      '新一代人工智能',
      '生物医药',
      '节能环保',
      '5G',
      '超硬材料（新材料）',
    ]);
    expect(doc.chains.filter((c) => c.category === 'TRADITIONAL').map((c) => c.name)).toEqual(['装备制造', '现代食品', '铝加工制品', '建材耐材', '服装家居']);
  });

  it('has the 16 development zones and districts of the 2021 work points (seed 002, 附表1)', () => {
    const kindOf = new Map(doc.units.map((u) => [u.name, u.kind]));
    const zones = doc.units.filter((u) => u.kind === 'ZONE').map((u) => u.name);
    const districts = doc.units.filter((u) => u.kind === 'DISTRICT').map((u) => u.name);
    expect(zones.sort()).toEqual(['航空港区', '经开区', '高新区', '郑东新区'].sort());
    expect(districts.sort()).toEqual(['巩义市', '荥阳市', '新密市', '新郑市', '登封市', '中牟县', '上街区', '二七区', '金水区', '中原区', '管城回族区', '惠济区'].sort());
    expect(kindOf.get('市政府办公厅')).toBe('OFFICE');
    expect(doc.supervisorUnit).toBe('市政府办公厅');
  });

  it('sets each zone and district the four targets of 附表1 (seed 002), collected by a monthly report to 市工信局', () => {
    expect(doc.indicators?.map((i) => [i.key, i.unit, i.kind])).toEqual([
      ['industrialValueAddedGrowth', '%', 'GROWTH_RATE'],
      ['manufacturingValueAddedGrowth', '%', 'GROWTH_RATE'],
      ['newEnterprises', '户', 'COUNT'],
      ['industrialInvestmentGrowth', '%', 'GROWTH_RATE'],
    ]);
    const [plan] = doc.targets ?? [];
    expect(doc.targets).toHaveLength(1);
    expect(plan.year).toBe(2021);
    expect(plan.source).toBe('《郑州市2021年制造业高质量发展工作要点》附表1');
    const zonesAndDistricts = doc.units.filter((u) => u.kind === 'ZONE' || u.kind === 'DISTRICT').map((u) => u.name);
    expect(Object.keys(plan.values).sort()).toEqual(zonesAndDistricts.sort());
    expect(plan.values['巩义市']).toEqual([10, 11, 50, 8]);
    expect(plan.values['中牟县']).toEqual([10, 11, 30, 8]);
    expect(plan.values['高新区']).toEqual([12, 12, 60, 12]);
    expect(plan.values['郑东新区']).toEqual([7, 7, 10, 12]);
    const report = doc.cadences.find((c) => c.collectsIndicators);
    expect(report).toMatchObject({
      name: '工业经济指标月报',
      kind: 'REPORT',
      frequency: 'MONTHLY',
      dayOfMonth: 20,
      owingUnitKinds: ['ZONE', 'DISTRICT'],
      receiverUnit: '市工信局',
    });
    expect(report?.forEachChain).toBeUndefined();
  });

  it('names each chain’s leader and lead department as 附件1 does', () => {
    const sensor = chainNamed(doc, '智能传感器');
    expect(sensor.leadUnits).toEqual(['市工信局']);
    expect(leaderOf(sensor, 'LEADER')).toEqual(['史占勇']);
    expect(sensor.participantUnits).toEqual(['市发展改革委', '市科技局', '市商务局']);

    const bio = chainNamed(doc, '生物医药');
    expect(bio.leadUnits).toEqual(['市发展改革委']);
    expect(leaderOf(bio, 'LEADER')).toEqual(['万正峰']);
    expect(bio.participantUnits).toEqual(['航空港区', '市工信局', '市科技局', '市卫健委', '市市场监管局']);

    expect(chainNamed(doc, '新一代人工智能').leadUnits).toEqual(['市科技局']);
    expect(leaderOf(chainNamed(doc, '网络安全'), 'LEADER')).toEqual(['杨东方']);
    expect(leaderOf(chainNamed(doc, '5G'), 'LEADER')).toEqual(['刘睿']);
    expect(chainNamed(doc, '5G').participantUnits).toEqual(expect.arrayContaining(['市通管办', '郑州移动', '郑州联通', '郑州电信', '郑州广电', '郑州铁塔公司']));
  });

  it('gives emerging chains the general leader 侯红 and traditional chains 史占勇, each chain exactly one', () => {
    for (const chain of doc.chains) {
      expect([chain.name, leaderOf(chain, 'GENERAL_LEADER')]).toEqual([chain.name, [chain.category === 'EMERGING' ? '侯红' : '史占勇']]);
    }
    // Traditional chains are led by the zones' and districts' own leaders, and only 市工信局 leads them in the city.
    for (const chain of doc.chains.filter((c) => c.category === 'TRADITIONAL')) {
      expect(leaderOf(chain, 'LEADER')).toEqual(['相关开发区、区县（市）主要领导']);
      expect(chain.leadUnits).toEqual(['市工信局']);
    }
  });

  it('sets up each chain’s task force in its lead department (四个一)', () => {
    for (const chain of doc.chains) {
      expect([chain.name, chain.leadUnits]).toEqual([chain.name, [chain.taskForceUnit]]);
    }
  });

  it('copies each department’s duties from 附件2', () => {
    const duties = new Map(doc.units.map((u) => [u.name, u.duties?.trim() ?? '']));
    expect(duties.get('市工信局')).toMatch(/^负责全市重点产业链提升的统筹协调，月度评比牵头汇总工作/);
    expect(duties.get('市卫健委')).toBe('负责配合推动生物医药产业链现代化提升相关工作。');
  });
});

describe('henan-2021 (豫政办〔2021〕61号 “双长制”)', () => {
  const doc = shipped('henan-2021');

  it('has 30 cluster chains in the 10 major clusters of the 分工表', () => {
    expect(doc.chains).toHaveLength(30);
    expect(doc.chains.every((c) => c.category === 'CLUSTER')).toBe(true);
    const perCluster: Record<string, number> = {};
    for (const c of doc.chains) perCluster[c.cluster ?? '(none)'] = (perCluster[c.cluster ?? '(none)'] ?? 0) + 1;
    expect(perCluster).toEqual({
      装备制造: 6,
      绿色食品: 2,
      新型材料: 4,
      电子信息: 6,
      节能环保: 4,
      现代轻纺: 2,
      绿色建材: 1,
      汽车制造: 2,
      生物医药: 2,
      现代化工: 1,
    });
  });

  it('marks exactly the three starred chains as future chains', () => {
    expect(
      doc.chains
        .filter((c) => c.future)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['智能制造装备产业链', '新一代人工智能（类脑智能）产业链', '氢能及储能产业链'].sort());
  });

  it('reads the misaligned table right: 尼龙新材料 in 新型材料, 整车及零部件 in 汽车制造', () => {
    expect(chainNamed(doc, '尼龙新材料产业链').cluster).toBe('新型材料');
    expect(leaderOf(chainNamed(doc, '尼龙新材料产业链'), 'LEADER')).toEqual(['何金平']);
    expect(chainNamed(doc, '整车及零部件产业链').cluster).toBe('汽车制造');
  });

  it('has the governor 王凯 as the one general leader of every chain, and the cluster’s vice governor as leader', () => {
    for (const chain of doc.chains) {
      expect([chain.name, leaderOf(chain, 'GENERAL_LEADER')]).toEqual([chain.name, ['王凯']]);
    }
    const leaderByCluster = new Map<string, string[]>();
    for (const chain of doc.chains) leaderByCluster.set(chain.cluster!, leaderOf(chain, 'LEADER'));
    expect(Object.fromEntries(leaderByCluster)).toMatchObject({
      装备制造: ['周霁'],
      新型材料: ['何金平'],
      电子信息: ['费东斌'],
      节能环保: ['王战营'],
      现代轻纺: ['霍金花'],
      绿色建材: ['陈星'],
      生物医药: ['刘玉江'],
      现代化工: ['戴柏华'],
    });
  });

  it('gives each chain 1–2 responsible departments and alliance units that are enterprises or associations', () => {
    const kindOf = new Map(doc.units.map((u) => [u.name, u.kind]));
    for (const chain of doc.chains) {
      expect(chain.leadUnits.length).toBeGreaterThanOrEqual(1);
      expect(chain.leadUnits.length).toBeLessThanOrEqual(2);
      for (const unit of chain.leadUnits) expect([unit, kindOf.get(unit)]).toEqual([unit, 'DEPARTMENT']);
      expect(chain.allianceUnits.length).toBeGreaterThanOrEqual(1);
      for (const unit of chain.allianceUnits) expect(['ENTERPRISE', 'ASSOCIATION']).toContain(kindOf.get(unit));
    }
    expect(chainNamed(doc, '节能环保装备产业链').leadUnits).toEqual(['省发展改革委', '省工业和信息化厅']);
    expect(chainNamed(doc, '矿山机械产业链').allianceUnits).toEqual(['郑州煤矿机械集团股份有限公司', '中信重工机械股份有限公司']);
    expect(chainNamed(doc, '5G及先进计算产业链').allianceUnits).toEqual(['河南省5G产业联盟']);
  });
});

describe('a broken profile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-profile-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const sound = {
    profile: 'broken-test',
    title: '测试机制',
    timezone: 'Asia/Shanghai',
    units: [
      { name: '市工信局', kind: 'DEPARTMENT' },
      { name: '经开区', kind: 'ZONE' },
    ],
    chains: [{ name: '智能传感器', category: 'EMERGING', leaders: [{ role: 'LEADER', name: '某链长' }], leadUnits: ['市工信局'], participantUnits: ['经开区'] }],
  };

  /** Writes the document as a profile file (JSON is YAML) and returns readProfile's error message. */
  function rejection(doc: unknown): string {
    const file = join(dir, `p${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, JSON.stringify(doc, null, 2));
    try {
      readProfile(file);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('the profile was accepted');
  }

  const problemLines = (message: string) => message.split('\n').filter((l) => l.startsWith('  - '));

  it('is accepted when sound (the fixture itself is valid)', () => {
    const file = join(dir, 'sound.yaml');
    writeFileSync(file, JSON.stringify(sound));
    expect(readProfile(file).doc.chains[0].leadUnits).toEqual(['市工信局']);
  });

  it('names an unknown key where it is', () => {
    const message = rejection({ ...sound, colour: 'red', chains: [{ ...sound.chains[0], taskForce: '市工信局' }] });
    expect(message).toContain('colour');
    expect(message).toContain('chains[0].taskForce');
  });

  it('names a bad unit kind where it is', () => {
    const message = rejection({ ...sound, units: [sound.units[0], { name: '经开区', kind: 'PARK' }] });
    expect(message).toContain('units[1].kind');
    expect(problemLines(message)).toHaveLength(1);
  });

  it('names a unit a chain refers to but the profile does not define', () => {
    const message = rejection({ ...sound, chains: [{ ...sound.chains[0], leadUnits: ['市工信厅'], participantUnits: ['经开区', '高新区'] }] });
    expect(message).toContain('chains[0].leadUnits');
    expect(message).toContain('市工信厅');
    expect(message).toContain('chains[0].participantUnits');
    expect(message).toContain('高新区');
  });

  it('names a unit listed twice', () => {
    const message = rejection({ ...sound, units: [...sound.units, { name: '市工信局', kind: 'DEPARTMENT' }] });
    expect(message).toContain('units[2].name');
    expect(message).toContain('市工信局');
  });

  const indicators = [
    { key: 'industrialValueAddedGrowth', name: '规上工业增加值增速', unit: '%', kind: 'GROWTH_RATE' },
    { key: 'newEnterprises', name: '规上工业新增入库企业数量', unit: '户', kind: 'COUNT' },
  ];
  const plan = (values: Record<string, unknown>) => ({ year: 2021, source: '附表1', values });

  it('reads indicators and a plan’s targets per unit', () => {
    const file = join(dir, 'targets.yaml');
    writeFileSync(file, JSON.stringify({ ...sound, indicators, targets: [plan({ 经开区: [12, 50] })] }));
    expect(readProfile(file).doc.targets).toEqual([{ year: 2021, source: '附表1', values: { 经开区: [12, 50] } }]);
  });

  it('names a target for an unknown unit, a row of the wrong length and a figure out of range', () => {
    const message = rejection({ ...sound, indicators, targets: [plan({ 经开区: [12, 50, 8], 高新区: [12, 50], 二七区: [7] }), plan({ 经开区: [12, 2.5] })] });
    expect(message).toContain('targets[0].values.经开区: needs 2 figures, one per indicator (industrialValueAddedGrowth, newEnterprises)');
    expect(message).toContain('targets[0].values.高新区: no unit named 高新区');
    expect(message).toContain('targets[0].values.二七区: no unit named 二七区');
    expect(message).toContain('targets[1].values.经开区[1]: newEnterprises must be a whole number');
    expect(message).toContain('targets[1].year: 2021 is listed twice');
  });

  it('refuses targets without indicators, an indicator twice, and a collecting cadence that is not a plain report', () => {
    const cadence = { name: '指标月报', kind: 'MEETING', frequency: 'MONTHLY', dayOfMonth: 20, time: '18:00', shift: 'NONE', collectsIndicators: true };
    expect(rejection({ ...sound, targets: [plan({ 经开区: [] })] })).toContain('targets: needs indicators');
    expect(rejection({ ...sound, indicators: [...indicators, indicators[0]] })).toContain('indicators[2].key: industrialValueAddedGrowth is listed twice');
    expect(rejection({ ...sound, indicators, cadences: [cadence] })).toContain("cadences[0].collectsIndicators: needs a REPORT, not forEachChain, and the profile's indicators");
    expect(rejection({ ...sound, indicators: [{ ...indicators[0], kind: 'RATIO' }] })).toContain('indicators[0].kind');
  });

  it('lists every problem at once, each with its path, when a file has several', () => {
    const message = rejection({
      ...sound,
      colour: 'red',
      units: [
        { name: '市工信局', kind: 'DEPARTMENT' },
        { name: '市工信局', kind: 'DEPARTMENT' },
        { name: '经开区', kind: 'PARK' },
      ],
      chains: [{ ...sound.chains[0], leadUnits: ['市工信厅'] }],
    });
    expect(message).toContain(dir);
    expect(message).toContain('colour');
    expect(message).toContain('units[2].kind');
    expect(message).toContain('units[1].name');
    expect(message).toContain('chains[0].leadUnits');
  });
});
