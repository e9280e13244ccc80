import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { UnitKind } from '@duban/domain';
import type { Tx } from '../transactions';
import { UnitEntity } from './unit.entity';

export interface NewUnitRow {
  name: string;
  kind: UnitKind;
  fullName: string | null;
  parentId: number | null;
}

/** A unit or chain by its id and name, as lists and notices name it. */
export interface NamedRow {
  id: number;
  name: string;
}

/** The units of the mechanism: departments, zones, districts, offices. */
@Injectable()
export class UnitsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(filter: { kind?: UnitKind }, page: { skip: number; take: number }): Promise<{ rows: UnitEntity[]; total: number }> {
    const [rows, total] = await this.db.getRepository(UnitEntity).findAndCount({
      where: filter.kind ? { kind: filter.kind } : {},
      order: { id: 'ASC' },
      skip: page.skip,
      take: page.take,
    });
    return { rows, total };
  }

  async find(id: number, tx?: Tx): Promise<UnitEntity | null> {
    return (tx ?? this.db.manager).findOneBy(UnitEntity, { id });
  }

  async nameTaken(tx: Tx, name: string): Promise<boolean> {
    return tx.existsBy(UnitEntity, { name });
  }

  /** Inserts a unit; answers it as stored. */
  async insert(tx: Tx, row: NewUnitRow): Promise<UnitEntity> {
    return tx.save(tx.create(UnitEntity, row));
  }

  /** The names of the given units (in no particular order; unknown ids are left out). */
  async named(ids: readonly number[]): Promise<NamedRow[]> {
    if (ids.length === 0) return [];
    return this.db.getRepository(UnitEntity).find({ select: { id: true, name: true }, where: { id: In([...ids]) } });
  }

  /** Every unit of these kinds, in id order. */
  async ofKinds(kinds: readonly UnitKind[]): Promise<NamedRow[]> {
    if (kinds.length === 0) return [];
    return this.db.getRepository(UnitEntity).find({ select: { id: true, name: true }, where: { kind: In([...kinds]) }, order: { id: 'ASC' } });
  }

  /** The first supervising office (市政府办公厅), which issues work no lead department does. */
  async firstOffice(tx: Tx): Promise<number | null> {
    const row = await tx.findOne(UnitEntity, { select: { id: true }, where: { kind: 'OFFICE' }, order: { id: 'ASC' } });
    return row?.id ?? null;
  }
}
