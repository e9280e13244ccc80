import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { createPool, RowDataPacket } from 'mysql2/promise';

/*
 * The api's floor (`baseline-api-floor` in `npm run bench`): a bare node:http server with a
 * mysql2 pool of the api's size, answering the bench's two list requests with exactly the SQL
 * Duban's api issues for them, in the same order and concurrency (page ∥ count). No framework, no authentication, no validation, no logging: what is left is the
 * database's time and Node's HTTP and JSON. The bench checks that both servers answer the same
 * items and totals before it measures either.
 *
 * Run by the bench as `node dist/apps/bench/api-floor.js` with DATABASE_URL and PORT.
 */

const pool = createPool({ uri: process.env.DATABASE_URL, connectionLimit: 20, timezone: 'Z', dateStrings: false, supportBigNumbers: true });

/** The supervision board's page, as SupervisionRepository.board issues it for `open=true`. */
const BOARD_PAGE = `SELECT e.id, e.subject_type AS subjectType, e.subject_id AS subjectId, e.level, e.reason, e.owner_unit_id AS ownerUnitId,
  e.chain_id AS chainId, e.opened_at AS openedAt, e.closed_at AS closedAt, u.name AS ownerUnitName, ch.name AS chainName,
       COALESCE(t.title, CONCAT(c.name, '（', o.period, '）'), p.title) AS subjectTitle, COALESCE(t.due_at, o.due_at, p.due_at) AS dueAt
  FROM supervision_entries e
  LEFT JOIN units u ON u.id = e.owner_unit_id
  LEFT JOIN chains ch ON ch.id = e.chain_id
  LEFT JOIN tasks t ON e.subject_type = 'TASK' AND t.id = e.subject_id
  LEFT JOIN obligations o ON e.subject_type = 'OBLIGATION' AND o.id = e.subject_id
  LEFT JOIN cadences c ON c.id = o.cadence_id
  LEFT JOIN problems p ON e.subject_type = 'PROBLEM' AND p.id = e.subject_id WHERE 1 = 1 AND e.open_marker = 1 ORDER BY e.level DESC, e.opened_at, e.id LIMIT ? OFFSET ?`;
/** Its total, summed from the open entries' tallies and their changes not folded yet (SupervisionRepository's OPEN_TALLY_ROWS). */
const BOARD_COUNT = `SELECT COALESCE(SUM(e.open_entries), 0) AS n FROM (SELECT owner_unit_id, NULLIF(chain_id, 0) AS chain_id, subject_type, level, 1 AS open_marker, open_entries FROM supervision_tallies
   UNION ALL SELECT owner_unit_id, NULLIF(chain_id, 0) AS chain_id, subject_type, level, 1 AS open_marker, delta FROM supervision_tally_changes) e WHERE 1 = 1 AND e.open_marker = 1`;

/** The task list's statements, as TasksRepository.page issues them (the co-units come in the same statement). */
const TASK_COLUMNS: [string, string][] = [
  ['id', 'id'],
  ['parent_id', 'parentId'],
  ['title', 'title'],
  ['state', 'state'],
  ['version', 'version'],
  ['issuer_unit_id', 'issuerUnitId'],
  ['owner_unit_id', 'ownerUnitId'],
  ['chain_id', 'chainId'],
  ['policy_id', 'policyId'],
  ['priority', 'priority'],
  ['source_kind', 'sourceKind'],
  ['source_ref', 'sourceRef'],
  ['due_at', 'dueAt'],
  ['escalation_level', 'escalationLevel'],
  ['reminded', 'reminded'],
  ['extension_due_at', 'extensionDueAt'],
  ['extension_reason', 'extensionReason'],
  ['extension_requested_at', 'extensionRequestedAt'],
  ['extension_requested_by', 'extensionRequestedBy'],
  ['completed_at', 'completedAt'],
  ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'],
];
const TASK_SELECT = TASK_COLUMNS.map(([column, alias]) => `t.${column} AS \`${alias}\``).join(', ');
const CO_UNITS = '(SELECT GROUP_CONCAT(c.unit_id ORDER BY c.unit_id) FROM task_co_units c WHERE c.task_id = t.id) AS coUnitIds';
const TASK_WHERE = 'WHERE (1 = 1) AND (t.state IN (?)) AND (t.owner_unit_id = ?)';
const TASK_PAGE = `SELECT ${TASK_SELECT}, ${CO_UNITS} FROM tasks t ${TASK_WHERE} ORDER BY t.due_at, t.id LIMIT ? OFFSET ?`;
/** Its total, summed from the tasks' tallies and their changes not folded yet (TasksRepository's taskCountSql, for a scope and filters on the tallies' keys). */
const TASK_COUNT = `SELECT COALESCE(SUM(t.tasks), 0) AS n FROM (SELECT owner_unit_id, issuer_unit_id, NULLIF(chain_id, 0) AS chain_id, state, escalation_level, tasks FROM task_tallies
   UNION ALL SELECT owner_unit_id, issuer_unit_id, NULLIF(chain_id, 0) AS chain_id, state, escalation_level, delta FROM task_tally_changes) t ${TASK_WHERE}`;

async function supervision(take: number): Promise<unknown> {
  const [[rows], [count]] = await Promise.all([pool.query<RowDataPacket[]>(BOARD_PAGE, [take, 0]), pool.query<RowDataPacket[]>(BOARD_COUNT)]);
  return { items: rows, total: Number(count[0].n) };
}

async function tasks(state: string, ownerUnitId: number, take: number): Promise<unknown> {
  const [[rows], [count]] = await Promise.all([
    pool.query<RowDataPacket[]>(TASK_PAGE, [[state], ownerUnitId, take, 0]),
    pool.query<RowDataPacket[]>(TASK_COUNT, [[state], ownerUnitId]),
  ]);
  // The fields of Duban's list item, without the domain's timeliness rule (a plain comparison stands in for it).
  const now = Date.now();
  const items = rows.map((r) => ({
    id: r.id,
    parentId: r.parentId,
    title: r.title,
    state: r.state,
    timeliness: r.dueAt.getTime() < now ? 'OVERDUE' : 'ON_TRACK',
    escalationLevel: r.escalationLevel,
    dueAt: r.dueAt,
    version: r.version,
    issuerUnitId: r.issuerUnitId,
    ownerUnitId: r.ownerUnitId,
    coUnitIds: r.coUnitIds ? String(r.coUnitIds).split(',').map(Number) : [],
    chainId: r.chainId,
    policyId: r.policyId,
    priority: r.priority,
    source: r.sourceKind ? { kind: r.sourceKind, ref: r.sourceRef } : null,
    extension: r.extensionDueAt ? { dueAt: r.extensionDueAt, reason: r.extensionReason, requestedAt: r.extensionRequestedAt, requestedBy: r.extensionRequestedBy } : null,
    completedAt: r.completedAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
  return { items, total: Number(count[0].n) };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://floor');
  const take = Number(url.searchParams.get('pageSize') ?? 20);
  let body: unknown;
  if (url.pathname === '/health') body = { status: 'ok' };
  else if (url.pathname === '/api/v1/supervision') body = await supervision(take);
  else if (url.pathname === '/api/v1/tasks') body = await tasks(url.searchParams.get('state') ?? '', Number(url.searchParams.get('ownerUnitId')), take);
  else {
    res.writeHead(404).end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) }).end(json);
}

createServer((req, res) => {
  handle(req, res).catch((error: Error) => {
    process.stderr.write(`${error.stack}\n`);
    res.writeHead(500).end();
  });
}).listen(Number(process.env.PORT), '127.0.0.1');

process.on('SIGTERM', () => {
  void pool.end().finally(() => process.exit(0));
});
