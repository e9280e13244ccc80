import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { SubjectType, SupervisionEntryEntity } from '@duban/persistence';
import { AuthUser } from '../auth/auth-user';
import { supervisionScope } from '../auth/scope';
import { whereScope } from '../tasks/task-scope';
import { Page, PageRequest, pageOffset } from '../common/page';

export interface SupervisionFilter {
  open?: boolean;
  level?: number;
  unitId?: number;
  chainId?: number;
  subjectType?: SubjectType;
}

export interface SupervisionView {
  id: number;
  subjectType: SubjectType;
  subjectId: number;
  level: number;
  reason: string;
  ownerUnitId: number;
  chainId: number | null;
  openedAt: string;
  closedAt: string | null;
}

/** The supervision list (督办清单): what is supervised, at which level, open or closed. */
@Injectable()
export class SupervisionService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(user: AuthUser, filter: SupervisionFilter, page: PageRequest): Promise<Page<SupervisionView>> {
    const qb = this.scoped(user);
    if (filter.open !== undefined) qb.andWhere(filter.open ? 'e.open_marker = 1' : 'e.open_marker IS NULL');
    if (filter.level !== undefined) qb.andWhere('e.level = :level', { level: filter.level });
    if (filter.unitId !== undefined) qb.andWhere('e.owner_unit_id = :unit', { unit: filter.unitId });
    if (filter.chainId !== undefined) qb.andWhere('e.chain_id = :chain', { chain: filter.chainId });
    if (filter.subjectType) qb.andWhere('e.subject_type = :type', { type: filter.subjectType });
    const { skip, take } = pageOffset(page);
    const [rows, count] = await Promise.all([
      qb.clone().orderBy('e.level', 'DESC').addOrderBy('e.opened_at', 'ASC').addOrderBy('e.id', 'ASC').offset(skip).limit(take).getMany(),
      qb.clone().select('COUNT(*)', 'n').getRawOne<{ n: string }>(),
    ]);
    return { items: rows.map(toSupervisionView), total: Number(count?.n ?? 0) };
  }

  /** Open entries counted by level, by owner unit and by chain. */
  async summary(user: AuthUser) {
    const base = () => this.scoped(user).andWhere('e.open_marker = 1');
    const byLevel = await base().select('e.level', 'level').addSelect('COUNT(*)', 'count').groupBy('e.level').orderBy('e.level').getRawMany();
    const byUnit = await base()
      .innerJoin('units', 'u', 'u.id = e.owner_unit_id')
      .select('e.owner_unit_id', 'unitId')
      .addSelect('u.name', 'unitName')
      .addSelect('COUNT(*)', 'count')
      .addSelect('MAX(e.level)', 'maxLevel')
      .groupBy('e.owner_unit_id')
      .addGroupBy('u.name')
      .orderBy('count', 'DESC')
      .getRawMany();
    const byChain = await base()
      .innerJoin('chains', 'c', 'c.id = e.chain_id')
      .select('e.chain_id', 'chainId')
      .addSelect('c.name', 'chainName')
      .addSelect('COUNT(*)', 'count')
      .groupBy('e.chain_id')
      .addGroupBy('c.name')
      .orderBy('count', 'DESC')
      .getRawMany();
    const num = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k.endsWith('Name') ? v : Number(v)])));
    const levels = num(byLevel);
    return { open: levels.reduce((n, r) => n + Number(r.count), 0), byLevel: levels, byUnit: num(byUnit), byChain: num(byChain) };
  }

  private scoped(user: AuthUser): SelectQueryBuilder<SupervisionEntryEntity> {
    return whereScope(this.db.getRepository(SupervisionEntryEntity).createQueryBuilder('e'), supervisionScope(user));
  }
}

export function toSupervisionView(e: SupervisionEntryEntity): SupervisionView {
  return {
    id: e.id,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    level: e.level,
    reason: e.reason,
    ownerUnitId: e.ownerUnitId,
    chainId: e.chainId,
    openedAt: e.openedAt.toISOString(),
    closedAt: e.closedAt?.toISOString() ?? null,
  };
}
