import { judgeReplica } from './replica-status';

/* When a replica may serve reads, from SHOW REPLICA STATUS as MariaDB and MySQL answer it. */
describe('judgeReplica', () => {
  const mariadb = (io: string, sql: string, lag: number | null) => [{ Slave_IO_Running: io, Slave_SQL_Running: sql, Seconds_Behind_Master: lag }];

  it('uses a replica whose threads run within the bound, the bound included', () => {
    expect(judgeReplica(mariadb('Yes', 'Yes', 0), 5)).toEqual({ usable: true, lagSeconds: 0, reason: null });
    expect(judgeReplica(mariadb('Yes', 'Yes', 5), 5)).toEqual({ usable: true, lagSeconds: 5, reason: null });
    // MySQL 8's names; mysql2 may hand the number over as a string.
    expect(judgeReplica([{ Replica_IO_Running: 'Yes', Replica_SQL_Running: 'Yes', Seconds_Behind_Source: '2' }], 5)).toEqual({ usable: true, lagSeconds: 2, reason: null });
  });

  it('skips a replica further behind than the bound', () => {
    expect(judgeReplica(mariadb('Yes', 'Yes', 6), 5)).toEqual({ usable: false, lagSeconds: 6, reason: '6 s behind the primary (at most 5 s)' });
  });

  it('skips a replica whose replication is stopped or reconnecting, and one whose lag is unknown', () => {
    expect(judgeReplica(mariadb('Yes', 'No', null), 5)).toMatchObject({ usable: false, reason: 'replication is not running (IO thread: Yes, SQL thread: No)' });
    expect(judgeReplica(mariadb('Connecting', 'Yes', null), 5)).toMatchObject({ usable: false, reason: 'replication is not running (IO thread: Connecting, SQL thread: Yes)' });
    expect(judgeReplica(mariadb('Yes', 'Yes', null), 5)).toEqual({ usable: false, lagSeconds: null, reason: 'its lag is unknown' });
  });

  it('skips a server that is no replica at all', () => {
    expect(judgeReplica([], 5)).toEqual({ usable: false, lagSeconds: null, reason: 'not a replica: SHOW REPLICA STATUS is empty' });
  });
});
