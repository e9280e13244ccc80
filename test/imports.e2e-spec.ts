import { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { VirtualClock } from '@duban/core';
import { Clock } from '@duban/domain';
import { buildDocx } from './support/docx';
import { adminToken, createUser, everyTableCount, http, isolatedEnvironment, loadProfile, sql, startApi, unitId } from './support/harness';

/*
 * The notice importer over HTTP on real MariaDB, and from the shell: seeds 000, 002 and 004
 * previewed; a notice previewed, refused while a unit is unresolved, mapped, committed once
 * (parent task, tasks with their events, a cadence), and visible only to its importer; bad
 * input refused with a 4xx that names the field, every table's row count unchanged.
 * The virtual clock stands at 1 July 2026.
 */

const SEEDS = resolve(__dirname, '../../shared/seeds');
const seed = (prefix: string) =>
  readFileSync(
    join(
      SEEDS,
      readdirSync(SEEDS).find((f) => f.startsWith(`${prefix}_`))!,
    ),
    'utf8',
  );

const NOTICE = [
  '郑州市人民政府办公厅文件',
  '郑政办〔2026〕99号',
  '郑州市人民政府办公厅 关于推进智能传感器产业链图谱工作的通知',
  '各开发区管委会，各区县（市）人民政府，市人民政府各部门：',
  '一、重点任务',
  '（一）编制产业链图谱。9月底前形成初稿。',
  '牵头单位：市工信局，责任单位：市科技局、商务局',
  '完成时间：2026年9月底前，2026年11月底前',
  '（二）报送工作进展。',
  '牵头单位：市科技局',
  '完成时间：每月20日前',
  '（三）建立协调机制。（责任单位：市政府、市发改委）',
  '2026年6月20日',
].join('\n');

describe('imports (e2e)', () => {
  let cleanup: () => Promise<void>;
  let app: INestApplication;
  let admin: string;
  let supervisor: { id: number; token: string };
  let otherSupervisor: { id: number; token: string };
  let leadUnit: { id: number; token: string };
  let liaison: { id: number; token: string };
  const U: Record<string, number> = {};
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const preview = (token: string, text: string) => http(app).post('/api/v1/imports').set(as(token)).send({ text, source: '测试' });

  beforeAll(async () => {
    cleanup = await isolatedEnvironment('imports', { DUBAN_TIME_TRAVEL: '1', DUBAN_CLOCK_START: '2026-07-01T00:00:00+08:00' });
    app = await startApi();
    await loadProfile(app, 'zhengzhou-2021');
    admin = await adminToken(app);
    for (const name of ['市政府办公厅', '市工信局', '市科技局', '市商务局', '市发展改革委', '市资源规划局', '航空港区', '惠济区', '中原区']) U[name] = await unitId(app, name);
    supervisor = await createUser(app, admin, { roles: ['SUPERVISOR'], unitId: U['市政府办公厅'] });
    otherSupervisor = await createUser(app, admin, { roles: ['SUPERVISOR'], unitId: U['市政府办公厅'] });
    leadUnit = await createUser(app, admin, { roles: ['LEAD_UNIT'], unitId: U['市工信局'] });
    liaison = await createUser(app, admin, { roles: ['UNIT_LIAISON'], unitId: U['中原区'] });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  describe('previews of the seeds', () => {
    it('seed 002: the 65 work points, each with its lead and responsible units, every unit resolved', async () => {
      const res = await preview(admin, seed('002')).expect(201);
      expect(res.body.document).toEqual({ number: null, title: '郑州市2021年制造业高质量发展工作要点', issuedAt: null });
      expect(res.body.tasks.map((t: { seq: number }) => t.seq)).toEqual(Array.from({ length: 65 }, (_, i) => i + 3));
      expect(res.body.unresolvedUnits).toEqual([]);
      const task = (seq: number) => res.body.tasks.find((t: { seq: number }) => t.seq === seq);
      expect(task(3)).toMatchObject({ label: '（三）', title: '编制实施制造业十四五“1+N”系列规划', leadUnits: [{ unitId: U['市工信局'] }] });
      expect(task(3).coUnits).toHaveLength(16);
      expect(task(3).coUnits[0]).toMatchObject({ unitName: '航空港区', group: '各开发区管委会、区县（市）政府' });
      expect(task(6).leadUnits.map((u: { unitName: string }) => u.unitName)).toEqual(['市工信局', '市发展改革委', '市商务局']);
      // 市通信管理办 is an alias of 市通管办; 各基础电信企业 expands to the four operators.
      expect(
        task(25)
          .coUnits.slice(0, 7)
          .map((u: { unitName: string }) => u.unitName),
      ).toEqual(['市资源规划局', '市通管办', '郑州供电公司', '郑州移动', '郑州联通', '郑州电信', '郑州广电']);
      expect(task(60)).toMatchObject({ dueDate: '2021-10-31' });
      expect(task(66).recurrence).toEqual({ frequency: 'MONTHLY' });
      expect(
        readFileSync(
          join(
            SEEDS,
            readdirSync(SEEDS).find((f) => f.startsWith('002_'))!,
          ),
          'utf8',
        ).slice(task(8).start, task(8).end),
      ).toBe(task(8).excerpt);
    });

    it("seed 004: the annex table's 16 rows, with bare names given the 市 of the list and 各产业集聚区 expanded", async () => {
      const res = await preview(admin, seed('004')).expect(201);
      expect(res.body.document).toEqual({ number: '郑政办〔2019〕32号', title: '关于印发2019年郑州市产业集聚区高质量发展专项工作方案的通知', issuedAt: '2019-05-14' });
      expect(res.body.tasks.map((t: { seq: number; format: string }) => [t.seq, t.format])).toEqual(Array.from({ length: 16 }, (_, i) => [i + 1, 'table']));
      const [first] = res.body.tasks;
      expect(first).toMatchObject({ title: '选优产业项目', dueDate: '2019-12-31' });
      expect(first.leadUnits).toHaveLength(16);
      expect(first.coUnits.map((u: { name: string; unitName: string }) => [u.name, u.unitName])).toEqual([
        ['市商务局', '市商务局'],
        ['市发展改革委', '市发展改革委'],
        ['市自然资源规划局', '市资源规划局'],
        ['市生态环境局', '市生态环境局'],
      ]);
      expect(res.body.unresolvedUnits).toEqual([]);
    });

    it("seed 000: '每月20日前', '每半年' and '每季度' as recurrences; roles and unknown collectives listed, not guessed", async () => {
      const res = await preview(admin, seed('000')).expect(201);
      expect(res.body.document).toEqual({ number: '郑政办〔2021〕40号', title: '关于建立重点产业链工作推进机制的通知', issuedAt: '2021-06-08' });
      const recurring = res.body.tasks.filter((t: { recurrence?: object }) => t.recurrence).map((t: { recurrence: object }) => t.recurrence);
      expect(recurring).toEqual(
        expect.arrayContaining([{ frequency: 'MONTHLY', dayOfMonth: 20 }, { frequency: 'SEMIANNUAL' }, { frequency: 'QUARTERLY' }, { frequency: 'MONTHLY' }]),
      );
      expect(res.body.unresolvedUnits).toEqual(expect.arrayContaining(['市政府', '各有关单位', '各有关部门']));
    });
  });

  describe('preview, mapping and commit', () => {
    let id: number;

    it('proposes the decomposition: document, leads and co-units resolved (发改委 by alias, 商务局 by prefix), dates, milestones, recurrence', async () => {
      const res = await preview(supervisor.token, NOTICE).expect(201);
      id = res.body.id;
      expect(res.body).toMatchObject({
        source: '测试',
        document: { number: '郑政办〔2026〕99号', title: '关于推进智能传感器产业链图谱工作的通知', issuedAt: '2026-06-20' },
        year: 2026,
        unresolvedUnits: ['市政府'],
        committedAt: null,
      });
      expect(res.body.tasks.map((t: Record<string, unknown>) => [t.seq, t.title, t.dueDate ?? null, t.milestones ?? null, t.recurrence ?? null])).toEqual([
        [1, '编制产业链图谱', '2026-11-30', ['2026-09-30'], null],
        [2, '报送工作进展', null, null, { frequency: 'MONTHLY', dayOfMonth: 20 }],
        [3, '建立协调机制', null, null, null],
      ]);
      expect(res.body.tasks[0].coUnits).toEqual([
        { name: '市科技局', unitId: U['市科技局'], unitName: '市科技局' },
        { name: '市商务局', unitId: U['市商务局'], unitName: '市商务局' },
      ]);
      expect(res.body.tasks[2].leadUnits).toEqual([{ name: '市政府' }, { name: '市发改委', unitId: U['市发展改革委'], unitName: '市发展改革委' }]);
      expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)).toBe(7 * 86_400_000);
      await http(app).get(`/api/v1/imports/${id}`).set(as(supervisor.token)).expect(200);
      const list = await http(app).get('/api/v1/imports').set(as(supervisor.token)).expect(200);
      expect(list.body.items[0]).toMatchObject({ id, taskCount: 3, committedAt: null });
    });

    it("is the importer's own: another supervisor gets 404 for it, and a liaison may not import at all (403)", async () => {
      await http(app).get(`/api/v1/imports/${id}`).set(as(otherSupervisor.token)).expect(404);
      await http(app)
        .post(`/api/v1/imports/${id}/commit`)
        .set(as(otherSupervisor.token))
        .send({ mapping: { 市政府: U['市政府办公厅'] } })
        .expect(404);
      await preview(liaison.token, NOTICE).expect(403);
      const list = await http(app).get('/api/v1/imports').set(as(otherSupervisor.token)).expect(200);
      expect(list.body.items.map((i: { id: number }) => i.id)).not.toContain(id);
    });

    it('refuses the commit while a selected task keeps an unresolved unit (409), and a mapping or selection of what the import lacks (400), writing nothing', async () => {
      const before = await everyTableCount(app);
      const refused = await http(app).post(`/api/v1/imports/${id}/commit`).set(as(supervisor.token)).send({}).expect(409);
      expect(refused.body.message).toEqual([expect.stringMatching(/^mapping: 市政府 \(task 3\) is not resolved/)]);
      const stray = await http(app)
        .post(`/api/v1/imports/${id}/commit`)
        .set(as(supervisor.token))
        .send({ mapping: { 市政府: U['市政府办公厅'], 市人大: null }, select: [1, 9] })
        .expect(400);
      expect(stray.body.message).toEqual(
        expect.arrayContaining([expect.stringMatching(/^select: no task 9/), expect.stringMatching(/^mapping: 市人大 is not an unresolved unit/)]),
      );
      await http(app)
        .post(`/api/v1/imports/${id}/commit`)
        .set(as(supervisor.token))
        .send({ mapping: { 市政府: 999_999 } })
        .expect(400);
      // Found by the fuzz suite: an array is no recurrence.
      const notARecurrence = await http(app)
        .post(`/api/v1/imports/${id}/commit`)
        .set(as(supervisor.token))
        .send({ mapping: { 市政府: null }, edits: [{ seq: 2, recurrence: [] }] })
        .expect(400);
      expect(notARecurrence.body.message).toEqual(['edits.0.recurrence must be an object']);
      const past = await http(app)
        .post(`/api/v1/imports/${id}/commit`)
        .set(as(supervisor.token))
        .send({ mapping: { 市政府: null }, edits: [{ seq: 1, dueDate: '2026-06-30' }] })
        .expect(400);
      expect(past.body.message).toEqual(['edits: task 1 is due 2026-06-30, which has passed; give it a later dueDate in edits, or leave it out of select']);
      expect(await everyTableCount(app)).toEqual(before);
    });

    it('commits once: a parent task for the notice, DRAFT tasks through the one creation path (each with its create event), and a REPORT cadence for the recurrence', async () => {
      const before = await everyTableCount(app);
      const res = await http(app)
        .post(`/api/v1/imports/${id}/commit`)
        .set(as(supervisor.token))
        .send({ mapping: { 市政府: U['市政府办公厅'] }, edits: [{ seq: 3, title: '建立部门协调机制', dueDate: '2026-10-15' }] })
        .expect(201);
      const office = U['市政府办公厅'];
      expect(res.body.parent).toMatchObject({
        title: '关于推进智能传感器产业链图谱工作的通知',
        state: 'DRAFT',
        issuerUnitId: office,
        ownerUnitId: office,
        parentId: null,
        source: { kind: 'NOTICE', ref: '郑政办〔2026〕99号' },
        dueAt: '2026-12-31T15:59:59.000Z',
      });
      const tasks = res.body.tasks.map((t: { seq: number; task: Record<string, unknown> }) => ({ seq: t.seq, ...t.task }));
      expect(tasks).toEqual([
        expect.objectContaining({
          seq: 1,
          title: '编制产业链图谱',
          state: 'DRAFT',
          issuerUnitId: office,
          ownerUnitId: U['市工信局'],
          coUnitIds: [U['市科技局'], U['市商务局']].sort((a, b) => a - b),
          dueAt: '2026-11-30T15:59:59.000Z',
          parentId: res.body.parent.id,
          source: { kind: 'NOTICE', ref: '郑政办〔2026〕99号#1' },
        }),
        // No deadline named: the end of the notice's year.
        expect.objectContaining({ seq: 2, ownerUnitId: U['市科技局'], coUnitIds: [], dueAt: '2026-12-31T15:59:59.000Z', parentId: res.body.parent.id }),
        expect.objectContaining({
          seq: 3,
          title: '建立部门协调机制',
          ownerUnitId: office,
          coUnitIds: [U['市发展改革委']],
          dueAt: '2026-10-15T15:59:59.000Z',
          parentId: res.body.parent.id,
        }),
      ]);
      expect(res.body.cadences).toEqual([
        {
          seq: 2,
          cadence: expect.objectContaining({
            kind: 'REPORT',
            frequency: 'MONTHLY',
            dayOfMonth: 20,
            time: '23:59:59',
            shift: 'NONE',
            owingUnitIds: [U['市科技局']],
            receiverUnitId: office,
            activeTo: null,
          }),
        },
      ]);
      expect(res.body.import).toMatchObject({
        id,
        committedAt: expect.any(String),
        parentTaskId: res.body.parent.id,
        result: { tasks: [{ seq: 1 }, { seq: 2 }, { seq: 3 }], cadences: [{ seq: 2 }] },
      });

      const after = await everyTableCount(app);
      expect(after.tasks - before.tasks).toBe(4);
      expect(after.cadences - before.cadences).toBe(1);
      for (const task of [res.body.parent, ...tasks]) {
        const events = await http(app).get(`/api/v1/tasks/${task.id}/events`).set(as(supervisor.token)).expect(200);
        expect(events.body.items.map((e: { action: string; to: string }) => [e.action, e.to])).toEqual([['create', 'DRAFT']]);
      }
      const child = await http(app).get(`/api/v1/tasks/${tasks[0].id}`).set(as(supervisor.token)).expect(200);
      expect(child.body.parentId).toBe(res.body.parent.id);
      const audit = await sql<{ action: string }>(app, "SELECT action FROM audit_log WHERE (target = 'import' AND target_id = ?) OR (target = 'cadence' AND target_id = ?)", [
        String(id),
        String(res.body.cadences[0].cadence.id),
      ]);
      expect(audit.map((a) => a.action).sort()).toEqual(['cadence.create', 'import.commit']);

      const again = await http(app)
        .post(`/api/v1/imports/${id}/commit`)
        .set(as(supervisor.token))
        .send({ mapping: { 市政府: office } })
        .expect(409);
      expect(again.body.message).toMatch(/was committed/);
      expect(await everyTableCount(app)).toEqual(after);
    });

    it('lets lead-department staff import for their own unit only, within the units of their chains', async () => {
      const res = await preview(leadUnit.token, NOTICE).expect(201);
      await http(app)
        .post(`/api/v1/imports/${res.body.id}/commit`)
        .set(as(leadUnit.token))
        .send({ issuerUnitId: U['市发展改革委'], select: [1] })
        .expect(403);
      const done = await http(app)
        .post(`/api/v1/imports/${res.body.id}/commit`)
        .set(as(leadUnit.token))
        .send({ select: [1, 2] })
        .expect(201);
      expect(done.body.tasks.map((t: { task: { issuerUnitId: number; ownerUnitId: number } }) => [t.task.issuerUnitId, t.task.ownerUnitId])).toEqual([
        [U['市工信局'], U['市工信局']],
        [U['市工信局'], U['市科技局']],
      ]);
    });

    it('reads a .docx upload: paragraphs, and an annex table whose cell says "X、Y牵头，A、B等按职责分工负责"', async () => {
      const docx = await buildDocx([
        '关于做好园区建设工作的通知',
        '各开发区管委会，各区县（市）人民政府：',
        '附件',
        [
          ['序号', '重点任务', '负责单位', '完成时间'],
          ['1', '建设智慧园区', '市工信局、发展改革委牵头，市资源规划局、惠济区等按职责分工负责', '2026年12月底前'],
          ['2', '完善配套设施', '航空港区负责', '四季度'],
        ],
      ]);
      const res = await http(app).post('/api/v1/imports').set(as(admin)).attach('file', docx, '园区通知.docx').expect(201);
      expect(res.body.source).toBe('园区通知.docx');
      expect(
        res.body.tasks.map((t: { seq: number; title: string; leadUnits: { unitId: number }[]; coUnits: { unitId: number }[]; dueDate: string }) => [
          t.seq,
          t.title,
          t.leadUnits.map((u) => u.unitId),
          t.coUnits.map((u) => u.unitId),
          t.dueDate,
        ]),
      ).toEqual([
        [1, '建设智慧园区', [U['市工信局'], U['市发展改革委']], [U['市资源规划局'], U['惠济区']], '2026-12-31'],
        [2, '完善配套设施', [U['航空港区']], [], '2026-12-31'],
      ]);
    });

    it('forgets an uncommitted preview after 7 days (404), and keeps committed ones', async () => {
      const res = await preview(supervisor.token, NOTICE).expect(201);
      await app.get(Clock as unknown as typeof VirtualClock).advance(new Date(Date.parse('2026-07-01T00:00:00+08:00') + 8 * 86_400_000));
      await http(app).get(`/api/v1/imports/${res.body.id}`).set(as(supervisor.token)).expect(404);
      await http(app)
        .post(`/api/v1/imports/${res.body.id}/commit`)
        .set(as(supervisor.token))
        .send({ mapping: { 市政府: null } })
        .expect(404);
      await http(app).get(`/api/v1/imports/${id}`).set(as(supervisor.token)).expect(200);
      // The next preview removes the expired rows.
      await preview(supervisor.token, NOTICE).expect(201);
      expect(await sql(app, 'SELECT id FROM imports WHERE id = ?', [res.body.id])).toEqual([]);
    });
  });

  describe('bad input: a 4xx naming the field, and not a row written anywhere', () => {
    const cases: { label: string; status: number; message: RegExp; send: () => Promise<{ status: number; body: { message: unknown } }> }[] = [
      { label: 'empty text', status: 400, message: /^text must not be empty$/, send: () => preview(admin, '') },
      { label: 'blank text', status: 400, message: /^text must not be empty$/, send: () => preview(admin, ' \n\u3000 ') },
      { label: 'no text and no file', status: 400, message: /^text: give the notice's text/, send: () => http(app).post('/api/v1/imports').set(as(admin)).send({ source: 'x' }) },
      {
        label: 'a non-Chinese document',
        status: 422,
        message: /^text: no Chinese text found/,
        send: () => preview(admin, 'NOTICE ON THE CHAIN-LEADER MECHANISM\n1. Lead unit: Bureau of Industry. Due: end of June.\n'.repeat(20)),
      },
      {
        label: 'Chinese text that assigns nothing',
        status: 422,
        message: /^text: no task found/,
        send: () => preview(admin, '春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。'.repeat(3)),
      },
      {
        label: 'a text over 1,000,000 characters',
        status: 400,
        message: /text must be shorter than or equal to 1000000 characters/,
        send: () => preview(admin, 'a'.repeat(1_000_001)),
      },
      {
        label: 'a 20 MB file',
        status: 413,
        message: /^file is larger than 20 MB$/,
        send: () =>
          http(app)
            .post('/api/v1/imports')
            .set(as(admin))
            .attach('file', Buffer.alloc(20 * 1024 * 1024 + 1, 0x50), '大文件.docx'),
      },
      {
        label: 'a PDF',
        status: 415,
        message: /^file must be a \.docx document/,
        send: () => http(app).post('/api/v1/imports').set(as(admin)).attach('file', Buffer.from('%PDF-1.7\n%…'), '通知.pdf'),
      },
      {
        label: 'a corrupted .docx',
        status: 422,
        message: /^file is a damaged \.docx/,
        send: () =>
          http(app)
            .post('/api/v1/imports')
            .set(as(admin))
            .attach('file', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2000, 7)]), '坏文件.docx'),
      },
      {
        label: 'a .docx that is a zip without a document',
        status: 422,
        message: /^file is not a readable \.docx/,
        send: async () => {
          const JSZip = (await import('jszip')).default;
          const zip = new JSZip();
          zip.file('hello.txt', '你好');
          return http(app)
            .post('/api/v1/imports')
            .set(as(admin))
            .attach('file', await zip.generateAsync({ type: 'nodebuffer' }), '空壳.docx');
        },
      },
      {
        label: 'a .docx of an English letter',
        status: 422,
        message: /^file: no Chinese text found/,
        send: async () =>
          http(app)
            .post('/api/v1/imports')
            .set(as(admin))
            .attach('file', await buildDocx(['Dear colleague,', 'Please find attached the minutes.']), 'letter.docx'),
      },
      {
        label: 'two files',
        status: 400,
        message: /^file: send one \.docx, in the field named file$/,
        send: async () => http(app).post('/api/v1/imports').set(as(admin)).attach('file', Buffer.from('PK'), 'a.docx').attach('file', Buffer.from('PK'), 'b.docx'),
      },
      {
        label: 'a file in another field',
        status: 400,
        message: /^file: send one \.docx, in the field named file$/,
        send: async () => http(app).post('/api/v1/imports').set(as(admin)).attach('notice', Buffer.from('PK'), 'a.docx'),
      },
      {
        label: 'text and file together',
        status: 400,
        message: /^give the notice as text or as file, not both$/,
        send: async () =>
          http(app)
            .post('/api/v1/imports')
            .set(as(admin))
            .field('text', NOTICE)
            .attach('file', await buildDocx([NOTICE]), 'a.docx'),
      },
      {
        label: 'a broken multipart body',
        status: 400,
        message: /^body is not valid multipart\/form-data$/,
        send: () =>
          http(app)
            .post('/api/v1/imports')
            .set(as(admin))
            .set('content-type', 'multipart/form-data; boundary=zz')
            .send('--zz\r\nContent-Disposition: form-data; name="file"; filename="a.docx"\r\n\r\nPK'),
      },
      {
        label: 'multipart on another route',
        status: 415,
        message: /^content-type must be application\/json$/,
        send: () => http(app).post('/api/v1/tasks').set(as(admin)).attach('file', Buffer.from('PK'), 'a.docx'),
      },
    ];

    it.each(cases.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
      const before = await everyTableCount(app);
      const res = await c.send();
      expect([res.status, [res.body.message].flat().join('; ')]).toEqual([c.status, expect.stringMatching(c.message)]);
      expect(await everyTableCount(app)).toEqual(before);
    });
  });

  describe('npm run import', () => {
    const cli = (args: string[]) =>
      promisify(execFile)(process.execPath, [resolve(__dirname, '../dist/apps/cli/main.js'), 'import', ...args], {
        env: { ...process.env, LOG_LEVEL: 'error' },
        cwd: resolve(__dirname, '..'),
      })
        .then((r) => ({ code: 0, stdout: r.stdout }))
        .catch((e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }));
    let dir: string;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'duban-import-'));
      writeFileSync(join(dir, 'notice.txt'), NOTICE);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('prints the preview and writes only the preview', async () => {
      const before = await everyTableCount(app);
      const { code, stdout } = await cli([join(dir, 'notice.txt'), '--as', 'admin']);
      expect(code).toBe(0);
      expect(stdout).toContain('郑政办〔2026〕99号 关于推进智能传感器产业链图谱工作的通知 (2026-06-20), 3 tasks');
      expect(stdout).toContain('牵头: 市工信局\n\t责任/配合: 市科技局、市商务局\n\tdue 2026-11-30; milestones 2026-09-30');
      expect(stdout).toContain('unresolved (map with --map NAME=UNIT, or NAME= to leave out): 市政府');
      const after = await everyTableCount(app);
      expect({ ...after, imports: before.imports }).toEqual(before);
      expect(after.imports - before.imports).toBe(1);
    });

    it('refuses --commit while a unit is unresolved (exit 2), and commits with --map and --issuer', async () => {
      const refused = await cli([join(dir, 'notice.txt'), '--commit', '--issuer', '市政府办公厅']);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toMatch(/refused: mapping: 市政府 \(task 3\) is not resolved/);
      const before = await everyTableCount(app);
      const { code, stdout } = await cli([join(dir, 'notice.txt'), '--commit', '--issuer', '市政府办公厅', '--map', '市政府=市政府办公厅', '--select', '1,3']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/committed import \d+: parent task \d+ 「关于推进智能传感器产业链图谱工作的通知」, 2 tasks \(DRAFT\), 0 cadences/);
      expect((await everyTableCount(app)).tasks - before.tasks).toBe(3);
    });
  });
});
