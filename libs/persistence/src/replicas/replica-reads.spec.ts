import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig, DatabaseConfig } from '@duban/config';
import { allowReplicaReads, ReplicaReads } from './replica-reads';

/*
 * Which server a read runs on: the primary unless the caller may read from a replica and one was
 * found caught up by its last check; the primary again when the read fails on the replica.
 */
describe('ReplicaReads', () => {
  const primary = { manager: { name: 'primary' } } as unknown as DataSource;

  /** A replica answering SHOW REPLICA STATUS with `status` (or failing with it), serving reads as `name`. */
  interface FakeReplica {
    status: Record<string, unknown>[] | Error;
    isInitialized: boolean;
    manager: EntityManager;
    initialize: jest.Mock;
    destroy: jest.Mock;
    query: jest.Mock;
  }

  function fakeReplica(name: string): FakeReplica {
    const replica: FakeReplica = {
      status: [{ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes', Seconds_Behind_Master: 0 }],
      isInitialized: false,
      manager: { name } as unknown as EntityManager,
      initialize: jest.fn(async () => void (replica.isInitialized = true)),
      destroy: jest.fn(async () => void (replica.isInitialized = false)),
      query: jest.fn(async (): Promise<unknown> => {
        if (replica.status instanceof Error) throw replica.status;
        return replica.status;
      }),
    };
    return replica;
  }

  const replicasOf = (urls: number) => ({
    urls: Array.from({ length: urls }, (_, i) => ({ host: `replica-${i + 1}`, port: 3306 }) as DatabaseConfig),
    maxLagSeconds: 5,
    checkEveryMs: 60_000,
    stickyMs: 10_000,
  });

  async function started(fakes: FakeReplica[]) {
    const sources = [...fakes];
    class Testable extends ReplicaReads {
      protected override open(): DataSource {
        return sources.shift() as unknown as DataSource;
      }
    }
    const reads = new Testable(primary, { replicas: replicasOf(fakes.length) } as AppConfig);
    await reads.start();
    return reads;
  }

  const where = (reads: ReplicaReads) => reads.read(async (db) => (db as unknown as { name: string }).name);

  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('reads on the primary when no replica is configured, without opening anything', async () => {
    const reads = new ReplicaReads(primary, { replicas: replicasOf(0) } as AppConfig);
    await reads.start();
    expect(await allowReplicaReads(() => where(reads))).toBe('primary');
    expect(reads.status()).toEqual([]);
  });

  it('reads on a caught-up replica only where the caller allows it, round robin', async () => {
    const reads = await started([fakeReplica('r1'), fakeReplica('r2')]);
    expect(await where(reads)).toBe('primary');
    expect(await allowReplicaReads(() => Promise.all([where(reads), where(reads), where(reads)]))).toEqual(['r1', 'r2', 'r1']);
    expect(reads.status().map((s) => [s.name, s.usable, s.served])).toEqual([
      ['replica-1:3306', true, 2],
      ['replica-2:3306', true, 1],
    ]);
    await reads.onApplicationShutdown();
  });

  it('skips a replica that lags, has stopped replicating or does not answer, and reads on the primary when none is left', async () => {
    const lagging = fakeReplica('lagging');
    lagging.status = [{ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes', Seconds_Behind_Master: 6 }];
    const stopped = fakeReplica('stopped');
    stopped.status = [{ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'No', Seconds_Behind_Master: null }];
    const down = fakeReplica('down');
    down.status = new Error('connect ECONNREFUSED');
    const reads = await started([lagging, stopped, down]);
    expect(await allowReplicaReads(() => where(reads))).toBe('primary');
    expect(reads.status().map((s) => s.reason)).toEqual([
      '6 s behind the primary (at most 5 s)',
      'replication is not running (IO thread: Yes, SQL thread: No)',
      'unreachable: connect ECONNREFUSED',
    ]);
    // An operator learns of each replica left, once.
    expect(warn.mock.calls.map(([line]) => line)).toEqual([
      'replica replica-1:3306 is not used for reads: 6 s behind the primary (at most 5 s)',
      'replica replica-2:3306 is not used for reads: replication is not running (IO thread: Yes, SQL thread: No)',
      'replica replica-3:3306 is not used for reads: unreachable: connect ECONNREFUSED',
    ]);
    await reads.onApplicationShutdown();
  });

  it('runs a read that failed on a replica again on the primary, and leaves that replica until a check finds it well', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const replica = fakeReplica('r1');
    const reads = await started([replica]);
    let calls = 0;
    const flaky = (db: EntityManager) => {
      calls++;
      if ((db as unknown as { name: string }).name === 'r1') return Promise.reject(new Error('Connection lost: The server closed the connection.'));
      return Promise.resolve('primary');
    };
    expect(await allowReplicaReads(() => reads.read(flaky))).toBe('primary');
    expect(calls).toBe(2);
    expect(reads.status()[0]).toMatchObject({ usable: false, reason: 'read failed: Connection lost: The server closed the connection.' });
    expect(await allowReplicaReads(() => where(reads))).toBe('primary');

    await jest.advanceTimersByTimeAsync(60_000);
    expect(reads.status()[0]).toMatchObject({ usable: true, reason: null });
    expect(await allowReplicaReads(() => where(reads))).toBe('r1');
    await reads.onApplicationShutdown();
    expect(replica.destroy).toHaveBeenCalled();
  });
});
