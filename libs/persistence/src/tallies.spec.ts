import { foldTallyChanges, readsOnlyTallyKeys, Tallies, TASK_TALLIES, tallyRows, tallySource } from './tallies';
import { taskCountSql, taskListWhere } from './tasks/tasks.repository';
import type { Tx } from './transactions';

const TALLIES: Tallies = {
  table: 'x_tallies',
  changes: 'x_tally_changes',
  keys: ['unit_id', 'chain_id', 'state'],
  nullable: ['chain_id'],
  count: 'rows_counted',
  counted: { table: 'x', where: '1 = 1' },
};

describe('tallies', () => {
  it('reads as the counted rows: their column names, a nullable key NULL again, the folded counts and the changes', () => {
    expect(tallyRows(TALLIES, 'r', '1 AS open_marker')).toBe(
      '(SELECT unit_id, NULLIF(chain_id, 0) AS chain_id, state, 1 AS open_marker, rows_counted FROM x_tallies UNION ALL SELECT unit_id, NULLIF(chain_id, 0) AS chain_id, state, 1 AS open_marker, delta FROM x_tally_changes) r',
    );
    // By key, summed, and only the keys that count something.
    const source = tallySource(TALLIES, 'r', '1 AS open_marker');
    expect(source).toContain('SELECT unit_id, NULLIF(chain_id, 0) AS chain_id, state, SUM(n) AS rows_counted, 1 AS open_marker');
    expect(source).toContain('FROM (SELECT unit_id, chain_id, state, rows_counted AS n FROM x_tallies UNION ALL SELECT unit_id, chain_id, state, delta FROM x_tally_changes) k');
    expect(source).toMatch(/GROUP BY unit_id, chain_id, state HAVING SUM\(n\) > 0\) r$/);
  });

  it('serves a WHERE only when every column it names of the alias is a key', () => {
    expect(readsOnlyTallyKeys(TALLIES, 'r', '(1 = 1) AND (r.state IN (?)) AND (r.unit_id = ?)')).toBe(true);
    expect(readsOnlyTallyKeys(TALLIES, 'r', 'r.chain_id IN (SELECT sl.chain_id FROM chain_roles sl WHERE sl.user_id = ?)')).toBe(true);
    expect(readsOnlyTallyKeys(TALLIES, 'r', 'r.unit_id = ? OR EXISTS (SELECT 1 FROM co sc WHERE sc.row_id = r.id AND sc.unit_id = ?)')).toBe(false);
    expect(readsOnlyTallyKeys(TALLIES, 'r', 'r.state = ? AND r.due_at >= ?')).toBe(false);
    // Another alias ending in the same letter is not the alias.
    expect(readsOnlyTallyKeys(TALLIES, 'r', 'r.state = ? AND pr.due_at >= ?')).toBe(true);
  });

  it('folds changes by key, in key order, and deletes exactly the changes it read', async () => {
    const calls: [string, unknown[] | undefined][] = [];
    const changes = [
      { id: '7', unit_id: 3, chain_id: 0, state: 'A', delta: 1 },
      { id: '8', unit_id: 2, chain_id: 5, state: 'B', delta: 1 },
      { id: '9', unit_id: 3, chain_id: 0, state: 'A', delta: 1 },
      { id: '10', unit_id: 3, chain_id: 0, state: 'A', delta: -1 },
    ];
    const tx = {
      query: jest.fn(async (sql: string, params?: unknown[]) => {
        calls.push([sql, params]);
        return sql.startsWith('SELECT') ? changes : undefined;
      }),
    } as unknown as Tx;
    await expect(foldTallyChanges(tx, TALLIES, 500)).resolves.toBe(4);
    expect(calls[0][0]).toBe('SELECT id, unit_id, chain_id, state, delta FROM x_tally_changes ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED');
    expect(calls[1][0]).toMatch(
      /^INSERT INTO x_tallies \(unit_id, chain_id, state, rows_counted\) VALUES \? ON DUPLICATE KEY UPDATE rows_counted = rows_counted \+ VALUES\(rows_counted\)$/,
    );
    expect(calls[1][1]).toEqual([
      [
        [2, 5, 'B', 1],
        [3, 0, 'A', 1],
      ],
    ]);
    expect(calls[2]).toEqual(['DELETE FROM x_tally_changes WHERE id IN (?)', [['7', '8', '9', '10']]]);
  });

  it('writes nothing when there is nothing to fold', async () => {
    const tx = { query: jest.fn(async () => []) } as unknown as Tx;
    await expect(foldTallyChanges(tx, TALLIES, 500)).resolves.toBe(0);
    expect(tx.query).toHaveBeenCalledTimes(1);
  });
});

describe('the task list total', () => {
  const everything = { sql: '1 = 1', params: [] };
  const liaison = { sql: '((t.owner_unit_id = ?) OR (EXISTS (SELECT 1 FROM task_co_units sc WHERE sc.task_id = t.id AND sc.unit_id = ?)))', params: [4, 4] };
  const tallied = (filter: Parameters<typeof taskListWhere>[0]) => taskCountSql(taskListWhere(filter).sql).includes(TASK_TALLIES.table);

  it('is summed from the tallies for a scope and filters on their keys', () => {
    expect(tallied({ scopes: [everything] })).toBe(true);
    expect(tallied({ scopes: [everything], states: ['IN_PROGRESS'], ownerUnitId: 2 })).toBe(true);
    expect(tallied({ scopes: [everything], issuerUnitId: 1, chainId: 3, escalationLevel: 2 })).toBe(true);
    expect(taskCountSql(taskListWhere({ scopes: [everything], ownerUnitId: 2 }).sql)).toMatch(
      /^SELECT COALESCE\(SUM\(t\.tasks\), 0\) AS n FROM \(SELECT .* FROM task_tallies UNION ALL .* FROM task_tally_changes\) t WHERE \(1 = 1\) AND \(t\.owner_unit_id = \?\)$/s,
    );
  });

  it('is counted from the tasks for anything else', () => {
    const now = new Date();
    expect(tallied({ scopes: [liaison] })).toBe(false);
    expect(tallied({ scopes: [everything], todo: { ownerUnitId: 2, issuerUnitId: null, supervisor: false } })).toBe(false);
    expect(tallied({ scopes: [everything], split: true })).toBe(false);
    expect(tallied({ scopes: [everything], parentId: 9 })).toBe(false);
    expect(tallied({ scopes: [everything], titleLike: '%图谱%' })).toBe(false);
    expect(tallied({ scopes: [everything], dueFrom: now })).toBe(false);
    expect(tallied({ scopes: [everything], timeliness: { value: 'OVERDUE', now, soon: now } })).toBe(false);
    expect(taskCountSql(taskListWhere({ scopes: [liaison] }).sql)).toMatch(/^SELECT COUNT\(\*\) AS n FROM tasks t WHERE /);
  });
});
