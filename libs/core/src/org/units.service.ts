import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { UnitKind } from '@duban/domain';
import { Transactions, UnitEntity } from '@duban/persistence';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { Page, PageRequest, pageOffset } from '../common/page';
import { assertReferences } from '../common/references';

export interface UnitView {
  id: number;
  name: string;
  fullName: string | null;
  kind: UnitKind;
  parentId: number | null;
}

export interface NewUnit {
  name: string;
  kind: UnitKind;
  fullName?: string;
  parentId?: number;
}

@Injectable()
export class UnitsService {
  constructor(
    @InjectRepository(UnitEntity) private readonly units: Repository<UnitEntity>,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async list(filter: { kind?: UnitKind }, page: PageRequest): Promise<Page<UnitView>> {
    const [rows, total] = await this.units.findAndCount({
      where: filter.kind ? { kind: filter.kind } : {},
      order: { id: 'ASC' },
      ...pageOffset(page),
    });
    return { items: rows.map(toUnitView), total };
  }

  async create(actor: AuthUser | null, input: NewUnit): Promise<UnitView> {
    return this.transactions.run(async (em) => {
      await assertReferences(em, UnitEntity, 'parentId', [input.parentId], 'unit');
      if (await em.existsBy(UnitEntity, { name: input.name })) throw new ConflictException(`name: a unit named ${input.name} already exists`);
      const saved = await em.save(
        em.create(UnitEntity, { name: input.name, kind: input.kind, fullName: input.fullName ?? null, parentId: input.parentId ?? null }),
      );
      const view = toUnitView(saved);
      await this.audit.record(em, actor?.id ?? null, { action: 'unit.create', target: 'unit', targetId: view.id, after: { ...view } });
      return view;
    });
  }
}

export function toUnitView(row: UnitEntity): UnitView {
  return { id: row.id, name: row.name, fullName: row.fullName, kind: row.kind, parentId: row.parentId };
}
