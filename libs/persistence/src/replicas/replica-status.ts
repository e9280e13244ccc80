/** Whether a replica may serve reads, from its replication status. */
export interface ReplicaVerdict {
  usable: boolean;
  /** Seconds_Behind_Master (Seconds_Behind_Source on MySQL); null when unknown. */
  lagSeconds: number | null;
  /** Why it is not used; null when it is. */
  reason: string | null;
}

/**
 * Judges the answer of SHOW REPLICA STATUS (MariaDB's and MySQL's column names alike): usable
 * when both replication threads run and the replica is at most `maxLagSeconds` behind. A stopped
 * thread leaves the lag unknown, and an unknown lag is not within any bound.
 */
export function judgeReplica(rows: readonly Record<string, unknown>[], maxLagSeconds: number): ReplicaVerdict {
  const [row] = rows;
  if (!row) return { usable: false, lagSeconds: null, reason: 'not a replica: SHOW REPLICA STATUS is empty' };
  const io = String(row.Slave_IO_Running ?? row.Replica_IO_Running ?? '');
  const sql = String(row.Slave_SQL_Running ?? row.Replica_SQL_Running ?? '');
  const lag = row.Seconds_Behind_Master ?? row.Seconds_Behind_Source;
  const lagSeconds = lag === null || lag === undefined || lag === '' ? null : Number(lag);
  if (io !== 'Yes' || sql !== 'Yes') return { usable: false, lagSeconds, reason: `replication is not running (IO thread: ${io || '?'}, SQL thread: ${sql || '?'})` };
  if (lagSeconds === null || Number.isNaN(lagSeconds)) return { usable: false, lagSeconds: null, reason: 'its lag is unknown' };
  if (lagSeconds > maxLagSeconds) return { usable: false, lagSeconds, reason: `${lagSeconds} s behind the primary (at most ${maxLagSeconds} s)` };
  return { usable: true, lagSeconds, reason: null };
}
