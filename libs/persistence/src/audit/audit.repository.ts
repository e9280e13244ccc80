import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { pageOf } from '../paging';
import { ReplicaReads } from '../replicas/replica-reads';
import type { Tx } from '../transactions';
import { AuditEntryEntity } from './audit-entry.entity';

export interface NewAuditEntry {
  at: Date;
  actorId: number | null;
  action: string;
  target: string;
  targetId?: string | number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  address?: string | null;
}

export interface AuditFilter {
  actorId?: number;
  target?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

/** The append-only audit log (triggers refuse updates and deletes; the app's account may only insert). */
@Injectable()
export class AuditRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly replicas: ReplicaReads,
  ) {}

  /** Appends inside the caller's transaction, so the entry stands or falls with the change. */
  async append(tx: Tx | null, entry: NewAuditEntry): Promise<void> {
    await (tx ?? this.db.manager).insert(AuditEntryEntity, {
      at: entry.at,
      actorId: entry.actorId,
      action: entry.action,
      target: entry.target,
      targetId: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
      before: entry.before ?? null,
      after: entry.after ?? null,
      address: entry.address ?? null,
    } as QueryDeepPartialEntity<AuditEntryEntity>);
  }

  /** Newest first. */
  async list(filter: AuditFilter, page: { skip: number; take: number }): Promise<{ rows: AuditEntryEntity[]; total: number }> {
    // A list decides nothing: a caught-up replica may serve it (see ReplicaReads).
    return this.replicas.read(async (db) => {
      const qb = db.getRepository(AuditEntryEntity).createQueryBuilder('a');
      if (filter.actorId !== undefined) qb.andWhere('a.actor_id = :actor', { actor: filter.actorId });
      if (filter.target !== undefined) qb.andWhere('a.target = :target', { target: filter.target });
      if (filter.targetId !== undefined) qb.andWhere('a.target_id = :targetId', { targetId: filter.targetId });
      if (filter.from) qb.andWhere('a.at >= :from', { from: filter.from });
      if (filter.to) qb.andWhere('a.at <= :to', { to: filter.to });
      return pageOf(qb, { 'a.at': 'DESC', 'a.id': 'DESC' }, page);
    });
  }

  /** The display names of the actors of some entries (an actor's name as it is now). */
  async actorNames(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: number; name: string }[] = await this.db.query('SELECT id, display_name AS name FROM users WHERE id IN (?)', [ids]);
    return new Map(rows.map((r) => [Number(r.id), r.name]));
  }
}
