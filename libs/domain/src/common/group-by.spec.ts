import { groupBy } from './group-by';

describe('groupBy', () => {
  it('keeps the items of each group in order, and the groups in the order their keys first appear', () => {
    const groups = groupBy([3, 8, 5, 2, 7, 4], (n) => (n % 2 === 0 ? 'even' : 'odd'));
    expect([...groups.entries()]).toEqual([
      ['odd', [3, 5, 7]],
      ['even', [8, 2, 4]],
    ]);
  });

  it('answers an empty map for no items', () => {
    expect(groupBy([], () => 'k').size).toBe(0);
  });

  it('groups a herd batch of 5,000 rows sharing one key into one group holding every row', () => {
    const rows = Array.from({ length: 5000 }, (_, id) => ({ id, key: '1|0|0' }));
    const groups = groupBy(rows, (r) => r.key);
    expect(groups.size).toBe(1);
    expect(groups.get('1|0|0')!.map((r) => r.id)).toEqual(rows.map((r) => r.id));
  });
});
