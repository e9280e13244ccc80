import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource, EntityManager, In } from 'typeorm';
import { parse } from 'yaml';
import { cadenceRuleProblems, ChainRole, Clock } from '@duban/domain';
import { CadenceEntity, ChainEntity, ChainRoleEntity, ProfileEntity, UnitEntity } from '@duban/persistence';
import { describeValidationErrors, ProfileDocument } from './profile.schema';

export const PROFILES_DIR = resolve(process.cwd(), 'config', 'profiles');

export interface LoadSummary {
  profile: string;
  units: number;
  chains: number;
  chainRoles: number;
  cadences: number;
  firstLoad: boolean;
}

/** Reads, validates and cross-checks a profile file. Throws with every problem listed. */
export function readProfile(nameOrPath: string): { doc: ProfileDocument; checksum: string } {
  const file = nameOrPath.endsWith('.yaml') ? resolve(nameOrPath) : join(PROFILES_DIR, `${nameOrPath}.yaml`);
  const text = readFileSync(file, 'utf8');
  const raw: unknown = parse(text);
  const doc = plainToInstance(ProfileDocument, raw);
  const problems = describeValidationErrors(validateSync(doc, { whitelist: true, forbidNonWhitelisted: true }));
  problems.push(...crossCheck(doc));
  if (problems.length > 0) throw new Error(`profile ${file} is invalid:\n  - ${problems.join('\n  - ')}`);
  return { doc, checksum: createHash('sha256').update(text).digest('hex') };
}

function crossCheck(doc: ProfileDocument): string[] {
  const problems: string[] = [];
  // Shape errors are already reported; check references only where the shape allows.
  if (!Array.isArray(doc.units) || !Array.isArray(doc.chains)) return problems;
  const units = new Set<string>();
  doc.units.forEach((u, i) => {
    if (units.has(u.name)) problems.push(`units[${i}].name: ${u.name} is listed twice`);
    units.add(u.name);
  });
  doc.units.forEach((u, i) => {
    if (u.parent && !units.has(u.parent)) problems.push(`units[${i}].parent: no unit named ${u.parent}`);
  });
  if (doc.supervisorUnit && !units.has(doc.supervisorUnit)) problems.push(`supervisorUnit: no unit named ${doc.supervisorUnit}`);
  const chains = new Set<string>();
  doc.chains.forEach((c, i) => {
    if (chains.has(c.name)) problems.push(`chains[${i}].name: ${c.name} is listed twice`);
    chains.add(c.name);
    const refs: [string, unknown][] = [
      ['leadUnits', c.leadUnits],
      ['participantUnits', c.participantUnits],
      ['allianceUnits', c.allianceUnits],
      ['taskForceUnit', c.taskForceUnit === undefined ? undefined : [c.taskForceUnit]],
    ];
    for (const [field, names] of refs) {
      if (!Array.isArray(names)) continue;
      for (const name of names) if (typeof name === 'string' && !units.has(name)) problems.push(`chains[${i}].${field}: no unit named ${name}`);
    }
  });
  const policies = new Set((doc.policies ?? []).map((p) => p.name));
  const cadences = new Set<string>();
  (doc.cadences ?? []).forEach((c, i) => {
    if (cadences.has(c.name)) problems.push(`cadences[${i}].name: ${c.name} is listed twice`);
    cadences.add(c.name);
    for (const problem of cadenceRuleProblems(c)) problems.push(`cadences[${i}]: ${problem}`);
    if (c.policy && !policies.has(c.policy)) problems.push(`cadences[${i}].policy: no policy named ${c.policy} in this profile`);
    if (c.receiverUnit && !units.has(c.receiverUnit)) problems.push(`cadences[${i}].receiverUnit: no unit named ${c.receiverUnit}`);
    for (const name of c.owingUnits ?? []) if (!units.has(name)) problems.push(`cadences[${i}].owingUnits: no unit named ${name}`);
    if (c.owingChainRoles?.length && !c.forEachChain) problems.push(`cadences[${i}].owingChainRoles: needs forEachChain`);
  });
  return problems;
}

/**
 * Loads a profile into the database idempotently: units and chains are upserted by name,
 * chain roles by (chain, role, member); loading the same file twice changes nothing.
 */
@Injectable()
export class ProfileLoaderService {
  private readonly logger = new Logger(ProfileLoaderService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async load(nameOrPath: string): Promise<LoadSummary> {
    const { doc, checksum } = readProfile(nameOrPath);
    const summary = await this.db.transaction(async (em) => {
      const unitIds = await this.upsertUnits(em, doc);
      let chainRoles = 0;
      for (const chain of doc.chains) chainRoles += await this.upsertChain(em, doc.profile, chain, unitIds);
      const firstLoad = !(await em.existsBy(ProfileEntity, { name: doc.profile }));
      if (firstLoad) {
        // loaded_at is when the mechanism starts; later loads keep it.
        await em.insert(ProfileEntity, { name: doc.profile, title: doc.title, checksum, loadedAt: this.clock.now() });
      } else {
        await em.update(ProfileEntity, { name: doc.profile }, { title: doc.title, checksum });
      }
      const { loadedAt } = await em.findOneByOrFail(ProfileEntity, { name: doc.profile });
      const policyIds = await this.upsertPolicies(em, doc);
      const cadences = await this.upsertCadences(em, doc, unitIds, policyIds, loadedAt);
      return { profile: doc.profile, units: doc.units.length, chains: doc.chains.length, chainRoles, cadences, firstLoad };
    });
    this.logger.log(`profile ${summary.profile} loaded: ${summary.units} units, ${summary.chains} chains, ${summary.chainRoles} chain roles`);
    return summary;
  }

  private async upsertPolicies(em: EntityManager, doc: ProfileDocument): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (const p of doc.policies ?? []) {
      const steps = JSON.stringify(p.steps.map((s) => ({ offset: s.offset, calendar: s.calendar, action: s.action, ...(s.notify ? { notify: s.notify } : {}) })));
      const [existing] = await em.query('SELECT id, steps FROM escalation_policies WHERE name = ?', [p.name]);
      if (!existing) {
        const result = await em.query('INSERT INTO escalation_policies (name, steps) VALUES (?, ?)', [p.name, steps]);
        ids.set(p.name, Number(result.insertId));
      } else {
        if (JSON.stringify(typeof existing.steps === 'string' ? JSON.parse(existing.steps) : existing.steps) !== steps) {
          await em.query('UPDATE escalation_policies SET steps = ?, version = version + 1 WHERE id = ?', [steps, existing.id]);
        }
        ids.set(p.name, Number(existing.id));
      }
    }
    return ids;
  }

  /**
   * Creates the profile's cadences (one per chain where asked) active from the first load;
   * a cadence whose rule the file changed is updated and re-derived, an unchanged one is left be.
   */
  private async upsertCadences(em: EntityManager, doc: ProfileDocument, unitIds: Map<string, number>, policyIds: Map<string, number>, loadedAt: Date): Promise<number> {
    let count = 0;
    for (const c of doc.cadences ?? []) {
      const targets = c.forEachChain ? doc.chains.map((chain) => chain.name) : [null];
      for (const chainName of targets) {
        const chain = chainName ? await em.findOneByOrFail(ChainEntity, { name: chainName }) : null;
        const rule = {
          kind: c.kind,
          frequency: c.frequency,
          dayOfMonth: c.dayOfMonth ?? null,
          weekday: c.weekday ?? null,
          nth: c.nth ?? null,
          month: c.month ?? null,
          time: c.time.length === 5 ? `${c.time}:00` : c.time,
          timezone: c.timezone ?? doc.timezone,
          shift: c.shift,
          policyId: c.policy ? policyIds.get(c.policy)! : null,
          chainId: chain?.id ?? null,
          owingUnitIds: c.owingUnits?.length ? c.owingUnits.map((n) => unitIds.get(n)!) : null,
          owingUnitKinds: c.owingUnitKinds ?? null,
          owingChainRoles: c.owingChainRoles ?? null,
          receiverUnitId: c.receiverUnit ? unitIds.get(c.receiverUnit)! : null,
          convenerRole: c.convenerRole ?? null,
        };
        const name = chainName ? `${c.name}（${chainName}）` : c.name;
        const existing = await em.findOneBy(CadenceEntity, { name });
        if (!existing) {
          await em.insert(CadenceEntity, { ...rule, name, profile: doc.profile, activeFrom: c.activeFrom ? new Date(c.activeFrom) : loadedAt });
        } else if (Object.entries(rule).some(([key, value]) => JSON.stringify(existing[key as keyof CadenceEntity]) !== JSON.stringify(value))) {
          await em.update(CadenceEntity, { id: existing.id }, { ...rule, version: existing.version + 1, materialisedUntil: null });
        }
        count += 1;
      }
    }
    return count;
  }

  private async upsertUnits(em: EntityManager, doc: ProfileDocument): Promise<Map<string, number>> {
    for (const u of doc.units) {
      await em.query(
        `INSERT INTO units (name, full_name, kind, duties, profile) VALUES (?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE full_name = VALUES(full_name), kind = VALUES(kind), duties = VALUES(duties)`,
        [u.name, u.fullName ?? null, u.kind, u.duties?.trim() ?? null, doc.profile],
      );
    }
    const rows = await em.find(UnitEntity, { where: { name: In(doc.units.map((u) => u.name)) } });
    const ids = new Map(rows.map((r) => [r.name, r.id]));
    for (const u of doc.units.filter((unit) => unit.parent)) {
      await em.query(`UPDATE units SET parent_id = ? WHERE id = ? AND NOT (parent_id <=> ?)`, [ids.get(u.parent!), ids.get(u.name), ids.get(u.parent!)]);
    }
    return ids;
  }

  private async upsertChain(em: EntityManager, profile: string, c: ProfileDocument['chains'][number], unitIds: Map<string, number>): Promise<number> {
    await em.query(
      `INSERT INTO chains (name, category, cluster, is_future, note, profile) VALUES (?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE category = VALUES(category), cluster = VALUES(cluster), is_future = VALUES(is_future), note = VALUES(note)`,
      [c.name, c.category, c.cluster ?? null, c.future ? 1 : 0, c.note?.trim() ?? null, profile],
    );
    const chain = await em.findOneByOrFail(ChainEntity, { name: c.name });

    const wanted: Omit<ChainRoleEntity, 'id'>[] = [];
    const add = (role: ChainRole, holder: { unitId?: number; holderName?: string }) =>
      wanted.push({
        chainId: chain.id,
        role,
        unitId: holder.unitId ?? null,
        userId: null,
        holderName: holder.holderName ?? null,
        memberKey: holder.unitId !== undefined ? `unit:${holder.unitId}` : `name:${holder.holderName}`,
        position: wanted.length,
      });
    for (const leader of c.leaders) add(leader.role, { holderName: leader.name });
    for (const name of c.leadUnits) add('LEAD_UNIT', { unitId: unitIds.get(name)! });
    for (const name of c.participantUnits ?? []) add('PARTICIPANT', { unitId: unitIds.get(name)! });
    for (const name of c.allianceUnits ?? []) add('ALLIANCE', { unitId: unitIds.get(name)! });
    const taskForce = c.taskForceUnit ?? c.leadUnits[0];
    if (taskForce) add('TASK_FORCE', { unitId: unitIds.get(taskForce)! });

    for (const r of wanted) {
      await em.query(
        `INSERT INTO chain_roles (chain_id, role, unit_id, user_id, holder_name, member_key, position) VALUES (?, ?, ?, NULL, ?, ?, ?)
         ON DUPLICATE KEY UPDATE holder_name = VALUES(holder_name), position = VALUES(position)`,
        [r.chainId, r.role, r.unitId, r.holderName, r.memberKey, r.position],
      );
    }
    // Roles the profile no longer names go; roles given to users through the API stay.
    const existing = await em.find(ChainRoleEntity, { where: { chainId: chain.id } });
    const keep = new Set(wanted.map((r) => `${r.role}|${r.memberKey}`));
    const stale = existing.filter((r) => r.userId === null && !keep.has(`${r.role}|${r.memberKey}`));
    if (stale.length > 0) await em.delete(ChainRoleEntity, { id: In(stale.map((r) => r.id)) });
    return wanted.length;
  }
}
