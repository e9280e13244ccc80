import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { createPool, RowDataPacket } from 'mysql2/promise';

/*
 * The api's floor (`baseline-api-floor` in `npm run bench`): a bare node:http server with a
 * mysql2 pool of the api's size, answering the bench's two list requests with exactly the SQL
 * Duban's api issues for them, in the same order and concurrency (page ∥ count, then the page's
 * co-units). No framework, no authentication, no validation, no logging: what is left is the
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
const BOARD_COUNT = 'SELECT COUNT(*) AS n FROM supervision_entries e WHERE 1 = 1 AND e.open_marker = 1';

/** The task list's statements, as TasksRepository.page and coUnits issue them. */
const TASK_COLUMNS = [
  'id',
  'parent_id',
  'title',
  'description',
  'state',
  'version',
  'issuer_unit_id',
  'owner_unit_id',
  'chain_id',
  'policy_id',
  'priority',
  'source_kind',
  'source_ref',
  'due_at',
  'escalation_level',
  'extension_due_at',
  'extension_reason',
  'extension_requested_at',
  'extension_requested_by',
  'schedule_gen',
  'next_step',
  'next_step_at',
  'reminded',
  'completed_at',
  'created_by',
  'created_at',
  'updated_at',
];
const TASK_SELECT = TASK_COLUMNS.map((c) => `\`t\`.\`${c}\` AS \`t_${c}\``).join(', ');
const TASK_WHERE = 'WHERE 1 = 1 AND `t`.`state` IN (?) AND `t`.`owner_unit_id` = ?';
const TASK_PAGE = `SELECT ${TASK_SELECT} FROM \`tasks\` \`t\` ${TASK_WHERE} ORDER BY \`t\`.\`due_at\` ASC, \`t\`.\`id\` ASC LIMIT ? OFFSET ?`;
const TASK_COUNT = `SELECT COUNT(*) AS \`n\` FROM \`tasks\` \`t\` ${TASK_WHERE}`;
const CO_UNITS =
  'SELECT `TaskCoUnitEntity`.`task_id` AS `TaskCoUnitEntity_task_id`, `TaskCoUnitEntity`.`unit_id` AS `TaskCoUnitEntity_unit_id` FROM `task_co_units` `TaskCoUnitEntity` WHERE ((`TaskCoUnitEntity`.`task_id` IN (?))) ORDER BY `TaskCoUnitEntity`.`unit_id` ASC';

async function supervision(take: number): Promise<unknown> {
  const [[rows], [count]] = await Promise.all([pool.query<RowDataPacket[]>(BOARD_PAGE, [take, 0]), pool.query<RowDataPacket[]>(BOARD_COUNT)]);
  return { items: rows, total: Number(count[0].n) };
}

async function tasks(state: string, ownerUnitId: number, take: number): Promise<unknown> {
  const [[rows], [count]] = await Promise.all([
    pool.query<RowDataPacket[]>(TASK_PAGE, [[state], ownerUnitId, take, 0]),
    pool.query<RowDataPacket[]>(TASK_COUNT, [[state], ownerUnitId]),
  ]);
  const coUnits = new Map<number, number[]>(rows.map((r) => [Number(r.t_id), []]));
  if (rows.length > 0) {
    const [links] = await pool.query<RowDataPacket[]>(CO_UNITS, [[...coUnits.keys()]]);
    for (const l of links) coUnits.get(Number(l.TaskCoUnitEntity_task_id))?.push(Number(l.TaskCoUnitEntity_unit_id));
  }
  // The fields of Duban's list item, without the domain's timeliness rule (a plain comparison stands in for it).
  const now = Date.now();
  const items = rows.map((r) => ({
    id: Number(r.t_id),
    parentId: r.t_parent_id,
    title: r.t_title,
    state: r.t_state,
    timeliness: r.t_due_at.getTime() < now ? 'OVERDUE' : 'ON_TRACK',
    escalationLevel: r.t_escalation_level,
    dueAt: r.t_due_at,
    version: r.t_version,
    issuerUnitId: r.t_issuer_unit_id,
    ownerUnitId: r.t_owner_unit_id,
    coUnitIds: coUnits.get(Number(r.t_id)),
    chainId: r.t_chain_id,
    policyId: r.t_policy_id,
    priority: r.t_priority,
    source: r.t_source_kind ? { kind: r.t_source_kind, ref: r.t_source_ref } : null,
    extension: r.t_extension_due_at ? { dueAt: r.t_extension_due_at, reason: r.t_extension_reason } : null,
    completedAt: r.t_completed_at,
    createdAt: r.t_created_at,
    updatedAt: r.t_updated_at,
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
