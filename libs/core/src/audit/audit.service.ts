import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/domain';
import { AuditFilter, AuditRepository, Tx } from '@duban/persistence';
import { Page, PageRequest, pageOffset } from '../common/page';
import { RequestContext } from '../common/request-context';

export interface AuditView {
  id: string;
  at: string;
  actorId: number | null;
  /** The actor's display name; null for the system (a profile load, a scheduled run). */
  actorName: string | null;
  action: string;
  target: string;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  address: string | null;
}

/** Something changed by someone: the kind of record, its id, and its state before and after. */
export interface AuditChange {
  action: string;
  target: string;
  targetId?: string | number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * The audit log of configuration and account changes and sign-ins. A change is recorded in the
 * transaction that makes it; secrets (passwords, hashes, channel keys) are never among the values.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  record(tx: Tx | null, actorId: number | null, change: AuditChange): Promise<void> {
    return this.audit.append(tx, { ...change, at: this.clock.now(), actorId, address: RequestContext.address() });
  }

  async list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditView>> {
    const { rows, total } = await this.audit.list(filter, pageOffset(page));
    const names = await this.audit.actorNames([...new Set(rows.flatMap((r) => (r.actorId === null ? [] : [r.actorId])))]);
    return {
      items: rows.map((r) => ({
        id: String(r.id),
        at: r.at.toISOString(),
        actorId: r.actorId,
        actorName: r.actorId === null ? null : (names.get(r.actorId) ?? null),
        action: r.action,
        target: r.target,
        targetId: r.targetId,
        before: r.before,
        after: r.after,
        address: r.address,
      })),
      total,
    };
  }
}
