import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Tx } from '../transactions';

/**
 * The units of the chains a unit leads: every unit holding a role on one of those chains
 * (lead and participating departments, task force, alliance) and every unit a report cadence
 * of one of those chains makes owe (the zones and districts).
 */
const UNITS_OF_LED_CHAINS = `
  SELECT u.id FROM units u
   WHERE u.id IN (?) AND (
     EXISTS (SELECT 1 FROM chain_roles lead JOIN chain_roles m ON m.chain_id = lead.chain_id
              WHERE lead.unit_id = ? AND lead.role = 'LEAD_UNIT' AND m.unit_id = u.id)
     OR EXISTS (SELECT 1 FROM chain_roles lead JOIN cadences c ON c.chain_id = lead.chain_id AND c.kind = 'REPORT' AND c.deleted_at IS NULL
                 WHERE lead.unit_id = ? AND lead.role = 'LEAD_UNIT'
                   AND (JSON_CONTAINS(c.owing_unit_kinds, JSON_QUOTE(u.kind)) OR JSON_CONTAINS(c.owing_unit_ids, CAST(u.id AS CHAR)))))`;

/** Who stands where on the chains. */
@Injectable()
export class ChainsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Of `unitIds`, those that are not units of a chain `leadUnitId` leads. */
  async unitsOutsideChainsLedBy(leadUnitId: number, unitIds: readonly number[], tx?: Tx): Promise<number[]> {
    const wanted = [...new Set(unitIds)];
    if (wanted.length === 0) return [];
    const rows: { id: number }[] = await (tx ?? this.db.manager).query(UNITS_OF_LED_CHAINS, [wanted, leadUnitId, leadUnitId]);
    const inside = new Set(rows.map((r) => Number(r.id)));
    return wanted.filter((id) => !inside.has(id));
  }

  async isLedBy(chainId: number, unitId: number, tx?: Tx): Promise<boolean> {
    const [row] = await (tx ?? this.db.manager).query(`SELECT EXISTS (SELECT 1 FROM chain_roles WHERE chain_id = ? AND unit_id = ? AND role = 'LEAD_UNIT') AS led`, [chainId, unitId]);
    return Number(row.led) === 1;
  }
}
