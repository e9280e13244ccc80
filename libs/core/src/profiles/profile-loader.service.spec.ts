import { BadRequestException, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@duban/domain';
import type { IndicatorsRepository, ProfilesRepository, TasksRepository, Transactions, Tx } from '@duban/persistence';
import type { AuditService } from '../audit/audit.service';
import type { TasksService } from '../tasks/tasks.service';
import { ProfileLoaderService } from './profile-loader.service';

/*
 * ProfileLoaderService over mocked repositories, reading small profile files from a tmp dir: what
 * a load upserts (units, parents, chains and their roles, policies, cadences), what it records and
 * audits, and that its tasks take the tasks' one creation path, once per source.
 */
const NOW = new Date('2026-07-01T02:00:00Z');
const LOADED_AT = new Date('2021-06-01T00:00:00Z');
const TX = { tx: 'the transaction' } as unknown as Tx;
const IDS: Record<string, number> = { 市政府办公厅: 50, 市工信局: 10, 高新区: 30, 二七区: 31, 汉威科技: 70 };

const PROFILE = `
profile: unit-zz
title: 郑州市产业链链长制（单元测试）
timezone: Asia/Shanghai
supervisorUnit: 市政府办公厅
units:
  - { name: 市政府办公厅, kind: OFFICE, fullName: 郑州市人民政府办公厅 }
  - name: 市工信局
    kind: DEPARTMENT
    duties: "  牵头推进智能传感器产业链发展。  "
  - { name: 高新区, kind: ZONE, aliases: [郑州高新区], memberOf: [各开发区] }
  - { name: 二七区, kind: DISTRICT }
  - { name: 汉威科技, kind: ENTERPRISE, parent: 高新区 }
chains:
  - name: 智能传感器
    category: EMERGING
    note: " 郑州传感谷 "
    leaders:
      - { role: LEADER, name: 史占勇 }
    leadUnits: [市工信局]
    participantUnits: [高新区, 二七区]
policies:
  - name: 月报预警
    steps:
      - { offset: -1, calendar: workday, action: remind }
      - { offset: PT0S, calendar: natural, action: due }
      - { offset: 1, calendar: workday, action: urge, notify: [OWNER, ISSUER] }
cadences:
  - name: 月度进展报送
    kind: REPORT
    frequency: MONTHLY
    dayOfMonth: 20
    time: "18:00"
    shift: PREVIOUS_WORKDAY
    forEachChain: true
    owingChainRoles: [PARTICIPANT]
    policy: 月报预警
  - name: 季度考核
    kind: ASSESSMENT
    frequency: QUARTERLY
    dayOfMonth: 10
    month: 1
    time: "09:30:00"
    timezone: Asia/Urumqi
    shift: NEXT_WORKDAY
    owingUnits: [高新区, 二七区]
    receiverUnit: 市政府办公厅
    activeFrom: "2026-01-01T00:00:00+08:00"
chainTasks:
  dueInDays: 30
  titles: ["编制{chain}产业链提升方案", "绘制{chain}产业链图谱"]
  owners:
    - { owner: 市工信局, chains: [智能传感器] }
`;

let dir: string;
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'duban-profile-loader-'));
  Logger.overrideLogger(false);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setup(previous: { checksum: string } | null = null) {
  const profiles = {
    upsertUnits: jest.fn(async (_tx: Tx, _profile: string, units: { name: string }[]) => new Map(units.map((u) => [u.name, IDS[u.name]]))),
    setParents: jest.fn(async () => undefined),
    upsertChain: jest.fn(async () => 1),
    syncChainRoles: jest.fn(async () => undefined),
    find: jest.fn(async () => previous),
    record: jest.fn(async () => LOADED_AT),
    upsertPolicy: jest.fn(async () => 7),
    upsertCadence: jest.fn(async () => undefined),
    retireCadences: jest.fn(async () => undefined),
    recordMeetingTypes: jest.fn(async () => undefined),
    chainId: jest.fn(async () => 1),
    unitsByName: jest.fn(async () => new Map()),
  } as unknown as jest.Mocked<ProfilesRepository>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  const tasks = { createWithin: jest.fn(async () => 800), transitionWithin: jest.fn(async () => null) } as unknown as jest.Mocked<TasksService>;
  const taskRecords = { idOfSource: jest.fn(async () => null) } as unknown as jest.Mocked<TasksRepository>;
  const audit = { record: jest.fn(async () => undefined) } as unknown as jest.Mocked<AuditService>;
  const indicators = {
    upsertIndicators: jest.fn(async (_tx: Tx, _profile: string, rows: { key: string }[]) => new Map(rows.map((r, i) => [r.key, 900 + i]))),
    upsertTargets: jest.fn(async () => undefined),
    setCollecting: jest.fn(async () => undefined),
  } as unknown as jest.Mocked<IndicatorsRepository>;
  const loader = new ProfileLoaderService(transactions, profiles, tasks, taskRecords, new FixedClock(NOW), audit, indicators);
  return { loader, profiles, transactions, tasks, taskRecords, audit, indicators };
}

const checksum = (text: string) => createHash('sha256').update(text).digest('hex');

describe('ProfileLoaderService', () => {
  it('upserts the units (duties trimmed), their parents, and each chain with its roles, in one transaction', async () => {
    const { loader, profiles, transactions } = setup();
    const summary = await loader.load(file('unit-zz.yaml', PROFILE));
    expect(transactions.run).toHaveBeenCalledTimes(1);
    expect(profiles.upsertUnits).toHaveBeenCalledWith(TX, 'unit-zz', [
      { name: '市政府办公厅', fullName: '郑州市人民政府办公厅', kind: 'OFFICE', duties: null, aliases: undefined, memberOf: undefined },
      { name: '市工信局', fullName: null, kind: 'DEPARTMENT', duties: '牵头推进智能传感器产业链发展。', aliases: undefined, memberOf: undefined },
      { name: '高新区', fullName: null, kind: 'ZONE', duties: null, aliases: ['郑州高新区'], memberOf: ['各开发区'] },
      { name: '二七区', fullName: null, kind: 'DISTRICT', duties: null, aliases: undefined, memberOf: undefined },
      { name: '汉威科技', fullName: null, kind: 'ENTERPRISE', duties: null, aliases: undefined, memberOf: undefined },
    ]);
    expect(profiles.setParents).toHaveBeenCalledWith(TX, [{ unitId: 70, parentId: 30 }]);
    expect(profiles.upsertChain).toHaveBeenCalledWith(TX, 'unit-zz', { name: '智能传感器', category: 'EMERGING', cluster: null, future: false, note: '郑州传感谷' });
    // The lead department is also the task force when the profile names none.
    expect(profiles.syncChainRoles).toHaveBeenCalledWith(TX, 1, [
      { role: 'LEADER', unitId: null, holderName: '史占勇', memberKey: 'name:史占勇', position: 0 },
      { role: 'LEAD_UNIT', unitId: 10, holderName: null, memberKey: 'unit:10', position: 1 },
      { role: 'PARTICIPANT', unitId: 30, holderName: null, memberKey: 'unit:30', position: 2 },
      { role: 'PARTICIPANT', unitId: 31, holderName: null, memberKey: 'unit:31', position: 3 },
      { role: 'TASK_FORCE', unitId: 10, holderName: null, memberKey: 'unit:10', position: 4 },
    ]);
    expect(summary).toEqual({ profile: 'unit-zz', units: 5, chains: 1, chainRoles: 5, cadences: 2, tasks: 2, firstLoad: true });
  });

  it('records the profile with its zone and checksum, and audits a first or changed load, not an unchanged one', async () => {
    const first = setup();
    await first.loader.load(file('unit-zz.yaml', PROFILE));
    expect(first.profiles.record).toHaveBeenCalledWith(TX, {
      name: 'unit-zz',
      title: '郑州市产业链链长制（单元测试）',
      checksum: checksum(PROFILE),
      timezone: 'Asia/Shanghai',
      scoring: null,
      at: NOW,
    });
    expect(first.audit.record).toHaveBeenCalledWith(TX, null, {
      action: 'profile.load',
      target: 'profile',
      targetId: 'unit-zz',
      before: null,
      after: { checksum: checksum(PROFILE), title: '郑州市产业链链长制（单元测试）' },
    });

    const changed = setup({ checksum: 'an older file' });
    expect((await changed.loader.load(file('unit-zz.yaml', PROFILE))).firstLoad).toBe(false);
    expect(changed.audit.record).toHaveBeenCalledWith(TX, null, expect.objectContaining({ before: { checksum: 'an older file' } }));

    const same = setup({ checksum: checksum(PROFILE) });
    await same.loader.load(file('unit-zz.yaml', PROFILE));
    expect(same.audit.record).not.toHaveBeenCalled();
    expect(same.profiles.record).toHaveBeenCalled();
  });

  it("upserts each policy, and each cadence (one per chain where asked) active from the profile's first load unless it says otherwise", async () => {
    const { loader, profiles } = setup();
    await loader.load(file('unit-zz.yaml', PROFILE));
    expect(profiles.upsertPolicy).toHaveBeenCalledWith(TX, '月报预警', [
      { offset: -1, calendar: 'workday', action: 'remind' },
      { offset: 'PT0S', calendar: 'natural', action: 'due' },
      { offset: 1, calendar: 'workday', action: 'urge', notify: ['OWNER', 'ISSUER'] },
    ]);
    expect(profiles.upsertCadence.mock.calls).toEqual([
      [
        TX,
        'unit-zz',
        '月度进展报送（智能传感器）',
        {
          kind: 'REPORT',
          frequency: 'MONTHLY',
          dayOfMonth: 20,
          weekday: null,
          nth: null,
          month: null,
          time: '18:00:00',
          timezone: 'Asia/Shanghai',
          shift: 'PREVIOUS_WORKDAY',
          policyId: 7,
          chainId: 1,
          owingUnitIds: null,
          owingUnitKinds: null,
          owingChainRoles: ['PARTICIPANT'],
          receiverUnitId: null,
          convenerRole: null,
          convenePer: null,
        },
        LOADED_AT,
      ],
      [
        TX,
        'unit-zz',
        '季度考核',
        expect.objectContaining({
          kind: 'ASSESSMENT',
          month: 1,
          time: '09:30:00',
          timezone: 'Asia/Urumqi',
          policyId: null,
          chainId: null,
          owingUnitIds: [30, 31],
          receiverUnitId: 50,
        }),
        new Date('2025-12-31T16:00:00Z'),
      ],
    ]);
    // Cadences the file no longer names (a per-chain meeting now convened per leader) stop recurring.
    expect(profiles.retireCadences).toHaveBeenCalledWith(TX, 'unit-zz', ['月度进展报送（智能传感器）', '季度考核'], NOW);
    expect(profiles.recordMeetingTypes).toHaveBeenCalledWith(TX, 'unit-zz', []);
  });

  it("creates each chain task through the tasks' one creation path, issued by the supervising office as a mechanism (no user)", async () => {
    const { loader, tasks, taskRecords } = setup();
    await loader.load(file('unit-zz.yaml', PROFILE));
    const dueAt = new Date(LOADED_AT.getTime() + 30 * 86_400_000);
    expect(taskRecords.idOfSource.mock.calls).toEqual([
      ['CHAIN_PLAN', '编制智能传感器产业链提升方案', TX],
      ['CHAIN_PLAN', '绘制智能传感器产业链图谱', TX],
    ]);
    expect(tasks.createWithin.mock.calls).toEqual([
      [
        TX,
        { user: null, issuerUnitId: 50 },
        { title: '编制智能传感器产业链提升方案', issuerUnitId: 50, ownerUnitId: 10, chainId: 1, dueAt, source: { kind: 'CHAIN_PLAN', ref: '编制智能传感器产业链提升方案' } },
      ],
      [
        TX,
        { user: null, issuerUnitId: 50 },
        { title: '绘制智能传感器产业链图谱', issuerUnitId: 50, ownerUnitId: 10, chainId: 1, dueAt, source: { kind: 'CHAIN_PLAN', ref: '绘制智能传感器产业链图谱' } },
      ],
    ]);
  });

  it('creates a task whose source already made one no second time (a reload), and still counts it', async () => {
    const { loader, tasks, taskRecords } = setup({ checksum: 'an older file' });
    taskRecords.idOfSource.mockImplementation(async (_kind: string, ref: string) => (ref === '编制智能传感器产业链提升方案' ? 801 : null));
    const summary = await loader.load(file('unit-zz.yaml', PROFILE));
    expect(tasks.createWithin).toHaveBeenCalledTimes(1);
    expect(tasks.createWithin).toHaveBeenCalledWith(TX, expect.anything(), expect.objectContaining({ title: '绘制智能传感器产业链图谱' }));
    expect(summary.tasks).toBe(2);
  });

  it("stops the load with an error naming the task's source when the creation path refuses it", async () => {
    const { loader, tasks } = setup();
    tasks.createWithin.mockRejectedValueOnce(new BadRequestException('title: at most 200 characters'));
    await expect(loader.load(file('unit-zz.yaml', PROFILE))).rejects.toThrow(new Error('CHAIN_PLAN 编制智能传感器产业链提升方案: title: at most 200 characters'));
    expect(tasks.createWithin).toHaveBeenCalledTimes(1);

    const broken = setup();
    broken.tasks.createWithin.mockRejectedValueOnce(new Error('Connection lost'));
    await expect(broken.loader.load(file('unit-zz.yaml', PROFILE))).rejects.toThrow(new Error('Connection lost'));
  });

  it('upserts the indicators, each plan’s targets per unit and indicator, and marks the cadences that collect them', async () => {
    const { loader, indicators } = setup();
    const text = `${PROFILE.replace(
      'cadences:\n',
      `cadences:
  - { name: 指标月报, kind: REPORT, frequency: MONTHLY, dayOfMonth: 20, time: "23:59", shift: NONE, owingUnitKinds: [ZONE, DISTRICT], receiverUnit: 市工信局, collectsIndicators: true }
`,
    )}
indicators:
  - { key: growth, name: 增速, unit: '%', kind: GROWTH_RATE }
  - { key: firms, name: 新增入库, unit: 户, kind: COUNT }
targets:
  - { year: 2021, source: 附表1, values: { 高新区: [12, 60], 二七区: [7, 10] } }
`;
    await loader.load(file('indicators-zz.yaml', text));
    expect(indicators.upsertIndicators).toHaveBeenCalledWith(TX, 'unit-zz', [
      { key: 'growth', name: '增速', unit: '%', kind: 'GROWTH_RATE' },
      { key: 'firms', name: '新增入库', unit: '户', kind: 'COUNT' },
    ]);
    expect(indicators.upsertTargets).toHaveBeenCalledWith(TX, [
      { unitId: 30, indicatorId: 900, year: 2021, value: 12, source: '附表1' },
      { unitId: 30, indicatorId: 901, year: 2021, value: 60, source: '附表1' },
      { unitId: 31, indicatorId: 900, year: 2021, value: 7, source: '附表1' },
      { unitId: 31, indicatorId: 901, year: 2021, value: 10, source: '附表1' },
    ]);
    expect(indicators.setCollecting).toHaveBeenCalledWith(TX, 'unit-zz', ['指标月报']);
  });

  it('refuses an invalid profile with every problem named, writing nothing', async () => {
    const { loader, transactions } = setup();
    const bad = PROFILE.replace('owners:\n    - { owner: 市工信局, chains: [智能传感器] }', 'owners:\n    - { owner: 市财政局, chains: [智能传感器] }').replace(
      'receiverUnit: 市政府办公厅',
      'receiverUnit: 市人大',
    );
    await expect(loader.load(file('bad.yaml', bad))).rejects.toThrow(
      /cadences\[1\]\.receiverUnit: no unit named 市人大\n {2}- chainTasks\.owners\[0\]\.owner: no unit named 市财政局/,
    );
    expect(transactions.run).not.toHaveBeenCalled();
  });

  it('refuses a yearly evaluation that is not yearly, or yearly rules that weigh nothing', async () => {
    const { loader, transactions } = setup();
    const bad = `${PROFILE.replace(
      'chainTasks:',
      `  - { name: 年度考评, kind: YEARLY_EVALUATION, frequency: MONTHLY, dayOfMonth: 15, time: "09:00", shift: NEXT_WORKDAY }
chainTasks:`,
    )}
scoring:
  base: 100
  points: {}
  unitKinds: [ZONE, DISTRICT]
  yearly: { monthlyWeight: 0, quarterlyWeight: 0, rateWeights: { completionRate: 1, onTimeCompletionRate: 0, onTimeReportRate: 0 } }
`;
    await expect(loader.load(file('bad-yearly.yaml', bad))).rejects.toThrow(
      /cadences\[2\]: frequency must be YEARLY for a YEARLY_EVALUATION cadence\n {2}- scoring\.yearly\.monthlyWeight and yearly\.quarterlyWeight: at least one must weigh more than 0/,
    );
    expect(transactions.run).not.toHaveBeenCalled();
  });

  describe('work points', () => {
    const WORK_POINTS = `
units:
  - { name: 郑州供电公司, kind: ENTERPRISE }
issuers:
  "002": 市政府办公厅
  "004": 市政府办公厅
historyBefore: "2021-06-08T00:00:00+08:00"
workPoints:
  - { source: "002", number: 3, title: 编制实施制造业十四五规划, leadUnits: [市工信局], coUnits: [高新区, 市工信局, 高新区], dueAt: "2021-12-31T15:59:59.000Z" }
  - { source: "002", number: 9, title: 建设智能传感器产业园, detail: 年底前开工, leadUnits: [高新区, 二七区], coUnits: [二七区, 郑州供电公司], dueAt: "2021-09-30T15:59:59.000Z" }
  - { source: "004", number: 2, title: 推动主导产业提质, leadUnits: [市工信局], coUnits: [], dueAt: "2019-12-31T15:59:59.000Z" }
`;
    const UNITS_BY_NAME = new Map(
      Object.entries({
        市政府办公厅: { id: 5, kind: 'OFFICE' },
        市工信局: { id: 10, kind: 'DEPARTMENT' },
        高新区: { id: 30, kind: 'ZONE' },
        二七区: { id: 31, kind: 'DISTRICT' },
        郑州供电公司: { id: 90, kind: 'ENTERPRISE' },
      }),
    );

    /** The loader with config/profiles under a tmp dir holding the profile's work points. */
    function loaderWithWorkPoints(text: string) {
      const root = mkdtempSync(join(dir, 'cwd-'));
      mkdirSync(join(root, 'config', 'profiles'), { recursive: true });
      writeFileSync(join(root, 'config', 'profiles', 'unit-zz.work-points.yaml'), text);
      const cwd = jest.spyOn(process, 'cwd').mockReturnValue(root);
      let Loader!: typeof ProfileLoaderService;
      jest.isolateModules(() => {
        ({ ProfileLoaderService: Loader } = jest.requireActual<typeof import('./profile-loader.service')>('./profile-loader.service'));
        jest.requireActual<typeof import('@nestjs/common')>('@nestjs/common').Logger.overrideLogger(false);
      });
      cwd.mockRestore();
      const s = setup();
      s.profiles.unitsByName.mockResolvedValue(UNITS_BY_NAME);
      const fresh = new Loader(s.transactions, s.profiles, s.tasks, s.taskRecords, new FixedClock(NOW), s.audit as unknown as AuditService, s.indicators);
      return { ...s, loader: fresh };
    }

    it("creates each point once, issued by its document's issuer; a point with several leads as a parent with one sub-task per lead", async () => {
      const { loader, profiles, tasks, taskRecords } = loaderWithWorkPoints(WORK_POINTS);
      tasks.createWithin.mockImplementation(async (_tx, _actor, input) => ({ '002-9': 900, '004-2': 904 })[input.source!.ref] ?? 800);
      const summary = await loader.load(file('unit-zz.yaml', PROFILE));
      expect(profiles.upsertUnits).toHaveBeenLastCalledWith(TX, 'unit-zz', [{ name: '郑州供电公司', fullName: null, kind: 'ENTERPRISE', aliases: undefined }]);
      const points = tasks.createWithin.mock.calls.slice(2);
      const decision = { user: null, issuerUnitId: 5 };
      expect(points).toEqual([
        [
          TX,
          decision,
          {
            title: '编制实施制造业十四五规划',
            description: undefined,
            issuerUnitId: 5,
            ownerUnitId: 10,
            coUnitIds: [30],
            dueAt: new Date('2021-12-31T15:59:59Z'),
            source: { kind: 'WORK_POINT', ref: '002-3' },
          },
        ],
        // The parent: the issuer's own, with the co-units that are not leads.
        [
          TX,
          decision,
          expect.objectContaining({ title: '建设智能传感器产业园', description: '年底前开工', ownerUnitId: 5, coUnitIds: [90], source: { kind: 'WORK_POINT', ref: '002-9' } }),
        ],
        [TX, decision, expect.objectContaining({ ownerUnitId: 30, coUnitIds: [90], parentId: 900, source: { kind: 'WORK_POINT', ref: '002-9-高新区' } })],
        [TX, decision, expect.objectContaining({ ownerUnitId: 31, coUnitIds: [90], parentId: 900, source: { kind: 'WORK_POINT', ref: '002-9-二七区' } })],
        [TX, decision, expect.objectContaining({ ownerUnitId: 10, dueAt: new Date('2019-12-31T15:59:59Z'), source: { kind: 'WORK_POINT', ref: '004-2' } })],
      ]);
      // Due before the mechanism began: history, cancelled with the reason by the same decision.
      expect(tasks.transitionWithin.mock.calls).toEqual([
        [TX, decision, 904, { action: 'cancel', comment: '截止日期（2019-12-31）早于本机制建立（2021-06-08），作为历史记录载入，不作为在办任务' }],
      ]);
      expect(taskRecords.idOfSource).toHaveBeenCalledWith('WORK_POINT', '002-9-二七区', TX);
      expect(summary.tasks).toBe(2 + 1 + 3 + 1);
    });

    it('leaves a point whole when any of its tasks is already there (a reload, or a database loaded before the split)', async () => {
      const { loader, tasks, taskRecords } = loaderWithWorkPoints(WORK_POINTS);
      taskRecords.idOfSource.mockImplementation(async (_kind: string, ref: string) => (['002-9-高新区', '004-2'].includes(ref) ? 1 : null));
      await loader.load(file('unit-zz.yaml', PROFILE));
      expect(tasks.createWithin.mock.calls.slice(2).map(([, , input]) => input.source!.ref)).toEqual(['002-3']);
      expect(tasks.transitionWithin).not.toHaveBeenCalled();
    });

    it('stops on a work point naming an unknown unit', async () => {
      const { loader } = loaderWithWorkPoints(WORK_POINTS.replace('coUnits: [二七区, 郑州供电公司]', 'coUnits: [二七区, 郑州燃气]'));
      await expect(loader.load(file('unit-zz.yaml', PROFILE))).rejects.toThrow('work points name an unknown unit: 郑州燃气');
    });
  });
});
