import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { IndicatorKind } from '@duban/domain';
import { ReplicaReads } from '../replicas/replica-reads';
import type { Tx } from '../transactions';

/** An indicator a profile defines (工业经济指标), in its order. */
export interface IndicatorRow {
  id: number;
  key: string;
  name: string;
  unit: string;
  kind: IndicatorKind;
}

/** A unit's target for an indicator, for the year of a plan. */
export interface IndicatorTargetRow {
  unitId: number;
  indicatorId: number;
  year: number;
  value: number;
  source: string;
}

/** A year-to-date figure one report gave. */
export interface IndicatorActualRow {
  obligationId: number;
  indicatorId: number;
  unitId: number;
  period: string;
  value: number;
  reportedAt: Date;
}

/** Indicators, their targets per unit and year, and the figures reports gave (002 （七）, 附表1). */
@Injectable()
export class IndicatorsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly replicas: ReplicaReads,
  ) {}

  /** Upserts the profile's indicators by key, in the file's order; answers their ids by key. */
  async upsertIndicators(tx: Tx, profile: string, indicators: readonly Omit<IndicatorRow, 'id'>[]): Promise<Map<string, number>> {
    for (const [position, i] of indicators.entries()) {
      await tx.query(
        `INSERT INTO indicators (profile, indicator_key, name, unit, kind, position) VALUES (?, ?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE name = VALUES(name), unit = VALUES(unit), kind = VALUES(kind), position = VALUES(position)`,
        [profile, i.key, i.name, i.unit, i.kind, position],
      );
    }
    const rows: { id: number; key: string }[] = await tx.query('SELECT id, indicator_key AS `key` FROM indicators WHERE profile = ?', [profile]);
    return new Map(rows.map((r) => [r.key, Number(r.id)]));
  }

  /** Upserts targets by (unit, indicator, year): a reload with the same figures changes nothing. */
  async upsertTargets(tx: Tx, targets: readonly IndicatorTargetRow[]): Promise<void> {
    if (targets.length === 0) return;
    await tx.query(
      `INSERT INTO indicator_targets (unit_id, indicator_id, year, value, source) VALUES ?
       ON DUPLICATE KEY UPDATE value = VALUES(value), source = VALUES(source)`,
      [targets.map((t) => [t.unitId, t.indicatorId, t.year, t.value, t.source])],
    );
  }

  /** Marks which of the profile's cadences collect indicators (a flag the cadence's admin form leaves alone). */
  async setCollecting(tx: Tx, profile: string, names: readonly string[]): Promise<void> {
    await tx.query(`UPDATE cadences SET collects_indicators = (name IN (?)) WHERE profile = ? AND collects_indicators <> (name IN (?))`, [
      names.length ? names : [''],
      profile,
      names.length ? names : [''],
    ]);
  }

  /** The indicators a report of this cadence must give, in order; none when the cadence collects none. */
  async collectedBy(cadenceId: number, tx?: Tx): Promise<IndicatorRow[]> {
    const rows: IndicatorRow[] = await (tx ?? this.db.manager).query(
      `SELECT i.id, i.indicator_key AS \`key\`, i.name, i.unit, i.kind FROM cadences c JOIN indicators i ON i.profile = c.profile
        WHERE c.id = ? AND c.collects_indicators = 1 ORDER BY i.position, i.id`,
      [cadenceId],
    );
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  async insertActuals(tx: Tx, actuals: readonly IndicatorActualRow[]): Promise<void> {
    if (actuals.length === 0) return;
    await tx.query('INSERT INTO indicator_actuals (obligation_id, indicator_id, unit_id, period, value, reported_at) VALUES ?', [
      actuals.map((a) => [a.obligationId, a.indicatorId, a.unitId, a.period, a.value, a.reportedAt]),
    ]);
  }

  /** The figures one report gave, by indicator id. */
  async actualsOf(obligationId: number): Promise<Map<number, number>> {
    const rows: { indicatorId: number; value: string }[] = await this.db.query('SELECT indicator_id AS indicatorId, value FROM indicator_actuals WHERE obligation_id = ?', [
      obligationId,
    ]);
    return new Map(rows.map((r) => [Number(r.indicatorId), Number(r.value)]));
  }

  /** Every indicator that has a target or a figure, in profile and position order. */
  async indicators(): Promise<IndicatorRow[]> {
    return this.replicas.read(async (db) => {
      const rows: IndicatorRow[] = await db.query(`SELECT i.id, i.indicator_key AS \`key\`, i.name, i.unit, i.kind FROM indicators i ORDER BY i.profile, i.position, i.id`);
      return rows.map((r) => ({ ...r, id: Number(r.id) }));
    });
  }

  /** The targets of plans not after `year`, of these units (null: every unit). */
  async targetsUpTo(year: number, unitIds: readonly number[] | null): Promise<IndicatorTargetRow[]> {
    if (unitIds?.length === 0) return [];
    return this.replicas.read(async (db) => {
      const rows: IndicatorTargetRow[] = await db.query(
        `SELECT unit_id AS unitId, indicator_id AS indicatorId, year, value, source FROM indicator_targets WHERE year <= ?${unitIds ? ' AND unit_id IN (?)' : ''}`,
        [year, ...(unitIds ? [unitIds] : [])],
      );
      return rows.map((r) => ({ unitId: Number(r.unitId), indicatorId: Number(r.indicatorId), year: Number(r.year), value: Number(r.value), source: r.source }));
    });
  }

  /** The figures reported for the months of `year`, of these units (null: every unit), oldest period first. */
  async actualsOfYear(year: number, unitIds: readonly number[] | null): Promise<IndicatorActualRow[]> {
    if (unitIds?.length === 0) return [];
    return this.replicas.read(async (db) => {
      const rows: IndicatorActualRow[] = await db.query(
        `SELECT obligation_id AS obligationId, indicator_id AS indicatorId, unit_id AS unitId, period, value, reported_at AS reportedAt
           FROM indicator_actuals WHERE period LIKE ?${unitIds ? ' AND unit_id IN (?)' : ''} ORDER BY period, reported_at, obligation_id`,
        [`${year}-%`, ...(unitIds ? [unitIds] : [])],
      );
      return rows.map((r) => ({ ...r, obligationId: Number(r.obligationId), indicatorId: Number(r.indicatorId), unitId: Number(r.unitId), value: Number(r.value) }));
    });
  }
}
