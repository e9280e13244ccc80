import { INestApplication, INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { createHmac } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import type { UserRole } from '@duban/domain';
import { EvaluationsService, MaterialiserService } from '@duban/core';
import { adminToken, chainId, createUser, http, isolatedEnvironment, loadProfile, login, routesOf, sql, startApi, startWorker, unitId } from './support/harness';
import { QUEUE_DASHBOARD_PATH } from '../apps/api/engine/queue-dashboard';

/*
 * The authorization matrix: every route the running api serves × every role × {own scope,
 * foreign scope, no token, bad token}. The routes come from the Express router of the live
 * app; a route the expectation table below does not classify fails the suite, and so does a
 * table entry the app no longer serves.
 *
 * No cell's status is typed by hand. `expectedStatus` derives it from four rules, in the
 * order the api applies them:
 *   1. public routes (login, /health, the OpenAPI docs) answer the same with or without a token;
 *   2. otherwise no token, or a bad one (malformed, forged, `alg: none`, expired, unknown user,
 *      tampered, wrong scheme), answers 401;
 *   3. a role that @Roles does not name answers 403, before any scope check (and before an
 *      unknown id's 404);
 *   4. a record outside the caller's scope answers 404 (API.md, "Scope"; see `visible`);
 *      one inside it answers success, or 403 when the lifecycle does not let this caller take
 *      the action (small rule functions: `mayIssue`, `mayTaskAction`, `mayReport`, …).
 *
 * Scope (API.md): an admin or supervisor sees everything; a chain leader sees their chains;
 * lead-unit staff see what their unit issues or owns and the chains it leads; a liaison sees
 * what their unit owns or co-owns. Documented decisions of the code that the rules follow:
 * units, chains (with their four lists), cadences, the calendar, escalation policies, meetings,
 * evaluations and assessments are reference data every signed-in user reads — though the tasks,
 * reports and problems a meeting's agenda embeds stay scoped records; a report's receiving unit
 * is the issuing party of an obligation; a problem belongs to the unit it is routed to and to the
 * unit that raised it (the raiser closes and rates it), and any member of either unit may act
 * for it; a notification is its addressee's alone, whatever their role. Roles do not lend each
 * other scope: a chain leader who belongs to a unit still sees only their chains.
 *
 * Fixtures (zhengzhou-2021 on the virtual clock, 1 July 2026): unit A = 市工信局 (leads chain
 * X = 智能传感器), unit B = 市发展改革委 (leads chain Y = 新型显示和智能终端); chain Z =
 * 新一代人工智能 is led by 市科技局 (C). Every role has a user in unit A (the chain leader
 * also leads X) and one in unit B (leading Y). Own-side fixtures touch A or X; foreign-side
 * fixtures touch neither and must be invisible to every A-side role but the admin and the
 * supervisor. A cell that changes something works on a fresh record whenever it is expected
 * to succeed, so no cell depends on another's leftovers.
 */

type Role = Extract<UserRole, 'ADMIN' | 'SUPERVISOR' | 'CHAIN_LEADER' | 'LEAD_UNIT' | 'UNIT_LIAISON'>;
const ROLES: Role[] = ['ADMIN', 'SUPERVISOR', 'CHAIN_LEADER', 'LEAD_UNIT', 'UNIT_LIAISON'];
type Side = 'own' | 'foreign';
type Scope = Side | 'no token' | 'bad token';
const SCOPES: Scope[] = ['own', 'foreign', 'no token', 'bad token'];

interface Principal {
  role: Role;
  id: number;
  username: string;
  token: string;
  unitId: number | null;
  leaderChains: number[];
}

type Rec =
  | { type: 'task'; issuer: number; owner: number; co: number[]; chain: number | null }
  | { type: 'obligation'; unit: number; receiver: number | null; chain: number | null }
  | { type: 'problem'; raisedBy: number; routedTo: number; chain: number | null }
  | { type: 'supervision'; owner: number; chain: number | null }
  | { type: 'notification'; userId: number }
  | { type: 'import'; createdBy: number }
  | { type: 'upload'; uploadedBy: number };

interface Fixture<R extends Rec = Rec> {
  id: number;
  label: string;
  side: Side;
  rec: R;
}

interface Req {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  query?: Record<string, string | number>;
  body?: object;
  /** A multipart upload in the field `file`. */
  file?: { name: string; bytes: Buffer };
}

interface Target {
  /** What the cell acts on, for the failure message. */
  what: string;
  /** The request; used as is unless the cell is expected to succeed and `fresh` is given. */
  req: Req | (() => Promise<Req>);
  /** A record with a scope: invisible to the caller → 404. */
  rec?: Rec;
  /** An id that does not exist: 404 — but only after the role check (403 comes first). */
  missing?: boolean;
  /** Inside the scope, may this caller take the action? false → 403. */
  may?: boolean;
  /** A fresh record to act on, for cells expected to succeed (mutations). */
  fresh?: () => Promise<Req>;
  /** Further checks of a successful answer. */
  check?: (res: Response, p: Principal) => void | Promise<void>;
}

interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** `public`: no token needed; `signed-in`: any role; otherwise the @Roles list. */
  access: 'public' | 'signed-in' | Role[];
  /** The success status. */
  ok: number;
  targets: (p: Principal, side: Side) => Target[] | Promise<Target[]>;
}

/** Router entries that are not endpoints of Duban's: a plugin's routes, behind a guard of Duban's. */
const MIDDLEWARE: Record<string, string> = {
  [`* ${QUEUE_DASHBOARD_PATH}/…`]: 'bull-board, read-only, behind the admins-only hook (test/queue-dashboard.e2e-spec.ts)',
};

// ---------------------------------------------------------------------------------------------
// State filled in by beforeAll.

let cleanup: () => Promise<void>;
let api: INestApplication;
let worker: INestApplicationContext;
let admin: string;
let bootstrapAdminId: number;
const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
const TAG = `authz${RUN}`;
const PASSWORD = 'password-123'; // createUser's
/** Passwords principals changed through POST /auth/password (the rest still have createUser's). */
const passwords = new Map<number, string>();
const passwordOf = (p: Principal) => passwords.get(p.id) ?? PASSWORD;
/** The new password a cell is about to set, until its answer confirms it. */
const pendingPasswords = new Map<number, string>();
let seq = 0;
const uniq = (what: string) => `${TAG}-${what}-${++seq}`;

const U = { A: 0, B: 0, C: 0, C2: 0, B2: 0, B3: 0 };
const CH = { X: 0, Y: 0, Z: 0 };
const chainLeads = new Map<number, number[]>();
const own = {} as Record<Role, Principal>;
const foreign = {} as Record<Role, Principal>;

const F = {
  tasks: [] as Fixture<Extract<Rec, { type: 'task' }>>[],
  obligations: [] as Fixture<Extract<Rec, { type: 'obligation' }>>[],
  problems: [] as Fixture<Extract<Rec, { type: 'problem' }>>[],
  supervision: [] as Fixture<Extract<Rec, { type: 'supervision' }>>[],
  notifications: new Map<number, number>(), // user id → notification id
  pools: { obligations: new Map<string, number[]>(), problems: new Map<string, number[]>(), meetings: new Map<number, number[]>() },
  meetings: { X: 0, Y: 0 },
  /** A scheduled meeting the general leader convenes over chain X (Y): delegable to its leader. */
  generalMeetings: { X: 0, Y: 0 },
  listItems: { X: 0, Y: 0 },
  cadences: { X: 0, Y: 0, Z: 0, X2: 0, meetingX: 0, staticAdmin: 0 },
  policies: { quiet: 0, general: 0, unused: 0 },
  channel: 0,
  /** Evidence files attached to task, report and problem fixtures (the file's scope is its record's), and one of a meeting. */
  files: [] as Fixture<Exclude<Rec, { type: 'notification' } | { type: 'import' } | { type: 'upload' } | { type: 'supervision' }>>[],
  meetingFile: 0,
};

// ---------------------------------------------------------------------------------------------
// The rules.

const seesEverything = (p: Principal) => p.role === 'ADMIN' || p.role === 'SUPERVISOR';
const leads = (unit: number | null, chain: number | null) => unit !== null && chain !== null && (chainLeads.get(chain) ?? []).includes(unit);

/** Who issues, owns and co-owns a record (API.md's words), per kind of record. */
function parties(r: Exclude<Rec, { type: 'notification' } | { type: 'import' } | { type: 'upload' }>): { issues: (number | null)[]; owns: number[]; coOwns: number[] } {
  switch (r.type) {
    case 'task':
      return { issues: [r.issuer], owns: [r.owner], coOwns: r.co };
    case 'obligation':
      return { issues: [r.receiver], owns: [r.unit], coOwns: [] };
    case 'problem':
      return { issues: [r.raisedBy], owns: [r.routedTo], coOwns: [r.raisedBy] };
    case 'supervision':
      return { issues: [], owns: [r.owner], coOwns: [] };
  }
}

/** API.md, "Scope": may this caller see this record? */
function visible(p: Principal, r: Rec): boolean {
  if (r.type === 'notification') return r.userId === p.id;
  // A notice's preview is its importer's own, whatever their role.
  if (r.type === 'import') return r.createdBy === p.id;
  // An upload not yet attached is its uploader's alone.
  if (r.type === 'upload') return r.uploadedBy === p.id;
  if (seesEverything(p)) return true;
  if (p.role === 'CHAIN_LEADER') return r.chain !== null && p.leaderChains.includes(r.chain);
  if (p.unitId === null) return false;
  const { issues, owns, coOwns } = parties(r);
  if (p.role === 'LEAD_UNIT') return issues.includes(p.unitId) || owns.includes(p.unitId) || leads(p.unitId, r.chain);
  return owns.includes(p.unitId) || coOwns.includes(p.unitId);
}

/** Tasks are created by an issuing unit (for itself), a supervisor or an admin. */
const mayIssue = (p: Principal, issuerUnitId: number) => seesEverything(p) || (p.role === 'LEAD_UNIT' && p.unitId === issuerUnitId);

/** DESIGN.md's lifecycle table: assign — issuer, supervisor, admin; accept — owner. */
function mayTaskAction(p: Principal, action: 'assign' | 'accept', t: Extract<Rec, { type: 'task' }>): boolean {
  if (action === 'assign') return seesEverything(p) || (p.role === 'LEAD_UNIT' && p.unitId === t.issuer);
  return (p.role === 'UNIT_LIAISON' || p.role === 'LEAD_UNIT') && p.unitId === t.owner;
}
const taskActionOf = (p: Principal): 'assign' | 'accept' => (p.role === 'UNIT_LIAISON' ? 'accept' : 'assign');

/** The owing unit submits its report. */
const mayReport = (p: Principal, o: Extract<Rec, { type: 'obligation' }>) => p.unitId !== null && p.unitId === o.unit;

/** A problem is acknowledged by the unit it is routed to, or a supervisor (admins count). */
const mayAcknowledge = (p: Principal, r: Extract<Rec, { type: 'problem' }>) => seesEverything(p) || (p.unitId !== null && p.unitId === r.routedTo);

/** A problem is raised by a unit's staff (or a supervisor or admin of a unit) about any chain. */
const mayRaiseProblem = (p: Principal) => p.unitId !== null && (seesEverything(p) || p.role === 'LEAD_UNIT' || p.role === 'UNIT_LIAISON');

/** The four lists are adjusted by the chain's lead department, a supervisor or an admin. */
const mayEditLists = (p: Principal, chain: number) => seesEverything(p) || (p.role === 'LEAD_UNIT' && leads(p.unitId, chain));

/** Minutes are recorded by the chain's leader or lead department, a supervisor or an admin. */
const mayRecordMinutes = (p: Principal, chain: number) =>
  seesEverything(p) || (p.role === 'LEAD_UNIT' && leads(p.unitId, chain)) || (p.role === 'CHAIN_LEADER' && p.leaderChains.includes(chain));

function expectedStatus(route: RouteSpec, p: Principal, scope: Scope, t: Target): number {
  if (route.access === 'public') return route.ok;
  if (scope === 'no token' || scope === 'bad token') return 401;
  if (route.access !== 'signed-in' && !route.access.includes(p.role)) return 403;
  if (t.missing) return 404;
  if (t.rec && !visible(p, t.rec)) return 404;
  if (t.may === false) return 403;
  return route.ok;
}

// ---------------------------------------------------------------------------------------------
// Helpers.

const bearer = (token: string) => `Bearer ${token}`;
/** The account's token version a real token carries: forged tokens copy it, so only the signature betrays them. */
const tokenVersion = (token: string): number => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).ver;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function signJwt(claims: Record<string, unknown>, secret: string): string {
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64(claims);
  return `${head}.${body}.${createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
}

/** Tokens that must all answer 401, each aimed at this principal's identity where it can be. */
function badAuthorizations(p: Principal): { what: string; header: string }[] {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: p.id, username: p.username, ver: tokenVersion(p.token), iat: now, exp: now + 3600 };
  const secret = process.env.JWT_SECRET!;
  const [head, , signature] = p.token.split('.');
  return [
    { what: 'malformed token', header: 'Bearer not-a-jwt' },
    { what: 'empty bearer', header: 'Bearer' },
    { what: 'forged (wrong secret)', header: bearer(signJwt(claims, 'forged-secret-0123456789abcdef')) },
    { what: 'alg none', header: bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`) },
    { what: 'expired', header: bearer(signJwt({ ...claims, iat: now - 7200, exp: now - 3600 }, secret)) },
    { what: 'unknown user', header: bearer(signJwt({ ...claims, sub: 2_000_000_000 }, secret)) },
    { what: 'tampered (sub → bootstrap admin)', header: bearer(`${head}.${b64({ ...claims, sub: bootstrapAdminId, username: 'admin' })}.${signature}`) },
    { what: 'wrong scheme', header: `Token ${p.token}` },
  ];
}

async function send(req: Req, authorization: string | null): Promise<Response> {
  let r = http(api)[req.method](req.path);
  if (authorization !== null) r = r.set('authorization', authorization);
  if (req.query) r = r.query(req.query);
  if (req.body !== undefined) r = r.send(req.body);
  if (req.file) r = r.attach('file', req.file.bytes, { filename: req.file.name });
  return r;
}

const asAdmin = async (req: Req, status: number) => {
  const res = await send(req, bearer(admin));
  if (res.status !== status) throw new Error(`fixture ${req.method.toUpperCase()} ${req.path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

const virtualNow = async () => new Date((await asAdmin({ method: 'get', path: '/api/v1/admin/clock' }, 200)).now as string);
const inDays = async (days: number) => new Date((await virtualNow()).getTime() + days * 86_400_000).toISOString();

function take<K>(pool: Map<K, number[]>, key: K): number {
  const ids = pool.get(key);
  const id = ids?.shift();
  if (id === undefined) throw new Error(`fixture pool ${String(key)} is exhausted`);
  return id;
}

/** Every item of a scoped list is in the caller's scope, and every in-scope fixture the query matches is there. */
function listCheck<R extends Rec, I extends { id: number | string }>(toRec: (item: I) => R, fixtures: () => Fixture<R>[], matches: (r: R) => boolean = () => true) {
  return (res: Response, p: Principal) => {
    const problems: string[] = [];
    const items = res.body.items as I[];
    for (const item of items) if (!visible(p, toRec(item))) problems.push(`item ${item.id} ${JSON.stringify(toRec(item))} is outside the caller's scope`);
    const ids = new Set(items.map((i) => String(i.id)));
    for (const f of fixtures()) {
      if (matches(f.rec) && visible(p, f.rec) && !ids.has(String(f.id))) problems.push(`in-scope ${f.label} (${f.id}) is missing`);
    }
    if (problems.length > 0) throw new Error(problems.join('; '));
  };
}

const taskRec = (t: { id: number; issuerUnitId: number; ownerUnitId: number; coUnitIds?: number[]; chainId: number | null }): Extract<Rec, { type: 'task' }> => ({
  type: 'task',
  issuer: t.issuerUnitId,
  owner: t.ownerUnitId,
  co: t.coUnitIds ?? [],
  chain: t.chainId,
});
const obligationRec = (o: { id: number; unitId: number; receiverUnitId: number | null; chainId: number | null }): Extract<Rec, { type: 'obligation' }> => ({
  type: 'obligation',
  unit: o.unitId,
  receiver: o.receiverUnitId,
  chain: o.chainId,
});
const problemRec = (r: { id: number; raisedByUnitId: number; routedToUnitId: number; chainId: number | null }): Extract<Rec, { type: 'problem' }> => ({
  type: 'problem',
  raisedBy: r.raisedByUnitId,
  routedTo: r.routedToUnitId,
  chain: r.chainId,
});
const supervisionRec = (e: { id: number; ownerUnitId: number; chainId: number | null }): Extract<Rec, { type: 'supervision' }> => ({
  type: 'supervision',
  owner: e.ownerUnitId,
  chain: e.chainId,
});

/**
 * Meetings are reference data, but an agenda embeds tasks, reports and problems: each of those
 * is a scoped record, and one outside the caller's scope must not show through (API.md: "as if
 * it did not exist").
 */
async function agendaInScope(agenda: Record<string, { id: number }[] | null>, p: Principal): Promise<void> {
  const leaks: string[] = [];
  const ids = (key: string) => (agenda[key] ?? []).map((x) => Number(x.id));
  for (const id of [...ids('overdueTasks'), ...ids('lastDecisions')]) {
    const [t] = await sql<{ issuer: number; owner: number; chain: number | null }>(
      api,
      'SELECT issuer_unit_id AS issuer, owner_unit_id AS owner, chain_id AS chain FROM tasks WHERE id = ?',
      [id],
    );
    const co = (await sql<{ unit: number }>(api, 'SELECT unit_id AS unit FROM task_co_units WHERE task_id = ?', [id])).map((r) => Number(r.unit));
    if (!visible(p, { type: 'task', issuer: Number(t.issuer), owner: Number(t.owner), co, chain: t.chain === null ? null : Number(t.chain) })) leaks.push(`task ${id}`);
  }
  for (const id of ids('overdueReports')) {
    const [o] = await sql<{ unit: number; receiver: number | null; chain: number | null }>(
      api,
      'SELECT unit_id AS unit, receiver_unit_id AS receiver, chain_id AS chain FROM obligations WHERE id = ?',
      [id],
    );
    if (!visible(p, { type: 'obligation', unit: Number(o.unit), receiver: o.receiver === null ? null : Number(o.receiver), chain: o.chain === null ? null : Number(o.chain) }))
      leaks.push(`report ${id}`);
  }
  for (const id of ids('openProblems')) {
    const [r] = await sql<{ raised: number; routed: number; chain: number | null }>(
      api,
      'SELECT raised_by_unit_id AS raised, routed_to_unit_id AS routed, chain_id AS chain FROM problems WHERE id = ?',
      [id],
    );
    const rec: Rec = { type: 'problem', raisedBy: Number(r.raised), routedTo: Number(r.routed), chain: r.chain === null ? null : Number(r.chain) };
    if (!visible(p, rec)) leaks.push(`problem ${id} ${JSON.stringify(rec)}`);
  }
  if (leaks.length > 0) throw new Error(`the agenda shows records outside the caller's scope: ${leaks.join(', ')}`);
}

const sameId = (id: () => number) => (res: Response) => {
  if (Number(res.body.id) !== id()) throw new Error(`answered record ${res.body.id}, not ${id()}`);
};

/** A subject's detail: the record asked for, with its escalation steps. */
const withSteps = (id: () => number) => (res: Response) => {
  sameId(id)(res);
  if (!Array.isArray(res.body.steps)) throw new Error(`no steps in ${JSON.stringify(res.body).slice(0, 200)}`);
};

/** A subject's timeline: oldest first. */
const oldestFirst = (res: Response) => {
  const ids = (res.body.items as { id: string }[]).map((e) => BigInt(e.id));
  if (ids.some((id, i) => i > 0 && id <= ids[i - 1])) throw new Error(`events out of order: ${ids.join(', ')}`);
};

/** The rows of a supervision export the caller downloads (the header row aside). */
async function exportedRows(p: Principal, query: Record<string, string | number>): Promise<number> {
  const res = await http(api)
    .get('/api/v1/supervision/export.xlsx')
    .query(query)
    .set('authorization', bearer(p.token))
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.body as ArrayBuffer);
  return book.worksheets[0].actualRowCount - 1;
}

/** How many supervision entries (open or closed) of `owner`, or of anyone, the caller may see: what an export must hold. */
async function visibleEntries(p: Principal, owner?: number): Promise<number> {
  const rows = await sql<{ owner: number; chain: number | null }>(
    api,
    `SELECT owner_unit_id AS owner, chain_id AS chain FROM supervision_entries ${owner ? 'WHERE owner_unit_id = ?' : ''}`,
    owner ? [owner] : [],
  );
  return rows.filter((e) => visible(p, { type: 'supervision', owner: Number(e.owner), chain: e.chain === null ? null : Number(e.chain) })).length;
}

/** A supervisor's act on a task of the side's shape: a fresh ASSIGNED one when the cell succeeds; an unknown id answers 404 after the role check. */
function supervisorActs(side: Side, path: '/api/v1/supervision/urge' | '/api/v1/supervision/decide', body: object, check: (res: Response, taskId: number) => void): Target[] {
  const shape = side === 'own' ? 'task owned by A' : 'task of B on chain Y';
  const f = F.tasks.find((t) => t.label === shape)!;
  let acted = 0;
  return [
    {
      what: `${path.split('/').pop()} on a ${shape}`,
      rec: f.rec,
      req: { method: 'post', path, body: { subjectType: 'TASK', subjectId: f.id, ...body } },
      fresh: async () => {
        acted = await newTask(shape, 'ASSIGNED');
        return { method: 'post', path, body: { subjectType: 'TASK', subjectId: acted, ...body } };
      },
      check: (res) => check(res, acted),
    },
    { what: 'an unknown task', missing: true, req: { method: 'post', path, body: { subjectType: 'TASK', subjectId: UNKNOWN_ID, ...body } } },
  ];
}

// Task shapes: own side touches unit A or chain X; the foreign one touches neither.
const TASK_SHAPES: Record<string, { side: Side; body: () => { issuerUnitId: number; ownerUnitId: number; coUnitIds: number[]; chainId?: number } }> = {
  'task issued by A': { side: 'own', body: () => ({ issuerUnitId: U.A, ownerUnitId: U.C2, coUnitIds: [] }) },
  'task owned by A': { side: 'own', body: () => ({ issuerUnitId: U.C, ownerUnitId: U.A, coUnitIds: [] }) },
  'task co-owned by A': { side: 'own', body: () => ({ issuerUnitId: U.C, ownerUnitId: U.C2, coUnitIds: [U.A] }) },
  'task on chain X': { side: 'own', body: () => ({ issuerUnitId: U.C, ownerUnitId: U.C2, coUnitIds: [], chainId: CH.X }) },
  'task of B on chain Y': { side: 'foreign', body: () => ({ issuerUnitId: U.B, ownerUnitId: U.B2, coUnitIds: [U.B3], chainId: CH.Y }) },
};

async function newTask(shape: string, state: 'DRAFT' | 'ASSIGNED'): Promise<number> {
  const task = await asAdmin({ method: 'post', path: '/api/v1/tasks', body: { title: uniq(shape), dueAt: await inDays(10), ...TASK_SHAPES[shape].body() } }, 201);
  if (state === 'ASSIGNED') await asAdmin({ method: 'post', path: `/api/v1/tasks/${task.id}/transitions`, body: { action: 'assign' } }, 200);
  return task.id;
}

/** Who imports notices; a notice whose only task unit A leads, due within the virtual year. */
const IMPORTERS: Role[] = ['ADMIN', 'SUPERVISOR', 'LEAD_UNIT'];
const IMPORT_NOTICE = '（一）编制智能传感器产业链图谱。\n牵头单位：市工信局\n完成时间：2026年12月底前';
/** A preview made by `p` (an importer); any importer's preview stands in for callers who may not import (their 403 comes first). */
async function importBy(p: Principal): Promise<number> {
  const by = IMPORTERS.includes(p.role) ? p : foreign.SUPERVISOR;
  const res = await send({ method: 'post', path: '/api/v1/imports', body: { text: IMPORT_NOTICE, source: uniq('import') } }, bearer(by.token));
  if (res.status !== 201) throw new Error(`fixture import by ${by.username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}
const importRec = (p: Principal, side: Side): Extract<Rec, { type: 'import' }> => ({
  type: 'import',
  createdBy: side === 'own' && IMPORTERS.includes(p.role) ? p.id : foreign.SUPERVISOR.id,
});

/** Uploads a file as `by`; answers its id. */
async function uploadBy(by: Principal): Promise<number> {
  const res = await send({ method: 'post', path: '/api/v1/files', file: { name: '证据.txt', bytes: Buffer.from(uniq('upload')) } }, bearer(by.token));
  if (res.status !== 201) throw new Error(`fixture upload by ${by.username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** A file attached to a record, as an act attaching it leaves it. */
async function attachedFile(subjectType: 'TASK' | 'OBLIGATION' | 'PROBLEM' | 'MEETING', subjectId: number): Promise<number> {
  const id = await uploadBy(own.ADMIN);
  await sql(api, 'UPDATE files SET subject_type = ?, subject_id = ?, attached_at = NOW(3) WHERE id = ?', [subjectType, subjectId, id]);
  return id;
}

const quietPolicyBody = () => ({ name: uniq('policy'), steps: [{ offset: 'PT0S', calendar: 'natural', action: 'due' }] });
const laterCadenceBody = (chain: number) => ({
  name: uniq('cadence'),
  kind: 'MEETING',
  frequency: 'MONTHLY',
  dayOfMonth: 15,
  time: '09:00',
  shift: 'NONE',
  activeFrom: '2030-01-01T00:00:00+08:00',
  chainId: chain,
  convenerRole: 'LEADER',
});
const UNKNOWN_ID = 4_294_967_295;
/** The foreign column of an admin-only route on a configuration record: an id that does not exist. */
const unknownId = (path: string, method: Req['method'], body?: () => object): Target => ({
  what: 'an unknown id',
  missing: true,
  req: () => Promise.resolve({ method, path: path.replace(':id', String(UNKNOWN_ID)), ...(body ? { body: body() } : {}) }),
});
const sideChain = (side: Side) => (side === 'own' ? CH.X : CH.Y);
const sideUnit = (side: Side) => (side === 'own' ? U.A : U.B);

// ---------------------------------------------------------------------------------------------
// The expectation table: every endpoint the api serves.

const docs = (path: string, ok = 200): RouteSpec => ({ method: 'GET', path, access: 'public', ok, targets: () => [{ what: path, req: { method: 'get', path } }] });

const ROUTES: RouteSpec[] = [
  // ---- public ----
  docs('/api/docs'),
  docs('/api/docs/'),
  docs('/api/docs/index.html'),
  docs('/api/docs/swagger-ui-init.js'),
  docs('/api/docs/docs/swagger-ui-init.js'),
  docs('/api/docs/LICENSE', 404), // routed by @nestjs/swagger, but swagger-ui-dist ships no such file
  docs('/api/docs-json'),
  docs('/api/docs-yaml'),
  docs('/health'),
  // Prometheus' scrape needs DUBAN_METRICS_TOKEN, its own bearer token (test/metrics.e2e-spec.ts); unset here, so there is none.
  docs('/metrics', 404),
  {
    method: 'POST',
    path: '/api/v1/auth/login',
    access: 'public',
    ok: 200,
    targets: (p, side) => {
      const who = side === 'own' ? p : foreign[p.role];
      return [
        {
          what: `${who.username}'s password`,
          req: () => Promise.resolve({ method: 'post', path: '/api/v1/auth/login', body: { username: who.username, password: passwordOf(who) } }),
          check: (res) => expect(res.body.user.id).toBe(who.id),
        },
      ];
    },
  },

  // ---- auth and people ----
  {
    method: 'POST',
    path: '/api/v1/auth/password',
    access: 'signed-in',
    ok: 204,
    targets: (p) => [
      {
        what: "the caller's own password (then signs in again: older tokens are revoked)",
        req: () => {
          const next = `${TAG}-新口令-${++seq}`;
          pendingPasswords.set(p.id, next);
          return Promise.resolve({ method: 'post', path: '/api/v1/auth/password', body: { currentPassword: passwordOf(p), newPassword: next } });
        },
        check: async (res, caller) => {
          const next = pendingPasswords.get(caller.id)!;
          passwords.set(caller.id, next);
          const stale = await send({ method: 'get', path: '/api/v1/me' }, bearer(caller.token));
          if (stale.status !== 401) throw new Error(`the token issued before the change still works (${stale.status})`);
          caller.token = await login(api, caller.username, next);
        },
      },
    ],
  },
  {
    method: 'GET',
    path: '/api/v1/me',
    access: 'signed-in',
    ok: 200,
    targets: () => [{ what: 'the caller', req: { method: 'get', path: '/api/v1/me' }, check: (res, p) => expect(res.body).toMatchObject({ id: p.id, roles: [p.role] }) }],
  },
  {
    method: 'GET',
    path: '/api/v1/me/summary',
    access: 'signed-in',
    ok: 200,
    targets: () => [
      {
        what: "the caller's dashboard",
        req: { method: 'get', path: '/api/v1/me/summary' },
        check: (res) => expect(res.body.cards.map((c: { key: string }) => c.key)).toContain('todo'),
      },
    ],
  },
  {
    method: 'GET',
    path: '/api/v1/units',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => [
      {
        what: `the directory, finding unit ${side === 'own' ? 'A' : 'B'}`,
        req: { method: 'get', path: '/api/v1/units', query: { kind: 'DEPARTMENT', pageSize: 200 } },
        check: (res) => expect(res.body.items.map((u: { id: number }) => u.id)).toContain(sideUnit(side)),
      },
    ],
  },
  {
    method: 'POST',
    path: '/api/v1/units',
    access: ['ADMIN'],
    ok: 201,
    targets: (_p, side) => [
      {
        what: `a unit under ${side === 'own' ? 'A' : 'B'}`,
        req: () => Promise.resolve({ method: 'post', path: '/api/v1/units', body: { name: uniq('unit'), kind: 'DEPARTMENT', parentId: sideUnit(side) } }),
      },
    ],
  },
  { method: 'GET', path: '/api/v1/users', access: ['ADMIN'], ok: 200, targets: () => [{ what: 'the user list', req: { method: 'get', path: '/api/v1/users' } }] },
  {
    method: 'POST',
    path: '/api/v1/users',
    access: ['ADMIN'],
    ok: 201,
    targets: (_p, side) => [
      {
        what: `a liaison of ${side === 'own' ? 'A' : 'B'}`,
        req: () =>
          Promise.resolve({
            method: 'post',
            path: '/api/v1/users',
            body: { username: uniq('user'), password: PASSWORD, displayName: '矩阵用户', unitId: sideUnit(side), roles: ['UNIT_LIAISON'] },
          }),
        check: (res) => expect(res.body.passwordHash).toBeUndefined(),
      },
    ],
  },
  {
    method: 'PATCH',
    path: '/api/v1/users/:id',
    access: ['ADMIN'],
    ok: 200,
    targets: (p, side) =>
      side === 'foreign'
        ? [unknownId('/api/v1/users/:id', 'patch', () => ({ displayName: '矩阵-改名' }))]
        : [
            {
              what: "a liaison's display name",
              req: { method: 'patch', path: `/api/v1/users/${own.UNIT_LIAISON.id}`, body: { displayName: '矩阵-改名' } },
              fresh: async () => ({
                method: 'patch',
                path: `/api/v1/users/${(await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: U.A })).id}`,
                body: { displayName: '矩阵-改名' },
              }),
              check: (res) => expect(res.body).toMatchObject({ displayName: '矩阵-改名', disabled: false }),
            },
          ],
  },
  {
    method: 'POST',
    path: '/api/v1/users/:id/password',
    access: ['ADMIN'],
    ok: 204,
    targets: (_p, side) =>
      side === 'foreign'
        ? [unknownId('/api/v1/users/:id/password', 'post', () => ({ password: '矩阵-临时口令-2026' }))]
        : [
            {
              what: "a liaison's temporary password",
              req: { method: 'post', path: `/api/v1/users/${own.UNIT_LIAISON.id}/password`, body: { password: '矩阵-临时口令-2026' } },
              fresh: async () => ({
                method: 'post',
                path: `/api/v1/users/${(await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: U.A })).id}/password`,
                body: { password: '矩阵-临时口令-2026' },
              }),
            },
          ],
  },
  {
    method: 'GET',
    path: '/api/v1/audit',
    access: ['ADMIN', 'SUPERVISOR'],
    ok: 200,
    targets: () => [
      {
        what: 'account changes in the audit log',
        req: { method: 'get', path: '/api/v1/audit', query: { target: 'user', pageSize: 200 } },
        check: (res) => expect(res.body.items.some((e: { action: string }) => e.action === 'user.create')).toBe(true),
      },
    ],
  },

  // ---- chains (reference data) ----
  {
    method: 'GET',
    path: '/api/v1/chains',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => [
      {
        what: `the chains, finding chain ${side === 'own' ? 'X' : 'Y'}`,
        req: { method: 'get', path: '/api/v1/chains', query: { category: 'EMERGING' } },
        check: (res) => expect(res.body.items.map((c: { id: number }) => c.id)).toContain(sideChain(side)),
      },
    ],
  },
  {
    method: 'GET',
    path: '/api/v1/chains/:id',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => [
      { what: `chain ${side === 'own' ? 'X' : 'Y'}`, req: { method: 'get', path: `/api/v1/chains/${sideChain(side)}` }, check: sameId(() => sideChain(side)) },
    ],
  },

  // ---- tasks ----
  {
    method: 'POST',
    path: '/api/v1/tasks',
    access: 'signed-in',
    ok: 201,
    targets: (p, side) => {
      const shape = side === 'own' ? 'task issued by A' : 'task of B on chain Y';
      const body = TASK_SHAPES[shape].body();
      return [
        {
          what: `a ${shape}`,
          may: mayIssue(p, body.issuerUnitId),
          req: async () => ({ method: 'post', path: '/api/v1/tasks', body: { title: uniq('new task'), dueAt: await inDays(10), ...body } }),
          check: (res) => expect(res.body).toMatchObject({ state: 'DRAFT', issuerUnitId: body.issuerUnitId }),
        },
      ];
    },
  },
  {
    method: 'GET',
    path: '/api/v1/tasks',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => {
      const check = listCheck(taskRec, () => F.tasks, side === 'foreign' ? (r) => r.issuer === U.B : undefined);
      return side === 'own'
        ? [
            { what: 'the first page', req: { method: 'get', path: '/api/v1/tasks', query: { pageSize: 200 } }, check: listCheck(taskRec, () => []) },
            { what: "this suite's tasks", req: { method: 'get', path: '/api/v1/tasks', query: { q: TAG, pageSize: 200 } }, check },
          ]
        : [{ what: "B's tasks, asked for by name", req: { method: 'get', path: '/api/v1/tasks', query: { q: TAG, issuerUnitId: U.B, pageSize: 200 } }, check }];
    },
  },
  {
    method: 'GET',
    path: '/api/v1/tasks/:id',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) =>
      F.tasks.filter((f) => f.side === side).map((f) => ({ what: f.label, rec: f.rec, req: { method: 'get', path: `/api/v1/tasks/${f.id}` }, check: withSteps(() => f.id) })),
  },
  {
    method: 'POST',
    path: '/api/v1/tasks/:id/transitions',
    access: 'signed-in',
    ok: 200,
    targets: (p, side) => {
      const action = taskActionOf(p);
      return F.tasks
        .filter((f) => f.side === side)
        .map((f) => ({
          what: `${action} on a ${f.label}`,
          rec: f.rec,
          may: mayTaskAction(p, action, f.rec),
          req: { method: 'post', path: `/api/v1/tasks/${f.id}/transitions`, body: { action } },
          fresh: async () => ({ method: 'post', path: `/api/v1/tasks/${await newTask(f.label, action === 'accept' ? 'ASSIGNED' : 'DRAFT')}/transitions`, body: { action } }),
          check: (res) => expect(res.body.state).toBe(action === 'accept' ? 'IN_PROGRESS' : 'ASSIGNED'),
        }));
    },
  },
  {
    // 任务分解: whoever may assign the task (its issuer, a supervisor, an admin) splits it.
    method: 'POST',
    path: '/api/v1/tasks/:id/subtasks',
    access: 'signed-in',
    ok: 201,
    targets: (p, side) =>
      F.tasks
        .filter((f) => f.side === side)
        .map((f) => ({
          what: `split a ${f.label}`,
          rec: f.rec,
          may: mayTaskAction(p, 'assign', f.rec),
          req: { method: 'post', path: `/api/v1/tasks/${f.id}/subtasks`, body: { ownerUnitIds: [U.C2] } },
          fresh: async () => ({ method: 'post', path: `/api/v1/tasks/${await newTask(f.label, 'DRAFT')}/subtasks`, body: { ownerUnitIds: [U.C2] } }),
          check: (res) => expect(res.body).toMatchObject({ state: 'IN_PROGRESS', children: [{ ownerUnitId: U.C2, state: 'ASSIGNED' }] }),
        })),
  },
  {
    method: 'GET',
    path: '/api/v1/tasks/:id/events',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) =>
      F.tasks
        .filter((f) => f.side === side)
        .map((f) => ({
          what: `events of a ${f.label}`,
          rec: f.rec,
          req: { method: 'get', path: `/api/v1/tasks/${f.id}/events` },
          check: (res) => expect(res.body.items[0].action).toBe('create'),
        })),
  },

  // ---- evidence files (a file's scope is its record's; an upload not yet attached is its uploader's) ----
  {
    method: 'POST',
    path: '/api/v1/files',
    access: 'signed-in',
    ok: 201,
    targets: () => [
      {
        what: 'a text file',
        req: () => Promise.resolve({ method: 'post', path: '/api/v1/files', file: { name: '矩阵测试.txt', bytes: Buffer.from(uniq('evidence')) } }),
        check: (res) => expect(res.body).toMatchObject({ name: '矩阵测试.txt', type: 'text/plain; charset=utf-8' }),
      },
    ],
  },
  {
    method: 'GET',
    path: '/api/v1/files/:id',
    access: 'signed-in',
    ok: 200,
    targets: (p, side) => [
      ...F.files.filter((f) => f.side === side).map((f) => ({ what: `a file of the ${f.label}`, rec: f.rec, req: { method: 'get' as const, path: `/api/v1/files/${f.id}` } })),
      side === 'own'
        ? {
            what: "the caller's own upload, not yet attached",
            rec: { type: 'upload' as const, uploadedBy: p.id },
            req: async () => ({ method: 'get' as const, path: `/api/v1/files/${await uploadBy(p)}` }),
          }
        : {
            what: "another's upload, not yet attached",
            rec: { type: 'upload' as const, uploadedBy: foreign.SUPERVISOR.id },
            req: async () => ({ method: 'get' as const, path: `/api/v1/files/${await uploadBy(foreign.SUPERVISOR)}` }),
          },
      ...(side === 'own' ? [{ what: 'the minutes file of a meeting (meetings are everyone’s)', req: { method: 'get' as const, path: `/api/v1/files/${F.meetingFile}` } }] : []),
      { what: 'an unknown file', missing: true, req: { method: 'get' as const, path: `/api/v1/files/${UNKNOWN_ID}` } },
    ],
  },
  {
    method: 'GET',
    path: '/api/v1/files/:id/access',
    access: ['ADMIN', 'SUPERVISOR'],
    ok: 200,
    targets: (_p, side) => [
      ...F.files
        .filter((f) => f.side === side)
        .slice(0, 1)
        .map((f) => ({
          what: `who used the file of the ${f.label}`,
          req: { method: 'get' as const, path: `/api/v1/files/${f.id}/access` },
          check: (res: Response) => expect(res.body.items[0]).toMatchObject({ action: 'UPLOAD', userId: own.ADMIN.id }),
        })),
      { what: 'an unknown file', missing: true, req: { method: 'get' as const, path: `/api/v1/files/${UNKNOWN_ID}/access` } },
    ],
  },

  // ---- imports (each preview is its importer's own) ----
  {
    method: 'POST',
    path: '/api/v1/imports',
    access: IMPORTERS,
    ok: 201,
    targets: () => [
      {
        what: 'a notice of unit A',
        req: () => Promise.resolve({ method: 'post', path: '/api/v1/imports', body: { text: IMPORT_NOTICE, source: uniq('import') } }),
        check: (res) => expect(res.body.tasks[0].leadUnits[0].unitId).toBe(U.A),
      },
    ],
  },
  {
    method: 'GET',
    path: '/api/v1/imports',
    access: IMPORTERS,
    ok: 200,
    targets: (p) => [
      {
        what: "the caller's previews (after making one)",
        req: async () => {
          if (IMPORTERS.includes(p.role)) await importBy(p);
          return { method: 'get', path: '/api/v1/imports', query: { pageSize: 200 } };
        },
        check: async (res, caller) => {
          const ids = res.body.items.map((i: { id: number }) => i.id);
          expect(ids.length).toBeGreaterThan(0);
          const owners = await sql<{ createdBy: number }>(api, 'SELECT DISTINCT created_by AS createdBy FROM imports WHERE id IN (?)', [ids]);
          expect(owners.map((o) => Number(o.createdBy))).toEqual([caller.id]);
        },
      },
    ],
  },
  {
    method: 'GET',
    path: '/api/v1/imports/:id',
    access: IMPORTERS,
    ok: 200,
    targets: (p, side) => [
      {
        what: side === 'own' ? "the caller's preview" : "another importer's preview",
        rec: importRec(p, side),
        req: async () => ({ method: 'get', path: `/api/v1/imports/${await importBy(side === 'own' ? p : foreign.SUPERVISOR)}` }),
        check: (res) => expect(res.body.tasks).toHaveLength(1),
      },
    ],
  },
  {
    method: 'POST',
    path: '/api/v1/imports/:id/commit',
    access: IMPORTERS,
    ok: 201,
    targets: (p, side) => [
      {
        what: side === 'own' ? "the caller's preview, issued by unit A" : "another importer's preview",
        rec: importRec(p, side),
        req: async () => ({ method: 'post', path: `/api/v1/imports/${await importBy(side === 'own' ? p : foreign.SUPERVISOR)}/commit`, body: {} }),
        check: (res) => expect(res.body.tasks[0].task).toMatchObject({ issuerUnitId: U.A, ownerUnitId: U.A, parentId: res.body.parent.id, state: 'DRAFT' }),
      },
    ],
  },

  // ---- calendar ----
  {
    method: 'GET',
    path: '/api/v1/calendar/days',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => [
      {
        what: side === 'own' ? 'July 2026' : 'October 2026',
        req: { method: 'get', path: '/api/v1/calendar/days', query: side === 'own' ? { from: '2026-07-01', to: '2026-07-31' } : { from: '2026-10-01', to: '2026-10-31' } },
        check: (res) => expect(res.body.total).toBe(31),
      },
    ],
  },
  {
    method: 'GET',
    path: '/api/v1/calendar/days/:date',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => {
      const date = side === 'own' ? '2026-07-01' : '2026-10-01';
      return [{ what: date, req: { method: 'get', path: `/api/v1/calendar/days/${date}` }, check: (res) => expect(res.body.date).toBe(date) }];
    },
  },
  {
    method: 'PUT',
    path: '/api/v1/calendar/days/:date',
    access: ['ADMIN'],
    ok: 200,
    targets: (_p, side) => {
      // Far from every fixture's dates, so no cadence or deadline moves.
      const date = side === 'own' ? '2031-01-04' : '2031-01-05';
      return [{ what: date, req: { method: 'put', path: `/api/v1/calendar/days/${date}`, body: { workday: side === 'own', name: '矩阵测试' } } }];
    },
  },

  // ---- escalation policies (reference data; writes: admin, supervisor; delete: admin) ----
  {
    method: 'POST',
    path: '/api/v1/escalation-policies/preview',
    access: ['ADMIN', 'SUPERVISOR'],
    ok: 200,
    targets: () => [
      {
        what: 'a timeline for a due date',
        req: {
          method: 'post',
          path: '/api/v1/escalation-policies/preview',
          body: { dueAt: '2026-07-20T23:59:59+08:00', steps: [{ offset: 'PT0S', calendar: 'natural', action: 'due' }] },
        },
        check: (res) => expect(res.body.items).toEqual([{ action: 'due', offset: 'PT0S', calendar: 'natural', at: '2026-07-20T15:59:59.000Z' }]),
      },
    ],
  },
  {
    method: 'GET',
    path: '/api/v1/escalation-policies',
    access: 'signed-in',
    ok: 200,
    targets: () => [{ what: 'the list', req: { method: 'get', path: '/api/v1/escalation-policies', query: { pageSize: 200 } } }],
  },
  {
    method: 'GET',
    path: '/api/v1/escalation-policies/:id',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => {
      const id = () => (side === 'own' ? F.policies.quiet : F.policies.general);
      return [
        { what: side === 'own' ? "this suite's policy" : "the profile's 13710 policy", req: { method: 'get', path: `/api/v1/escalation-policies/${id()}` }, check: sameId(id) },
      ];
    },
  },
  {
    method: 'POST',
    path: '/api/v1/escalation-policies',
    access: ['ADMIN', 'SUPERVISOR'],
    ok: 201,
    targets: () => [{ what: 'a new policy', req: () => Promise.resolve({ method: 'post', path: '/api/v1/escalation-policies', body: quietPolicyBody() }) }],
  },
  {
    method: 'PUT',
    path: '/api/v1/escalation-policies/:id',
    access: ['ADMIN', 'SUPERVISOR'],
    ok: 200,
    targets: (_p, side) =>
      side === 'foreign'
        ? [unknownId('/api/v1/escalation-policies/:id', 'put', quietPolicyBody)]
        : [
            {
              what: 'a policy',
              req: () => Promise.resolve({ method: 'put', path: `/api/v1/escalation-policies/${F.policies.unused}`, body: quietPolicyBody() }),
              fresh: async () => ({
                method: 'put',
                path: `/api/v1/escalation-policies/${(await asAdmin({ method: 'post', path: '/api/v1/escalation-policies', body: quietPolicyBody() }, 201)).id}`,
                body: quietPolicyBody(),
              }),
            },
          ],
  },
  {
    method: 'DELETE',
    path: '/api/v1/escalation-policies/:id',
    access: ['ADMIN'],
    ok: 204,
    targets: (_p, side) =>
      side === 'foreign'
        ? [unknownId('/api/v1/escalation-policies/:id', 'delete')]
        : [
            {
              what: 'an unused policy',
              req: () => Promise.resolve({ method: 'delete', path: `/api/v1/escalation-policies/${F.policies.unused}` }),
              fresh: async () => ({
                method: 'delete',
                path: `/api/v1/escalation-policies/${(await asAdmin({ method: 'post', path: '/api/v1/escalation-policies', body: quietPolicyBody() }, 201)).id}`,
              }),
            },
          ],
  },

  // ---- cadences (reference data; writes: admin) ----
  {
    method: 'GET',
    path: '/api/v1/cadences',
    access: 'signed-in',
    ok: 200,
    targets: () => [{ what: 'the list', req: { method: 'get', path: '/api/v1/cadences', query: { pageSize: 200 } } }],
  },
  {
    method: 'GET',
    path: '/api/v1/cadences/:id',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => {
      const id = () => (side === 'own' ? F.cadences.X : F.cadences.Z);
      return [
        { what: side === 'own' ? 'the report cadence of chain X' : 'the report cadence of chain Z', req: { method: 'get', path: `/api/v1/cadences/${id()}` }, check: sameId(id) },
      ];
    },
  },
  {
    method: 'GET',
    path: '/api/v1/cadences/:id/occurrences',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => [
      {
        what: 'July',
        req: {
          method: 'get',
          path: `/api/v1/cadences/${side === 'own' ? F.cadences.X : F.cadences.Z}/occurrences`,
          query: { from: '2026-07-01T00:00:00+08:00', to: '2026-08-01T00:00:00+08:00' },
        },
        check: (res) => expect(res.body.total).toBeGreaterThan(0),
      },
    ],
  },
  {
    method: 'POST',
    path: '/api/v1/cadences',
    access: ['ADMIN'],
    ok: 201,
    targets: (_p, side) => [
      {
        what: `a meeting cadence of chain ${side === 'own' ? 'X' : 'Y'} from 2030`,
        req: () => Promise.resolve({ method: 'post', path: '/api/v1/cadences', body: laterCadenceBody(sideChain(side)) }),
      },
    ],
  },
  {
    method: 'PUT',
    path: '/api/v1/cadences/:id',
    access: ['ADMIN'],
    ok: 200,
    targets: (_p, side) =>
      side === 'foreign'
        ? [unknownId('/api/v1/cadences/:id', 'put', () => laterCadenceBody(CH.Y))]
        : [
            {
              what: 'a cadence from 2030',
              req: () => Promise.resolve({ method: 'put', path: `/api/v1/cadences/${F.cadences.staticAdmin}`, body: laterCadenceBody(sideChain(side)) }),
              fresh: async () => ({
                method: 'put',
                path: `/api/v1/cadences/${(await asAdmin({ method: 'post', path: '/api/v1/cadences', body: laterCadenceBody(sideChain(side)) }, 201)).id}`,
                body: laterCadenceBody(sideChain(side)),
              }),
            },
          ],
  },
  {
    method: 'DELETE',
    path: '/api/v1/cadences/:id',
    access: ['ADMIN'],
    ok: 204,
    targets: (_p, side) =>
      side === 'foreign'
        ? [unknownId('/api/v1/cadences/:id', 'delete')]
        : [
            {
              what: 'a cadence from 2030',
              req: () => Promise.resolve({ method: 'delete', path: `/api/v1/cadences/${F.cadences.staticAdmin}` }),
              fresh: async () => ({
                method: 'delete',
                path: `/api/v1/cadences/${(await asAdmin({ method: 'post', path: '/api/v1/cadences', body: laterCadenceBody(sideChain(side)) }, 201)).id}`,
              }),
            },
          ],
  },

  // ---- obligations ----
  {
    method: 'GET',
    path: '/api/v1/obligations',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) =>
      side === 'own'
        ? [
            { what: 'the first page', req: { method: 'get', path: '/api/v1/obligations', query: { pageSize: 200 } }, check: listCheck(obligationRec, () => []) },
            ...(['X', 'Y', 'Z', 'X2'] as const).map((c) => ({
              what: `the obligations of cadence ${c}`,
              req: { method: 'get' as const, path: '/api/v1/obligations', query: { cadenceId: F.cadences[c], pageSize: 200 } },
              check: listCheck(obligationRec, () => F.obligations.filter((f) => f.label.includes(`cadence ${c})`))),
            })),
          ]
        : [
            {
              what: "B's obligations on chain Z, asked for by name",
              req: { method: 'get', path: '/api/v1/obligations', query: { cadenceId: F.cadences.Z, unitId: U.B, pageSize: 200 } },
              check: listCheck(
                obligationRec,
                () => F.obligations.filter((f) => f.label.includes('cadence Z)')),
                (r) => r.unit === U.B,
              ),
            },
          ],
  },
  {
    method: 'GET',
    path: '/api/v1/obligations/:id',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) =>
      F.obligations
        .filter((f) => f.side === side)
        .map((f) => ({ what: f.label, rec: f.rec, req: { method: 'get', path: `/api/v1/obligations/${f.id}` }, check: withSteps(() => f.id) })),
  },
  {
    method: 'GET',
    path: '/api/v1/obligations/:id/events',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) =>
      F.obligations
        .filter((f) => f.side === side)
        .map((f) => ({ what: `the timeline of the ${f.label}`, rec: f.rec, req: { method: 'get', path: `/api/v1/obligations/${f.id}/events` }, check: oldestFirst })),
  },
  {
    method: 'POST',
    path: '/api/v1/obligations/:id/report',
    access: 'signed-in',
    ok: 200,
    targets: (p, side) =>
      F.obligations
        .filter((f) => f.side === side)
        .map((f) => ({
          what: `reporting the ${f.label}`,
          rec: f.rec,
          may: mayReport(p, f.rec),
          req: { method: 'post', path: `/api/v1/obligations/${f.id}/report`, body: { progress: '矩阵测试：本月进展' } },
          fresh: async () => ({ method: 'post', path: `/api/v1/obligations/${take(F.pools.obligations, f.label)}/report`, body: { progress: '矩阵测试：本月进展' } }),
          check: (res) => expect(res.body.state).toBe('SUBMITTED'),
        })),
  },

  // ---- supervision ----
  {
    method: 'GET',
    path: '/api/v1/supervision',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) =>
      side === 'own'
        ? [{ what: 'the supervision list', req: { method: 'get', path: '/api/v1/supervision', query: { pageSize: 200 } }, check: listCheck(supervisionRec, () => F.supervision) }]
        : [
            {
              what: "B's entries, asked for by name",
              req: { method: 'get', path: '/api/v1/supervision', query: { unitId: U.B, pageSize: 200 } },
              check: listCheck(
                supervisionRec,
                () => F.supervision,
                (r) => r.owner === U.B,
              ),
            },
          ],
  },
  {
    method: 'GET',
    path: '/api/v1/supervision/summary',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => [
      {
        what: side === 'own' ? 'the counts of what the caller may see' : 'no count of what the caller may not see',
        req: { method: 'get', path: '/api/v1/supervision/summary' },
        check: async (res, p) => {
          const open = (
            await sql<{ owner: number; chain: number | null }>(api, 'SELECT owner_unit_id AS owner, chain_id AS chain FROM supervision_entries WHERE open_marker = 1')
          ).filter((e) => visible(p, { type: 'supervision', owner: Number(e.owner), chain: e.chain === null ? null : Number(e.chain) }));
          const sorted = (ids: number[]) => JSON.stringify([...new Set(ids)].sort((a, b) => a - b));
          const got = {
            open: res.body.open,
            units: sorted(res.body.byUnit.map((u: { unitId: number }) => u.unitId)),
            chains: sorted(res.body.byChain.map((c: { chainId: number }) => c.chainId)),
          };
          const want = { open: open.length, units: sorted(open.map((e) => Number(e.owner))), chains: sorted(open.filter((e) => e.chain !== null).map((e) => Number(e.chain))) };
          if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`counts ${JSON.stringify(got)}, but the caller's scope holds ${JSON.stringify(want)}`);
        },
      },
    ],
  },

  {
    method: 'GET',
    path: '/api/v1/supervision/export.xlsx',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => {
      const query: Record<string, string | number> = side === 'own' ? {} : { unitId: U.B };
      return [
        {
          what: side === 'own' ? 'the whole list as a workbook' : "B's entries as a workbook, asked for by name",
          req: { method: 'get', path: '/api/v1/supervision/export.xlsx', query },
          check: async (res, p) => {
            expect(res.headers['content-disposition']).toMatch(/^attachment; filename="supervision-[\d-]+\.xlsx"; filename\*=UTF-8''/);
            const [rows, want] = [await exportedRows(p, query), await visibleEntries(p, side === 'own' ? undefined : U.B)];
            if (rows !== want) throw new Error(`the export holds ${rows} rows, but the caller's scope holds ${want} entries`);
          },
        },
      ];
    },
  },
  {
    method: 'POST',
    path: '/api/v1/supervision/urge',
    access: ['SUPERVISOR', 'ADMIN'],
    ok: 200,
    targets: (_p, side) =>
      supervisorActs(side, '/api/v1/supervision/urge', { message: '矩阵测试：请尽快办理' }, (res, task) =>
        expect(res.body).toMatchObject({ subjectId: task, action: 'urge', data: { manual: true, level: 1 } }),
      ),
  },
  {
    method: 'POST',
    path: '/api/v1/supervision/decide',
    access: ['SUPERVISOR', 'ADMIN'],
    ok: 200,
    targets: (_p, side) =>
      supervisorActs(side, '/api/v1/supervision/decide', { level: 2, reason: '矩阵测试：督办' }, (res, task) =>
        expect(res.body).toMatchObject({ subjectId: task, level: 2, closedAt: null }),
      ),
  },

  // ---- notifications (each person's own inbox) ----
  {
    method: 'GET',
    path: '/api/v1/notifications',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => [
      {
        what: side === 'own' ? 'the inbox, with the caller’s notification' : 'the inbox, without anyone else’s',
        req: { method: 'get', path: '/api/v1/notifications', query: { pageSize: 200 } },
        check: (res, p) => {
          const ids = new Set(res.body.items.map((n: { id: string }) => Number(n.id)));
          if (side === 'own') expect(ids.has(F.notifications.get(p.id)!)).toBe(true);
          const others = [...F.notifications].filter(([user]) => user !== p.id).map(([, id]) => id);
          expect(others.filter((id) => ids.has(id))).toEqual([]);
        },
      },
    ],
  },
  {
    method: 'POST',
    path: '/api/v1/notifications/:id/read',
    access: 'signed-in',
    ok: 200,
    targets: (p, side) => {
      const addressee = side === 'own' ? p : foreign[p.role];
      const id = () => F.notifications.get(addressee.id)!;
      return [
        {
          what: side === 'own' ? 'the caller’s notification' : `the notification of B's ${p.role.toLowerCase()}`,
          rec: { type: 'notification', userId: addressee.id },
          req: { method: 'post', path: `/api/v1/notifications/${id()}/read` },
          check: (res) => expect(res.body.readAt).toEqual(expect.any(String)),
        },
      ];
    },
  },
  {
    method: 'POST',
    path: '/api/v1/notification-channels/:id/test',
    access: ['ADMIN'],
    ok: 200,
    targets: (_p, side) =>
      side === 'foreign'
        ? [unknownId('/api/v1/notification-channels/:id/test', 'post')]
        : [
            {
              what: "unit A's webhook (nothing listens: not delivered)",
              req: () => Promise.resolve({ method: 'post', path: `/api/v1/notification-channels/${F.channel}/test` }),
              check: (res) => expect(res.body.delivered).toBe(false),
            },
          ],
  },
  {
    method: 'GET',
    path: '/api/v1/notification-channels',
    access: ['ADMIN'],
    ok: 200,
    targets: () => [{ what: 'the channels', req: { method: 'get', path: '/api/v1/notification-channels' } }],
  },
  {
    method: 'POST',
    path: '/api/v1/notification-channels',
    access: ['ADMIN'],
    ok: 201,
    targets: (_p, side) => [
      {
        what: `a webhook of unit ${side === 'own' ? 'A' : 'B'}`,
        req: () =>
          Promise.resolve({ method: 'post', path: '/api/v1/notification-channels', body: { kind: 'WEBHOOK', target: 'https://127.0.0.1:9/authz-matrix', unitId: sideUnit(side) } }),
      },
    ],
  },
  {
    method: 'DELETE',
    path: '/api/v1/notification-channels/:id',
    access: ['ADMIN'],
    ok: 204,
    targets: (_p, side) =>
      side === 'foreign'
        ? [unknownId('/api/v1/notification-channels/:id', 'delete')]
        : [
            {
              what: 'a channel',
              req: () => Promise.resolve({ method: 'delete', path: `/api/v1/notification-channels/${F.channel}` }),
              fresh: async () => ({
                method: 'delete',
                path: `/api/v1/notification-channels/${(await asAdmin({ method: 'post', path: '/api/v1/notification-channels', body: { kind: 'WEBHOOK', target: 'https://127.0.0.1:9/authz-matrix', unitId: sideUnit(side) } }, 201)).id}`,
              }),
            },
          ],
  },

  // ---- the virtual clock (DUBAN_TIME_TRAVEL=1 in this suite) ----
  {
    method: 'POST',
    path: '/api/v1/admin/queues/session',
    access: ['ADMIN'],
    ok: 204,
    targets: () => [
      {
        what: 'a cookie for the queue dashboard',
        req: { method: 'post', path: '/api/v1/admin/queues/session' },
        check: (res) => expect(String(res.headers['set-cookie'])).toMatch(/^duban_queues=.+; Path=\/admin\/queues; .*HttpOnly; SameSite=Strict/),
      },
    ],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/clock',
    access: 'signed-in',
    ok: 200,
    targets: () => [
      {
        what: 'the clock',
        req: { method: 'get', path: '/api/v1/admin/clock' },
        check: (res) => expect(Date.parse(res.body.now)).toBeGreaterThan(Date.parse('2026-06-30T00:00:00Z')),
      },
    ],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/clock',
    access: ['ADMIN'],
    ok: 200,
    // One second forward: nothing falls due, but the workers must have taken it up.
    targets: () => [
      {
        what: 'one second forward',
        req: async () => ({ method: 'post', path: '/api/v1/admin/clock', body: { now: new Date((await virtualNow()).getTime() + 1000).toISOString() } }),
      },
    ],
  },

  // ---- the four lists (chain reference data; writes: the chain's lead department, supervisor, admin) ----
  {
    method: 'GET',
    path: '/api/v1/chains/:id/list-items',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => [
      {
        what: `the lists of chain ${side === 'own' ? 'X' : 'Y'}`,
        req: { method: 'get', path: `/api/v1/chains/${sideChain(side)}/list-items` },
        check: (res) => expect(res.body.items.map((i: { id: number }) => i.id)).toContain(side === 'own' ? F.listItems.X : F.listItems.Y),
      },
    ],
  },
  {
    method: 'GET',
    path: '/api/v1/chains/:id/list-items/history',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => [
      {
        what: `July's changes on chain ${side === 'own' ? 'X' : 'Y'}`,
        req: { method: 'get', path: `/api/v1/chains/${sideChain(side)}/list-items/history`, query: { month: '2026-07' } },
      },
    ],
  },
  {
    method: 'POST',
    path: '/api/v1/chains/:id/list-items',
    access: 'signed-in',
    ok: 201,
    targets: (p, side) => [
      {
        what: `a key matter on chain ${side === 'own' ? 'X' : 'Y'}`,
        may: mayEditLists(p, sideChain(side)),
        req: () => Promise.resolve({ method: 'post', path: `/api/v1/chains/${sideChain(side)}/list-items`, body: { type: 'MATTER', name: uniq('matter'), reason: '矩阵测试' } }),
      },
    ],
  },
  {
    method: 'DELETE',
    path: '/api/v1/chains/:id/list-items/:itemId',
    access: 'signed-in',
    ok: 200,
    targets: (p, side) => {
      const chain = () => sideChain(side);
      return [
        {
          what: `a key matter of chain ${side === 'own' ? 'X' : 'Y'}`,
          may: mayEditLists(p, chain()),
          req: { method: 'delete', path: `/api/v1/chains/${chain()}/list-items/${side === 'own' ? F.listItems.X : F.listItems.Y}`, body: { reason: '矩阵测试' } },
          fresh: async () => {
            const item = await asAdmin({ method: 'post', path: `/api/v1/chains/${chain()}/list-items`, body: { type: 'MATTER', name: uniq('matter') } }, 201);
            return { method: 'delete', path: `/api/v1/chains/${chain()}/list-items/${item.id}`, body: { reason: '矩阵测试' } };
          },
          check: (res) => expect(res.body.removedAt).toEqual(expect.any(String)),
        },
      ];
    },
  },

  // ---- problems ----
  {
    method: 'GET',
    path: '/api/v1/problems',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) =>
      side === 'own'
        ? [{ what: 'the ledger', req: { method: 'get', path: '/api/v1/problems', query: { pageSize: 200 } }, check: listCheck(problemRec, () => F.problems) }]
        : [
            {
              what: "B's problems, asked for by name",
              req: { method: 'get', path: '/api/v1/problems', query: { unitId: U.B, pageSize: 200 } },
              check: listCheck(
                problemRec,
                () => F.problems,
                (r) => r.raisedBy === U.B || r.routedTo === U.B,
              ),
            },
          ],
  },
  {
    method: 'POST',
    path: '/api/v1/problems',
    access: 'signed-in',
    ok: 201,
    // Any unit raises a problem about any chain; it is routed to that chain's lead department.
    targets: (p, side) => [
      {
        what: `a problem about chain ${side === 'own' ? 'X' : 'Y'}`,
        may: mayRaiseProblem(p),
        req: { method: 'post', path: '/api/v1/problems', body: { chainId: sideChain(side), title: uniq('problem') } },
        check: (res) => expect(res.body).toMatchObject({ raisedByUnitId: p.unitId, routedToUnitId: sideUnit(side), state: 'OPEN', steps: expect.any(Array) }),
      },
    ],
  },
  {
    method: 'GET',
    path: '/api/v1/problems/:id',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) =>
      F.problems.filter((f) => f.side === side).map((f) => ({ what: f.label, rec: f.rec, req: { method: 'get', path: `/api/v1/problems/${f.id}` }, check: withSteps(() => f.id) })),
  },
  {
    method: 'GET',
    path: '/api/v1/problems/:id/events',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) =>
      F.problems
        .filter((f) => f.side === side)
        .map((f) => ({
          what: `the timeline of a ${f.label}`,
          rec: f.rec,
          req: { method: 'get', path: `/api/v1/problems/${f.id}/events` },
          check: (res: Response) => {
            oldestFirst(res);
            expect(res.body.items[0].action).toBe('raise');
          },
        })),
  },
  {
    method: 'POST',
    path: '/api/v1/problems/:id/transitions',
    access: 'signed-in',
    ok: 200,
    targets: (p, side) =>
      F.problems
        .filter((f) => f.side === side)
        .map((f) => ({
          what: `acknowledging a ${f.label}`,
          rec: f.rec,
          may: mayAcknowledge(p, f.rec),
          req: { method: 'post', path: `/api/v1/problems/${f.id}/transitions`, body: { action: 'acknowledge' } },
          fresh: async () => ({ method: 'post', path: `/api/v1/problems/${take(F.pools.problems, f.label)}/transitions`, body: { action: 'acknowledge' } }),
          check: (res) => expect(res.body.state).toBe('ACKNOWLEDGED'),
        })),
  },

  // ---- meetings (reference data; minutes: the chain's leader or lead department, supervisor, admin) ----
  {
    method: 'GET',
    path: '/api/v1/meetings',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => [
      {
        what: `the meetings of chain ${side === 'own' ? 'X' : 'Y'}`,
        req: { method: 'get', path: '/api/v1/meetings', query: { chainId: sideChain(side), pageSize: 200 } },
        check: (res) => expect(res.body.items.map((m: { id: number }) => m.id)).toContain(side === 'own' ? F.meetings.X : F.meetings.Y),
      },
    ],
  },
  {
    method: 'GET',
    path: '/api/v1/meetings/:id',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => {
      const id = () => (side === 'own' ? F.meetings.X : F.meetings.Y);
      return [{ what: `a meeting of chain ${side === 'own' ? 'X' : 'Y'}`, req: { method: 'get', path: `/api/v1/meetings/${id()}` }, check: sameId(id) }];
    },
  },
  {
    method: 'GET',
    path: '/api/v1/meetings/:id/agenda',
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => [
      {
        what: `the agenda of a meeting of chain ${side === 'own' ? 'X' : 'Y'}`,
        req: { method: 'get', path: `/api/v1/meetings/${side === 'own' ? F.meetings.X : F.meetings.Y}/agenda` },
        check: async (res, p) => {
          expect(res.body.meeting.chainId).toBe(sideChain(side));
          await agendaInScope(res.body, p);
        },
      },
    ],
  },
  {
    method: 'POST',
    path: '/api/v1/meetings/:id/minutes',
    access: 'signed-in',
    ok: 200,
    targets: (p, side) => {
      const chain = sideChain(side);
      return [
        {
          what: `the minutes of a held meeting of chain ${side === 'own' ? 'X' : 'Y'}`,
          may: mayRecordMinutes(p, chain),
          req: { method: 'post', path: `/api/v1/meetings/${side === 'own' ? F.meetings.X : F.meetings.Y}/minutes`, body: { summary: '矩阵测试纪要', decisions: [] } },
          fresh: async () => ({ method: 'post', path: `/api/v1/meetings/${take(F.pools.meetings, chain)}/minutes`, body: { summary: '矩阵测试纪要', decisions: [] } }),
          check: (res) => expect(res.body.state).toBe('HELD'),
        },
      ];
    },
  },

  {
    method: 'POST',
    path: '/api/v1/meetings',
    access: 'signed-in',
    ok: 201,
    targets: (p, side) => {
      const chain = sideChain(side);
      // Zhengzhou's 专题会: convened by the chain's leader or lead department (as minutes are recorded), a supervisor or an admin.
      const req = async (): Promise<Req> => ({
        method: 'post',
        path: '/api/v1/meetings',
        body: { type: 'TOPICAL', chainIds: [chain], scheduledAt: await inDays(3), title: uniq('专题会') },
      });
      return [
        {
          what: `a 专题会 of chain ${side === 'own' ? 'X' : 'Y'}`,
          may: mayRecordMinutes(p, chain),
          req,
          check: (res) => expect(res.body).toMatchObject({ type: 'TOPICAL', chainIds: [chain], state: 'SCHEDULED' }),
        },
      ];
    },
  },
  {
    method: 'POST',
    path: '/api/v1/meetings/:id/delegate',
    access: 'signed-in',
    ok: 200,
    targets: (p, side) => {
      const key = side === 'own' ? 'X' : 'Y';
      const leader = (side === 'own' ? own : foreign).CHAIN_LEADER;
      return [
        {
          what: `the general leader's meeting of chain ${key}, to its leader`,
          // Its general leader (no principal is one), a supervisor or an admin; delegating again is allowed.
          may: seesEverything(p),
          req: { method: 'post', path: `/api/v1/meetings/${F.generalMeetings[key]}/delegate`, body: { userId: leader.id } },
          check: (res) => expect(res.body.delegateUserId).toBe(leader.id),
        },
      ];
    },
  },

  // ---- indicators (指标完成): the city's roles see every unit's targets and figures, a liaison only their own unit's ----
  {
    method: 'GET',
    path: '/api/v1/indicators',
    access: 'signed-in',
    ok: 200,
    targets: (p, side) => [
      {
        // Unit A (市工信局) has no targets: its liaison sees no unit, not the zones'.
        what: `the year ${side === 'own' ? 2026 : 2025}, targets from 2021's plan`,
        req: { method: 'get', path: '/api/v1/indicators', query: { year: side === 'own' ? 2026 : 2025 } },
        check: (res) => {
          expect(res.body.units).toHaveLength(p.role === 'UNIT_LIAISON' ? 0 : 16);
          for (const u of res.body.units as { indicators: { target: { year: number } | null }[] }[])
            expect(u.indicators.map((i) => i.target?.year)).toEqual([2021, 2021, 2021, 2021]);
        },
      },
    ],
  },

  // ---- evaluations and assessments (published notices; computing: supervisor, admin) ----
  {
    method: 'POST',
    path: '/api/v1/evaluations/:period/compute',
    access: ['SUPERVISOR', 'ADMIN'],
    ok: 200,
    // A month, or a year (年考评); each already published, so computing returns it unchanged.
    targets: (_p, side) =>
      (side === 'own' ? ['2026-06', '2025'] : ['2026-05']).map((period) => ({
        what: period,
        req: { method: 'post', path: `/api/v1/evaluations/${period}/compute` },
        check: (res: Response) => expect(res.body.period).toBe(period),
      })),
  },
  ...(['', '/notice.xlsx', '/notice.html'] as const).map((suffix): RouteSpec => ({
    method: 'GET',
    path: `/api/v1/evaluations/:period${suffix}`,
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) =>
      (side === 'own' ? ['2026-06', '2025'] : ['2026-05']).map((period) => ({ what: period, req: { method: 'get', path: `/api/v1/evaluations/${period}${suffix}` } })),
  })),
  {
    method: 'POST',
    path: '/api/v1/assessments/:quarter/publish',
    access: ['SUPERVISOR'],
    ok: 200,
    targets: (_p, side) => {
      const quarter = side === 'own' ? '2026-Q2' : '2026-Q1';
      return [
        {
          what: `${quarter}, already published`,
          req: { method: 'post', path: `/api/v1/assessments/${quarter}/publish` },
          check: (res) => expect(res.body).toMatchObject({ quarter, published: true }),
        },
      ];
    },
  },
  ...(['', '/notice.xlsx', '/notice.html'] as const).map((suffix): RouteSpec => ({
    method: 'GET',
    path: `/api/v1/assessments/:quarter${suffix}`,
    access: 'signed-in',
    ok: 200,
    targets: (_p, side) => [
      { what: side === 'own' ? '2026-Q2' : '2026-Q1', req: { method: 'get', path: `/api/v1/assessments/${side === 'own' ? '2026-Q2' : '2026-Q1'}${suffix}` } },
    ],
  })),
];

/**
 * The web console (dist/web, apps/api/console): public like any page. Its hashed files are
 * cached for a year; every other GET outside /api and /health is index.html, never cached.
 * Without a build (`npm test` builds first) the fallback page stands in for index.html.
 */
const consoleAsset = (() => {
  const dir = join(__dirname, '..', 'dist', 'web', 'assets');
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.js')) : undefined;
  return file ? `/assets/${file}` : null;
})();
const consolePages = ['/', '/login', '/tasks/42?state=ASSIGNED', '/no/such/page'];
const consoleRoute = (key: 'static' | 'fallback'): RouteSpec => ({
  method: 'GET',
  path: key === 'static' ? (consoleAsset ?? '/') : '/*',
  access: 'public',
  ok: 200,
  targets: () =>
    key === 'static' && consoleAsset
      ? [
          {
            what: `the console's ${consoleAsset}`,
            req: { method: 'get', path: consoleAsset },
            check: (res) => {
              expect(res.headers['content-type']).toMatch(/javascript/);
              expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
            },
          },
        ]
      : consolePages.map((path) => ({
          what: `the console at ${path}`,
          req: { method: 'get' as const, path },
          check: (res: Response) => {
            expect(res.headers['content-type']).toMatch(/^text\/html/);
            expect(res.headers['cache-control']).toBe('no-cache');
            expect(res.text).toContain('督办');
          },
        })),
});

/** Files served by @fastify/static: the docs UI's, public like the docs themselves, and the console's (one catch-all GET). */
const STATIC_MOUNTS: Record<string, RouteSpec[]> = {
  // @nestjs/swagger mounts its files at /api/docs/docs too; Fastify's router prints the one wildcard.
  'GET /api/docs/*': [docs('/api/docs/swagger-ui.css'), docs('/api/docs/docs/swagger-ui.css')],
  'GET /*': [consoleRoute('static'), consoleRoute('fallback')],
};

const keyOf = (r: RouteSpec) => `${r.method} ${r.path}`;

/** What the live app serves, from Fastify's router; bull-board's routes as one entry. */
function servedRoutes(app: INestApplication): string[] {
  const keys = routesOf(app).map(({ method, path }) => (path.startsWith(QUEUE_DASHBOARD_PATH) ? `* ${QUEUE_DASHBOARD_PATH}/…` : `${method} ${path}`));
  return [...new Set(keys)].sort();
}

// ---------------------------------------------------------------------------------------------
// One cell.

async function runCell(route: RouteSpec, role: Role, scope: Scope): Promise<void> {
  const p = own[role];
  const failures: string[] = [];
  const verify = async (t: Target, req: Req, authorization: string | null, label: string) => {
    const expected = expectedStatus(route, p, scope, t);
    const res = await send(req, authorization);
    const where = `${req.method.toUpperCase()} ${req.path}${req.query ? `?${new URLSearchParams(Object.entries(req.query).map(([k, v]): [string, string] => [k, String(v)]))}` : ''} [${label}]`;
    if (res.status !== expected) {
      failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body ?? {}).slice(0, 300)}`);
      return;
    }
    if (expected >= 400 && route.access !== 'public' && res.body?.statusCode !== expected)
      failures.push(`${where}: error body ${JSON.stringify(res.body)} lacks statusCode ${expected}`);
    if (expected < 400 && t.check) {
      try {
        await t.check(res, p);
      } catch (error) {
        failures.push(`${where}: ${(error as Error).message}`);
      }
    }
  };
  const resolve = async (t: Target) => (typeof t.req === 'function' ? t.req() : t.req);

  if (scope === 'no token' || scope === 'bad token') {
    const [t] = await route.targets(p, 'own');
    const req = await resolve(t);
    const auths = scope === 'no token' ? [{ what: 'no authorization header', header: null }] : badAuthorizations(p);
    for (const a of route.access === 'public' ? auths.slice(0, 3) : auths) await verify(t, req, a.header, a.what);
  } else {
    const targets = await route.targets(p, scope);
    if (targets.length === 0) failures.push('no target: the fixtures give this cell nothing to act on');
    for (const t of targets) {
      const succeeds = expectedStatus(route, p, scope, t) === route.ok;
      const req = succeeds && t.fresh ? await t.fresh() : await resolve(t);
      await verify(t, req, bearer(p.token), `${t.what}; ${visibilityNote(p, t)}`);
    }
  }
  if (failures.length > 0) throw new Error(`${route.method} ${route.path} · ${role} · ${scope}\n  ${failures.join('\n  ')}`);
}

function visibilityNote(p: Principal, t: Target): string {
  if (!t.rec) return 'no record scope';
  if (!visible(p, t.rec)) return "outside the caller's scope";
  return `in the caller's scope${t.may === false ? ', not the caller’s to act on' : ''}`;
}

// ---------------------------------------------------------------------------------------------

describe('authorization matrix: every route × every role × scope (e2e)', () => {
  beforeAll(async () => {
    // Channels point at an allowlisted address where nothing listens.
    cleanup = await isolatedEnvironment('authz', { DUBAN_TIME_TRAVEL: '1', DUBAN_CLOCK_START: '2026-07-01T00:00:00+08:00', DUBAN_WEBHOOK_ALLOW: '127.0.0.1' });
    api = await startApi();
    worker = await startWorker(); // POST /admin/clock answers once a worker has taken the move up
    await loadProfile(api, 'zhengzhou-2021');
    admin = await adminToken(api);
    bootstrapAdminId = (await asAdmin({ method: 'get', path: '/api/v1/me' }, 200)).id;

    U.A = await unitId(api, '市工信局');
    U.B = await unitId(api, '市发展改革委');
    U.C = await unitId(api, '市科技局');
    U.C2 = await unitId(api, '航空港区');
    U.B2 = await unitId(api, '郑东新区');
    U.B3 = await unitId(api, '高新区');
    CH.X = await chainId(api, '智能传感器');
    CH.Y = await chainId(api, '新型显示和智能终端');
    CH.Z = await chainId(api, '新一代人工智能');
    for (const c of (await asAdmin({ method: 'get', path: '/api/v1/chains', query: { pageSize: 200 } }, 200)).items as { id: number; leadUnits: { id: number }[] }[]) {
      chainLeads.set(
        c.id,
        c.leadUnits.map((u) => u.id),
      );
    }

    // People: every role in unit A and in unit B; the chain leaders also lead chain X or Y.
    for (const [side, unit, chain, into] of [
      ['own', U.A, CH.X, own],
      ['foreign', U.B, CH.Y, foreign],
    ] as const) {
      for (const role of ROLES) {
        const leader = role === 'CHAIN_LEADER';
        const user = await createUser(api, admin, {
          roles: [role],
          unitId: unit,
          chains: leader ? [{ chainId: chain, role: 'LEADER' }] : undefined,
          displayName: `${side}-${role}`,
        });
        into[role] = { role, ...user, unitId: unit, leaderChains: leader ? [chain] : [] };
      }
    }

    // Tasks, one of each shape (DRAFT).
    for (const [label, shape] of Object.entries(TASK_SHAPES)) {
      const id = await newTask(label, 'DRAFT');
      const body = shape.body();
      F.tasks.push({ id, label, side: shape.side, rec: { type: 'task', issuer: body.issuerUnitId, owner: body.ownerUnitId, co: body.coUnitIds, chain: body.chainId ?? null } });
    }

    // Report cadences, weekly, due Fridays from 3 July, on a policy with nothing before the due time;
    // materialised by the engine's own MaterialiserService.
    F.policies.quiet = (await asAdmin({ method: 'post', path: '/api/v1/escalation-policies', body: quietPolicyBody() }, 201)).id;
    F.policies.unused = (await asAdmin({ method: 'post', path: '/api/v1/escalation-policies', body: quietPolicyBody() }, 201)).id;
    F.policies.general = (await sql<{ id: number }>(api, `SELECT id FROM escalation_policies WHERE name = '13710一般问题'`))[0].id;
    const activeFrom = (await virtualNow()).toISOString();
    const reportCadence = async (chain: number, extra: object) =>
      (
        await asAdmin(
          {
            method: 'post',
            path: '/api/v1/cadences',
            body: {
              name: uniq('weekly report'),
              kind: 'REPORT',
              frequency: 'WEEKLY',
              weekday: 5,
              time: '18:00',
              shift: 'NONE',
              activeFrom,
              chainId: chain,
              policyId: F.policies.quiet,
              ...extra,
            },
          },
          201,
        )
      ).id as number;
    F.cadences.X = await reportCadence(CH.X, { owingUnitIds: [U.A, U.B] }); // receiver A (X's lead), which owes itself nothing
    F.cadences.Y = await reportCadence(CH.Y, { owingUnitIds: [U.A, U.B] }); // receiver B
    F.cadences.Z = await reportCadence(CH.Z, { owingUnitIds: [U.A, U.B] }); // receiver C
    F.cadences.X2 = await reportCadence(CH.X, { owingUnitIds: [U.B], receiverUnitId: U.C }); // chain X, received by C
    const meetingCadence = async (chain: number) =>
      (
        await asAdmin(
          {
            method: 'post',
            path: '/api/v1/cadences',
            body: {
              name: uniq('weekly meeting'),
              kind: 'MEETING',
              frequency: 'WEEKLY',
              weekday: 3,
              time: '09:00',
              shift: 'NONE',
              activeFrom: '2026-05-01T00:00:00+08:00',
              chainId: chain,
              convenerRole: 'LEADER',
            },
          },
          201,
        )
      ).id as number;
    F.cadences.meetingX = await meetingCadence(CH.X);
    const meetingY = await meetingCadence(CH.Y);
    F.cadences.staticAdmin = (await asAdmin({ method: 'post', path: '/api/v1/cadences', body: laterCadenceBody(CH.X) }, 201)).id;
    await api.get(MaterialiserService).materialise();

    // Obligations: the first of each kind is the fixture, the rest a pool of fresh ones.
    const obligationKinds: [string, number, number, Side][] = [
      ['report owed by A on chain Y (cadence Y)', F.cadences.Y, U.A, 'own'],
      ['report owed by A on chain Z (cadence Z)', F.cadences.Z, U.A, 'own'],
      ['report received by A on chain X (cadence X)', F.cadences.X, U.B, 'own'],
      ['report on chain X received by C (cadence X2)', F.cadences.X2, U.B, 'own'],
      ['report owed by B on chain Z (cadence Z)', F.cadences.Z, U.B, 'foreign'],
    ];
    const problemSources = new Map<string, number>();
    for (const [label, cadence, unit, side] of obligationKinds) {
      const rows = await sql<{ id: number; receiver: number | null; chain: number | null }>(
        api,
        'SELECT id, receiver_unit_id AS receiver, chain_id AS chain FROM obligations WHERE cadence_id = ? AND unit_id = ? ORDER BY due_at, id',
        [cadence, unit],
      );
      if (rows.length < 6) throw new Error(`cadence for "${label}" materialised only ${rows.length} obligations`);
      const [first, second, ...rest] = rows.map((r) => Number(r.id));
      F.obligations.push({
        id: second,
        label,
        side,
        rec: { type: 'obligation', unit, receiver: rows[0].receiver === null ? null : Number(rows[0].receiver), chain: Number(rows[0].chain) },
      });
      problemSources.set(label, first);
      F.pools.obligations.set(label, rest);
    }

    // Problems: reports with coordination matters, each matter a problem routed to the receiver.
    const problemKinds: [string, string, Principal, number, Side][] = [
      ['problem raised by A (chain Y)', 'report owed by A on chain Y (cadence Y)', own.UNIT_LIAISON, 3, 'own'],
      ['problem routed to A (chain X)', 'report received by A on chain X (cadence X)', foreign.UNIT_LIAISON, 6, 'own'],
      ['problem on chain X routed to C', 'report on chain X received by C (cadence X2)', foreign.UNIT_LIAISON, 3, 'own'],
      ['problem of B routed to C (chain Z)', 'report owed by B on chain Z (cadence Z)', foreign.UNIT_LIAISON, 3, 'foreign'],
    ];
    for (const [label, source, reporter, count, side] of problemKinds) {
      const obligation = problemSources.get(source)!;
      const res = await send(
        {
          method: 'post',
          path: `/api/v1/obligations/${obligation}/report`,
          body: { progress: '矩阵测试', coordinationMatters: Array.from({ length: count }, (_, i) => ({ title: `${TAG} ${label} ${i + 1}` })) },
        },
        bearer(reporter.token),
      );
      if (res.status !== 200) throw new Error(`fixture report ${obligation}: ${res.status} ${JSON.stringify(res.body)}`);
      const rows = await sql<{ id: number; raised: number; routed: number; chain: number | null }>(
        api,
        'SELECT id, raised_by_unit_id AS raised, routed_to_unit_id AS routed, chain_id AS chain FROM problems WHERE obligation_id = ? ORDER BY id',
        [obligation],
      );
      const [first, ...rest] = rows.map((r) => Number(r.id));
      F.problems.push({ id: first, label, side, rec: { type: 'problem', raisedBy: Number(rows[0].raised), routedTo: Number(rows[0].routed), chain: Number(rows[0].chain) } });
      F.pools.problems.set(label, rest);
    }

    // Supervision entries, written as the engine's supervise step writes them (no step is due yet).
    const supervised: [string, string, number, Side][] = [
      ['entry owned by A (chain Z)', 'report owed by A on chain Z (cadence Z)', U.A, 'own'],
      ['entry owned by B on chain X', 'report received by A on chain X (cadence X)', U.B, 'own'],
      ['entry owned by B (chain Z)', 'report owed by B on chain Z (cadence Z)', U.B, 'foreign'],
    ];
    for (const [label, source, owner, side] of supervised) {
      const o = F.obligations.find((f) => f.label === source)!;
      await sql(api, `INSERT INTO supervision_entries (subject_type, subject_id, level, reason, owner_unit_id, chain_id, opened_at) VALUES ('OBLIGATION', ?, 2, ?, ?, ?, ?)`, [
        o.id,
        `${TAG} ${label}`,
        owner,
        o.rec.chain,
        new Date(),
      ]);
      const [row] = await sql<{ id: number }>(api, `SELECT id FROM supervision_entries WHERE subject_type = 'OBLIGATION' AND subject_id = ? AND open_marker = 1`, [o.id]);
      F.supervision.push({ id: Number(row.id), label, side, rec: { type: 'supervision', owner, chain: o.rec.chain } });
    }

    // One notification in each person's inbox, as a remind step writes it.
    for (const p of [...Object.values(own), ...Object.values(foreign)]) {
      await sql(api, `INSERT INTO notifications (user_id, kind, subject_type, subject_id, step_key, title, body, created_at) VALUES (?, 'REMIND', 'TASK', ?, 'authz', ?, ?, ?)`, [
        p.id,
        F.tasks[0].id,
        `${TAG} 提醒`,
        `致 ${p.username}`,
        new Date(),
      ]);
      const [row] = await sql<{ id: number }>(api, `SELECT id FROM notifications WHERE user_id = ? AND step_key = 'authz'`, [p.id]);
      F.notifications.set(p.id, Number(row.id));
    }

    // Meetings: held ones (before the clock's now) are the pool for minutes; one of each chain stays as the fixture.
    const now = await virtualNow();
    for (const [cadence, chain, key] of [
      [F.cadences.meetingX, CH.X, 'X'],
      [meetingY, CH.Y, 'Y'],
    ] as const) {
      const held = (await sql<{ id: number; at: Date }>(api, 'SELECT id, scheduled_at AS at FROM meetings WHERE cadence_id = ? ORDER BY scheduled_at', [cadence])).filter(
        (m) => m.at.getTime() < now.getTime(),
      );
      if (held.length < 6) throw new Error(`only ${held.length} held meetings of chain ${key}`);
      F.meetings[key] = Number(held[0].id);
      F.pools.meetings.set(
        chain,
        held.slice(1).map((m) => Number(m.id)),
      );
    }

    // A meeting the general leader convenes over chain X, and one over Y (as Henan's half-year meeting is).
    for (const [key, chain] of [
      ['X', CH.X],
      ['Y', CH.Y],
    ] as const) {
      const title = uniq(`总链长会议${key}`);
      await sql(api, `INSERT INTO meetings (title, scheduled_at, convener_role, convener_name) VALUES (?, ?, 'GENERAL_LEADER', '总链长')`, [title, new Date(await inDays(60))]);
      const [row] = await sql<{ id: number }>(api, 'SELECT id FROM meetings WHERE title = ?', [title]);
      F.generalMeetings[key] = Number(row.id);
      await sql(api, 'INSERT INTO meeting_chains (meeting_id, chain_id) VALUES (?, ?)', [row.id, chain]);
    }

    // Evidence files: one on each task, report and problem fixture, and one of a meeting's minutes.
    for (const [type, fixtures] of [
      ['TASK', F.tasks],
      ['OBLIGATION', F.obligations],
      ['PROBLEM', F.problems],
    ] as const) {
      for (const f of fixtures) F.files.push({ id: await attachedFile(type, f.id), label: f.label, side: f.side, rec: f.rec });
    }
    F.meetingFile = await attachedFile('MEETING', F.meetings.X);

    F.listItems.X = (await asAdmin({ method: 'post', path: `/api/v1/chains/${CH.X}/list-items`, body: { type: 'MATTER', name: uniq('matter') } }, 201)).id;
    F.listItems.Y = (await asAdmin({ method: 'post', path: `/api/v1/chains/${CH.Y}/list-items`, body: { type: 'MATTER', name: uniq('matter') } }, 201)).id;
    F.channel = (
      await asAdmin({ method: 'post', path: '/api/v1/notification-channels', body: { kind: 'WEBHOOK', target: 'https://127.0.0.1:9/authz-matrix', unitId: U.A } }, 201)
    ).id;

    // Published notices to read: June and May scored, the first two quarters assessed; 2025's year
    // evaluated (年考评), from its December and fourth quarter.
    const evaluations = api.get(EvaluationsService);
    for (const period of ['2025-12', '2026-05', '2026-06']) await evaluations.computeMonth(period, null);
    for (const quarter of ['2025-Q4', '2026-Q1', '2026-Q2']) expect((await evaluations.publishQuarter(null, quarter)).published).toBe(true);
    expect((await evaluations.computeYear('2025', null)).composedOf).toEqual({ months: ['2025-12'], quarters: ['2025-Q4'] });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await cleanup?.();
  });

  it('classifies every route the api serves, and serves every route it classifies', () => {
    // Fastify routes as Express did: any letter case, with or without a trailing slash.
    const canonical = (key: string) => key.toLowerCase().replace(/(.)\/$/, '$1');
    const served = servedRoutes(api).map(canonical);
    const classified = new Set([...ROUTES.map(keyOf), ...Object.keys(MIDDLEWARE), ...Object.keys(STATIC_MOUNTS)].map(canonical));
    expect(served.filter((k) => !classified.has(k))).toEqual([]);
    expect([...classified].filter((k) => !served.includes(k))).toEqual([]);
    expect(new Set(ROUTES.map(keyOf)).size).toBe(ROUTES.length);
  });

  it('answers unknown api paths with the JSON 404, never with the console', async () => {
    for (const path of ['/api/v1/nope', '/api/v1/tasks/1/nope', '/api/nope', '/health/nope']) {
      const res = await send({ method: 'get', path }, bearer(admin));
      expect({ path, status: res.status, type: res.headers['content-type'] }).toEqual({ path, status: 404, type: expect.stringMatching(/^application\/json/) });
      expect(res.body.statusCode).toBe(404);
    }
    // Only GET falls back: a POST to a console path is the api's 404.
    expect((await send({ method: 'post', path: '/my-work', body: {} }, null)).status).toBe(404);
  });

  it('has fixtures that make both columns meaningful for every role', () => {
    const problems: string[] = [];
    for (const [kind, fixtures] of Object.entries({ tasks: F.tasks, obligations: F.obligations, problems: F.problems, supervision: F.supervision })) {
      for (const role of ROLES) {
        const p = own[role];
        if (!fixtures.some((f) => f.side === 'own' && visible(p, f.rec))) problems.push(`${role} sees no own-side ${kind} fixture`);
        for (const f of fixtures.filter((x) => x.side === 'foreign')) {
          if (visible(p, f.rec) !== seesEverything(p)) problems.push(`${role}: foreign ${f.label} should be out of scope unless the role sees everything`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('forges tokens the api would accept if they were signed right (so the 401s mean something)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const p = own.LEAD_UNIT;
    const good = signJwt({ sub: p.id, username: p.username, ver: tokenVersion(p.token), iat: now, exp: now + 600 }, process.env.JWT_SECRET!);
    const res = await send({ method: 'get', path: '/api/v1/me' }, bearer(good));
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(p.id);
  });

  for (const route of [...ROUTES, ...Object.values(STATIC_MOUNTS).flat()]) {
    describe(keyOf(route), () => {
      for (const role of ROLES) {
        for (const scope of SCOPES) {
          it(`${role} · ${scope}`, () => runCell(route, role, scope));
        }
      }
    });
  }
});
