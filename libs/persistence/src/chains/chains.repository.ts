import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ChainCategory, ChainRole, LEADER_ROLES } from '@duban/domain';
import type { NamedRow } from '../org/units.repository';
import type { Tx } from '../transactions';
import { ChainEntity, ChainRoleEntity } from './chain.entity';

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

/** The chains and who stands where on them. */
@Injectable()
export class ChainsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(filter: { category?: ChainCategory }, page: { skip: number; take: number }): Promise<{ rows: ChainEntity[]; total: number }> {
    const [rows, total] = await this.db.getRepository(ChainEntity).findAndCount({
      where: filter.category ? { category: filter.category } : {},
      order: { id: 'ASC' },
      skip: page.skip,
      take: page.take,
    });
    return { rows, total };
  }

  async find(id: number): Promise<ChainEntity | null> {
    return this.db.getRepository(ChainEntity).findOneBy({ id });
  }

  async exists(id: number): Promise<boolean> {
    return this.db.getRepository(ChainEntity).existsBy({ id });
  }

  /** Every holder of a role on these chains, in the order the profile names them. */
  async rolesOf(chainIds: readonly number[]): Promise<ChainRoleEntity[]> {
    if (chainIds.length === 0) return [];
    return this.db.getRepository(ChainRoleEntity).find({ where: { chainId: In([...chainIds]) }, order: { position: 'ASC', id: 'ASC' } });
  }

  /** The chain's lead departments (牵头部门), in the order the profile names them. */
  async leadUnits(chainId: number, tx?: Tx): Promise<number[]> {
    const rows: { unitId: number }[] = await (tx ?? this.db.manager).query(
      `SELECT unit_id AS unitId FROM chain_roles WHERE chain_id = ? AND role = 'LEAD_UNIT' AND unit_id IS NOT NULL ORDER BY position, id`,
      [chainId],
    );
    return rows.map((r) => Number(r.unitId));
  }

  /** Whether the user leads the chain in person (总链长, 链长 or 分链长). */
  async isLeader(chainId: number, userId: number, tx?: Tx): Promise<boolean> {
    const [row]: { led: number | string }[] = await (tx ?? this.db.manager).query(
      `SELECT EXISTS (SELECT 1 FROM chain_roles WHERE chain_id = ? AND user_id = ? AND role IN (?)) AS led`,
      [chainId, userId, LEADER_ROLES],
    );
    return Number(row.led) === 1;
  }

  /** The names of the given chains (in no particular order; unknown ids are left out). */
  async named(ids: readonly number[]): Promise<NamedRow[]> {
    if (ids.length === 0) return [];
    return this.db.getRepository(ChainEntity).find({ select: { id: true, name: true }, where: { id: In([...ids]) } });
  }

  /** Of `unitIds`, those that are not units of a chain `leadUnitId` leads. */
  async unitsOutsideChainsLedBy(leadUnitId: number, unitIds: readonly number[], tx?: Tx): Promise<number[]> {
    const wanted = [...new Set(unitIds)];
    if (wanted.length === 0) return [];
    const rows: { id: number }[] = await (tx ?? this.db.manager).query(UNITS_OF_LED_CHAINS, [wanted, leadUnitId, leadUnitId]);
    const inside = new Set(rows.map((r) => Number(r.id)));
    return wanted.filter((id) => !inside.has(id));
  }

  async isLedBy(chainId: number, unitId: number, tx?: Tx): Promise<boolean> {
    const [row] = await (tx ?? this.db.manager).query(`SELECT EXISTS (SELECT 1 FROM chain_roles WHERE chain_id = ? AND unit_id = ? AND role = 'LEAD_UNIT') AS led`, [
      chainId,
      unitId,
    ]);
    return Number(row.led) === 1;
  }

  /** The chains of a profile (every chain for none), in id order, with their clusters. */
  async ofProfile(profile: string | null, tx?: Tx): Promise<{ id: number; name: string; cluster: string | null }[]> {
    const rows: { id: number; name: string; cluster: string | null }[] = await (tx ?? this.db.manager).query(
      `SELECT id, name, cluster FROM chains${profile === null ? '' : ' WHERE profile = ?'} ORDER BY id`,
      profile === null ? [] : [profile],
    );
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  /** Who holds `role` on the given chains, each named as a person reads it (the unit's, the user's or the holder's name). */
  async holders(chainIds: readonly number[], role: ChainRole, tx?: Tx): Promise<ChainHolderRow[]> {
    if (chainIds.length === 0) return [];
    const rows: ChainHolderRow[] = await (tx ?? this.db.manager).query(
      `SELECT r.chain_id AS chainId, r.role, r.unit_id AS unitId, r.user_id AS userId,
              COALESCE(u.name, us.display_name, r.holder_name, r.member_key) AS label
         FROM chain_roles r LEFT JOIN units u ON u.id = r.unit_id LEFT JOIN users us ON us.id = r.user_id
        WHERE r.chain_id IN (?) AND r.role = ? ORDER BY r.chain_id, r.position, r.id`,
      [chainIds, role],
    );
    return rows.map((r) => ({ ...r, chainId: Number(r.chainId), unitId: r.unitId === null ? null : Number(r.unitId), userId: r.userId === null ? null : Number(r.userId) }));
  }

  /** The roles a user holds on each of the chains: leader roles in person, the others through their unit. */
  async rolesHeld(chainIds: readonly number[], userId: number, unitId: number | null, tx?: Tx): Promise<Map<number, ChainRole[]>> {
    const held = new Map<number, ChainRole[]>(chainIds.map((id) => [id, []]));
    if (chainIds.length === 0) return held;
    const rows: { chainId: number; role: ChainRole }[] = await (tx ?? this.db.manager).query(
      `SELECT DISTINCT chain_id AS chainId, role FROM chain_roles
        WHERE chain_id IN (?) AND ((user_id = ? AND role IN (?)) OR (unit_id = ? AND role NOT IN (?)))`,
      [chainIds, userId, LEADER_ROLES, unitId ?? 0, LEADER_ROLES],
    );
    for (const r of rows) held.get(Number(r.chainId))?.push(r.role);
    return held;
  }
}

/** A holder of a role on a chain. */
export interface ChainHolderRow {
  chainId: number;
  role: ChainRole;
  unitId: number | null;
  userId: number | null;
  label: string;
}
