import type { DataSource } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { isDeadlock, Transactions, Tx } from './transactions';

const deadlock = () => new QueryFailedError('INSERT …', [], Object.assign(new Error('Deadlock found when trying to get lock'), { errno: 1213 }));

describe('Transactions.runRetryingDeadlocks', () => {
  const over = (outcomes: (() => unknown)[]) => {
    const transaction = jest.fn(async (work: (tx: Tx) => Promise<unknown>) => {
      const next = outcomes.shift()!;
      await work({} as Tx);
      return next();
    });
    return { transactions: new Transactions({ transaction } as unknown as DataSource), transaction };
  };

  it('runs the work again when its transaction was a deadlock victim', async () => {
    const { transactions, transaction } = over([
      () => {
        throw deadlock();
      },
      () => 'done',
    ]);
    await expect(transactions.runRetryingDeadlocks(async () => undefined)).resolves.toBe('done');
    expect(transaction).toHaveBeenCalledTimes(2);
  });

  it('gives up after the tries given, and never retries another error', async () => {
    const always = over([deadlock, deadlock, deadlock].map((d) => () => Promise.reject(d())));
    await expect(always.transactions.runRetryingDeadlocks(async () => undefined)).rejects.toThrow('Deadlock');
    expect(always.transaction).toHaveBeenCalledTimes(3);

    const other = over([() => Promise.reject(new QueryFailedError('UPDATE …', [], Object.assign(new Error('Duplicate entry'), { errno: 1062 })))]);
    await expect(other.transactions.runRetryingDeadlocks(async () => undefined)).rejects.toThrow('Duplicate entry');
    expect(other.transaction).toHaveBeenCalledTimes(1);
  });

  it('knows a deadlock by its errno, wrapped by TypeORM or not', () => {
    expect(isDeadlock(deadlock())).toBe(true);
    expect(isDeadlock(Object.assign(new Error('x'), { errno: 1213 }))).toBe(true);
    expect(isDeadlock(new Error('Lock wait timeout'))).toBe(false);
    expect(isDeadlock(null)).toBe(false);
  });

  it("opens the transaction at the isolation level asked for, and at the database's own otherwise", async () => {
    const transaction = jest.fn(async (...args: unknown[]) => (args.at(-1) as (tx: Tx) => Promise<unknown>)({} as Tx));
    const transactions = new Transactions({ transaction } as unknown as DataSource);
    await transactions.runRetryingDeadlocks(async () => undefined, { isolation: 'READ COMMITTED' });
    await transactions.run(async () => undefined);
    expect(transaction.mock.calls.map((call) => call.length)).toEqual([2, 1]);
    expect(transaction.mock.calls[0][0]).toBe('READ COMMITTED');
  });
});
