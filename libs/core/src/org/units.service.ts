import { ConflictException, Injectable } from '@nestjs/common';
import type { UnitKind } from '@duban/domain';
import { Transactions, UnitEntity, UnitsRepository } from '@duban/persistence';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { Page, PageRequest, pageOffset } from '../common/page';
import { References } from '../common/references.service';

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

/** The directory of units; a new unit is audited in the transaction that creates it. */
@Injectable()
export class UnitsService {
  constructor(
    private readonly units: UnitsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly references: References,
  ) {}

  async list(filter: { kind?: UnitKind }, page: PageRequest): Promise<Page<UnitView>> {
    const { rows, total } = await this.units.list(filter, pageOffset(page));
    return { items: rows.map(toUnitView), total };
  }

  async create(actor: AuthUser | null, input: NewUnit): Promise<UnitView> {
    return this.transactions.run(async (tx) => {
      await this.references.assert(tx, 'unit', 'parentId', [input.parentId]);
      if (await this.units.nameTaken(tx, input.name)) throw new ConflictException(`name: a unit named ${input.name} already exists`);
      const view = toUnitView(await this.units.insert(tx, { name: input.name, kind: input.kind, fullName: input.fullName ?? null, parentId: input.parentId ?? null }));
      await this.audit.record(tx, actor?.id ?? null, { action: 'unit.create', target: 'unit', targetId: view.id, after: { ...view } });
      return view;
    });
  }
}

export function toUnitView(row: UnitEntity): UnitView {
  return { id: row.id, name: row.name, fullName: row.fullName, kind: row.kind, parentId: row.parentId };
}
