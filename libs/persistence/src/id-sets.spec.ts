import { idsIn } from './id-sets';

/** The ids the condition admits, read back from its SQL and parameters. */
function admitted(condition: { sql: string; params: unknown[] }): number[] {
  const ids: number[] = [];
  const params = [...condition.params];
  const parts = condition.sql.startsWith('(') ? condition.sql.slice(1, -1) : condition.sql;
  for (const part of parts.split(' OR ')) {
    if (part.endsWith('BETWEEN ? AND ?')) {
      const [from, to] = params.splice(0, 2) as number[];
      for (let id = from; id <= to; id++) ids.push(id);
    } else if (part.endsWith('IN (?)')) ids.push(...(params.shift() as number[]));
    else throw new Error(`unexpected part ${part}`);
  }
  expect(params).toEqual([]);
  return ids.sort((a, b) => a - b);
}

describe('idsIn', () => {
  it('writes a run of ids as one range', () => {
    expect(idsIn('s.id', [5, 3, 4, 6])).toEqual({ sql: 's.id BETWEEN ? AND ?', params: [3, 6] });
  });

  it('lists ids that do not run on, and short runs', () => {
    expect(idsIn('id', [9, 1, 2])).toEqual({ sql: 'id IN (?)', params: [[1, 2, 9]] });
  });

  it('combines ranges and the list', () => {
    expect(idsIn('id', [1, 2, 3, 7, 10, 11, 12, 13])).toEqual({ sql: '(id BETWEEN ? AND ? OR id BETWEEN ? AND ? OR id IN (?))', params: [1, 3, 10, 13, [7]] });
  });

  it('admits nothing for no ids', () => {
    expect(idsIn('id', [])).toEqual({ sql: 'FALSE', params: [] });
  });

  it('admits exactly the ids given, repeated or not', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let round = 0; round < 200; round++) {
      const ids = Array.from({ length: 1 + Math.floor(random() * 300) }, () => 1 + Math.floor(random() * 400));
      expect(admitted(idsIn('id', ids))).toEqual([...new Set(ids)].sort((a, b) => a - b));
    }
  });
});
