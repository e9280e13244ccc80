import { BadRequestException, ConflictException, ForbiddenException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { FixedClock, proposeImport, type DirectoryUnit } from '@duban/domain';
import type { ImportRow, ImportsRepository, Transactions, Tx } from '@duban/persistence';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import type { CadencesService, CadenceView } from '../cadences/cadences.service';
import type { ZoneService } from '../profiles/zone.service';
import type { TaskDetail, TasksService } from '../tasks/tasks.service';
import { ImportsService } from './imports.service';

/*
 * ImportsService over mocked repositories: a preview writes nothing but the preview, and is
 * refused with 400 or 422 naming the field; a commit creates a parent task for the notice and
 * its tasks through the tasks' one creation path, and a cadence for each recurring one, all in one
 * transaction and once only; the dates are read in the profile's zone.
 */
const NOW = new Date('2026-07-01T02:00:00Z');
const TX = { tx: 'the transaction' } as unknown as Tx;
const OFFICE = 50;
const MIIT = 10; // 市工信局
const SCI = 11; // 市科技局
const COMMERCE = 12; // 市商务局
const NDRC = 13; // 市发展改革委
const UNITS: DirectoryUnit[] = [
  { id: OFFICE, name: '市政府办公厅', kind: 'OFFICE', fullName: '郑州市人民政府办公厅' },
  { id: MIIT, name: '市工信局', kind: 'DEPARTMENT', fullName: '郑州市工业和信息化局' },
  { id: SCI, name: '市科技局', kind: 'DEPARTMENT' },
  { id: COMMERCE, name: '市商务局', kind: 'DEPARTMENT' },
  { id: NDRC, name: '市发展改革委', kind: 'DEPARTMENT', aliases: ['市发改委'] },
];
const NOTICE = [
  '郑州市人民政府办公厅文件',
  '郑政办〔2026〕101号',
  '郑州市人民政府办公厅 关于落实智能传感器产业链四个清单的通知',
  '各开发区管委会，各区县（市）人民政府，市人民政府各部门：',
  '（一）梳理重点企业清单。8月底前完成首轮梳理。',
  '牵头单位：市工信局，责任单位：市科技局、商务局',
  '完成时间：2026年8月底前，2026年11月底前',
  '（二）报送清单落实进展。',
  '牵头单位：市科技局',
  '完成时间：每月20日前',
  '（三）建立重点项目协调机制。（责任单位：市政府、市发改委）',
  '2026年6月25日',
].join('\n');

const lead: AuthUser = { id: 2, username: 'gxj', displayName: '王芳', roles: ['LEAD_UNIT'], unitId: MIIT, mustChangePassword: false };
const supervisor: AuthUser = { id: 3, username: 'ducha', displayName: '赵敏', roles: ['SUPERVISOR'], unitId: OFFICE, mustChangePassword: false };
const admin: AuthUser = { id: 1, username: 'admin', displayName: '系统管理员', roles: ['ADMIN'], unitId: null, mustChangePassword: false };
const liaison: AuthUser = { id: 6, username: 'gaoxin', displayName: '刘洋', roles: ['UNIT_LIAISON'], unitId: 30, mustChangePassword: false };

/** The stored preview of NOTICE, as `preview` would have written it. */
function stored(patch: Partial<ImportRow> = {}): ImportRow {
  const proposal = proposeImport(NOTICE, UNITS, { fallbackYear: 2026 });
  if (typeof proposal === 'string') throw new Error(proposal);
  return {
    id: 77,
    createdBy: lead.id,
    createdAt: NOW,
    expiresAt: new Date('2026-07-08T02:00:00Z'),
    source: '郑政办〔2026〕101号.docx',
    document: { ...proposal.document, year: proposal.year },
    text: proposal.text,
    tasks: proposal.tasks,
    committedAt: null,
    committedBy: null,
    parentTaskId: null,
    result: null,
    ...patch,
  };
}

function setup(options: { row?: ImportRow | null; zone?: string; now?: Date } = {}) {
  let row = options.row === undefined ? stored() : options.row;
  const imports = {
    unitDirectory: jest.fn(async () => UNITS),
    existingUnits: jest.fn(async (ids: readonly number[]) => new Set(ids.filter((id) => UNITS.some((u) => u.id === id)))),
    removeExpired: jest.fn(async () => 0),
    insert: jest.fn(async (_tx: Tx, r: Omit<ImportRow, 'id' | 'committedAt' | 'committedBy' | 'parentTaskId' | 'result'>) => {
      row = { ...r, id: 78, committedAt: null, committedBy: null, parentTaskId: null, result: null };
      return 78;
    }),
    findOwn: jest.fn(async () => row),
    listOwn: jest.fn(async () => ({ rows: [], total: 0 })),
    markCommitted: jest.fn(async () => true),
  } as unknown as jest.Mocked<ImportsRepository>;
  const transactions = { run: jest.fn((work: (tx: Tx) => Promise<unknown>) => work(TX)) } as unknown as jest.Mocked<Transactions>;
  let taskId = 900;
  const tasks = {
    create: jest.fn(async (_user: AuthUser, input: { title: string }) => ({ id: ++taskId, title: input.title, state: 'DRAFT' }) as unknown as TaskDetail),
  } as unknown as jest.Mocked<TasksService>;
  let cadenceId = 60;
  const cadences = { create: jest.fn(async () => ({ id: ++cadenceId }) as CadenceView) } as unknown as jest.Mocked<CadencesService>;
  const audit = { record: jest.fn(async () => undefined) } as unknown as jest.Mocked<AuditService>;
  const zones = { zone: jest.fn(async () => options.zone ?? 'Asia/Shanghai') } as unknown as jest.Mocked<ZoneService>;
  const service = new ImportsService(imports, transactions, tasks, cadences, audit, new FixedClock(options.now ?? NOW), zones);
  return { service, imports, transactions, tasks, cadences, audit, zones };
}

/** What a refusal said, as a list of messages. */
async function refusal(promise: Promise<unknown>, type: abstract new (...args: never[]) => Error): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return [((error as BadRequestException).getResponse() as { message: string | string[] }).message].flat();
}

const MAPPED = { mapping: { 市政府: OFFICE } };

describe('ImportsService', () => {
  describe('preview', () => {
    it('stores the proposal (units resolved, unresolved names listed) for 7 days, after removing expired previews', async () => {
      const { service, imports, transactions } = setup();
      const view = await service.preview(lead, { text: NOTICE, source: `  ${'郑'.repeat(250)} ` });
      expect(transactions.run).toHaveBeenCalledTimes(1);
      expect(imports.removeExpired).toHaveBeenCalledWith(TX, NOW);
      expect(imports.insert).toHaveBeenCalledWith(
        TX,
        expect.objectContaining({
          createdBy: lead.id,
          createdAt: NOW,
          expiresAt: new Date('2026-07-08T02:00:00Z'),
          source: '郑'.repeat(200),
          document: { number: '郑政办〔2026〕101号', title: '关于落实智能传感器产业链四个清单的通知', issuedAt: '2026-06-25', year: 2026 },
        }),
      );
      expect(imports.findOwn).toHaveBeenCalledWith(78, lead.id, NOW);
      expect(view).toMatchObject({ id: 78, year: 2026, unresolvedUnits: ['市政府'], committedAt: null, expiresAt: '2026-07-08T02:00:00.000Z' });
      expect(view.tasks.map((t) => [t.seq, t.title, t.leadUnits.map((u) => u.unitId ?? u.name)])).toEqual([
        [1, '梳理重点企业清单', [MIIT]],
        [2, '报送清单落实进展', [SCI]],
        [3, '建立重点项目协调机制', ['市政府', NDRC]],
      ]);
    });

    it.each([
      ['empty text', '  \n ', BadRequestException, 'file must not be empty'],
      ['a text in English', 'Notice on the chain-leader mechanism. 1. Lead unit: the Bureau. Due: June.', UnprocessableEntityException, 'file: no Chinese text found'],
      ['Chinese text that assigns nothing', '春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。床前明月光，疑是地上霜。', UnprocessableEntityException, 'file: no task found'],
      [
        'more than 1,000 tasks',
        Array.from({ length: 1001 }, (_, i) => `${i + 1}. 报送材料。\n牵头单位：市工信局`).join('\n'),
        UnprocessableEntityException,
        'file: more than 1000 tasks found',
      ],
    ])('refuses %s, naming the field, writing nothing', async (_, text, type, message) => {
      const { service, transactions, imports } = setup();
      const [said] = await refusal(service.preview(lead, { text }, 'file'), type);
      expect(said).toContain(message);
      expect(transactions.run).not.toHaveBeenCalled();
      expect(imports.insert).not.toHaveBeenCalled();
    });

    it('refuses a liaison (403)', async () => {
      const { service, imports } = setup();
      await expect(service.preview(liaison, { text: NOTICE })).rejects.toThrow(ForbiddenException);
      expect(imports.insert).not.toHaveBeenCalled();
    });

    it("gives year-less dates the current year in the profile's zone", async () => {
      // 31 December 17:00 UTC is already 1 January 2027 in Zhengzhou.
      const text = '关于报送材料的通知\n（一）报送产业链图谱。9月底前完成。\n牵头单位：市工信局';
      const late = new Date('2026-12-31T17:00:00Z');
      const shanghai = setup({ now: late, zone: 'Asia/Shanghai' });
      expect((await shanghai.service.preview(lead, { text })).tasks[0].dueDate).toBe('2027-09-30');
      const utc = setup({ now: late, zone: 'UTC' });
      expect((await utc.service.preview(lead, { text })).tasks[0].dueDate).toBe('2026-09-30');
    });
  });

  it("answers 404 for another's, an unknown or an expired preview", async () => {
    const { service } = setup({ row: null });
    await expect(service.get(supervisor, 77)).rejects.toThrow(NotFoundException);
    await expect(service.commit(supervisor, 77, MAPPED)).rejects.toThrow(NotFoundException);
  });

  describe('commit', () => {
    it('creates the parent task, then each task under it, and a cadence for the recurring one, in one transaction, once', async () => {
      const { service, imports, transactions, tasks, cadences, audit } = setup();
      const result = await service.commit(lead, 77, MAPPED);
      expect(transactions.run).toHaveBeenCalledTimes(1);
      expect(imports.findOwn).toHaveBeenCalledWith(77, lead.id, NOW, TX, true);
      // End of day in Zhengzhou: 23:59:59 +08:00.
      expect(tasks.create.mock.calls).toEqual([
        [
          lead,
          {
            title: '关于落实智能传感器产业链四个清单的通知',
            description: '郑政办〔2026〕101号 关于落实智能传感器产业链四个清单的通知：导入的 3 项任务的总任务。',
            issuerUnitId: MIIT,
            ownerUnitId: MIIT,
            dueAt: new Date('2026-12-31T15:59:59Z'),
            source: { kind: 'NOTICE', ref: '郑政办〔2026〕101号' },
          },
          TX,
        ],
        [
          lead,
          {
            title: '梳理重点企业清单',
            description: '8月底前完成首轮梳理。',
            issuerUnitId: MIIT,
            ownerUnitId: MIIT,
            coUnitIds: [SCI, COMMERCE],
            dueAt: new Date('2026-11-30T15:59:59Z'),
            parentId: 901,
            source: { kind: 'NOTICE', ref: '郑政办〔2026〕101号#1' },
          },
          TX,
        ],
        [
          lead,
          expect.objectContaining({
            title: '报送清单落实进展',
            ownerUnitId: SCI,
            coUnitIds: [],
            dueAt: new Date('2026-12-31T15:59:59Z'),
            parentId: 901,
            source: { kind: 'NOTICE', ref: '郑政办〔2026〕101号#2' },
          }),
          TX,
        ],
        [
          lead,
          expect.objectContaining({
            title: '建立重点项目协调机制',
            ownerUnitId: OFFICE,
            coUnitIds: [NDRC],
            parentId: 901,
            description: '（三）建立重点项目协调机制。（责任单位：市政府、市发改委）',
          }),
          TX,
        ],
      ]);
      // The report owed monthly by its lead to the issuer, from now on (the notice names no end).
      expect(cadences.create).toHaveBeenCalledTimes(1);
      expect(cadences.create).toHaveBeenCalledWith(
        lead,
        {
          name: '导入77-2 报送清单落实进展',
          kind: 'REPORT',
          frequency: 'MONTHLY',
          dayOfMonth: 20,
          time: '23:59:59',
          shift: 'NONE',
          activeFrom: NOW,
          owingUnitIds: [SCI],
          receiverUnitId: MIIT,
        },
        TX,
      );
      const created = {
        tasks: [
          { seq: 1, taskId: 902 },
          { seq: 2, taskId: 903 },
          { seq: 3, taskId: 904 },
        ],
        cadences: [{ seq: 2, cadenceId: 61 }],
      };
      expect(imports.markCommitted).toHaveBeenCalledWith(TX, 77, { at: NOW, by: lead.id, parentTaskId: 901, result: created });
      expect(audit.record).toHaveBeenCalledWith(TX, lead.id, {
        action: 'import.commit',
        target: 'import',
        targetId: 77,
        after: { parentTaskId: 901, issuerUnitId: MIIT, ...created },
      });
      expect(result.parent.id).toBe(901);
      expect(result.tasks.map((t) => [t.seq, t.task.id])).toEqual([
        [1, 902],
        [2, 903],
        [3, 904],
      ]);
      expect(result.cadences.map((c) => [c.seq, c.cadence.id])).toEqual([[2, 61]]);
    });

    it("reads every date in the profile's zone", async () => {
      const { service, tasks, cadences } = setup({ zone: 'Asia/Urumqi' });
      await service.commit(lead, 77, { ...MAPPED, select: [1, 2], edits: [{ seq: 2, dueDate: '2026-12-15' }] });
      expect(tasks.create.mock.calls.map(([, input]) => input.dueAt)).toEqual([
        new Date('2026-12-15T17:59:59Z'),
        new Date('2026-11-30T17:59:59Z'),
        new Date('2026-12-15T17:59:59Z'),
      ]);
      // A named deadline ends the recurring report.
      expect(cadences.create).toHaveBeenCalledWith(lead, expect.objectContaining({ activeFrom: NOW, activeTo: new Date('2026-12-15T17:59:59Z') }), TX);
    });

    it("refuses, in the profile's zone, a due date that has passed (400 naming the task), creating nothing", async () => {
      // 30 June 16:30 UTC: 1 July 00:30 in Zhengzhou, still 30 June in UTC.
      const at = new Date('2026-06-30T16:30:00Z');
      const choices = { ...MAPPED, select: [1], edits: [{ seq: 1, dueDate: '2026-06-30' as const }] };
      const shanghai = setup({ now: at });
      expect(await refusal(shanghai.service.commit(lead, 77, choices), BadRequestException)).toEqual([
        'edits: task 1 is due 2026-06-30, which has passed; give it a later dueDate in edits, or leave it out of select',
      ]);
      expect(shanghai.transactions.run).not.toHaveBeenCalled();
      expect(shanghai.tasks.create).not.toHaveBeenCalled();
      const utc = setup({ now: at, zone: 'UTC' });
      await utc.service.commit(lead, 77, choices);
      expect(utc.tasks.create).toHaveBeenCalledTimes(2);
    });

    it('refuses while a selected task keeps an unresolved unit (409 naming it), and choices naming what the notice lacks (400)', async () => {
      const unresolved = setup();
      expect(await refusal(unresolved.service.commit(lead, 77, {}), ConflictException)).toEqual([
        'mapping: 市政府 (task 3) is not resolved; map it to a unit id, several, or null to leave it out',
      ]);
      expect(unresolved.transactions.run).not.toHaveBeenCalled();

      const invalid = setup();
      expect(await refusal(invalid.service.commit(lead, 77, { ...MAPPED, select: [1, 9] }), BadRequestException)).toEqual(['select: no task 9 in this import']);
      expect(invalid.tasks.create).not.toHaveBeenCalled();

      // Leaving the unresolved task out is enough.
      const without = setup();
      await without.service.commit(lead, 77, { select: [1, 2] });
      expect(without.tasks.create).toHaveBeenCalledTimes(3);
    });

    it('refuses unit ids that do not exist, naming the field of each', async () => {
      const { service, tasks } = setup();
      expect(
        await refusal(service.commit(supervisor, 77, { mapping: { 市政府: [998, OFFICE] }, edits: [{ seq: 1, coUnitIds: [997] }], issuerUnitId: 996 }), BadRequestException),
      ).toEqual(['mapping: unit 998 does not exist', 'edits: unit 997 does not exist', 'issuerUnitId: unit 996 does not exist']);
      expect(tasks.create).not.toHaveBeenCalled();
    });

    it('creates once: 409 for a committed preview, one committed meanwhile, and when marking it committed finds it done', async () => {
      const committed = setup({ row: stored({ committedAt: new Date('2026-06-30T08:00:00Z') }) });
      await expect(committed.service.commit(lead, 77, MAPPED)).rejects.toThrow('import 77 was committed at 2026-06-30T08:00:00.000Z; it creates its tasks once');
      expect(committed.transactions.run).not.toHaveBeenCalled();

      const meanwhile = setup();
      meanwhile.imports.findOwn.mockResolvedValueOnce(stored()).mockResolvedValueOnce(stored({ committedAt: NOW }));
      await expect(meanwhile.service.commit(lead, 77, MAPPED)).rejects.toThrow(new ConflictException('import 77 was committed by a concurrent request; it creates its tasks once'));
      expect(meanwhile.tasks.create).not.toHaveBeenCalled();

      const marked = setup();
      marked.imports.markCommitted.mockResolvedValue(false);
      await expect(marked.service.commit(lead, 77, MAPPED)).rejects.toThrow(ConflictException);
      expect(marked.audit.record).not.toHaveBeenCalled();
    });

    describe('the issuing unit', () => {
      it("is the importer's own unit by default", async () => {
        const { service, tasks } = setup();
        await service.commit(lead, 77, MAPPED);
        expect(tasks.create.mock.calls.every(([, input]) => input.issuerUnitId === MIIT)).toBe(true);
      });

      it('may be another unit for a supervisor or an admin', async () => {
        const { service, tasks, cadences } = setup();
        await service.commit(supervisor, 77, { ...MAPPED, issuerUnitId: MIIT });
        expect(tasks.create.mock.calls.every(([, input]) => input.issuerUnitId === MIIT)).toBe(true);
        expect(tasks.create.mock.calls[0][1]).toMatchObject({ ownerUnitId: MIIT });
        expect(cadences.create).toHaveBeenCalledWith(supervisor, expect.objectContaining({ receiverUnitId: MIIT }), TX);
      });

      it('refuses another unit for lead-department staff (403), a caller of no unit naming none (400), and a liaison (403)', async () => {
        const other = setup();
        expect(await refusal(other.service.commit(lead, 77, { ...MAPPED, issuerUnitId: SCI }), ForbiddenException)).toEqual([
          'issuerUnitId: you may only issue tasks from your own unit',
        ]);
        const none = setup();
        expect(await refusal(none.service.commit(admin, 77, MAPPED), BadRequestException)).toEqual(['issuerUnitId: you belong to no unit; name the issuing unit']);
        const liaisons = setup();
        await expect(liaisons.service.commit(liaison, 77, MAPPED)).rejects.toThrow(ForbiddenException);
        for (const s of [other, none, liaisons]) expect(s.tasks.create).not.toHaveBeenCalled();
      });
    });

    it('clips titles to 200 characters and names the parent after the source when the notice has no title', async () => {
      const row = stored();
      const { service, tasks } = setup({ row: { ...row, document: { year: 2026 } } });
      await service.commit(lead, 77, { ...MAPPED, select: [1], edits: [{ seq: 1, title: '链'.repeat(250) }] });
      expect(tasks.create.mock.calls[0][1]).toMatchObject({ title: '郑政办〔2026〕101号.docx', source: { kind: 'NOTICE', ref: '导入77' } });
      expect(tasks.create.mock.calls[1][1].title).toBe(`${'链'.repeat(199)}…`);
    });
  });
});
