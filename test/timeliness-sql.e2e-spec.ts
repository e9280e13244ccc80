import { INestApplication } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  deriveTimeliness,
  obligationLightAfterStep,
  PROBLEM_STATES,
  problemTimeliness,
  reportLight,
  STEP_ACTIONS,
  TASK_STATES,
  TaskState,
  TIMELINESS,
  Timeliness,
} from '@duban/domain';
import {
  OBLIGATION_TIMELINESS_COLUMNS,
  obligationLightAssignment,
  PROBLEM_TIMELINESS_COLUMNS,
  TASK_TIMELINESS_COLUMNS,
  TimelinessColumns,
  timelinessWhere,
} from '@duban/persistence';
import { startApi } from './support/harness';

/*
 * One definition of the traffic light: the same table of cases through the domain's function and
 * through the SQL filter generated from the same rules, on MariaDB. Every case must get the same
 * light both ways (and a cancelled one none).
 */
describe('timeliness: the domain and the SQL filter agree (e2e)', () => {
  let app: INestApplication;
  let db: DataSource;
  const NOW = new Date('2026-07-10T02:00:00.000Z');
  const WINDOW = 3 * 86_400_000;
  const SOON = new Date(NOW.getTime() + WINDOW);
  const ms = (iso: string) => new Date(iso);

  // Every state × due instants around now and the window's edge × completion around the due instant × reminded.
  const dues = [
    ms('2026-07-01T00:00:00Z'),
    new Date(NOW.getTime() - 1),
    NOW,
    new Date(NOW.getTime() + 1),
    new Date(SOON.getTime() - 1),
    SOON,
    new Date(SOON.getTime() + 1),
    ms('2026-09-01T00:00:00Z'),
  ];
  const cases = TASK_STATES.flatMap((state) =>
    dues.flatMap((dueAt) =>
      [null, new Date(dueAt.getTime() - 1), dueAt, new Date(dueAt.getTime() + 1)].flatMap((completedAt) =>
        [false, true].map((reminded) => ({ state, dueAt, completedAt, reminded })),
      ),
    ),
  );

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);
    await db.query(
      `CREATE TEMPORARY TABLE timeliness_cases (id INT PRIMARY KEY, state VARCHAR(20) NOT NULL, due_at DATETIME(3) NOT NULL, completed_at DATETIME(3) NULL, reminded TINYINT(1) NOT NULL)`,
    );
    await db.query(`CREATE TEMPORARY TABLE problem_cases (id INT PRIMARY KEY, state VARCHAR(20) NOT NULL, due_at DATETIME(3) NOT NULL, resolved_at DATETIME(3) NULL)`);
    await db.query(`CREATE TEMPORARY TABLE obligation_cases (id INT PRIMARY KEY, state VARCHAR(20) NOT NULL, due_at DATETIME(3) NOT NULL, submitted_at DATETIME(3) NULL)`);
    await db.query(`CREATE TEMPORARY TABLE obligation_light_cases (id INT PRIMARY KEY, action VARCHAR(20) NOT NULL, timeliness VARCHAR(10) NOT NULL)`);
  });

  afterAll(() => app.close());

  /** Each case's lights (by id) as the filters generated for `columns` find them in `table`. */
  async function lightsBySql(tx: EntityManager, table: string, columns: TimelinessColumns): Promise<Map<number, Timeliness[]>> {
    const bySql = new Map<number, Timeliness[]>();
    for (const t of TIMELINESS) {
      const where = timelinessWhere(t, columns, { now: NOW, soon: SOON });
      for (const row of await tx.query(`SELECT id FROM ${table} WHERE ${where.sql}`, where.params)) bySql.set(Number(row.id), [...(bySql.get(Number(row.id)) ?? []), t]);
    }
    return bySql;
  }

  /** The cases (the i-th has id i + 1) whose light differs between the domain and the SQL. */
  function disagreements<C>(cases: C[], domain: (c: C) => Timeliness | null, bySql: Map<number, Timeliness[]>) {
    return cases
      .map((c, i) => ({ c, domain: domain(c), sql: bySql.get(i + 1) ?? [] }))
      .filter(({ domain, sql }) => JSON.stringify(domain === null ? [] : [domain]) !== JSON.stringify(sql));
  }

  it(`gives each of ${6 * 8 * 4 * 2} cases the same light both ways`, async () => {
    expect(cases).toHaveLength(6 * 8 * 4 * 2);
    // One connection for the temporary table: a transaction pins it.
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO timeliness_cases (id, state, due_at, completed_at, reminded) VALUES ?', [
        cases.map((c, i) => [i + 1, c.state, c.dueAt, c.completedAt, c.reminded ? 1 : 0]),
      ]);
      const bySql = await lightsBySql(tx, 'timeliness_cases t', TASK_TIMELINESS_COLUMNS);
      expect(disagreements(cases, (c) => deriveTimeliness(c, NOW, WINDOW), bySql)).toEqual([]);
      // Every light occurs, so the comparison covers them all.
      expect(new Set(cases.map((c) => deriveTimeliness(c, NOW, WINDOW)))).toEqual(new Set([...TIMELINESS, null]));
      const cancelled = cases.filter((c) => (c.state as TaskState) === 'CANCELLED').length;
      expect([...bySql.values()].flat()).toHaveLength(cases.length - cancelled);
    });
  });

  // The problem ledger reads the same rules: resolved (and closed) problems are done as of their resolution.
  const problemCases = PROBLEM_STATES.flatMap((state) =>
    dues.flatMap((dueAt) => [null, new Date(dueAt.getTime() - 1), dueAt, new Date(dueAt.getTime() + 1)].map((resolvedAt) => ({ state, dueAt, resolvedAt }))),
  );

  it(`gives each of ${5 * 8 * 4} problem cases the same light both ways`, async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO problem_cases (id, state, due_at, resolved_at) VALUES ?', [problemCases.map((c, i) => [i + 1, c.state, c.dueAt, c.resolvedAt])]);
      const bySql = await lightsBySql(tx, 'problem_cases p', PROBLEM_TIMELINESS_COLUMNS);
      expect(disagreements(problemCases, (c) => problemTimeliness(c, NOW, WINDOW), bySql)).toEqual([]);
      // Never reminded, a problem is yellow only inside the window; every other light occurs.
      expect(new Set(problemCases.map((c) => problemTimeliness(c, NOW, WINDOW)))).toEqual(new Set(TIMELINESS));
    });
  });

  // A report obligation keeps its light: each escalation step changes it by the domain's table, and
  // the engine's set-wise UPDATE assigns it by SQL generated from that table.
  const lightCases = STEP_ACTIONS.flatMap((action) => TIMELINESS.map((light) => ({ action, light })));

  it(`moves each of ${5 * 5} obligation lights under each step the same way in the domain and in the engine's UPDATE`, async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO obligation_light_cases (id, action, timeliness) VALUES ?', [lightCases.map((c, i) => [i + 1, c.action, c.light])]);
      for (const action of STEP_ACTIONS) await tx.query(`UPDATE obligation_light_cases SET ${obligationLightAssignment(action)} WHERE action = ?`, [action]);
      const rows: { id: number; timeliness: string }[] = await tx.query('SELECT id, timeliness FROM obligation_light_cases ORDER BY id');
      expect(rows.map((r) => r.timeliness)).toEqual(lightCases.map((c) => obligationLightAfterStep(c.action, c.light)));
      // Nothing stays green after a step; a reminder keeps any other light, so the rest all occur.
      expect(new Set(rows.map((r) => r.timeliness))).toEqual(new Set(TIMELINESS.filter((t) => t !== 'ON_TRACK')));
    });
  });

  // A submitted report's light (decided when it is submitted) is the one the list filters find for it.
  const reportCases = dues.flatMap((dueAt) => [new Date(dueAt.getTime() - 1), dueAt, new Date(dueAt.getTime() + 1)].map((submittedAt) => ({ dueAt, submittedAt })));

  it(`gives each of ${8 * 3} submitted reports the light the filters find`, async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO obligation_cases (id, state, due_at, submitted_at) VALUES ?', [reportCases.map((c, i) => [i + 1, 'SUBMITTED', c.dueAt, c.submittedAt])]);
      const bySql = await lightsBySql(tx, 'obligation_cases o', OBLIGATION_TIMELINESS_COLUMNS);
      expect(disagreements(reportCases, (c) => reportLight(c.dueAt, c.submittedAt), bySql)).toEqual([]);
      expect(new Set(reportCases.map((c) => reportLight(c.dueAt, c.submittedAt)))).toEqual(new Set(['ON_TIME', 'LATE']));
    });
  });
});
