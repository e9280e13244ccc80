import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CadenceEntity } from '../cadences/cadence.entity';
import type { AdHocMeetingRule } from '@duban/domain';
import type { CadenceColumns } from '../cadences/cadences.repository';
import { ProfileEntity } from '../entities/misc.entity';
import { ChainRoleEntity } from '../chains/chain.entity';
import { UnitEntity } from '../org/unit.entity';
import type { Tx } from '../transactions';

/** A unit as a profile describes it, upserted by name. */
export interface ProfileUnitRow {
  name: string;
  fullName: string | null;
  kind: string;
  /** Undefined: leave the unit's duties and memberships as they are. */
  duties?: string | null;
  aliases: string[] | undefined;
  memberOf?: string[] | undefined;
}

/** A chain as a profile describes it, upserted by name. */
export interface ProfileChainRow {
  name: string;
  category: string;
  cluster: string | null;
  future: boolean;
  note: string | null;
}

/** A role on a chain a profile names (a unit, or a leader by name). */
export type ProfileChainRoleRow = Pick<ChainRoleEntity, 'role' | 'unitId' | 'holderName' | 'memberKey' | 'position'>;

/** A cadence's rule as a profile states it (the columns a reload compares). */
export type ProfileCadenceRule = Omit<CadenceColumns, 'name' | 'activeFrom' | 'activeTo'>;

/** The mechanism profiles loaded into this database, and what loading one writes. */
@Injectable()
export class ProfilesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The zone of the first profile loaded (the deployment's own mechanism); null before any. */
  async primaryZone(): Promise<string | null> {
    const [first] = await this.db.getRepository(ProfileEntity).find({ select: { name: true, timezone: true }, order: { loadedAt: 'ASC', name: 'ASC' }, take: 1 });
    return first?.timezone ?? null;
  }

  find(tx: Tx, name: string): Promise<ProfileEntity | null> {
    return tx.findOneBy(ProfileEntity, { name });
  }

  /** The profile's record if it was ever loaded. */
  loaded(name: string): Promise<ProfileEntity | null> {
    return this.find(this.db.manager, name);
  }

  /**
   * Records a load: the first one stamps `loaded_at` (when the mechanism starts), later ones keep it
   * and update the title, checksum, zone and scoring. Answers `loaded_at`.
   */
  async record(tx: Tx, row: { name: string; title: string; checksum: string; timezone: string; scoring: object | null; at: Date }): Promise<Date> {
    const { name, title, checksum, timezone } = row;
    if (await this.find(tx, name)) await tx.update(ProfileEntity, { name }, { title, checksum, timezone });
    else await tx.insert(ProfileEntity, { name, title, checksum, timezone, loadedAt: row.at });
    const scoring = row.scoring ? JSON.stringify(row.scoring) : null;
    await tx.query('UPDATE profiles SET scoring = ? WHERE name = ? AND NOT (scoring <=> ?)', [scoring, name, scoring]);
    const { loadedAt } = await tx.findOneByOrFail(ProfileEntity, { name });
    return loadedAt;
  }

  /**
   * Upserts units by name (a later load updates what the profile says of them; a row without
   * `duties` leaves a unit's duties and memberships as they are); answers their ids by name.
   */
  async upsertUnits(tx: Tx, profile: string, units: readonly ProfileUnitRow[]): Promise<Map<string, number>> {
    for (const u of units) {
      const describes = u.duties !== undefined;
      await tx.query(
        `INSERT INTO units (name, full_name, kind, duties, aliases, member_of, profile) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE full_name = VALUES(full_name), kind = VALUES(kind), aliases = VALUES(aliases),
           duties = IF(?, VALUES(duties), duties), member_of = IF(?, VALUES(member_of), member_of)`,
        [u.name, u.fullName, u.kind, u.duties ?? null, jsonList(u.aliases), jsonList(u.memberOf), profile, describes, describes],
      );
    }
    const rows = await tx.find(UnitEntity, { select: { id: true, name: true }, where: { name: In(units.map((u) => u.name)) } });
    return new Map(rows.map((r) => [r.name, r.id]));
  }

  /** Sets units' parents where they differ. */
  async setParents(tx: Tx, parents: readonly { unitId: number; parentId: number }[]): Promise<void> {
    for (const { unitId, parentId } of parents) {
      await tx.query(`UPDATE units SET parent_id = ? WHERE id = ? AND NOT (parent_id <=> ?)`, [parentId, unitId, parentId]);
    }
  }

  /** Every unit's id and kind by name. */
  async unitsByName(tx: Tx): Promise<Map<string, { id: number; kind: string }>> {
    const rows = await tx.find(UnitEntity, { select: { id: true, name: true, kind: true } });
    return new Map(rows.map((r) => [r.name, { id: r.id, kind: r.kind }]));
  }

  /** Upserts a chain by name; answers its id. */
  async upsertChain(tx: Tx, profile: string, c: ProfileChainRow): Promise<number> {
    await tx.query(
      `INSERT INTO chains (name, category, cluster, is_future, note, profile) VALUES (?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE category = VALUES(category), cluster = VALUES(cluster), is_future = VALUES(is_future), note = VALUES(note)`,
      [c.name, c.category, c.cluster, c.future ? 1 : 0, c.note, profile],
    );
    return this.chainId(tx, c.name);
  }

  async chainId(tx: Tx, name: string): Promise<number> {
    const [row]: { id: number }[] = await tx.query('SELECT id FROM chains WHERE name = ?', [name]);
    if (!row) throw new Error(`no chain named ${name}`);
    return Number(row.id);
  }

  /** Makes the chain's profile-given roles exactly `wanted`: upserted by (role, member); roles given to users through the API stay. */
  async syncChainRoles(tx: Tx, chainId: number, wanted: readonly ProfileChainRoleRow[]): Promise<void> {
    for (const r of wanted) {
      await tx.query(
        `INSERT INTO chain_roles (chain_id, role, unit_id, user_id, holder_name, member_key, position) VALUES (?, ?, ?, NULL, ?, ?, ?)
         ON DUPLICATE KEY UPDATE holder_name = VALUES(holder_name), position = VALUES(position)`,
        [chainId, r.role, r.unitId, r.holderName, r.memberKey, r.position],
      );
    }
    const existing = await tx.find(ChainRoleEntity, { where: { chainId } });
    const keep = new Set(wanted.map((r) => `${r.role}|${r.memberKey}`));
    const stale = existing.filter((r) => r.userId === null && !keep.has(`${r.role}|${r.memberKey}`));
    if (stale.length > 0) await tx.delete(ChainRoleEntity, { id: In(stale.map((r) => r.id)) });
  }

  /** Upserts an escalation policy by name (a changed list of steps bumps its version); answers its id. */
  async upsertPolicy(tx: Tx, name: string, steps: readonly object[]): Promise<number> {
    const json = JSON.stringify(steps);
    const [existing]: { id: number; steps: string | object }[] = await tx.query('SELECT id, steps FROM escalation_policies WHERE name = ?', [name]);
    if (!existing) {
      const result = await tx.query('INSERT INTO escalation_policies (name, steps) VALUES (?, ?)', [name, json]);
      return Number(result.insertId);
    }
    if (JSON.stringify(typeof existing.steps === 'string' ? JSON.parse(existing.steps) : existing.steps) !== json) {
      await tx.query('UPDATE escalation_policies SET steps = ?, version = version + 1 WHERE id = ?', [json, existing.id]);
    }
    return Number(existing.id);
  }

  /**
   * Creates a cadence by name, active from `activeFrom`; one whose rule changed is updated and
   * re-derived (its materialisation starts over), an unchanged one is left be.
   */
  /** Marks deleted the profile's cadences not among `kept` (what has materialised stays). */
  async retireCadences(tx: Tx, profile: string, kept: readonly string[], at: Date): Promise<void> {
    await tx.query(`UPDATE cadences SET deleted_at = ?, version = version + 1 WHERE profile = ? AND deleted_at IS NULL${kept.length ? ' AND name NOT IN (?)' : ''}`, [
      at,
      profile,
      ...(kept.length ? [kept] : []),
    ]);
  }

  /** The profile's ad-hoc meetings (type, name, convener roles), as its file states them. */
  async recordMeetingTypes(tx: Tx, profile: string, types: readonly { type: string; name: string; convenerRoles: readonly string[] }[]): Promise<void> {
    const json = types.length ? JSON.stringify(types.map((t) => ({ type: t.type, name: t.name, convenerRoles: t.convenerRoles }))) : null;
    await tx.query('UPDATE profiles SET meeting_types = ? WHERE name = ? AND NOT (meeting_types <=> ?)', [json, profile, json]);
  }

  /** The ad-hoc meeting rules of the profiles the given chains belong to, by profile (a chain of no profile has none). */
  async meetingTypesOf(chainIds: readonly number[]): Promise<{ profile: string | null; types: AdHocMeetingRule[] }[]> {
    if (chainIds.length === 0) return [];
    const rows: { profile: string | null; types: AdHocMeetingRule[] | string | null }[] = await this.db.query(
      `SELECT DISTINCT c.profile, p.meeting_types AS types FROM chains c LEFT JOIN profiles p ON p.name = c.profile WHERE c.id IN (?)`,
      [chainIds],
    );
    return rows.map((r) => ({ profile: r.profile, types: (typeof r.types === 'string' ? JSON.parse(r.types) : r.types) ?? [] }));
  }

  async upsertCadence(tx: Tx, profile: string, name: string, rule: ProfileCadenceRule, activeFrom: Date): Promise<void> {
    const existing = await tx.findOneBy(CadenceEntity, { name });
    if (!existing) {
      await tx.insert(CadenceEntity, { ...rule, name, profile, activeFrom });
    } else if (Object.entries(rule).some(([key, value]) => JSON.stringify(existing[key as keyof CadenceEntity]) !== JSON.stringify(value))) {
      await tx.update(CadenceEntity, { id: existing.id }, { ...rule, version: existing.version + 1, materialisedUntil: null });
    }
  }
}

/** A name list as a JSON column: NULL when there is none. */
function jsonList(names: readonly string[] | undefined): string | null {
  return names?.length ? JSON.stringify(names) : null;
}
