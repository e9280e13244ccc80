import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions, EntityManager } from 'typeorm';
import { AppConfig, DatabaseConfig } from '@duban/config';
import { dataSourceOptions } from '../data-source';
import { judgeReplica, ReplicaVerdict } from './replica-status';

const replicaScope = new AsyncLocalStorage<true>();

/**
 * Runs `work` where {@link ReplicaReads.read} may use a replica: the api wraps a GET of a caller
 * who changed nothing lately in it. Outside it (the worker, the scheduler, the cli, a request
 * that changes something) every read is on the primary.
 */
export function allowReplicaReads<T>(work: () => T): T {
  return replicaScope.run(true, work);
}

/** What an api process knows of one replica, from its last check. */
export interface ReplicaState extends ReplicaVerdict {
  /** host:port, never the account. */
  name: string;
  /** Reads it has served since the process started. */
  served: number;
}

interface Replica {
  state: ReplicaState;
  source: DataSource;
  /** A connection attempt still under way (a check may give up on it before it ends). */
  connecting?: Promise<unknown>;
  /** Whether it was usable when last logged; undefined before the first verdict. */
  logged?: boolean;
}

/**
 * Where a read that decides nothing (a list, a report, a count on a dashboard) runs. Repositories
 * route such reads through `read` by name; every other statement uses the primary, as before.
 *
 * A replica is used only inside {@link allowReplicaReads}, and only while its last check (every
 * DATABASE_REPLICA_CHECK_MS, not per request) found it replicating within DATABASE_REPLICA_MAX_LAG_S
 * of the primary; otherwise, and if a read fails on it, the read runs on the primary.
 *
 * TypeORM's own `replication` option is not used: it sends every SELECT outside a transaction to
 * a replica by default and picks one at random, blind to its lag.
 */
@Injectable()
export class ReplicaReads implements OnApplicationShutdown {
  private readonly logger = new Logger(ReplicaReads.name);
  private replicas: Replica[] = [];
  private next = 0;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly primary: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * Connects to the configured replicas and checks them now and then every check period. Only the
   * api calls it: the other processes never read from a replica and open no connection to one.
   */
  async start(): Promise<void> {
    const { urls } = this.config.replicas;
    if (urls.length === 0 || this.replicas.length > 0) return;
    this.replicas = urls.map((db) => ({
      state: { name: `${db.host}:${db.port}`, usable: false, lagSeconds: null, reason: 'not checked yet', served: 0 },
      source: this.open(db),
    }));
    await this.checkAll();
    this.schedule();
  }

  /** Runs `work` on a caught-up replica when the caller may read from one, else on the primary. */
  async read<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    const replica = replicaScope.getStore() ? this.pick() : undefined;
    if (!replica) return work(this.primary.manager);
    try {
      const result = await work(replica.source.manager);
      replica.state.served++;
      return result;
    } catch (error) {
      // A read decides nothing, so it may simply run again where the data is sure to be.
      this.mark(replica, { usable: false, lagSeconds: null, reason: `read failed: ${(error as Error).message}` });
      return work(this.primary.manager);
    }
  }

  /** Each replica as the last check found it. */
  status(): ReplicaState[] {
    return this.replicas.map((r) => ({ ...r.state }));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.checking;
    await Promise.all(this.replicas.map((r) => r.connecting?.catch(() => undefined)));
    await Promise.all(this.replicas.map((r) => (r.source.isInitialized ? r.source.destroy() : undefined)));
  }

  /** A replica's own connection pool, opened by its first check. */
  protected open(db: DatabaseConfig): DataSource {
    return new DataSource(replicaOptions(db));
  }

  /** Round robin over the replicas the last check found usable. */
  private pick(): Replica | undefined {
    const usable = this.replicas.filter((r) => r.state.usable);
    if (usable.length === 0) return undefined;
    return usable[this.next++ % usable.length];
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.checking = this.checkAll().finally(() => {
        if (this.timer) this.schedule();
      });
    }, this.config.replicas.checkEveryMs);
    this.timer.unref();
  }

  private async checkAll(): Promise<void> {
    await Promise.all(this.replicas.map((r) => this.check(r)));
  }

  private async check(replica: Replica): Promise<void> {
    // A replica that does not answer within two periods (2 s at least) counts as down until a check gets through.
    const timeoutMs = Math.max(2000, 2 * this.config.replicas.checkEveryMs);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const rows = await Promise.race([this.replicationStatus(replica), timeout]);
      this.mark(replica, judgeReplica(rows, this.config.replicas.maxLagSeconds));
    } catch (error) {
      this.mark(replica, { usable: false, lagSeconds: null, reason: `unreachable: ${(error as Error).message}` });
    } finally {
      clearTimeout(timer);
    }
  }

  private async replicationStatus(replica: Replica): Promise<Record<string, unknown>[]> {
    const { source } = replica;
    if (!source.isInitialized) await (replica.connecting ??= source.initialize().finally(() => (replica.connecting = undefined)));
    try {
      return await source.query('SHOW REPLICA STATUS');
    } catch (error) {
      // MariaDB before 10.5 and MySQL before 8.0.22 know only the older name.
      if ((error as { errno?: number }).errno !== 1064) throw error;
      return source.query('SHOW SLAVE STATUS');
    }
  }

  private mark(replica: Replica, verdict: ReplicaVerdict): void {
    Object.assign(replica.state, verdict);
    if (replica.logged === verdict.usable) return;
    replica.logged = verdict.usable;
    if (verdict.usable) this.logger.log(`replica ${replica.state.name} is used for reads (${verdict.lagSeconds} s behind)`);
    else this.logger.warn(`replica ${replica.state.name} is not used for reads: ${verdict.reason}`);
  }
}

function replicaOptions(db: DatabaseConfig): DataSourceOptions {
  const options = dataSourceOptions(db);
  // A down replica must fail a check fast; its reads fall back to the primary meanwhile.
  return { ...options, migrations: [], extra: { connectionLimit: 10, connectTimeout: 2000 } } as DataSourceOptions;
}
