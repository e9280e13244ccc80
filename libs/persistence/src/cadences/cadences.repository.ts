import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { Occurrence } from '@duban/domain';
import type { Tx } from '../transactions';
import { CadenceEntity } from './cadence.entity';

/** The columns an administrator sets on a cadence (the rest are the engine's). */
export type CadenceColumns = Pick<
  CadenceEntity,
  | 'name'
  | 'kind'
  | 'frequency'
  | 'dayOfMonth'
  | 'weekday'
  | 'nth'
  | 'month'
  | 'time'
  | 'timezone'
  | 'shift'
  | 'activeFrom'
  | 'activeTo'
  | 'policyId'
  | 'chainId'
  | 'owingUnitIds'
  | 'owingUnitKinds'
  | 'owingChainRoles'
  | 'receiverUnitId'
  | 'convenerRole'
  | 'convenePer'
>;

/** An occurrence as it is stored: its id, and the due instant it has (which a changed rule may move). */
export interface OccurrenceRow {
  id: number;
  dueAt: Date;
}

/** Cadences (周期规则) and the occurrences the engine materialises from them. */
@Injectable()
export class CadencesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(page: { skip: number; take: number }): Promise<{ rows: CadenceEntity[]; total: number }> {
    const [rows, total] = await this.db.getRepository(CadenceEntity).findAndCount({ where: { deletedAt: IsNull() }, order: { id: 'ASC' }, ...page });
    return { rows, total };
  }

  /** Every cadence not deleted, in id order: what the engine materialises. */
  live(): Promise<CadenceEntity[]> {
    return this.db.getRepository(CadenceEntity).find({ where: { deletedAt: IsNull() }, order: { id: 'ASC' } });
  }

  /** A cadence not deleted. */
  find(id: number, tx?: Tx): Promise<CadenceEntity | null> {
    return (tx ?? this.db.manager).findOneBy(CadenceEntity, { id, deletedAt: IsNull() });
  }

  /** The cadence of this name, deleted or not (names stay unique). */
  findByName(name: string): Promise<CadenceEntity | null> {
    return this.db.getRepository(CadenceEntity).findOneBy({ name });
  }

  insert(tx: Tx, columns: CadenceColumns): Promise<CadenceEntity> {
    return tx.save(tx.create(CadenceEntity, columns));
  }

  /**
   * Replaces the rule of a cadence still at `version`, clearing its materialisation mark so that
   * the engine re-derives what is to come; false, with nothing written, when it has moved on.
   */
  async replaceRule(tx: Tx, id: number, version: number, columns: CadenceColumns): Promise<boolean> {
    const result = await tx.update(CadenceEntity, { id, version }, { ...columns, version: version + 1, materialisedUntil: null });
    return result.affected === 1;
  }

  /** Marks a cadence still at `version` deleted; false when it has moved on. */
  async softDelete(tx: Tx, id: number, version: number, at: Date): Promise<boolean> {
    const result = await tx.update(CadenceEntity, { id, version }, { deletedAt: at, version: version + 1 });
    return result.affected === 1;
  }

  /** Records that the cadence (at `version`) is materialised up to `until`; a cadence changed meanwhile keeps its cleared mark. */
  async markMaterialised(tx: Tx, id: number, version: number, until: Date): Promise<void> {
    await tx.query('UPDATE cadences SET materialised_until = ? WHERE id = ? AND version = ?', [until, id, version]);
  }

  /** The occurrence of the cadence's period, inserted if it is new (the unique key keeps it once). */
  async recordOccurrence(tx: Tx, cadenceId: number, o: Occurrence): Promise<OccurrenceRow & { created: boolean }> {
    const inserted = await tx.query('INSERT IGNORE INTO occurrences (cadence_id, period, local_date, due_at) VALUES (?, ?, ?, ?)', [cadenceId, o.period, o.localDate, o.dueAt]);
    const [row]: { id: number; dueAt: Date }[] = await tx.query('SELECT id, due_at AS dueAt FROM occurrences WHERE cadence_id = ? AND period = ?', [cadenceId, o.period]);
    return { id: Number(row.id), dueAt: row.dueAt, created: Number(inserted.affectedRows) === 1 };
  }

  /** Moves an occurrence to the instant and local date its cadence's changed rule gives it. */
  async moveOccurrence(tx: Tx, id: number, o: Pick<Occurrence, 'dueAt' | 'localDate'>): Promise<void> {
    await tx.query('UPDATE occurrences SET due_at = ?, local_date = ? WHERE id = ?', [o.dueAt, o.localDate, id]);
  }
}
