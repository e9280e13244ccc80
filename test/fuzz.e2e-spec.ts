import { INestApplication } from '@nestjs/common';
import { UnrecoverableError, Worker } from 'bullmq';
import { getMetadataStorage } from 'class-validator';
import type { AddressInfo } from 'node:net';
import { MaterialiserService, VirtualClock } from '@duban/core';
import { Clock } from '@duban/domain';
import { JobService, QueueName } from '@duban/queue';
import { SetClockDto } from '../apps/api/engine/clock.dto';
import { LoginDto } from '../apps/api/auth/auth.dto';
import { CadenceDto } from '../apps/api/cadences/cadences.dto';
import { SetCalendarDayDto } from '../apps/api/calendar/calendar.dto';
import { requestValidationPipe } from '../apps/api/common/validation';
import { CreateChannelDto } from '../apps/api/notifications/channels.dto';
import { ReportDto } from '../apps/api/obligations/obligations.dto';
import { DecideDto, UrgeDto } from '../apps/api/supervision/supervision.dto';
import { EscalationPolicyDto, PolicyPreviewDto } from '../apps/api/escalation/escalation.dto';
import { CreateListItemDto, RemoveListItemDto } from '../apps/api/lists/list-items.dto';
import { DelegateDto, MinutesDto, NewMeetingDto } from '../apps/api/meetings/meetings.dto';
import { ProblemTransitionDto, RaiseProblemDto } from '../apps/api/problems/problems.dto';
import { ChangePasswordDto } from '../apps/api/auth/auth.dto';
import { CreateUnitDto } from '../apps/api/org/units.dto';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto } from '../apps/api/org/users.dto';
import { CreateTaskDto, SplitTaskDto, TransitionDto } from '../apps/api/tasks/tasks.dto';
import { CommitImportDto, ImportNoticeDto } from '../apps/api/imports/imports.dto';
import { QUEUE_DASHBOARD_PATH } from '../apps/api/engine/queue-dashboard';
import { compoundOf, SPECIMENS } from './support/evidence-specimens';
import { adminToken, chainId, createUser, eventually, http, isolatedEnvironment, loadProfile, routesOf, sql, startApi, unitId } from './support/harness';

/*
 * HTTP fuzzing of every mutating route (POST, PUT, DELETE) of the api.
 *
 * Every mutating route the running app exposes must be in this table; a route the table does
 * not cover fails the suite ("covers every mutating route of the running app").
 *
 * | method | path                                             | body DTO             | real ids fuzzed against        | actor   |
 * |--------|--------------------------------------------------|----------------------|--------------------------------|---------|
 * | POST   | /api/v1/auth/login                               | LoginDto             | —                              | none    |
 * | POST   | /api/v1/auth/password                            | ChangePasswordDto    | —                              | liaison |
 * | POST   | /api/v1/units                                    | CreateUnitDto        | parentId                       | admin   |
 * | POST   | /api/v1/users                                    | CreateUserDto        | unitId, chains[].chainId       | admin   |
 * | PATCH  | /api/v1/users/:id                                | UpdateUserDto        | a liaison, unitId              | admin   |
 * | POST   | /api/v1/users/:id/password                       | ResetPasswordDto     | a liaison                      | admin   |
 * | POST   | /api/v1/tasks                                    | CreateTaskDto        | unit, chain and policy ids     | admin   |
 * | POST   | /api/v1/tasks/:id/transitions                    | TransitionDto        | a DRAFT task                   | admin   |
 * | POST   | /api/v1/tasks/:id/subtasks                       | SplitTaskDto         | a DRAFT task, ownerUnitIds     | admin   |
 * | PUT    | /api/v1/calendar/days/:date                      | SetCalendarDayDto    | a date                         | admin   |
 * | POST   | /api/v1/escalation-policies                      | EscalationPolicyDto  | —                              | admin   |
 * | POST   | /api/v1/escalation-policies/preview              | PolicyPreviewDto     | —                              | admin   |
 * | PUT    | /api/v1/escalation-policies/:id                  | EscalationPolicyDto  | a policy                       | admin   |
 * | DELETE | /api/v1/escalation-policies/:id                  | —                    | a policy                       | admin   |
 * | POST   | /api/v1/cadences                                 | CadenceDto           | policy, chain, unit ids        | admin   |
 * | PUT    | /api/v1/cadences/:id                             | CadenceDto           | a cadence                      | admin   |
 * | DELETE | /api/v1/cadences/:id                             | —                    | a cadence                      | admin   |
 * | POST   | /api/v1/obligations/:id/report                   | ReportDto            | an OPEN obligation             | liaison |
 * | POST   | /api/v1/notifications/:id/read                   | —                    | an unread notification         | admin   |
 * | POST   | /api/v1/admin/clock                              | SetClockDto          | —                              | admin   |
 * | POST   | /api/v1/admin/queues/session                     | —                    | —                              | admin   |
 * | POST   | /api/v1/notification-channels                    | CreateChannelDto     | unitId                         | admin   |
 * | DELETE | /api/v1/notification-channels/:id                | —                    | a channel                      | admin   |
 * | POST   | /api/v1/notification-channels/:id/test           | —                    | a disabled channel             | admin   |
 * | POST   | /api/v1/chains/:id/list-items                    | CreateListItemDto    | a chain, ownerUnitId           | admin   |
 * | DELETE | /api/v1/chains/:id/list-items/:itemId            | RemoveListItemDto    | a chain and its list item      | admin   |
 * | POST   | /api/v1/problems                                 | RaiseProblemDto      | a chain                        | liaison |
 * | POST   | /api/v1/problems/:id/transitions                 | ProblemTransitionDto | an OPEN problem                | admin   |
 * | POST   | /api/v1/meetings                                 | NewMeetingDto        | a chain                        | admin   |
 * | POST   | /api/v1/meetings/:id/minutes                     | MinutesDto           | a meeting held, no minutes yet | admin   |
 * | POST   | /api/v1/meetings/:id/delegate                    | DelegateDto          | a chain leader's meeting       | admin   |
 * | POST   | /api/v1/evaluations/:period/compute              | —                    | —                              | admin   |
 * | POST   | /api/v1/assessments/:quarter/publish             | —                    | —                              | superv. |
 * | POST   | /api/v1/supervision/urge                         | UrgeDto              | a task urged within the hour   | superv. |
 * | POST   | /api/v1/supervision/decide                       | DecideDto            | a task under 挂牌督办 (3)      | superv. |
 * | POST   | /api/v1/imports                                  | ImportNoticeDto      | —                              | admin   |
 * | POST   | /api/v1/imports/:id/commit                       | CommitImportDto      | a committed import             | admin   |
 * | POST   | /api/v1/files                                    | multipart: file      | —                              | admin   |
 *
 * The actor is an admin (so authorisation is never what rejects a request), except for the
 * monthly report, which only the owing unit may submit: there a liaison of that unit (who also
 * raises problems, as a unit's staff do); changing
 * one's own password, done by that liaison; and publishing an assessment, urging and deciding
 * supervision, a supervisor's acts.
 *
 * Inputs are generated deterministically from a seeded PRNG (FUZZ_SEED overrides the seed):
 * wrong types for every field of every DTO (nested ones too), missing required fields,
 * unknown fields, huge strings and bodies, bad dates, unknown ids in the path and the body,
 * broken JSON, wrong content types, SQL/script/NUL/emoji/RTL payloads in every string field,
 * depth-1000 JSON, 10,000-element arrays and prototype-pollution keys, plus well-typed
 * bodies that break a documented rule (cadence rules, unrepresentable offsets, months before
 * 1970). An upload is always refused: a multipart form that is broken, or carries an executable, an
 * empty file, a plain zip, junk or a file over 20 MB. A notice to import is never one that would be read: its text has no Chinese (422), and
 * the import committed against is committed already (409) or keeps an unresolved unit. Every request is malformed; a well-typed payload is always paired with a defect the
 * service must catch (an unknown id, a stale version, a submitted report) so that it travels
 * as deep as it can.
 *
 * Reproducing: FUZZ_SEED=<n> changes the random cases, FUZZ_ONLY='tasks|cadences' or
 * FUZZ_ONLY='#1234,#1235' sends only those requests, FUZZ_VERBOSE=1 logs every answer, and
 * TEST_LOG_LEVEL=error shows the api's stack traces of 5xx answers.
 *
 * Asserted: every answer is a 4xx in the `{statusCode, error, message}` shape within a
 * per-request timeout, and no table of the suite's own database changed (row count and
 * CHECKSUM TABLE, taken before and after the whole run, and after each route's batch to
 * name the culprit) — except the audit log, which by design records every failed sign-in:
 * its new entries must all be `login.failure`.
 */
const MUTATING_ROUTES = [
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/password',
  'POST /api/v1/units',
  'POST /api/v1/users',
  'PATCH /api/v1/users/:id',
  'POST /api/v1/users/:id/password',
  'POST /api/v1/tasks',
  'POST /api/v1/tasks/:id/transitions',
  'POST /api/v1/tasks/:id/subtasks',
  'PUT /api/v1/calendar/days/:date',
  'POST /api/v1/escalation-policies',
  'POST /api/v1/escalation-policies/preview',
  'PUT /api/v1/escalation-policies/:id',
  'DELETE /api/v1/escalation-policies/:id',
  'POST /api/v1/cadences',
  'PUT /api/v1/cadences/:id',
  'DELETE /api/v1/cadences/:id',
  'POST /api/v1/obligations/:id/report',
  'POST /api/v1/notifications/:id/read',
  'POST /api/v1/admin/clock',
  'POST /api/v1/admin/queues/session',
  'POST /api/v1/notification-channels',
  'DELETE /api/v1/notification-channels/:id',
  'POST /api/v1/notification-channels/:id/test',
  'POST /api/v1/chains/:id/list-items',
  'DELETE /api/v1/chains/:id/list-items/:itemId',
  'POST /api/v1/problems',
  'POST /api/v1/problems/:id/transitions',
  'POST /api/v1/meetings',
  'POST /api/v1/meetings/:id/minutes',
  'POST /api/v1/meetings/:id/delegate',
  'POST /api/v1/evaluations/:period/compute',
  'POST /api/v1/assessments/:quarter/publish',
  'POST /api/v1/supervision/urge',
  'POST /api/v1/supervision/decide',
  'POST /api/v1/imports',
  'POST /api/v1/files',
  'POST /api/v1/imports/:id/commit',
] as const;
type RouteKey = (typeof MUTATING_ROUTES)[number];

const SEED = Number(process.env.FUZZ_SEED ?? 20260701);
const MIN_REQUESTS = 2000;
const CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 10_000;
const RANDOM_CASES_PER_ROUTE = 30;
/** To reproduce: FUZZ_ONLY='<route substring>|…' or FUZZ_ONLY='#<case>,<case>…' runs only those requests. */
const ONLY = process.env.FUZZ_ONLY;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: a small, fast, seedable PRNG; the same seed gives the same requests. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const chars = (n: number, alphabet: string) => Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join('');
  return { next, int, pick, chars };
}
type Rng = ReturnType<typeof prng>;

// ---------------------------------------------------------------------------------------------
// JSON with raw fragments (1e400, depth-1000 nesting, __proto__ keys) that JSON.stringify cannot write

class Raw {
  constructor(readonly text: string) {}
}
const raw = (text: string) => new Raw(text);

function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const REMOVE = Symbol('remove');
type Path = (string | number)[];

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** Sets (or removes) the value at `path` in a copy of `body`. */
function withValue(body: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
  const copy = clone(body);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    if (parent[key] === undefined || parent[key] === null || typeof parent[key] !== 'object') parent[key] = typeof key === 'number' ? [] : {};
    parent = parent[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (value === REMOVE) delete parent[last];
  else parent[last] = value;
  return copy;
}

function describe_(value: unknown): string {
  if (value === REMOVE) return '(missing)';
  if (value instanceof Raw) return value.text.length > 40 ? `raw ${value.text.slice(0, 20)}…(${value.text.length} chars)` : `raw ${value.text}`;
  const json = toJson(value);
  return json.length > 40 ? `${json.slice(0, 30)}…(${json.length} chars)` : json;
}

// ---------------------------------------------------------------------------------------------
// The inputs

const HUGE_STRING = 'x'.repeat(100 * 1024); // 100 KB: over every MaxLength of the api
const TWO_MB = '链'.repeat(700_000); // 2.1 MB of UTF-8: over the 1 MB body limit
const DEEP_ARRAY = raw(`${'['.repeat(1000)}1${']'.repeat(1000)}`);
const DEEP_OBJECT = raw(`${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`);
const ARRAY_10K_INTS = Array.from({ length: 10_000 }, (_, i) => i + 1);
const ARRAY_10K_STRINGS = Array.from({ length: 10_000 }, () => 'x');

/** Strings that must travel as plain data: SQL, script, NUL, emoji, right-to-left marks. */
const PAYLOADS = [
  "'; DROP TABLE tasks; --",
  "' OR '1'='1",
  '1; SELECT SLEEP(5)',
  '"); DELETE FROM units; --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '\u0000',
  'a\u0000b',
  '😀🚀👩‍👩‍👧‍👦',
  '\u202eRTL override\u202c',
  '\u200f\u200e\u061c',
  '\\',
  '%s%n%x',
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  '\ud800',
] as const;

const BAD_INSTANTS: unknown[] = [
  '2026-02-30T00:00:00Z',
  '2026-02-29T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-07-20T25:00:00Z',
  'tomorrow',
  '',
  '9999-12-31T23:00:00-08:00',
  '0000-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '2026-07-20',
  '2026-07-20T10:00:00',
  '2026-07-20 10:00:00+08:00',
  '2026-07-20T10:00:00.1234567890Z',
  '20260720T100000Z',
  1782835200000,
  0,
  true,
  [],
  ['2026-07-20T10:00:00Z'],
  {},
];

const BAD_LOCAL_DATES = [
  '2026-02-30',
  '2026-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-10-32',
  '2026-1-8',
  '20261008',
  'tomorrow',
  '0000-01-01',
  '0099-12-31',
  '0100-01-01',
  '1969-12-31',
  '-001-01-01',
  '2026-10-08T00:00:00Z',
  '2026-10-08%20',
  '%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-10-08', // fullwidth digits
  'null',
  '%zz',
];

/** Months and dates before 1970 lie outside the api's range of instants (IsInstant: 1970–9999). */
const BAD_QUARTERS = ['2026-Q0', '2026-Q5', '2026-q3', '2026Q3', '2026-Q', '1969-Q4', '0000-Q1', '2026-07', '2026-H1', '-2026-Q1', '99999-Q1', 'abc', '%00', '%zz', '2026-Q3%20'];
/** An evaluation's period is a month or (年考评) a year: a malformed or out-of-range year is as bad as a month. */
const BAD_YEARS = ['1969', '0000', '0100', '99999', '20261', '26', '2026%20', '2026-', '-2026', '2026-Q4', '2026-H2', '2026.0'];
const BAD_MONTHS = [
  '0000-01',
  '0100-01',
  '1969-12',
  '2026-13',
  '2026-00',
  '2026-7',
  '26-07',
  '202607',
  '2026-07-01',
  '2026-Q3',
  '2026-H2',
  '-2026-07',
  '99999-01',
  '2026_07',
  'abc',
  'null',
  '%zz',
  '2026-07%20',
  '%00',
];

/** Route ids that fail ParseIdPipe (400). */
const BAD_IDS = [
  'abc',
  '0',
  '-1',
  '1e20',
  '1.5',
  '99999999999',
  '4294967296',
  '0x1F',
  '+1',
  '1,2',
  'null',
  'undefined',
  '%20',
  '1%20',
  '%00',
  '%zz',
  '..',
  '%2e%2e',
  '[]',
  '%7B%7D',
  '%D9%A1%D9%A2',
  'NaN',
  'Infinity',
];
/** Route ids that parse but name nothing (404). */
const UNKNOWN_IDS = ['999999999', '4294967295'];
/** Notification ids are BIGINT: up to 19 digits pass the route's own check. */
const BAD_NOTIFICATION_IDS = ['abc', '0', '-1', '1e20', '1.5', '99999999999999999999', '184467440737095516160', ' 1'.replace(' ', '%20'), '%00', '%zz', 'NaN'];
const UNKNOWN_NOTIFICATION_IDS = ['999999999', '9999999999999999999', '00'];

/** Body ids that pass validation but name nothing: the service must say so (4xx), not the database. */
const UNKNOWN_BODY_IDS: unknown[] = [999999999, 4294967295, 4294967296, 1e20, raw('9007199254740993')];

const BROKEN_JSON = (base: string): string[] => [
  base.slice(0, Math.max(1, Math.floor(base.length / 2))),
  base.slice(0, -1),
  base.replace(/}$/, ',}'),
  base.replace(/^\{/, '{,'),
  base.replace(/"/g, "'"),
  base.replace(/}$/, ',"n":NaN}'),
  base.replace(/}$/, ',"n":Infinity}'),
  base.replace(/}$/, ',"n":undefined}'),
  base.replace(/}$/, ',"n":01}'),
  base.replace(/}$/, ',"n":0x10}'),
  base.replace(/}$/, ',"n":"\u0001"}'),
  base.replace(/^\{/, '{/* comment */'),
  `${base}${base}`,
  `${base}}`,
  '{',
  '}',
  '{"a":1',
  '{a:1}',
  '',
  ' ',
  'null',
  'true',
  '42',
  '"a string"',
  'NaN',
];

// ---------------------------------------------------------------------------------------------
// Field specifications of the DTOs

type Field =
  | { kind: 'string'; required?: boolean; max: number; min?: number; notBlank?: boolean; pattern?: boolean }
  | { kind: 'int'; required?: boolean; min: number; max?: number; id?: boolean }
  | { kind: 'number'; required?: boolean }
  | { kind: 'enum'; required?: boolean; values: readonly string[] }
  | { kind: 'instant'; required?: boolean; future?: boolean }
  | { kind: 'date'; required?: boolean }
  | { kind: 'map'; required?: boolean }
  | { kind: 'bool'; required?: boolean }
  | { kind: 'time'; required?: boolean }
  | { kind: 'offset'; required?: boolean }
  | { kind: 'ints'; required?: boolean; max: number; id?: boolean }
  | { kind: 'enums'; required?: boolean; values: readonly string[]; min?: number }
  | { kind: 'object'; required?: boolean; fields: Fields }
  | { kind: 'objects'; required?: boolean; fields: Fields; max: number; min?: number };
type Fields = Record<string, Field>;

const str = (max: number, o: { required?: boolean; min?: number; notBlank?: boolean; pattern?: boolean } = {}): Field => ({ kind: 'string', max, ...o });
const int = (min: number, max?: number, required = false): Field => ({ kind: 'int', min, max, required });
const id = (required = false): Field => ({ kind: 'int', min: 1, id: true, required });
const oneOf = (values: readonly string[], required = false): Field => ({ kind: 'enum', values, required });
const instant = (required = false, future = false): Field => ({ kind: 'instant', required, future });

const UNIT_KINDS = ['DEPARTMENT', 'ZONE', 'DISTRICT', 'ENTERPRISE', 'ASSOCIATION', 'OFFICE'];
const CHAIN_ROLES = ['GENERAL_LEADER', 'LEADER', 'SUB_LEADER', 'LEAD_UNIT', 'PARTICIPANT', 'TASK_FORCE', 'ALLIANCE'];

const DTO_FIELDS = {
  login: { username: str(64, { required: true, min: 1 }), password: str(128, { required: true, min: 1 }) },
  unit: {
    name: str(100, { required: true, notBlank: true }),
    kind: oneOf(UNIT_KINDS, true),
    fullName: str(200),
    parentId: id(),
  },
  changePassword: { currentPassword: str(128, { required: true, min: 1 }), newPassword: str(1000, { required: true, min: 10 }) },
  updateUser: {
    displayName: str(100, { notBlank: true }),
    unitId: id(),
    roles: { kind: 'enums', values: ['ADMIN', 'SUPERVISOR', 'CHAIN_LEADER', 'LEAD_UNIT', 'UNIT_LIAISON'], min: 1 },
    disabled: { kind: 'bool' },
  },
  resetPassword: { password: str(1000, { required: true, min: 10 }) },
  user: {
    username: str(64, { required: true, pattern: true }),
    password: str(1000, { required: true, min: 10 }),
    displayName: str(100, { required: true, notBlank: true }),
    unitId: id(),
    roles: { kind: 'enums', values: ['ADMIN', 'SUPERVISOR', 'CHAIN_LEADER', 'LEAD_UNIT', 'UNIT_LIAISON'], required: true, min: 1 },
    chains: { kind: 'objects', max: 100, fields: { chainId: id(true), role: oneOf(CHAIN_ROLES, true) } },
  },
  task: {
    title: str(200, { required: true, notBlank: true }),
    description: str(10_000),
    issuerUnitId: id(true),
    ownerUnitId: id(true),
    coUnitIds: { kind: 'ints', max: 100, id: true },
    dueAt: instant(true, true),
    chainId: id(),
    policyId: id(),
    priority: oneOf(['NORMAL', 'URGENT']),
    source: { kind: 'object', fields: { kind: str(40, { required: true, min: 1 }), ref: str(200, { required: true }) } },
  },
  transition: {
    action: oneOf(['assign', 'accept', 'submit', 'return', 'complete', 'cancel', 'request_extension', 'approve_extension', 'reject_extension', 'decline'], true),
    comment: str(2000),
    dueAt: instant(),
    version: id(),
    ownerUnitId: id(),
    fileIds: { kind: 'ints', max: 10, id: true },
  },
  split: { ownerUnitIds: { kind: 'ints', required: true, max: 100, id: true }, dueAt: instant() },
  calendarDay: { workday: { kind: 'bool', required: true }, name: str(50) },
  policyPreview: {
    dueAt: instant(true),
    steps: {
      kind: 'objects',
      required: true,
      min: 1,
      max: 20,
      fields: {
        offset: { kind: 'offset', required: true },
        calendar: oneOf(['natural', 'workday'], true),
        action: oneOf(['remind', 'due', 'urge', 'supervise', 'escalate'], true),
        notify: { kind: 'enums', values: ['OWNER', 'ISSUER', 'SUPERVISOR'] },
      },
    },
  },
  policy: {
    name: str(100, { required: true, notBlank: true }),
    steps: {
      kind: 'objects',
      required: true,
      min: 1,
      max: 20,
      fields: {
        offset: { kind: 'offset', required: true },
        calendar: oneOf(['natural', 'workday'], true),
        action: oneOf(['remind', 'due', 'urge', 'supervise', 'escalate'], true),
        notify: { kind: 'enums', values: ['OWNER', 'ISSUER', 'SUPERVISOR'] },
      },
    },
  },
  cadence: {
    name: str(100, { required: true, notBlank: true }),
    kind: oneOf(['REPORT', 'MEETING', 'EVALUATION', 'ASSESSMENT'], true),
    frequency: oneOf(['WEEKLY', 'MONTHLY', 'QUARTERLY', 'SEMIANNUAL', 'YEARLY'], true),
    dayOfMonth: int(1, 31),
    weekday: int(1, 7),
    nth: int(-1, 4),
    month: int(1, 12),
    time: { kind: 'time', required: true },
    timezone: str(50),
    shift: oneOf(['NONE', 'NEXT_WORKDAY', 'PREVIOUS_WORKDAY'], true),
    activeFrom: instant(true),
    activeTo: instant(),
    policyId: id(),
    chainId: id(),
    owingUnitIds: { kind: 'ints', max: 5000, id: true },
    owingUnitKinds: { kind: 'enums', values: UNIT_KINDS },
    owingChainRoles: { kind: 'enums', values: CHAIN_ROLES },
    receiverUnitId: id(),
    convenerRole: oneOf(['GENERAL_LEADER', 'LEADER', 'SUB_LEADER', 'LEAD_UNIT']),
    convenePer: oneOf(['CONVENER', 'CLUSTER']),
  },
  report: {
    progress: str(20_000, { required: true, notBlank: true }),
    coordinationMatters: { kind: 'objects', max: 50, fields: { title: str(200, { required: true, notBlank: true }), detail: str(5000) } },
    fileIds: { kind: 'ints', max: 10, id: true },
    indicators: { kind: 'objects', max: 20, fields: { key: str(60, { required: true }), value: { kind: 'number', required: true } } },
  },
  clock: { now: instant(true) },
  channel: { kind: oneOf(['WEBHOOK', 'WECOM', 'DINGTALK', 'EMAIL'], true), target: str(500, { required: true }), unitId: id(), userId: id() },
  listItem: {
    type: oneOf(['MATTER', 'PARK', 'ENTERPRISE', 'PROJECT'], true),
    name: str(200, { required: true, notBlank: true }),
    ownerUnitId: id(),
    detail: str(5000),
    reason: str(500),
    fileIds: { kind: 'ints', max: 10, id: true },
  },
  removeListItem: { reason: str(500, { required: true, notBlank: true }), fileIds: { kind: 'ints', max: 10, id: true } },
  problemTransition: {
    action: oneOf(['acknowledge', 'feedback', 'resolve', 'close', 'reopen'], true),
    comment: str(2000),
    satisfaction: int(1, 5),
    severity: oneOf(['GENERAL', 'MAJOR']),
    plannedAt: instant(),
    version: id(),
    fileIds: { kind: 'ints', max: 10, id: true },
  },
  raiseProblem: { chainId: id(true), title: str(200, { required: true, notBlank: true }), detail: str(5000) },
  urge: { subjectType: oneOf(['TASK', 'OBLIGATION', 'PROBLEM'], true), subjectId: id(true), message: str(500, { required: true, notBlank: true }) },
  decide: { subjectType: oneOf(['TASK', 'OBLIGATION', 'PROBLEM'], true), subjectId: id(true), level: int(2, 3, true), reason: str(500, { required: true, notBlank: true }) },
  importNotice: { text: str(1_000_000), source: str(200, { notBlank: true }) },
  commitImport: {
    mapping: { kind: 'map' },
    select: { kind: 'ints', max: 1000, id: true },
    edits: {
      kind: 'objects',
      max: 1000,
      fields: {
        seq: int(1, 100_000, true),
        title: str(200, { notBlank: true }),
        dueDate: { kind: 'date' },
        leadUnitIds: { kind: 'ints', max: 200, id: true },
        coUnitIds: { kind: 'ints', max: 500, id: true },
        recurrence: {
          kind: 'object',
          fields: { frequency: oneOf(['WEEKLY', 'MONTHLY', 'QUARTERLY', 'SEMIANNUAL', 'YEARLY'], true), dayOfMonth: int(1, 31), month: int(1, 12), weekday: int(1, 7) },
        },
      },
    },
    issuerUnitId: id(),
  },
  minutes: {
    summary: str(20_000, { required: true, notBlank: true }),
    decisions: {
      kind: 'objects',
      required: true,
      max: 100,
      fields: { title: str(200, { required: true, notBlank: true }), ownerUnitId: id(true), dueAt: instant(), chainId: id() },
    },
    problems: {
      kind: 'objects',
      max: 100,
      fields: { title: str(200, { required: true, notBlank: true }), detail: str(5000), raisedByUnitId: id(true), chainId: id() },
    },
    fileIds: { kind: 'ints', max: 10, id: true },
  },
  newMeeting: {
    type: oneOf(['JOINT', 'ALLIANCE', 'TOPICAL'], true),
    chainIds: { kind: 'ints', required: true, max: 100, id: true },
    scheduledAt: instant(true),
    title: str(200, { notBlank: true }),
  },
  delegate: { userId: id(true) },
} satisfies Record<string, Fields>;

/** Values that the DTO's validation must reject, for one field. */
function invalidValues(field: Field): { value: unknown; category: string }[] {
  const out: { value: unknown; category: string }[] = [];
  const add = (category: string, ...values: unknown[]) => values.forEach((value) => out.push({ value, category }));
  if (field.required) add('type', null);
  switch (field.kind) {
    case 'string':
      add('type', 42, 0, -1.5, true, false, [], ['x'], {}, { toString: 'x' });
      add('huge', 'x'.repeat(field.max + 1), HUGE_STRING);
      if (field.notBlank) add('type', '', '   \t\n', '\u3000');
      if (field.min) add('type', 'x'.repeat(field.min - 1));
      if (field.pattern) add('type', 'ab', 'a b', '用户名', 'x'.repeat(65), 'admin;--');
      break;
    case 'int':
      add('type', '1', '42', 'abc', '', 1.5, -0.5, true, [], [1], {}, raw('1e400'), raw('-1e400'), raw('9'.repeat(400)));
      add('unknown-id', field.min - 1);
      if (field.id) add('unknown-id', -1);
      if (field.max !== undefined) add('type', field.max + 1, 2 ** 31, raw('1e20'));
      break;
    case 'number':
      add('type', '1', '8.5', 'abc', '', true, [], [1], {}, raw('1e400'), raw('-1e400'));
      break;
    case 'enum': {
      const v = field.values[0];
      const swapped = v === v.toLowerCase() ? v.toUpperCase() : v.toLowerCase();
      add('type', 'BOGUS', swapped, ` ${v}`, `${v}\u0000`, '', 42, true, [], [v], {}, { [v]: true });
      break;
    }
    case 'instant':
      add('date', ...BAD_INSTANTS);
      break;
    case 'date':
      add('date', ...BAD_LOCAL_DATES, 20261008, true, [], {});
      break;
    case 'map':
      add(
        'type',
        'x',
        42,
        true,
        [],
        [{}],
        { '': 1 },
        { '   ': 1 },
        { ['名'.repeat(101)]: 1 },
        { 某单位: 'x' },
        { 某单位: 1.5 },
        { 某单位: 0 },
        { 某单位: -1 },
        { 某单位: [] },
        { 某单位: [1, 1] },
        { 某单位: {} },
        { 某单位: true },
      );
      add('huge', Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`单位${i}`, null])), { 某单位: ARRAY_10K_INTS });
      break;
    case 'bool':
      add('type', 'true', 'false', 1, 0, 'yes', '', [], [true], {});
      break;
    case 'time':
      add('type', '24:00', '12:60', '1200', 'noon', '', '12:00:60', '7:00', '12:00Z', '12:00:00.5', 1200, true, [], {});
      break;
    case 'offset':
      add('type', 1.5, 367, -367, 'tomorrow', '', 'P', 'P1M', 'P1Y', '1D', '-', 'PT', true, [], {}, raw('1e400'));
      break;
    case 'ints':
      add('type', '1,2', 42, {}, true, [null], ['1'], [1.5], [0], [-1], [{}], [[1]], [raw('1e400')]);
      add('huge', ARRAY_10K_INTS);
      add('type', [7, 7]);
      break;
    case 'enums': {
      const v = field.values[0];
      add('type', v, 42, {}, true, [42], ['BOGUS'], [null], [[]], [{}], [v, v], [v.toLowerCase()]);
      add(
        'huge',
        Array.from({ length: 10_000 }, () => v),
      );
      if (field.min) add('type', []);
      break;
    }
    case 'object':
      add('type', 'x', 42, true, [], [{}], raw('[1]'));
      break;
    case 'objects':
      add('type', 'x', 42, true, {}, [42], ['x'], [null], [[]], [{}]);
      if (field.min) add('type', []);
      break;
  }
  return out;
}

/** A structurally valid sample of a nested element (used to build 10,000-element arrays). */
function validElement(fields: Fields, from: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(fields)
      .filter((k) => from[k] !== undefined)
      .map((k) => [k, from[k]]),
  );
}

interface Mutation {
  category: string;
  path: Path;
  value: unknown;
  /** The top-level field it touches: random cases add noise only to other fields. */
  top: string;
}

/** Every single-field mutation of a body that its DTO's validation must reject, nested ones included. */
function invalidMutations(fields: Fields, base: Record<string, unknown>, prefix: Path = []): Mutation[] {
  const out: Mutation[] = [];
  const top = (name: string) => String(prefix[0] ?? name);
  for (const [name, field] of Object.entries(fields)) {
    const path = [...prefix, name];
    for (const { value, category } of invalidValues(field)) out.push({ category, path, value, top: top(name) });
    if (field.required) out.push({ category: 'missing', path, value: REMOVE, top: top(name) });
    out.push({ category: 'deep', path, value: DEEP_ARRAY, top: top(name) });
    out.push({ category: 'deep', path, value: DEEP_OBJECT, top: top(name) });
    if (field.kind !== 'ints' && field.kind !== 'enums' && field.kind !== 'objects') {
      out.push({ category: 'array-10k', path, value: field.kind === 'int' ? ARRAY_10K_INTS : ARRAY_10K_STRINGS, top: top(name) });
    }
    const nestedBase = (prefix.length === 0 ? base : undefined)?.[name];
    if (field.kind === 'object') {
      const inner = (nestedBase ?? {}) as Record<string, unknown>;
      out.push(...invalidMutations(field.fields, inner, path));
      out.push({ category: 'unknown-field', path: [...path, 'zzUnknown'], value: 1, top: top(name) });
      out.push({ category: 'deep', path: [...path, 'zzDeep'], value: DEEP_OBJECT, top: top(name) });
    }
    if (field.kind === 'objects') {
      const first = ((nestedBase as unknown[] | undefined)?.[0] ?? {}) as Record<string, unknown>;
      out.push(...invalidMutations(field.fields, first, [...path, 0]));
      out.push({ category: 'unknown-field', path: [...path, 0, 'zzUnknown'], value: 1, top: top(name) });
      out.push({ category: 'unknown-field', path: [...path, 0, 'isAdmin'], value: true, top: top(name) });
      out.push({ category: 'array-10k', path, value: Array.from({ length: 10_000 }, () => validElement(field.fields, first)), top: top(name) });
    }
  }
  return out;
}

/** Well-typed ids that name nothing, wherever the body holds an id. */
function unknownIdMutations(fields: Fields, base: Record<string, unknown>, prefix: Path = []): Mutation[] {
  const out: Mutation[] = [];
  for (const [name, field] of Object.entries(fields)) {
    const path = [...prefix, name];
    const top = String(prefix[0] ?? name);
    if (field.kind === 'int' && field.id) for (const value of UNKNOWN_BODY_IDS) out.push({ category: 'unknown-id', path, value, top });
    if (field.kind === 'ints' && field.id) {
      const real = ((base[name] as number[] | undefined) ?? [])[0];
      out.push({ category: 'unknown-id', path, value: [999999999], top });
      out.push({ category: 'unknown-id', path, value: [1e20], top });
      if (real !== undefined) out.push({ category: 'unknown-id', path, value: [real, 999999999], top });
    }
    if (field.kind === 'objects') {
      const first = ((base[name] as unknown[] | undefined)?.[0] ?? {}) as Record<string, unknown>;
      out.push(...unknownIdMutations(field.fields, first, [...path, 0]).map((m) => ({ ...m, top })));
    }
  }
  return out;
}

function stringPaths(fields: Fields, base: Record<string, unknown>, prefix: Path = []): { path: Path; top: string }[] {
  const out: { path: Path; top: string }[] = [];
  for (const [name, field] of Object.entries(fields)) {
    const path = [...prefix, name];
    const top = String(prefix[0] ?? name);
    if (field.kind === 'string') out.push({ path, top });
    if (field.kind === 'object') out.push(...stringPaths(field.fields, (base[name] ?? {}) as Record<string, unknown>, path).map((p) => ({ ...p, top })));
    if (field.kind === 'objects') {
      const first = ((base[name] as unknown[] | undefined)?.[0] ?? {}) as Record<string, unknown>;
      out.push(...stringPaths(field.fields, first, [...path, 0]).map((p) => ({ ...p, top })));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Routes

interface Fixtures {
  admin: string;
  adminId: number;
  liaison: string;
  liaisonId: number;
  supervisor: string;
  dept: number;
  zone: number;
  otherZone: number;
  chain: number;
  otherChain: number;
  task: number;
  policy: number;
  cadence: number;
  channel: number;
  disabledChannel: number;
  listItem: number;
  obligation: number;
  submittedObligation: number;
  problem: number;
  meeting: number;
  notification: string;
  /** An ASSIGNED task under 挂牌督办 (level 3), urged a moment ago. */
  supervisedTask: number;
  /** An import committed already (every commit of it is refused), and one that keeps an unresolved unit. */
  committedImport: number;
  openImport: number;
}

type ParamKind = 'id' | 'notificationId' | 'date' | 'month' | 'quarter' | 'period';
interface RouteSpec {
  actor: 'admin' | 'liaison' | 'supervisor' | 'none';
  params?: Record<string, { kind: ParamKind; real: (f: Fixtures) => string }>;
  /** The body DTO (absent: the route reads no body). */
  fields?: Fields;
  dto?: new () => object;
  base?: (f: Fixtures) => Record<string, unknown>;
  /**
   * How to make a well-typed body fail as deep in the service as possible (an unknown id, a
   * stale version, a report already submitted), for payload strings that are valid text.
   */
  poison?: (f: Fixtures) => { params?: Record<string, string>; body?: Record<string, unknown> };
  /** Values of well-formed requests that are still wrong in context (past due dates, foreign ids). */
  semantic?: (f: Fixtures) => { label: string; params?: Record<string, string>; body?: Record<string, unknown> }[];
  /** Requests that are not JSON at all (a multipart upload's broken or refused forms). */
  raw?: () => { category: string; label: string; headers: Record<string, string>; body: Buffer }[];
}

const FAR_FUTURE = '2026-12-30T17:00:00+08:00';

/** A multipart/form-data body of these parts. */
function multipart(parts: { name: string; filename?: string; type?: string; body: Buffer | string }[], boundary = 'fuzzboundary'): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`),
      Buffer.from(p.body),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
const FORM = { 'content-type': 'multipart/form-data; boundary=fuzzboundary' };
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)]);

/** Uploads that must all be refused: wrong content under an accepted name, broken forms, a file over the limit. */
const UPLOAD_CASES = [
  ...(
    [
      ['a Windows executable named x.pdf', 'x.pdf', SPECIMENS.exe],
      ['a Windows executable named 合同.pdf', '合同.pdf', SPECIMENS.exe],
      ['an ELF binary named ../../etc/passwd.pdf', '../../etc/passwd.pdf', ELF],
      ['an executable named with NUL and CR/LF', 'a\u0000b\r\n.pdf', SPECIMENS.exe],
      ['an empty file', '空.txt', Buffer.alloc(0)],
      ['binary junk with NULs named .txt', 'junk.txt', Buffer.from([0x41, 0x00, 0x42, 0xff, 0xfe])],
      ['invalid UTF-8 named .txt', 'bad.txt', Buffer.from([0xc3, 0x28, 0xa0, 0xa1])],
      ['a GIF image', 'x.png', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')],
      ['a compound file with no document stream named .doc', 'x.doc', compoundOf('Installer')],
    ] as const
  ).map(([label, filename, body]) => ({ category: 'upload', label, headers: FORM, body: multipart([{ name: 'file', filename, type: 'application/pdf', body }]) })),
  { category: 'upload', label: 'a file in a field not named file', headers: FORM, body: multipart([{ name: 'upload', filename: 'a.txt', body: '文本' }]) },
  {
    category: 'upload',
    label: 'two files',
    headers: FORM,
    body: multipart([
      { name: 'file', filename: 'a.txt', body: SPECIMENS.exe },
      { name: 'file', filename: 'b.txt', body: SPECIMENS.exe },
    ]),
  },
  {
    category: 'upload',
    label: 'a text field beside the file',
    headers: FORM,
    body: multipart([
      { name: 'note', body: 'x' },
      { name: 'file', filename: 'a.pdf', body: SPECIMENS.exe },
    ]),
  },
  { category: 'upload', label: 'a text field only', headers: FORM, body: multipart([{ name: 'file', body: 'not a file' }]) },
  { category: 'upload', label: 'no parts at all', headers: FORM, body: Buffer.from('--fuzzboundary--\r\n') },
  { category: 'upload', label: 'a form cut off in the file', headers: FORM, body: multipart([{ name: 'file', filename: 'a.pdf', body: SPECIMENS.exe }]).subarray(0, 120) },
  { category: 'upload', label: 'another boundary than announced', headers: FORM, body: multipart([{ name: 'file', filename: 'a.pdf', body: SPECIMENS.exe }], 'otherboundary') },
  {
    category: 'upload',
    label: 'no boundary announced',
    headers: { 'content-type': 'multipart/form-data' },
    body: multipart([{ name: 'file', filename: 'a.pdf', body: SPECIMENS.exe }]),
  },
  { category: 'upload', label: 'a JSON body sent as multipart', headers: FORM, body: Buffer.from('{"file":"x"}') },
  { category: 'upload', label: 'a JSON body', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"file":"x"}') },
  {
    category: 'huge',
    label: 'a file of 20 MB and one byte',
    headers: FORM,
    body: multipart([{ name: 'file', filename: '大文件.txt', body: Buffer.alloc(20 * 1024 * 1024 + 1, 0x41) }]),
  },
];
/** Where beforeAll moves the virtual clock: after July's monthly chain meetings. */
const AFTER_MEETINGS = '2026-07-28T12:00:00+08:00';

/** Well-typed cadence rules that break a documented rule (the base is MONTHLY on day 20, from 2026-08-01). */
const CADENCE_RULE_MISTAKES = [
  { label: 'month 4 of a quarter', body: { frequency: 'QUARTERLY', month: 4 } },
  { label: 'month 7 of a half-year', body: { frequency: 'SEMIANNUAL', month: 7 } },
  { label: 'WEEKLY with a dayOfMonth and no weekday', body: { frequency: 'WEEKLY' } },
  { label: 'both dayOfMonth and weekday', body: { weekday: 3, nth: 1 } },
  { label: 'weekday without nth', body: { dayOfMonth: REMOVE, weekday: 3 } },
  { label: 'nth 0', body: { dayOfMonth: REMOVE, weekday: 3, nth: 0 } },
  { label: 'activeTo equal to activeFrom', body: { activeFrom: '2026-08-01T00:00:00+08:00', activeTo: '2026-08-01T00:00:00+08:00' } },
  { label: 'activeTo before activeFrom', body: { activeFrom: '2026-08-01T00:00:00+08:00', activeTo: '2026-07-31T00:00:00Z' } },
  { label: 'owingChainRoles without chainId', body: { owingChainRoles: ['PARTICIPANT'], chainId: REMOVE } },
];

/** Offsets no date can be moved by: 10^11 days, 10^20 seconds (a Date spans ±10^8 days). */
const UNREPRESENTABLE_OFFSETS = [
  { label: 'a natural offset of 10^11 days', body: { steps: [{ offset: 'P99999999999D', calendar: 'natural', action: 'due' }] } },
  { label: 'a workday offset of 10^20 seconds', body: { steps: [{ offset: 'PT99999999999999999999S', calendar: 'workday', action: 'due' }] } },
];

const SPECS: Record<RouteKey, RouteSpec> = {
  'POST /api/v1/auth/login': {
    actor: 'none',
    fields: DTO_FIELDS.login,
    dto: LoginDto,
    base: () => ({ username: 'admin', password: 'not-the-admin-password' }),
    poison: () => ({}), // the password is wrong: 401
  },
  'POST /api/v1/auth/password': {
    actor: 'liaison',
    fields: DTO_FIELDS.changePassword,
    dto: ChangePasswordDto,
    base: () => ({ currentPassword: 'not-the-current-password', newPassword: '模糊测试-新口令-2026' }),
    poison: () => ({}), // the current password is wrong: 400
    semantic: () => [
      { label: 'a new password of nine characters', body: { currentPassword: 'password-123', newPassword: 'abcdefghi' } },
      { label: 'a shipped new password', body: { currentPassword: 'password-123', newPassword: 'duban-admin-dev' } },
    ],
  },
  'PATCH /api/v1/users/:id': {
    actor: 'admin',
    params: { id: { kind: 'id', real: (f) => String(f.liaisonId) } },
    fields: DTO_FIELDS.updateUser,
    dto: UpdateUserDto,
    base: (f) => ({ displayName: '模糊用户-改', unitId: f.zone, roles: ['UNIT_LIAISON'], disabled: false }),
    poison: () => ({ params: { id: '999999999' } }),
    semantic: (f) => [
      { label: 'a liaison without a unit', body: { unitId: null } },
      { label: 'the admin disabling their own account', params: { id: String(f.adminId) }, body: { disabled: true, roles: ['ADMIN'] } },
      { label: 'the last admin losing the role', params: { id: String(f.adminId) }, body: { roles: ['SUPERVISOR'], unitId: REMOVE } },
    ],
  },
  'POST /api/v1/users/:id/password': {
    actor: 'admin',
    params: { id: { kind: 'id', real: (f) => String(f.liaisonId) } },
    fields: DTO_FIELDS.resetPassword,
    dto: ResetPasswordDto,
    base: () => ({ password: '临时口令-模糊测试-2026' }),
    poison: () => ({ params: { id: '999999999' } }),
    semantic: () => [{ label: 'a shipped password', body: { password: 'duban-admin-dev' } }],
  },
  'POST /api/v1/units': {
    actor: 'admin',
    fields: DTO_FIELDS.unit,
    dto: CreateUnitDto,
    base: (f) => ({ name: '模糊测试单位', kind: 'ENTERPRISE', fullName: '模糊测试单位全称', parentId: f.zone }),
    poison: () => ({ body: { parentId: 999999999 } }),
  },
  'POST /api/v1/users': {
    actor: 'admin',
    fields: DTO_FIELDS.user,
    dto: CreateUserDto,
    base: (f) => ({
      username: 'fuzz.user_1',
      password: '模糊测试-口令-2026',
      displayName: '模糊用户',
      unitId: f.zone,
      roles: ['UNIT_LIAISON'],
      chains: [{ chainId: f.chain, role: 'PARTICIPANT' }],
    }),
    poison: () => ({ body: { unitId: 999999999 } }),
    semantic: () => [
      { label: 'LEAD_UNIT without a unit', body: { unitId: REMOVE, roles: ['LEAD_UNIT'] } },
      { label: 'the admin username again', body: { username: 'admin' } },
      { label: 'a password containing the username', body: { password: 'fuzz.user_1-2026-口令' } },
      { label: 'a shipped password', body: { password: 'Duban-Admin-Dev' } },
    ],
  },
  'POST /api/v1/tasks': {
    actor: 'admin',
    fields: DTO_FIELDS.task,
    dto: CreateTaskDto,
    base: (f) => ({
      title: '模糊测试任务',
      description: '说明',
      issuerUnitId: f.dept,
      ownerUnitId: f.zone,
      coUnitIds: [f.otherZone],
      dueAt: FAR_FUTURE,
      chainId: f.chain,
      policyId: f.policy,
      priority: 'URGENT',
      source: { kind: 'MEETING', ref: '第1次链长会' },
    }),
    poison: () => ({ body: { ownerUnitId: 999999999 } }),
    semantic: (f) => [
      { label: 'dueAt in the past', body: { dueAt: '2020-01-01T00:00:00Z' } },
      { label: 'the owner among coUnitIds', body: { coUnitIds: [f.zone] } },
    ],
  },
  'POST /api/v1/tasks/:id/transitions': {
    actor: 'admin',
    params: { id: { kind: 'id', real: (f) => String(f.task) } },
    fields: DTO_FIELDS.transition,
    dto: TransitionDto,
    base: (f) => ({ action: 'assign', comment: '交办', version: 1, ownerUnitId: f.zone }),
    poison: () => ({ body: { version: 999999 } }),
    semantic: (f) => [
      { label: 'accept a DRAFT task', body: { action: 'accept' } },
      { label: 'complete a DRAFT task', body: { action: 'complete' } },
      { label: 'cancel without a reason', body: { action: 'cancel', comment: REMOVE } },
      { label: 'decline a DRAFT task', body: { action: 'decline' } },
      { label: 'reassign with an action other than assign', body: { action: 'cancel', ownerUnitId: f.otherZone } },
      { label: 'reassign to an unknown unit', body: { ownerUnitId: 999999999 } },
    ],
  },
  'POST /api/v1/tasks/:id/subtasks': {
    actor: 'admin',
    params: { id: { kind: 'id', real: (f) => String(f.task) } },
    fields: DTO_FIELDS.split,
    dto: SplitTaskDto,
    base: (f) => ({ ownerUnitIds: [f.zone, f.otherZone], dueAt: '2026-12-01T17:00:00+08:00' }),
    poison: () => ({ body: { ownerUnitIds: [999999999] } }),
    semantic: (f) => [
      { label: 'a unit twice', body: { ownerUnitIds: [f.zone, f.zone] } },
      { label: 'no unit', body: { ownerUnitIds: [] } },
      { label: 'an unknown unit among known ones', body: { ownerUnitIds: [f.zone, 999999999] } },
      { label: 'due after the task', body: { dueAt: '2027-01-01T00:00:00+08:00' } },
      { label: 'due in the past', body: { dueAt: '2020-01-01T00:00:00Z' } },
    ],
  },
  'PUT /api/v1/calendar/days/:date': {
    actor: 'admin',
    params: { date: { kind: 'date', real: () => '2026-10-08' } },
    fields: DTO_FIELDS.calendarDay,
    dto: SetCalendarDayDto,
    base: () => ({ workday: true, name: '调休上班' }),
    poison: () => ({ params: { date: '2026-02-30' } }),
  },
  'POST /api/v1/escalation-policies': {
    actor: 'admin',
    fields: DTO_FIELDS.policy,
    dto: EscalationPolicyDto,
    base: () => ({ name: '模糊测试规则', steps: [{ offset: '-P1D', calendar: 'workday', action: 'remind', notify: ['OWNER'] }] }),
    poison: () => ({
      body: {
        steps: [
          { offset: 'P3D', calendar: 'natural', action: 'urge' },
          { offset: '-P3D', calendar: 'natural', action: 'remind' },
        ],
      },
    }),
    semantic: () => [
      ...UNREPRESENTABLE_OFFSETS,
      {
        label: 'steps out of time order',
        body: {
          steps: [
            { offset: 'P1D', calendar: 'natural', action: 'urge' },
            { offset: 'PT0S', calendar: 'natural', action: 'due' },
          ],
        },
      },
    ],
  },
  'POST /api/v1/escalation-policies/preview': {
    actor: 'admin',
    fields: DTO_FIELDS.policyPreview,
    dto: PolicyPreviewDto,
    base: () => ({ dueAt: FAR_FUTURE, steps: [{ offset: '-P1D', calendar: 'workday', action: 'remind', notify: ['OWNER'] }] }),
    poison: () => ({
      body: {
        steps: [
          { offset: 'P3D', calendar: 'natural', action: 'urge' },
          { offset: '-P3D', calendar: 'natural', action: 'remind' },
        ],
      },
    }),
    semantic: () => [...UNREPRESENTABLE_OFFSETS],
  },
  'PUT /api/v1/escalation-policies/:id': {
    actor: 'admin',
    params: { id: { kind: 'id', real: (f) => String(f.policy) } },
    fields: DTO_FIELDS.policy,
    dto: EscalationPolicyDto,
    base: () => ({ name: '模糊测试规则-改', steps: [{ offset: 'PT0S', calendar: 'natural', action: 'due' }] }),
    poison: () => ({ params: { id: '999999999' } }),
    semantic: () => [UNREPRESENTABLE_OFFSETS[0], { label: "another policy's name", body: { name: '模糊-另一规则' } }],
  },
  'DELETE /api/v1/escalation-policies/:id': { actor: 'admin', params: { id: { kind: 'id', real: (f) => String(f.policy) } } },
  'POST /api/v1/cadences': {
    actor: 'admin',
    fields: DTO_FIELDS.cadence,
    dto: CadenceDto,
    base: (f) => ({
      name: '模糊测试月报',
      kind: 'REPORT',
      frequency: 'MONTHLY',
      dayOfMonth: 20,
      time: '17:00',
      timezone: 'Asia/Shanghai',
      shift: 'NEXT_WORKDAY',
      activeFrom: '2026-08-01T00:00:00+08:00',
      activeTo: '2026-12-31T00:00:00+08:00',
      policyId: f.policy,
      chainId: f.chain,
      owingUnitIds: [f.zone],
      receiverUnitId: f.dept,
    }),
    poison: () => ({ body: { policyId: 999999999 } }),
    semantic: () => [
      { label: 'an unknown time zone', body: { timezone: 'Mars/Olympus_Mons' } },
      { label: 'a zone of spaces', body: { timezone: '   ' } },
      { label: 'the name of an existing cadence', body: { name: '模糊测试-既有周期' } },
      { label: 'a REPORT nobody owes', body: { owingUnitIds: REMOVE } },
      ...CADENCE_RULE_MISTAKES,
    ],
  },
  'PUT /api/v1/cadences/:id': {
    actor: 'admin',
    params: { id: { kind: 'id', real: (f) => String(f.cadence) } },
    fields: DTO_FIELDS.cadence,
    dto: CadenceDto,
    base: (f) => ({
      name: '模糊测试月报-改',
      kind: 'REPORT',
      frequency: 'MONTHLY',
      dayOfMonth: 25,
      time: '09:00:00',
      shift: 'NONE',
      activeFrom: '2026-08-01T00:00:00+08:00',
      policyId: f.policy,
      chainId: f.chain,
      owingUnitKinds: ['ZONE'],
      receiverUnitId: f.dept,
    }),
    poison: () => ({ params: { id: '999999999' } }),
    semantic: () => [
      { label: 'an unknown time zone', body: { timezone: 'Mars/Olympus_Mons' } },
      { label: 'a REPORT nobody owes', body: { owingUnitKinds: REMOVE } },
      ...CADENCE_RULE_MISTAKES,
    ],
  },
  'DELETE /api/v1/cadences/:id': { actor: 'admin', params: { id: { kind: 'id', real: (f) => String(f.cadence) } } },
  'POST /api/v1/obligations/:id/report': {
    actor: 'liaison',
    params: { id: { kind: 'id', real: (f) => String(f.obligation) } },
    fields: DTO_FIELDS.report,
    dto: ReportDto,
    base: () => ({ progress: '本月进展', coordinationMatters: [{ title: '需协调事项', detail: '细节' }] }),
    poison: (f) => ({ params: { id: String(f.submittedObligation) } }),
    // A chain's progress report collects no indicators (the 工业经济指标月报 does: test/indicators.e2e-spec.ts).
    semantic: () => [
      { label: 'indicator figures on a report that collects none', body: { indicators: [{ key: 'industrialValueAddedGrowth', value: 8.5 }] } },
      { label: 'an empty list of indicator figures on a report that collects none', body: { indicators: [] } },
    ],
  },
  'POST /api/v1/notifications/:id/read': { actor: 'admin', params: { id: { kind: 'notificationId', real: (f) => f.notification } } },
  'POST /api/v1/admin/queues/session': { actor: 'admin' },
  'POST /api/v1/admin/clock': {
    actor: 'admin',
    fields: DTO_FIELDS.clock,
    dto: SetClockDto,
    base: () => ({ now: FAR_FUTURE }),
    poison: () => ({ body: { now: '2026-01-01T00:00:00+08:00' } }),
    semantic: () => [
      { label: 'now before the clock', body: { now: '2026-07-01T00:00:00+08:00' } },
      { label: 'now at the epoch', body: { now: '1970-01-01T00:00:00Z' } },
    ],
  },
  'POST /api/v1/notification-channels': {
    actor: 'admin',
    fields: DTO_FIELDS.channel,
    dto: CreateChannelDto,
    base: (f) => ({ kind: 'WEBHOOK', target: 'https://127.0.0.1:9/fuzz', unitId: f.zone }),
    poison: () => ({ body: { unitId: 999999999 } }),
    semantic: (f) => [
      { label: 'both unitId and userId', body: { userId: 1, unitId: f.zone } },
      { label: 'neither unitId nor userId', body: { unitId: REMOVE } },
      { label: 'a target that is no URL', body: { target: 'javascript:alert(1)' } },
      { label: 'a plain http target', body: { target: 'http://127.0.0.1:9/fuzz' } },
      { label: 'a target with credentials', body: { target: 'https://admin:secret@127.0.0.1:9/fuzz' } },
      { label: 'a private target', body: { target: 'https://10.0.0.1/fuzz' } },
      { label: 'the cloud metadata address', body: { target: 'https://169.254.169.254/latest/meta-data' } },
      { label: 'a loopback address not listed', body: { target: 'https://[::ffff:127.0.0.2]/fuzz' } },
      { label: 'a decimal spelling of a loopback address', body: { target: 'https://2130706434/fuzz' } },
      { label: 'a name that does not resolve', body: { target: 'https://no-such-host.invalid/fuzz' } },
      { label: 'a WECOM robot on another host', body: { kind: 'WECOM', target: 'https://127.0.0.1:9/cgi-bin/webhook/send?key=k' } },
      { label: 'a DINGTALK robot without its token', body: { kind: 'DINGTALK', target: 'https://oapi.dingtalk.com/robot/send' } },
      { label: 'an EMAIL target that is no address', body: { kind: 'EMAIL', target: 'not-an-address' } },
    ],
  },
  'DELETE /api/v1/notification-channels/:id': { actor: 'admin', params: { id: { kind: 'id', real: (f) => String(f.channel) } } },
  // A disabled channel is not found: a test message is never sent.
  'POST /api/v1/notification-channels/:id/test': { actor: 'admin', params: { id: { kind: 'id', real: (f) => String(f.disabledChannel) } } },
  'POST /api/v1/chains/:id/list-items': {
    actor: 'admin',
    params: { id: { kind: 'id', real: (f) => String(f.chain) } },
    fields: DTO_FIELDS.listItem,
    dto: CreateListItemDto,
    base: (f) => ({ type: 'PARK', name: '模糊测试园区', ownerUnitId: f.zone, detail: '说明', reason: '新增' }),
    poison: () => ({ body: { ownerUnitId: 999999999 } }),
    semantic: (f) => [{ label: 'a park owned by a department', body: { ownerUnitId: f.dept } }],
  },
  'DELETE /api/v1/chains/:id/list-items/:itemId': {
    actor: 'admin',
    params: { id: { kind: 'id', real: (f) => String(f.chain) }, itemId: { kind: 'id', real: (f) => String(f.listItem) } },
    fields: DTO_FIELDS.removeListItem,
    dto: RemoveListItemDto,
    base: () => ({ reason: '调出清单' }),
    poison: () => ({ params: { itemId: '999999999' } }),
    semantic: (f) => [{ label: "another chain's item", params: { id: String(f.otherChain) } }],
  },
  'POST /api/v1/problems': {
    actor: 'liaison',
    fields: DTO_FIELDS.raiseProblem,
    dto: RaiseProblemDto,
    base: (f) => ({ chainId: f.chain, title: '模糊测试问题', detail: '说明' }),
    poison: () => ({ body: { chainId: 999999999 } }),
    semantic: () => [{ label: 'a blank title', body: { title: ' \t ' } }],
  },
  'POST /api/v1/problems/:id/transitions': {
    actor: 'admin',
    params: { id: { kind: 'id', real: (f) => String(f.problem) } },
    fields: DTO_FIELDS.problemTransition,
    dto: ProblemTransitionDto,
    base: () => ({ action: 'acknowledge', comment: '收到', severity: 'MAJOR', version: 1 }),
    poison: () => ({ body: { version: 999999 } }),
    semantic: () => [
      { label: 'a plan date in the past', body: { plannedAt: '2020-01-01T00:00:00Z' } },
      { label: 'close an OPEN problem', body: { action: 'close', severity: REMOVE } },
      { label: 'reopen an OPEN problem', body: { action: 'reopen', severity: REMOVE } },
    ],
  },
  'POST /api/v1/meetings': {
    actor: 'admin',
    fields: DTO_FIELDS.newMeeting,
    dto: NewMeetingDto,
    base: (f) => ({ type: 'TOPICAL', chainIds: [f.chain], scheduledAt: FAR_FUTURE, title: '模糊测试专题会' }),
    poison: () => ({ body: { chainIds: [999999999] } }),
    semantic: (f) => [
      { label: 'a type the profile does not have', body: { type: 'ALLIANCE' } },
      { label: 'chains of no profile and of one', body: { chainIds: [f.chain, 999999999] } },
    ],
  },
  'POST /api/v1/meetings/:id/delegate': {
    actor: 'admin',
    params: { id: { kind: 'id', real: (f) => String(f.meeting) } },
    fields: DTO_FIELDS.delegate,
    dto: DelegateDto,
    // A chain leader's meeting: only the general leader's is delegated (409).
    base: (f) => ({ userId: f.adminId }),
    poison: () => ({ body: { userId: 999999999 } }),
  },
  'POST /api/v1/meetings/:id/minutes': {
    actor: 'admin',
    params: { id: { kind: 'id', real: (f) => String(f.meeting) } },
    fields: DTO_FIELDS.minutes,
    dto: MinutesDto,
    base: (f) => ({
      summary: '会议纪要',
      decisions: [{ title: '议定事项', ownerUnitId: f.zone, dueAt: FAR_FUTURE }],
      problems: [{ title: '会上提出的问题', detail: '说明', raisedByUnitId: f.zone, chainId: f.chain }],
    }),
    poison: () => ({ params: { id: '999999999' } }),
  },
  'POST /api/v1/evaluations/:period/compute': {
    actor: 'admin',
    params: { period: { kind: 'period', real: () => '9999-12' } }, // well-formed, not closed: 409
  },
  'POST /api/v1/imports': {
    actor: 'admin',
    fields: DTO_FIELDS.importNotice,
    dto: ImportNoticeDto,
    // Well-typed, and no Chinese notice: 422.
    base: () => ({ text: 'Notice on the chain-leader mechanism. 1. Lead unit: the Bureau of Industry. Due: end of June.', source: '模糊测试通知' }),
    poison: () => ({}),
    semantic: () => [
      { label: 'empty text', body: { text: '' } },
      { label: 'text of spaces', body: { text: ' \n\u3000\t' } },
      { label: 'no text and no file', body: { text: REMOVE } },
      { label: 'Chinese text that assigns nothing', body: { text: '春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。'.repeat(4) } },
    ],
  },
  'POST /api/v1/imports/:id/commit': {
    actor: 'admin',
    params: { id: { kind: 'id', real: (f) => String(f.committedImport) } },
    fields: DTO_FIELDS.commitImport,
    dto: CommitImportDto,
    base: (f) => ({
      mapping: { 某某委员会: f.zone },
      select: [1, 2],
      edits: [{ seq: 1, title: '模糊测试-改', dueDate: '2026-12-30', leadUnitIds: [f.dept], coUnitIds: [f.zone], recurrence: { frequency: 'MONTHLY', dayOfMonth: 20 } }],
      issuerUnitId: f.dept,
    }),
    poison: () => ({ params: { id: '999999999' } }),
    semantic: (f) => [
      { label: 'a unit left unresolved', params: { id: String(f.openImport) }, body: { mapping: REMOVE, edits: REMOVE } },
      { label: 'a mapping of a name the import lacks', params: { id: String(f.openImport) }, body: { mapping: { 某某委员会: null, 另一单位: f.zone } } },
      { label: 'a task the import lacks', params: { id: String(f.openImport) }, body: { mapping: { 某某委员会: f.zone }, select: [1, 9] } },
      { label: 'a due date passed', params: { id: String(f.openImport) }, body: { mapping: { 某某委员会: f.zone }, edits: [{ seq: 1, dueDate: '2026-01-31' }] } },
      { label: 'a task left without a lead', params: { id: String(f.openImport) }, body: { mapping: { 某某委员会: null }, edits: REMOVE } },
      { label: 'a mapping to a unit that does not exist', params: { id: String(f.openImport) }, body: { mapping: { 某某委员会: 999999999 }, edits: REMOVE } },
    ],
  },
  'POST /api/v1/files': {
    actor: 'admin',
    raw: () => UPLOAD_CASES,
  },
  'POST /api/v1/assessments/:quarter/publish': {
    actor: 'supervisor',
    params: { quarter: { kind: 'quarter', real: () => '9999-Q4' } }, // well-formed, not closed: 409
  },
  'POST /api/v1/supervision/urge': {
    actor: 'supervisor',
    fields: DTO_FIELDS.urge,
    dto: UrgeDto,
    base: (f) => ({ subjectType: 'TASK', subjectId: f.supervisedTask, message: '请尽快办理并反馈' }), // urged within the hour: 429
    poison: () => ({}),
    semantic: (f) => [
      { label: 'a submitted report', body: { subjectType: 'OBLIGATION', subjectId: f.submittedObligation } },
      { label: 'a DRAFT task', body: { subjectId: f.task } },
      { label: 'an unknown problem', body: { subjectType: 'PROBLEM', subjectId: 999999999 } },
    ],
  },
  'POST /api/v1/supervision/decide': {
    actor: 'supervisor',
    fields: DTO_FIELDS.decide,
    dto: DecideDto,
    base: (f) => ({ subjectType: 'TASK', subjectId: f.supervisedTask, level: 2, reason: '进度滞后，列入督办' }), // lower than its 挂牌督办: 409
    poison: () => ({}),
    semantic: (f) => [
      { label: 'the level it is already at', body: { level: 3 } },
      { label: 'a submitted report', body: { subjectType: 'OBLIGATION', subjectId: f.submittedObligation } },
      { label: 'a DRAFT task', body: { subjectId: f.task } },
      { label: 'an unknown report', body: { subjectType: 'OBLIGATION', subjectId: 999999999 } },
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Cases

interface Case {
  n: number;
  route: RouteKey;
  category: string;
  label: string;
  params: Record<string, string>;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Sent alone, after the route's other requests: a request that is slow to refuse must not starve others. */
  solo?: boolean;
}

function buildCases(f: Fixtures, rng: Rng): Case[] {
  const cases: Case[] = [];
  for (const route of MUTATING_ROUTES) {
    const spec = SPECS[route];
    const realParams = Object.fromEntries(Object.entries(spec.params ?? {}).map(([k, p]) => [k, p.real(f)]));
    const json = { 'content-type': 'application/json' };
    const add = (category: string, label: string, o: { params?: Record<string, string>; headers?: Record<string, string>; body?: unknown; rawBody?: string | Buffer }) => {
      const body = o.rawBody !== undefined ? o.rawBody : o.body === undefined ? undefined : toJson(o.body);
      cases.push({
        n: 0,
        route,
        category,
        label,
        params: { ...realParams, ...o.params },
        headers: o.headers ?? (body === undefined ? {} : json),
        body,
        solo: category === 'semantic',
      });
    };

    // The path: malformed and unknown ids, dates and months, for each parameter in turn.
    const base = spec.base?.(f);
    for (const [name, p] of Object.entries(spec.params ?? {})) {
      const bad = { id: BAD_IDS, notificationId: BAD_NOTIFICATION_IDS, date: BAD_LOCAL_DATES, month: BAD_MONTHS, quarter: BAD_QUARTERS, period: [...BAD_MONTHS, ...BAD_YEARS] }[
        p.kind
      ];
      const unknown = { id: UNKNOWN_IDS, notificationId: UNKNOWN_NOTIFICATION_IDS, date: [], month: ['9999-12'], quarter: ['9999-Q4'], period: ['9999-12', '9999'] }[p.kind];
      for (const value of bad) add(['date', 'month', 'quarter', 'period'].includes(p.kind) ? 'date' : 'path-id', `:${name} = ${value}`, { params: { [name]: value }, body: base });
      for (const value of unknown) add('unknown-id', `:${name} = ${value} (names nothing)`, { params: { [name]: value }, body: base });
      for (const payload of PAYLOADS) add('payload', `:${name} = ${JSON.stringify(payload)}`, { params: { [name]: encodeUtf16(payload) }, body: base });
      add('huge', `:${name} of 4,000 digits`, { params: { [name]: '9'.repeat(4000) }, body: base });
    }

    // Broken JSON and oversized bodies reach even routes that read no body, with real ids.
    const baseJson = toJson(base ?? { reason: '无正文的路由' });
    for (const text of BROKEN_JSON(baseJson).filter((t) => t !== '' || base)) add('broken-json', `body ${describe_(raw(text))}`, { rawBody: text, headers: json });
    add('broken-json', 'invalid UTF-8 between tokens', {
      rawBody: Buffer.concat([Buffer.from('{'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(baseJson.slice(1))]),
      headers: json,
    });
    add('broken-json', 'a gzip header on plain text', { rawBody: baseJson, headers: { ...json, 'content-encoding': 'gzip' } });
    add('broken-json', 'an unknown content-encoding', { rawBody: baseJson, headers: { ...json, 'content-encoding': 'x-fuzz' } });
    add('content-type', 'an unsupported charset', { rawBody: baseJson, headers: { 'content-type': 'application/json; charset=latin-fuzz' } });
    add('content-type', 'utf-16 charset over utf-8 bytes', { rawBody: baseJson, headers: { 'content-type': 'application/json; charset=utf-16' } });
    add('huge', '2 MB body', { body: { ...(base ?? {}), zzPadding: TWO_MB } });
    add('huge', '2 MB of whitespace', { rawBody: `${' '.repeat(2_000_000)}${baseJson}`, headers: json });

    for (const r of spec.raw?.() ?? []) add(r.category, r.label, { rawBody: r.body, headers: r.headers });
    if (!spec.fields || !base) {
      // Routes without a body: random malformed path values only (if they have any).
      const params = Object.entries(spec.params ?? {});
      for (let i = 0; i < 20 && params.length > 0; i++) {
        const [name, p] = rng.pick(params);
        const value = randomBadParam(rng, p.kind);
        add('random', `:${name} = ${value}`, { params: { [name]: value } });
      }
      continue;
    }

    const fields = spec.fields;
    const mutations = invalidMutations(fields, base);
    for (const m of mutations) add(m.category, `${m.path.join('.')} = ${describe_(m.value)}`, { body: withValue(base, m.path, m.value) });

    // Unknown fields, top-level and nested.
    for (const [key, value] of [
      ['zzUnknown', 1],
      ['isAdmin', true],
      ['id', 1],
      ['', 'empty key'],
      ['a.b', 1],
      ['$where', '1 == 1'],
      ['roles ', ['ADMIN']],
    ] as const) {
      add('unknown-field', `extra top-level field ${JSON.stringify(key)}`, { body: { ...base, [key]: value } });
    }
    add('missing', 'an empty object', { body: {} });
    add('unknown-field', 'only unknown fields', { body: { zzUnknown: 1 } });

    // Bodies that are not objects.
    add('type', 'a top-level array', { body: [] });
    add('type', 'the body wrapped in an array', { body: [base] });
    add('array-10k', '10,000 empty objects', { body: Array.from({ length: 10_000 }, () => ({})) });
    add('deep', 'a depth-1000 array body', { rawBody: DEEP_ARRAY.text, headers: json });
    add('deep', 'a depth-1000 object body', { rawBody: DEEP_OBJECT.text, headers: json });
    add('deep', 'the body under a depth-1000 unknown field', { body: { ...base, zzDeep: DEEP_OBJECT } });

    // Prototype pollution.
    const inner = baseJson.slice(1, -1);
    for (const [label, text] of [
      ['__proto__ first', `{"__proto__":{"polluted":"yes","isAdmin":true},${inner}}`],
      ['__proto__ last', `{${inner},"__proto__":{"roles":["ADMIN"]}}`],
      ['constructor.prototype', `{${inner},"constructor":{"prototype":{"polluted":"yes"}}}`],
      ['__proto__ null', `{${inner},"__proto__":null}`],
      ['prototype', `{${inner},"prototype":{"polluted":"yes"}}`],
      ['hasOwnProperty', `{${inner},"hasOwnProperty":"x"}`],
      ['toString', `{${inner},"toString":"x"}`],
      ['only __proto__', `{"__proto__":[]}`],
      ['only constructor', `{"constructor":null}`],
    ]) {
      add('prototype', label, { rawBody: text, headers: json });
    }
    for (const { path } of stringPaths(fields, base).filter((p) => p.path.length > 1)) {
      const parent = path.slice(0, -1);
      add('prototype', `${parent.join('.')}.__proto__`, {
        rawBody: toJson(withValue(base, [...parent, '__proto__x'], { polluted: 'yes' })).replace('"__proto__x"', '"__proto__"'),
        headers: json,
      });
    }

    // Wrong content types: the well-formed body, sent as something else than JSON.
    add('content-type', 'text/plain', { rawBody: baseJson, headers: { 'content-type': 'text/plain' } });
    add('content-type', 'no content type', { rawBody: Buffer.from(baseJson), headers: {} });
    add('content-type', 'application/xml', { rawBody: '<task><title>x</title></task>', headers: { 'content-type': 'application/xml' } });
    add('content-type', 'multipart/form-data', {
      rawBody: `--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--b--\r\n`,
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    });
    add('content-type', 'form-encoded', { rawBody: formEncode(base), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    add('content-type', 'form-encoded, unknown field', { rawBody: `${formEncode(base)}&zzUnknown=1`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    add('content-type', 'form-encoded __proto__', { rawBody: `__proto__[polluted]=yes&${formEncode(base)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    // Unknown ids in the body: well-typed, so the service must notice.
    for (const m of unknownIdMutations(fields, base)) add('unknown-id', `${m.path.join('.')} = ${describe_(m.value)}`, { body: withValue(base, m.path, m.value) });
    for (const s of spec.semantic?.(f) ?? []) {
      let body = base;
      for (const [k, v] of Object.entries(s.body ?? {})) body = withValue(body, [k], v);
      add('semantic', s.label, { params: s.params, body });
    }

    // Payloads in every string field, with the route's deepest defect.
    const poison = spec.poison?.(f) ?? { body: { zzPoison: true } };
    for (const { path } of stringPaths(fields, base)) {
      for (const payload of PAYLOADS) {
        let body = withValue(base, path, payload);
        for (const [k, v] of Object.entries(poison.body ?? {})) if (k !== path[0]) body = withValue(body, [k], v);
        add('payload', `${path.join('.')} = ${JSON.stringify(payload)}`, { params: poison.params, body });
      }
    }

    // Random combinations: one defect the DTO must reject, plus noise on other fields.
    for (let i = 0; i < RANDOM_CASES_PER_ROUTE; i++) {
      const defect = rng.pick(mutations);
      let body = withValue(base, defect.path, defect.value);
      const others = Object.keys(fields).filter((k) => k !== defect.top);
      const labels = [`${defect.path.join('.')} = ${describe_(defect.value)}`];
      for (let k = rng.int(3); k > 0 && others.length > 0; k--) {
        const name = others.splice(rng.int(others.length), 1)[0];
        const value = noise(rng, fields[name], base[name]);
        body = withValue(body, [name], value);
        labels.push(`${name} = ${describe_(value)}`);
      }
      add('random', labels.join(', '), { body });
    }
  }
  cases.forEach((c, i) => (c.n = i + 1));
  return cases;
}

/** encodeURIComponent, except that a lone surrogate (which it refuses) is sent as %ED%A0%80: invalid UTF-8. */
function encodeUtf16(text: string): string {
  return [...text].map((ch) => (/[\ud800-\udfff]/.test(ch) && ch.length === 1 ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
}

function formEncode(body: Record<string, unknown>): string {
  return Object.entries(body)
    .map(([k, v]) => `${encodeUtf16(k)}=${encodeUtf16(typeof v === 'object' ? JSON.stringify(v) : String(v))}`)
    .join('&');
}

/** Any value a field could plausibly take, valid or not: noise around a real defect. */
function noise(rng: Rng, field: Field, current: unknown): unknown {
  const unicode = '链长制督办😀🚀\u202e\u200f\u0000\'";<>%_\\ \t\nabcXYZ019';
  const choices: unknown[] = [rng.pick(PAYLOADS), rng.chars(1 + rng.int(30), unicode), REMOVE, current ?? null];
  if (!field.required) choices.push(null);
  if (field.kind === 'enum') choices.push(rng.pick(field.values));
  if (field.kind === 'int') choices.push(rng.pick(UNKNOWN_BODY_IDS), rng.int(100) - 50);
  if (field.kind === 'bool') choices.push(rng.next() < 0.5);
  if (field.kind === 'instant') choices.push(rng.pick(BAD_INSTANTS), FAR_FUTURE);
  return rng.pick(choices);
}

function randomBadParam(rng: Rng, kind: ParamKind): string {
  switch (rng.int(6)) {
    case 0:
      return `-${1 + rng.int(1e9)}`;
    case 1:
      return `${1 + rng.int(9)}${rng.chars(19 + rng.int(10), '0123456789')}`; // too long for any id
    case 2:
      return `${rng.int(1000)}.${rng.int(1000)}`;
    case 3:
      return encodeUtf16(rng.chars(1 + rng.int(12), 'abcXYZ链😀\'";<>% '));
    case 4:
      return kind === 'month' || kind === 'period'
        ? `${rng.int(10000)}-${13 + rng.int(80)}`
        : kind === 'quarter'
          ? `${rng.int(10000)}-Q${5 + rng.int(90)}`
          : kind === 'date'
            ? `2026-02-${30 + rng.int(60)}`
            : `${rng.int(1000)}abc`;
    default:
      return encodeUtf16(rng.pick(PAYLOADS));
  }
}

// ---------------------------------------------------------------------------------------------
// The database, before and after

type Snapshot = Record<string, { rows: number; checksum: string }>;

/** Every table but the audit log, whose only new entries may be failed sign-ins (see {@link auditedSince}). */
async function snapshot(app: INestApplication): Promise<Snapshot> {
  const tables = (
    await sql<{ name: string }>(
      app,
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_name <> 'audit_log' ORDER BY table_name`,
    )
  ).map((t) => t.name);
  const counts = await sql<Record<string, string>>(app, tables.map((t) => `SELECT '${t}' AS name, COUNT(*) AS n FROM \`${t}\``).join(' UNION ALL '));
  const sums = await sql<{ Table: string; Checksum: string | number | null }>(app, `CHECKSUM TABLE ${tables.map((t) => `\`${t}\``).join(', ')}`);
  const out: Snapshot = {};
  for (const t of tables) out[t] = { rows: Number(counts.find((c) => c.name === t)!.n), checksum: '' };
  for (const s of sums) out[s.Table.split('.').pop()!].checksum = String(s.Checksum);
  return out;
}

/** Actions audited after `id` (a rejected request may only leave a failed sign-in behind). */
async function auditedSince(app: INestApplication, id: number): Promise<string[]> {
  return (await sql<{ action: string }>(app, 'SELECT DISTINCT action FROM audit_log WHERE id > ? ORDER BY action', [id])).map((r) => r.action);
}

function diff(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((t) => JSON.stringify(before[t]) !== JSON.stringify(after[t])).map((t) => `${t}: ${JSON.stringify(before[t])} -> ${JSON.stringify(after[t])}`);
}

/**
 * A wrongly accepted POST /admin/clock waits up to ten minutes for a worker, which this suite
 * does not run (a worker would run deadline steps inside the measured window). Failing its job
 * ends the wait, so that the api, and jest, can close.
 */
async function failPendingClockAdvances(app: INestApplication): Promise<void> {
  const engine = app.get(JobService).queue(QueueName.Engine);
  const pending = () => engine.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
  if ((await pending()) === 0) return;
  const worker = new Worker(
    engine.name,
    async () => {
      throw new UnrecoverableError('the fuzz suite runs no worker');
    },
    { connection: engine.opts.connection, prefix: engine.opts.prefix },
  );
  try {
    await eventually(async () => (await pending()) === 0, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // for the api's QueueEvents to hear of it
  } finally {
    await worker.close();
  }
}

// ---------------------------------------------------------------------------------------------

describe('HTTP fuzzing of every mutating route (e2e)', () => {
  let cleanup: () => Promise<void>;
  let app: INestApplication;
  let baseUrl: string;
  let f: Fixtures;

  beforeAll(async () => {
    // Channel targets are https and public, or listed: the fuzzed channels point at 127.0.0.1.
    cleanup = await isolatedEnvironment('fuzz', { DUBAN_TIME_TRAVEL: '1', DUBAN_CLOCK_START: '2026-07-01T00:00:00+08:00', DUBAN_WEBHOOK_ALLOW: '127.0.0.1' });
    app = await startApi();
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    await loadProfile(app, 'zhengzhou-2021');
    await app.get(MaterialiserService).materialise();
    const admin = await adminToken(app);
    const as = { authorization: `Bearer ${admin}` };
    const created = async (path: string, body: object) => (await http(app).post(path).set(as).send(body).expect(201)).body.id as number;

    const dept = await unitId(app, '市工信局');
    const zone = await unitId(app, '高新区');
    const otherZone = await unitId(app, '经开区');
    const chain = await chainId(app, '智能传感器');
    const otherChain = await chainId(app, '生物医药');
    const fuzzUnit = await created('/api/v1/units', { name: '模糊测试-既有单位', kind: 'ENTERPRISE', parentId: zone });
    await createUser(app, admin, { roles: ['UNIT_LIAISON'], unitId: fuzzUnit });
    const policy = await created('/api/v1/escalation-policies', { name: '模糊测试-既有规则', steps: [{ offset: '-P1D', calendar: 'natural', action: 'remind' }] });
    await created('/api/v1/escalation-policies', { name: '模糊-另一规则', steps: [{ offset: 'PT0S', calendar: 'natural', action: 'due' }] });
    const task = await created('/api/v1/tasks', { title: '模糊测试-既有任务', issuerUnitId: dept, ownerUnitId: zone, dueAt: FAR_FUTURE, chainId: chain, policyId: policy });
    const cadence = await created('/api/v1/cadences', {
      name: '模糊测试-既有周期',
      kind: 'REPORT',
      frequency: 'MONTHLY',
      dayOfMonth: 20,
      time: '17:00',
      shift: 'NONE',
      activeFrom: '2026-09-01T00:00:00+08:00',
      owingUnitIds: [fuzzUnit],
      receiverUnitId: dept,
      policyId: policy,
    });
    const channel = await created('/api/v1/notification-channels', { kind: 'WEBHOOK', target: 'https://127.0.0.1:9/existing', unitId: fuzzUnit });
    const listItem = await created(`/api/v1/chains/${chain}/list-items`, { type: 'MATTER', name: '模糊测试-既有事项' });
    const disabledChannel = await created('/api/v1/notification-channels', { kind: 'WEBHOOK', target: 'https://127.0.0.1:9/disabled', unitId: fuzzUnit });
    await http(app).delete(`/api/v1/notification-channels/${disabledChannel}`).set(as).expect(204);

    // Two open reports of one unit: one submitted with a coordination matter (a problem), one left open.
    const [owing] = await sql<{ unitId: number }>(
      app,
      `SELECT unit_id AS unitId FROM obligations WHERE state = 'OPEN' AND receiver_unit_id IS NOT NULL GROUP BY unit_id HAVING COUNT(*) >= 2 ORDER BY unit_id LIMIT 1`,
    );
    const [first, second] = await sql<{ id: number }>(app, `SELECT id FROM obligations WHERE unit_id = ? AND state = 'OPEN' AND receiver_unit_id IS NOT NULL ORDER BY id LIMIT 2`, [
      owing.unitId,
    ]);
    const liaison = await createUser(app, admin, { roles: ['UNIT_LIAISON'], unitId: owing.unitId });
    await http(app)
      .post(`/api/v1/obligations/${first.id}/report`)
      .set({ authorization: `Bearer ${liaison.token}` })
      .send({ progress: '进展', coordinationMatters: [{ title: '模糊测试-既有问题' }] })
      .expect(200);
    const [problem] = await sql<{ id: number }>(app, 'SELECT id FROM problems ORDER BY id LIMIT 1');
    // Past July's chain meetings (no worker runs: nothing falls due), so minutes reach the service's checks.
    await app.get(Clock as unknown as typeof VirtualClock).advance(new Date(AFTER_MEETINGS));
    const [meeting] = await sql<{ id: number }>(app, `SELECT id FROM meetings WHERE state = 'SCHEDULED' AND scheduled_at < ? ORDER BY scheduled_at DESC, id LIMIT 1`, [
      new Date(AFTER_MEETINGS),
    ]);
    const [me] = await sql<{ id: number }>(app, `SELECT id FROM users WHERE username = 'admin'`);
    const supervisor = await createUser(app, admin, { roles: ['SUPERVISOR'] });
    await sql(
      app,
      `INSERT INTO notifications (user_id, kind, subject_type, subject_id, step_key, title, body, created_at) VALUES (?, 'REMIND', 'TASK', ?, 'fuzz', '模糊测试', '模糊测试', NOW(3))`,
      [me.id, task],
    );
    const [notification] = await sql<{ id: string }>(app, 'SELECT id FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT 1', [me.id]);
    // Listed (3) and urged just now: deciding lower and urging again are refused as deep as they go.
    const supervisedTask = await created('/api/v1/tasks', { title: '模糊测试-挂牌督办任务', issuerUnitId: dept, ownerUnitId: zone, dueAt: FAR_FUTURE, chainId: chain });
    await http(app).post(`/api/v1/tasks/${supervisedTask}/transitions`).set(as).send({ action: 'assign' }).expect(200);
    const bySupervisor = { authorization: `Bearer ${supervisor.token}` };
    await http(app).post('/api/v1/supervision/decide').set(bySupervisor).send({ subjectType: 'TASK', subjectId: supervisedTask, level: 3, reason: '模糊测试' }).expect(200);
    await http(app).post('/api/v1/supervision/urge').set(bySupervisor).send({ subjectType: 'TASK', subjectId: supervisedTask, message: '模糊测试' }).expect(200);
    const notice = '（一）编制产业链图谱。\n牵头单位：市工信局\n完成时间：2026年12月底前\n（二）建立协调机制。\n牵头单位：某某委员会\n完成时间：2026年12月底前';
    const importNotice = async () => (await http(app).post('/api/v1/imports').set(as).send({ text: notice }).expect(201)).body.id as number;
    const committedImport = await importNotice();
    await http(app)
      .post(`/api/v1/imports/${committedImport}/commit`)
      .set(as)
      .send({ select: [1], issuerUnitId: dept })
      .expect(201);
    const openImport = await importNotice();
    f = {
      admin,
      adminId: me.id,
      liaison: liaison.token,
      liaisonId: liaison.id,
      supervisor: supervisor.token,
      dept,
      zone,
      otherZone,
      chain,
      otherChain,
      task,
      policy,
      cadence,
      channel,
      disabledChannel,
      listItem,
      obligation: second.id,
      submittedObligation: first.id,
      problem: problem.id,
      meeting: meeting.id,
      notification: String(notification.id),
      supervisedTask,
      committedImport,
      openImport,
    };
  }, 120_000);

  afterAll(async () => {
    if (app) {
      await failPendingClockAdvances(app);
      app.getHttpServer().closeAllConnections();
      await app.close();
    }
    await cleanup?.();
  });

  it('covers every mutating route of the running app, and nothing else', () => {
    // bull-board's own routes (read-only, admins only) are not Duban's: test/queue-dashboard.e2e-spec.ts.
    const exposed = routesOf(app)
      .filter(({ method, path }) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && !path.startsWith(QUEUE_DASHBOARD_PATH))
      .map(({ method, path }) => `${method} ${path}`);
    expect([...new Set(exposed)].sort()).toEqual([...MUTATING_ROUTES].sort());
  });

  it('describes every field of every body DTO, and every base body is valid', async () => {
    const pipe = requestValidationPipe();
    for (const route of MUTATING_ROUTES) {
      const spec = SPECS[route];
      if (!spec.dto) continue;
      const described = Object.keys(spec.fields!).sort();
      const validated = [
        ...new Set(
          getMetadataStorage()
            .getTargetValidationMetadatas(spec.dto, '', true, false)
            .map((m) => m.propertyName),
        ),
      ].sort();
      expect({ route, fields: described }).toEqual({ route, fields: validated });
      await expect(pipe.transform(spec.base!(f), { type: 'body', metatype: spec.dto })).resolves.toBeDefined();
    }
  });

  it(`answers ${MIN_REQUESTS}+ malformed requests with a 4xx in the error shape and changes no row`, async () => {
    const all = buildCases(f, prng(SEED));
    expect(all.length).toBeGreaterThanOrEqual(MIN_REQUESTS);
    const cases = ONLY ? all.filter((c) => (ONLY.startsWith('#') ? ONLY.slice(1).split(',').map(Number).includes(c.n) : ONLY.split('|').some((o) => c.route.includes(o)))) : all;
    const tokens = { admin: f.admin, liaison: f.liaison, supervisor: f.supervisor, none: undefined };
    const histogram: Record<string, number> = {};
    const failures: string[] = [];
    const changes: string[] = [];

    let accepted = 0;
    let unanswered = 0;
    /** After a request that never answered, waits for the api to answer again before going on. */
    const untilResponsive = async () => {
      for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
        try {
          await (await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) })).text();
          return;
        } catch {
          // still busy
        }
      }
    };
    const send = async (c: Case): Promise<void> => {
      const token = tokens[SPECS[c.route].actor];
      const [method, pattern] = c.route.split(' ');
      const path = pattern.replace(/:(\w+)/g, (_, name: string) => c.params[name]);
      const where = `#${c.n} ${c.route} [${c.category}] ${c.label}`;
      const started = Date.now();
      let status: number;
      let text = '';
      let contentType = '';
      try {
        const res = await fetch(`${baseUrl}${path}`, {
          method,
          headers: { ...c.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: c.body,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        status = res.status;
        contentType = res.headers.get('content-type') ?? '';
        text = await res.text();
      } catch (error) {
        unanswered++;
        const key = (error as Error).name === 'TimeoutError' ? 'timeout' : 'error';
        histogram[key] = (histogram[key] ?? 0) + 1;
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        failures.push(
          `${where}: no answer after ${Date.now() - started} ms (${(error as Error).name}: ${(error as Error).message}${cause ? `; ${cause.code ?? cause.message}` : ''})`,
        );
        await untilResponsive();
        return;
      }
      histogram[status] = (histogram[status] ?? 0) + 1;
      if (status < 300) accepted++;
      if (process.env.FUZZ_VERBOSE) console.log(`${where}: ${status} in ${Date.now() - started} ms ${text.slice(0, 300)}`);
      let body: { statusCode?: unknown; error?: unknown; message?: unknown } | null | undefined;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const shaped =
        contentType.startsWith('application/json') &&
        body !== null &&
        typeof body === 'object' &&
        body.statusCode === status &&
        typeof body.error === 'string' &&
        (typeof body.message === 'string' || (Array.isArray(body.message) && body.message.every((m: unknown) => typeof m === 'string')));
      if (status < 400 || status >= 500 || !shaped) failures.push(`${where}: ${status} ${contentType.split(';')[0]} ${text.slice(0, 200)}`);
    };

    const before = await snapshot(app);
    const [{ lastAudit }] = await sql<{ lastAudit: number }>(app, 'SELECT COALESCE(MAX(id), 0) AS lastAudit FROM audit_log');
    let mark = before;
    for (const route of MUTATING_ROUTES) {
      const batch = cases.filter((c) => c.route === route);
      accepted = 0;
      unanswered = 0;
      const together = batch.filter((c) => !c.solo);
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < together.length) await send(together[next++]);
        }),
      );
      for (const c of batch.filter((c) => c.solo)) await send(c);
      const now = await snapshot(app);
      // With every request of the batch answered 4xx, a change here is a rejected request's doing.
      const verdict = accepted + unanswered === 0 ? 'every request answered 4xx or 5xx' : `${accepted} answered 2xx, ${unanswered} never answered`;
      for (const change of diff(mark, now)) changes.push(`after ${route} (${verdict}): ${change}`);
      mark = now;
    }
    const after = await snapshot(app);
    const audited = (await auditedSince(app, Number(lastAudit))).filter((action) => action !== 'login.failure');
    const polluted = Object.getOwnPropertyNames(Object.prototype).filter((k) => ['polluted', 'isAdmin', 'roles'].includes(k));

    if (failures.length > 0)
      console.log(`${failures.length} failures:\n${failures.sort((a, b) => Number(a.slice(1, a.indexOf(' '))) - Number(b.slice(1, b.indexOf(' ')))).join('\n')}`);
    if (changes.length > 0) console.log(`changed rows:\n${changes.join('\n')}`);
    console.log(JSON.stringify({ fuzz: { seed: SEED, requests: cases.length, histogram, failures: failures.length, changedTables: diff(before, after).length } }));
    expect({ failures, changes, unchanged: diff(before, after), audited, polluted }).toEqual({ failures: [], changes: [], unchanged: [], audited: [], polluted: [] });
  }, 900_000); // A bound for a hung run, not a speed target: the table of routes grows with every mutating route.
});
