import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { AppConfig } from '@duban/config';
import { BlobStore, MaterialiserService } from '@duban/core';
import { JobName, JobService } from '@duban/queue';
import { SPECIMENS } from './support/evidence-specimens';
import { adminToken, chainId, createUser, http, inDays, loadProfile, sql, startApi, startWorker, unitId, withEnvironment } from './support/harness';

/*
 * Evidence files over HTTP on real MariaDB: uploaded, checked by content, attached by the act
 * they are evidence for (in its transaction), shown in the record and its timeline, downloaded
 * by whoever may see the record (404 for anyone else), recorded at every step, and cleaned up
 * when never attached. On local disk here, and on an S3-compatible server at the end.
 */
describe('evidence files (e2e)', () => {
  let app: INestApplication;
  let admin: string;
  let issuer: { id: number; token: string };
  let owner: { id: number; token: string };
  let stranger: { id: number; token: string };
  let supervisor: { id: number; token: string };
  let units: Record<string, number>;
  let sensorChain: number;
  let filesDir: string;

  beforeAll(async () => {
    app = await startApi();
    await loadProfile(app, 'zhengzhou-2021');
    admin = await adminToken(app);
    units = { gxj: await unitId(app, '市工信局'), jk: await unitId(app, '经开区'), zy: await unitId(app, '中原区'), office: await unitId(app, '市政府办公厅') };
    sensorChain = await chainId(app, '智能传感器');
    issuer = await createUser(app, admin, { roles: ['LEAD_UNIT'], unitId: units.gxj });
    owner = await createUser(app, admin, { roles: ['UNIT_LIAISON'], unitId: units.jk });
    stranger = await createUser(app, admin, { roles: ['UNIT_LIAISON'], unitId: units.zy });
    supervisor = await createUser(app, admin, { roles: ['SUPERVISOR'], unitId: units.office });
    filesDir = app.get(AppConfig).files.dir;
  });

  afterAll(() => app.close());

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const upload = (token: string, name: string, bytes: Buffer, target: INestApplication = app) =>
    http(target).post('/api/v1/files').set(as(token)).attach('file', bytes, { filename: name });
  const download = (token: string, id: number, query = '', target: INestApplication = app) =>
    http(target)
      .get(`/api/v1/files/${id}${query}`)
      .set(as(token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  const count = async (table: string) => Number((await sql<{ n: number }>(app, `SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const blobPath = (bytes: Buffer) => {
    const key = createHash('sha256').update(bytes).digest('hex');
    return join(filesDir, key.slice(0, 2), key);
  };

  async function inProgressTask() {
    const task = (
      await http(app)
        .post('/api/v1/tasks')
        .set(as(issuer.token))
        .send({ title: '报送智能传感器产业链招商进展', issuerUnitId: units.gxj, ownerUnitId: units.jk, chainId: sensorChain, dueAt: inDays(10) })
        .expect(201)
    ).body;
    await http(app).post(`/api/v1/tasks/${task.id}/transitions`).set(as(issuer.token)).send({ action: 'assign' }).expect(200);
    await http(app).post(`/api/v1/tasks/${task.id}/transitions`).set(as(owner.token)).send({ action: 'accept' }).expect(200);
    return task.id as number;
  }

  it('round-trips a file on disk under its SHA-256, keeping its Chinese name for display only', async () => {
    const bytes = Buffer.concat([SPECIMENS.pdf, Buffer.from(`% ${Date.now()}\n`)]);
    const res = await upload(owner.token, '关于经开区传感器项目进展的报告（签字版）.pdf', bytes).expect(201);
    expect(res.body).toEqual({ id: expect.any(Number), name: '关于经开区传感器项目进展的报告（签字版）.pdf', size: bytes.length, type: 'application/pdf' });
    expect(existsSync(blobPath(bytes))).toBe(true);

    const got = await download(owner.token, res.body.id).expect(200);
    expect(got.body).toEqual(bytes);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="${'_'.repeat(20)}.pdf"; filename*=UTF-8''${encodeURIComponent('关于经开区传感器项目进展的报告（签字版）.pdf')}`,
    );
    // An upload waiting to be attached is its uploader's alone.
    await download(stranger.token, res.body.id).expect(404);
    await download(supervisor.token, res.body.id).expect(404);
  });

  it('stores identical content once', async () => {
    const bytes = Buffer.from(`签到表 ${Date.now()}\n王静 巩义市\n`);
    const a = await upload(owner.token, '签到表.txt', bytes).expect(201);
    const b = await upload(issuer.token, '签到表-副本.txt', bytes).expect(201);
    expect(a.body.id).not.toBe(b.body.id);
    const key = createHash('sha256').update(bytes).digest('hex');
    expect(await readdir(join(filesDir, key.slice(0, 2)))).toEqual(expect.arrayContaining([key]));
    expect((await readdir(join(filesDir, key.slice(0, 2)))).filter((n) => n.startsWith(key.slice(0, 8)))).toEqual([key]);
    expect(await count(`files WHERE blob_key = '${key}'`)).toBe(2);
  });

  it('refuses a renamed executable by its content (415 naming the file), storing nothing', async () => {
    const before = await count('files');
    const res = await upload(owner.token, 'x.pdf', SPECIMENS.exe).expect(415);
    expect(res.body.message).toMatch(/^file: x\.pdf is a Windows executable/);
    expect(await count('files')).toBe(before);
    expect(existsSync(blobPath(SPECIMENS.exe))).toBe(false);
  });

  it('refuses a file over 20 MB (413 naming the file), and a form without a file', async () => {
    const before = await count('files');
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x41);
    const res = await upload(owner.token, '现场视频.txt', big).expect(413);
    expect(res.body.message).toBe('file: 现场视频.txt is larger than 20 MB');
    expect(await count('files')).toBe(before);
    const none = await http(app).post('/api/v1/files').set(as(owner.token)).send({ file: 'not a file' }).expect(400);
    expect(none.body.message).toMatch(/^file: /);
    const two = await http(app).post('/api/v1/files').set(as(owner.token)).attach('file', SPECIMENS.text, 'a.txt').attach('file', SPECIMENS.text, 'b.txt').expect(400);
    expect(two.body.message).toMatch(/^file: send one file/);
    expect(await count('files')).toBe(before);
  });

  it('keeps only the last component of a path-traversal name, and writes nothing outside its directory', async () => {
    const bytes = Buffer.concat([SPECIMENS.pdf, Buffer.from(`% traversal ${Date.now()}\n`)]);
    const res = await upload(owner.token, '../../etc/passwd.pdf', bytes).expect(201);
    expect(res.body.name).toBe('passwd.pdf');
    expect(existsSync(join(filesDir, '..', '..', 'etc', 'passwd.pdf'))).toBe(false);
    for (const entry of await readdir(filesDir)) expect(entry).toMatch(/^[0-9a-f]{2}$/);
    const got = await download(owner.token, res.body.id).expect(200);
    expect(got.headers['content-disposition']).toBe(`attachment; filename="passwd.pdf"; filename*=UTF-8''passwd.pdf`);
  });

  it('attaches files to a submission and a return: in the task and its timeline, downloadable by who sees the task, 404 for a foreign unit', async () => {
    const taskId = await inProgressTask();
    const photo = await upload(owner.token, '现场照片.png', SPECIMENS.png).expect(201);
    const sheet = await upload(owner.token, '进展数据.txt', Buffer.from(`月度数据 ${Date.now()}`)).expect(201);
    const submitted = await http(app)
      .post(`/api/v1/tasks/${taskId}/transitions`)
      .set(as(owner.token))
      .send({ action: 'submit', comment: '已完成，附现场照片', fileIds: [photo.body.id, sheet.body.id] })
      .expect(200);
    expect(submitted.body.files).toEqual([photo.body, sheet.body]);

    const review = await upload(issuer.token, '退回意见.txt', Buffer.from(`请补充签字页 ${Date.now()}`)).expect(201);
    await http(app)
      .post(`/api/v1/tasks/${taskId}/transitions`)
      .set(as(issuer.token))
      .send({ action: 'return', comment: '请补充签字页', fileIds: [review.body.id] })
      .expect(200);

    const events = (await http(app).get(`/api/v1/tasks/${taskId}/events`).set(as(issuer.token)).expect(200)).body.items as { action: string; files: unknown[] }[];
    expect(events.map((e) => [e.action, e.files])).toEqual([
      ['create', []],
      ['assign', []],
      ['accept', []],
      ['submit', [photo.body, sheet.body]],
      ['return', [review.body]],
    ]);

    // Who may see the task may download its files; a foreign unit's liaison gets 404, as if there were no file.
    expect((await download(issuer.token, photo.body.id).expect(200)).body).toEqual(SPECIMENS.png);
    await download(supervisor.token, review.body.id).expect(200);
    await download(owner.token, review.body.id).expect(200);
    await download(stranger.token, photo.body.id).expect(404);
    await download(stranger.token, 99_999_999).expect(404);

    // Every upload, attachment and download is recorded: who, when, which record.
    const access = await sql<{ action: string; user_id: number; subject_type: string | null; subject_id: number | null }>(
      app,
      'SELECT action, user_id, subject_type, subject_id FROM file_access WHERE file_id = ? ORDER BY id',
      [photo.body.id],
    );
    expect(access).toEqual([
      { action: 'UPLOAD', user_id: owner.id, subject_type: null, subject_id: null },
      { action: 'ATTACH', user_id: owner.id, subject_type: 'TASK', subject_id: taskId },
      { action: 'DOWNLOAD', user_id: issuer.id, subject_type: 'TASK', subject_id: taskId },
    ]);
    // Supervisors and admins read that record through the api; others may not.
    const record = await http(app).get(`/api/v1/files/${photo.body.id}/access`).set(as(supervisor.token)).expect(200);
    expect(record.body.items.map((a: { action: string; userName: string; subjectType: string | null }) => [a.action, a.subjectType])).toEqual([
      ['UPLOAD', null],
      ['ATTACH', 'TASK'],
      ['DOWNLOAD', 'TASK'],
    ]);
    expect(record.body.items[0]).toMatchObject({ userId: owner.id, userName: expect.any(String), at: expect.any(String), subjectId: null });
    await http(app).get(`/api/v1/files/${photo.body.id}/access`).set(as(issuer.token)).expect(403);

    // Images and PDFs preview inline under a CSP that runs nothing; other kinds stay attachments.
    const inline = await download(issuer.token, photo.body.id, '?inline=1').expect(200);
    expect(inline.headers['content-disposition']).toMatch(/^inline; filename=/);
    expect(inline.headers['content-security-policy']).toBe("default-src 'none'; img-src 'self'; object-src 'self'; sandbox");
    const text = await download(issuer.token, sheet.body.id, '?inline=1').expect(200);
    expect(text.headers['content-disposition']).toMatch(/^attachment; /);
    await download(issuer.token, sheet.body.id, '?inline=yes').expect(400);
  });

  it('refuses, changing nothing: 11 files, a file attached already, another user’s upload, files on an act that takes none', async () => {
    const taskId = await inProgressTask();
    const ids: number[] = [];
    for (let i = 0; i < 11; i++) ids.push((await upload(owner.token, `照片${i}.png`, SPECIMENS.png).expect(201)).body.id);
    const act = (token: string, body: object) => http(app).post(`/api/v1/tasks/${taskId}/transitions`).set(as(token)).send(body);
    const events = await count('events');

    expect((await act(owner.token, { action: 'submit', fileIds: ids }).expect(400)).body.message).toEqual(expect.arrayContaining(['fileIds: at most 10 files per action']));
    const foreign = (await upload(stranger.token, '别人的.png', SPECIMENS.png).expect(201)).body.id;
    expect((await act(owner.token, { action: 'submit', fileIds: [ids[0], foreign] }).expect(400)).body.message).toBe(
      `fileIds: ${foreign} is not an upload of yours waiting to be attached (a file attaches once, by its uploader)`,
    );
    expect((await act(owner.token, { action: 'submit', fileIds: [ids[0], ids[0]] }).expect(400)).body.message).toBe('fileIds must not repeat a file');
    expect((await act(owner.token, { action: 'request_extension', comment: '需延期', dueAt: inDays(20), fileIds: [ids[0]] }).expect(400)).body.message).toBe(
      'fileIds: files attach to a submission (submit) or a return (return) only',
    );
    expect(await count('events')).toBe(events);
    const task = (await http(app).get(`/api/v1/tasks/${taskId}`).set(as(owner.token)).expect(200)).body;
    expect(task).toMatchObject({ state: 'IN_PROGRESS', files: [] });

    await act(owner.token, { action: 'submit', fileIds: ids.slice(0, 10) }).expect(200);
    const again = await inProgressTask();
    await http(app)
      .post(`/api/v1/tasks/${again}/transitions`)
      .set(as(owner.token))
      .send({ action: 'submit', fileIds: [ids[0]] })
      .expect(400);
    expect(await sql(app, 'SELECT subject_id FROM files WHERE id = ?', [ids[0]])).toEqual([{ subject_id: taskId }]);
  });

  it('carries evidence on a report, a problem’s feedback and resolution, minutes and a list item', async () => {
    // A weekly report owed by 经开区 to the chain's lead department, materialised by the engine.
    const policy = (
      await http(app)
        .post('/api/v1/escalation-policies')
        .set(as(admin))
        .send({ name: `证据-${Date.now()}`, steps: [{ offset: 'PT0S', calendar: 'natural', action: 'due' }] })
        .expect(201)
    ).body.id;
    const cadence = (
      await http(app)
        .post('/api/v1/cadences')
        .set(as(admin))
        .send({
          name: `证据周报-${Date.now()}`,
          kind: 'REPORT',
          frequency: 'WEEKLY',
          weekday: 5,
          time: '18:00',
          shift: 'NONE',
          activeFrom: new Date().toISOString(),
          chainId: sensorChain,
          policyId: policy,
          owingUnitIds: [units.jk],
        })
        .expect(201)
    ).body.id;
    const meetings = (
      await http(app)
        .post('/api/v1/cadences')
        .set(as(admin))
        .send({
          name: `证据例会-${Date.now()}`,
          kind: 'MEETING',
          frequency: 'WEEKLY',
          weekday: 3,
          time: '09:00',
          shift: 'NONE',
          activeFrom: new Date(Date.now() - 30 * 86_400_000).toISOString(),
          chainId: sensorChain,
          convenerRole: 'LEADER',
        })
        .expect(201)
    ).body.id;
    await app.get(MaterialiserService).materialise();
    const [obligation] = (await http(app).get('/api/v1/obligations').query({ cadenceId: cadence, unitId: units.jk }).set(as(owner.token)).expect(200)).body.items;

    const report = await upload(owner.token, '7月月报.pdf', Buffer.concat([SPECIMENS.pdf, Buffer.from(`%${Date.now()}`)])).expect(201);
    const reported = await http(app)
      .post(`/api/v1/obligations/${obligation.id}/report`)
      .set(as(owner.token))
      .send({ progress: '本月完成投资2亿元', coordinationMatters: [{ title: '项目用电增容需协调' }], fileIds: [report.body.id] })
      .expect(200);
    expect(reported.body.files).toEqual([report.body]);
    const obligationEvents = (await http(app).get(`/api/v1/obligations/${obligation.id}/events`).set(as(issuer.token)).expect(200)).body.items;
    expect(obligationEvents.find((e: { action: string }) => e.action === 'report').files).toEqual([report.body]);
    await download(issuer.token, report.body.id).expect(200);
    await download(stranger.token, report.body.id).expect(404);

    // The matter became a problem routed to the lead department: feedback and resolution with evidence.
    const [problem] = (await http(app).get('/api/v1/problems').query({ chainId: sensorChain, unitId: units.jk }).set(as(issuer.token)).expect(200)).body.items.filter(
      (p: { title: string }) => p.title === '项目用电增容需协调',
    );
    const step = (body: object) => http(app).post(`/api/v1/problems/${problem.id}/transitions`).set(as(issuer.token)).send(body);
    await step({ action: 'acknowledge', fileIds: [report.body.id] }).expect(400);
    await step({ action: 'acknowledge' }).expect(200);
    const letter = await upload(issuer.token, '协调函.pdf', Buffer.concat([SPECIMENS.pdf, Buffer.from(`%letter${Date.now()}`)])).expect(201);
    await step({ action: 'feedback', comment: '已发协调函', fileIds: [letter.body.id] }).expect(200);
    const receipt = await upload(issuer.token, '供电回执.png', SPECIMENS.png).expect(201);
    const resolved = await step({ action: 'resolve', comment: '已增容', fileIds: [receipt.body.id] }).expect(200);
    expect(resolved.body.files).toEqual([letter.body, receipt.body]);
    await download(owner.token, receipt.body.id).expect(200); // the raising unit sees its problem
    await download(stranger.token, receipt.body.id).expect(404);

    // Minutes of a meeting held, with the sign-in sheet.
    const [held] = (
      await http(app).get('/api/v1/meetings').query({ chainId: sensorChain, to: new Date().toISOString(), pageSize: 200 }).set(as(admin)).expect(200)
    ).body.items.filter((m: { cadenceId: number; state: string }) => m.cadenceId === meetings && m.state === 'SCHEDULED');
    const signIn = await upload(admin, '签到表.txt', Buffer.from(`签到表 ${Date.now()}`)).expect(201);
    const minutes = await http(app)
      .post(`/api/v1/meetings/${held.id}/minutes`)
      .set(as(admin))
      .send({ summary: '研究用电增容', decisions: [], fileIds: [signIn.body.id] })
      .expect(200);
    expect(minutes.body.files).toEqual([signIn.body]);
    expect((await http(app).get(`/api/v1/meetings/${held.id}`).set(as(stranger.token)).expect(200)).body.files).toEqual([signIn.body]);
    await download(stranger.token, signIn.body.id).expect(200); // meetings are every signed-in user's to read

    // A list item added with its evidence.
    const licence = await upload(issuer.token, '营业执照.png', SPECIMENS.png).expect(201);
    const item = await http(app)
      .post(`/api/v1/chains/${sensorChain}/list-items`)
      .set(as(issuer.token))
      .send({ type: 'MATTER', name: `证据事项${Date.now()}`, reason: '新增', fileIds: [licence.body.id] })
      .expect(201);
    expect(item.body.files).toEqual([licence.body]);
  });

  it('survives a crash between the blob’s write and the commit: no file visible, the retry works, nothing lost', async () => {
    const store = app.get(BlobStore);
    const bytes = Buffer.concat([SPECIMENS.pdf, Buffer.from(`% crash ${Date.now()}\n`)]);
    const before = await count('files');
    const accessBefore = await count('file_access');
    const put = jest.spyOn(store, 'put').mockImplementationOnce(async function (this: BlobStore, b: Buffer) {
      // The real write happens, then the process "dies" before the commit.
      const key = await (Object.getPrototypeOf(store) as BlobStore).put.call(store, b);
      expect(existsSync(blobPath(b))).toBe(true);
      throw new Error(`simulated crash after writing blob ${key}`);
    });
    await upload(owner.token, '合同.pdf', bytes).expect(500);
    put.mockRestore();
    expect(await count('files')).toBe(before);
    expect(await count('file_access')).toBe(accessBefore);
    expect(existsSync(blobPath(bytes))).toBe(true); // an orphan blob, which no file names

    const retried = await upload(owner.token, '合同.pdf', bytes).expect(201);
    expect((await download(owner.token, retried.body.id).expect(200)).body).toEqual(bytes);
  });

  describe('the clean-up job (a worker)', () => {
    let worker: INestApplicationContext;
    beforeAll(async () => {
      worker = await startWorker();
    });
    afterAll(() => worker.close());

    it('removes uploads never attached after a day, keeps records’ files and blobs another file names, and sweeps orphan blobs', async () => {
      const stamp = Date.now();
      const old = new Date(Date.now() - 25 * 3600_000);
      const age = (id: number) => sql(app, 'UPDATE files SET uploaded_at = ? WHERE id = ?', [old, id]);
      const ageBlob = (bytes: Buffer) => utimes(blobPath(bytes), old, old);

      const abandonedBytes = Buffer.from(`放弃的上传 ${stamp}`);
      const abandoned = (await upload(owner.token, '放弃.txt', abandonedBytes).expect(201)).body.id;
      const recent = (await upload(owner.token, '刚上传.txt', Buffer.from(`刚上传 ${stamp}`)).expect(201)).body.id;
      const sharedBytes = Buffer.from(`共享内容 ${stamp}`);
      const taskId = await inProgressTask();
      const attached = (await upload(owner.token, '已提交.txt', sharedBytes).expect(201)).body.id;
      const duplicate = (await upload(owner.token, '重复.txt', sharedBytes).expect(201)).body.id;
      for (const id of [abandoned, attached, duplicate]) await age(id);
      await http(app)
        .post(`/api/v1/tasks/${taskId}/transitions`)
        .set(as(owner.token))
        .send({ action: 'submit', fileIds: [attached] })
        .expect(200);
      await ageBlob(abandonedBytes);
      await ageBlob(sharedBytes);
      const orphanBytes = Buffer.from(`孤儿 ${stamp}`);
      await app.get(BlobStore).put(orphanBytes);
      await ageBlob(orphanBytes);
      const youngOrphan = Buffer.from(`新孤儿 ${stamp}`);
      await app.get(BlobStore).put(youngOrphan);

      const result = (await app.get(JobService).enqueueAndWait({ name: JobName.FilesCleanup, data: {} }, 30_000)) as { files: number; blobs: number };
      expect(result.files).toBeGreaterThanOrEqual(2);

      const left = (await sql<{ id: number }>(app, 'SELECT id FROM files WHERE id IN (?)', [[abandoned, recent, attached, duplicate]]))
        .map((r) => Number(r.id))
        .sort((a, b) => a - b);
      expect(left).toEqual([recent, attached].sort((a, b) => a - b));
      expect(existsSync(blobPath(abandonedBytes))).toBe(false);
      expect(existsSync(blobPath(sharedBytes))).toBe(true); // the attached file names the same bytes
      expect(existsSync(blobPath(orphanBytes))).toBe(false);
      expect(existsSync(blobPath(youngOrphan))).toBe(true);
      expect((await download(issuer.token, attached).expect(200)).body).toEqual(sharedBytes);
      await download(owner.token, abandoned).expect(404);

      // A record's file is never removed, even by hand: the table's trigger refuses it.
      await expect(sql(app, 'DELETE FROM files WHERE id = ?', [attached])).rejects.toThrow('an attached file belongs to its record');
      await expect(sql(app, 'UPDATE files SET name = ? WHERE id = ?', ['改名.txt', attached])).rejects.toThrow('files are immutable once attached');
      await expect(sql(app, 'DELETE FROM file_access WHERE file_id = ?', [attached])).rejects.toThrow('file access is append-only');
    });
  });

  describe('on an S3-compatible server', () => {
    let server: S3rver;
    let dir: string;
    let s3api: INestApplication;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'duban-s3-e2e-'));
      server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'duban-evidence', configs: [] }] });
      const { port } = (await server.run()) as AddressInfo;
      s3api = await withEnvironment(
        {
          DUBAN_FILES_S3_ENDPOINT: `http://127.0.0.1:${port}`,
          DUBAN_FILES_S3_BUCKET: 'duban-evidence',
          DUBAN_FILES_S3_ACCESS_KEY_ID: 'S3RVER',
          DUBAN_FILES_S3_SECRET_ACCESS_KEY: 'S3RVER',
        },
        startApi,
      );
    });
    afterAll(async () => {
      await s3api.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('round-trips a file through the bucket, and not through the disk', async () => {
      const bytes = Buffer.concat([SPECIMENS.jpeg, Buffer.from(`${Date.now()}`)]);
      const res = await upload(owner.token, '现场照片.jpg', bytes, s3api).expect(201);
      expect(res.body).toMatchObject({ name: '现场照片.jpg', type: 'image/jpeg', size: bytes.length });
      expect(existsSync(blobPath(bytes))).toBe(false);
      const key = createHash('sha256').update(bytes).digest('hex');
      expect(await s3api.get(BlobStore).stat(key)).toMatchObject({ key, size: bytes.length });
      expect((await download(owner.token, res.body.id, '', s3api).expect(200)).body).toEqual(bytes);
    });
  });
});
