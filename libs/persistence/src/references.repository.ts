import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Tx } from './transactions';

/** The kinds of record a request may refer to by id, and their tables. */
const TABLES = {
  unit: 'units',
  user: 'users',
  chain: 'chains',
  'escalation policy': 'escalation_policies',
  task: 'tasks',
} as const;
export type ReferenceKind = keyof typeof TABLES;

/** Whether ids a request names exist. */
@Injectable()
export class ReferencesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Of `ids`, those with no record of that kind. */
  async missing(tx: Tx | null, kind: ReferenceKind, ids: readonly number[]): Promise<number[]> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return [];
    const rows: { id: number }[] = await (tx ?? this.db.manager).query(`SELECT id FROM ${TABLES[kind]} WHERE id IN (?)`, [wanted]);
    const present = new Set(rows.map((r) => Number(r.id)));
    return wanted.filter((id) => !present.has(id));
  }
}
