import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource, EntityManager, In } from 'typeorm';
import { parse } from 'yaml';
import { cadenceRuleProblems, ChainRole, Clock } from '@duban/domain';
import { appendEvents, CadenceEntity, ChainEntity, ChainRoleEntity, ProfileEntity, UnitEntity } from '@duban/persistence';
import { AuditService } from '../audit/audit.service';
import { describeValidationErrors, ProfileDocument } from './profile.schema';

export const PROFILES_DIR = resolve(process.cwd(), 'config', 'profiles');

export interface LoadSummary {
  profile: string;
  units: number;
  chains: number;
  chainRoles: number;
  cadences: number;
  /** Tasks the profile creates (chain plans and maps, work points), whether new or already there. */
  tasks: number;
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
  const aliases = new Map<string, string>();
  doc.units.forEach((u, i) => {
    if (u.parent && !units.has(u.parent)) problems.push(`units[${i}].parent: no unit named ${u.parent}`);
    for (const alias of Array.isArray(u.aliases) ? u.aliases : []) {
      if (units.has(alias)) problems.push(`units[${i}].aliases: ${alias} is the name of a unit`);
      else if (aliases.has(alias)) problems.push(`units[${i}].aliases: ${alias} is also an alias of ${aliases.get(alias)}`);
      aliases.set(alias, u.name);
    }
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
  (doc.chainTasks?.owners ?? []).forEach((o, i) => {
    if (!units.has(o.owner)) problems.push(`chainTasks.owners[${i}].owner: no unit named ${o.owner}`);
    for (const chain of o.chains) if (!chains.has(chain)) problems.push(`chainTasks.owners[${i}].chains: no chain named ${chain}`);
  });
  if (doc.chainTasks && !doc.supervisorUnit) problems.push('chainTasks: needs supervisorUnit, the issuing office');
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
    private readonly audit: AuditService,
  ) {}

  async load(nameOrPath: string): Promise<LoadSummary> {
    const { doc, checksum } = readProfile(nameOrPath);
    const summary = await this.db.transaction(async (em) => {
      const unitIds = await this.upsertUnits(em, doc);
      let chainRoles = 0;
      for (const chain of doc.chains) chainRoles += await this.upsertChain(em, doc.profile, chain, unitIds);
      const previous = await em.findOneBy(ProfileEntity, { name: doc.profile });
      const firstLoad = previous === null;
      if (previous?.checksum !== checksum) {
        // Loading a profile is a configuration change like any other.
        await this.audit.record(em, null, { action: 'profile.load', target: 'profile', targetId: doc.profile, before: previous ? { checksum: previous.checksum } : null, after: { checksum, title: doc.title } });
      }
      if (firstLoad) {
        // loaded_at is when the mechanism starts; later loads keep it.
        await em.insert(ProfileEntity, { name: doc.profile, title: doc.title, checksum, timezone: doc.timezone, loadedAt: this.clock.now() });
      } else {
        await em.update(ProfileEntity, { name: doc.profile }, { title: doc.title, checksum, timezone: doc.timezone });
      }
      const { loadedAt } = await em.findOneByOrFail(ProfileEntity, { name: doc.profile });
      await em.query('UPDATE profiles SET scoring = ? WHERE name = ? AND NOT (scoring <=> ?)', [
        doc.scoring ? JSON.stringify(doc.scoring) : null,
        doc.profile,
        doc.scoring ? JSON.stringify(doc.scoring) : null,
      ]);
      const policyIds = await this.upsertPolicies(em, doc);
      const cadences = await this.upsertCadences(em, doc, unitIds, policyIds, loadedAt);
      const tasks = (await this.createChainTasks(em, doc, unitIds, loadedAt)) + (await this.loadWorkPoints(em, doc.profile, loadedAt));
      return { profile: doc.profile, units: doc.units.length, chains: doc.chains.length, chainRoles, cadences, tasks, firstLoad };
    });
    this.logger.log(`profile ${summary.profile} loaded: ${summary.units} units, ${summary.chains} chains, ${summary.chainRoles} chain roles`);
    return summary;
  }

  /** The improvement plan and four maps of each chain, as DRAFT tasks (once). */
  private async createChainTasks(em: EntityManager, doc: ProfileDocument, unitIds: Map<string, number>, loadedAt: Date): Promise<number> {
    if (!doc.chainTasks) return 0;
    const issuer = unitIds.get(doc.supervisorUnit!)!;
    const dueAt = new Date(loadedAt.getTime() + doc.chainTasks.dueInDays * 86_400_000);
    let count = 0;
    for (const { owner, chains } of doc.chainTasks.owners) {
      for (const chainName of chains) {
        const chain = await em.findOneByOrFail(ChainEntity, { name: chainName });
        for (const template of doc.chainTasks.titles) {
          const title = template.replace('{chain}', chainName);
          await this.createTaskOnce(em, { title, issuer, owner: unitIds.get(owner)!, coUnits: [], chainId: chain.id, dueAt, kind: 'CHAIN_PLAN', ref: title, at: loadedAt });
          count += 1;
        }
      }
    }
    return count;
  }

  /**
   * The work points parsed from the seeds (config/profiles/<profile>.work-points.yaml, made by
   * `cli work-points`): DRAFT tasks issued by each document's issuing department. A point led
   * by zones and districts alone becomes one task per zone or district.
   */
  private async loadWorkPoints(em: EntityManager, profile: string, at: Date): Promise<number> {
    const file = join(PROFILES_DIR, `${profile}.work-points.yaml`);
    if (!existsSync(file)) return 0;
    const data = parse(readFileSync(file, 'utf8')) as {
      units?: { name: string; kind: string; fullName?: string; aliases?: string[] }[];
      issuers: Record<string, string>;
      workPoints: { source: string; number: number; title: string; detail?: string; leadUnits: string[]; coUnits: string[]; dueAt: string }[];
    };
    for (const u of data.units ?? []) {
      await em.query(
        `INSERT INTO units (name, full_name, kind, aliases, profile) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE full_name = VALUES(full_name), kind = VALUES(kind), aliases = VALUES(aliases)`,
        [u.name, u.fullName ?? null, u.kind, jsonList(u.aliases), profile],
      );
    }
    const rows: { id: number; name: string; kind: string }[] = await em.query('SELECT id, name, kind FROM units');
    const byName = new Map(rows.map((r) => [r.name, r]));
    const idOf = (name: string) => {
      const unit = byName.get(name);
      if (!unit) throw new Error(`work points name an unknown unit: ${name}`);
      return unit.id;
    };
    let count = 0;
    for (const wp of data.workPoints) {
      const local = wp.leadUnits.every((n) => ['ZONE', 'DISTRICT'].includes(byName.get(n)?.kind ?? ''));
      const owners = local ? wp.leadUnits : [wp.leadUnits[0]];
      for (const owner of owners) {
        await this.createTaskOnce(em, {
          title: wp.title,
          description: wp.detail,
          issuer: idOf(data.issuers[wp.source]),
          owner: idOf(owner),
          coUnits: wp.coUnits.map(idOf),
          chainId: null,
          dueAt: new Date(wp.dueAt),
          kind: 'WORK_POINT',
          ref: local ? `${wp.source}-${wp.number}-${owner}` : `${wp.source}-${wp.number}`,
          at,
        });
        count += 1;
      }
    }
    return count;
  }

  private async createTaskOnce(
    em: EntityManager,
    t: { title: string; description?: string; issuer: number; owner: number; coUnits: number[]; chainId: number | null; dueAt: Date; kind: string; ref: string; at: Date },
  ): Promise<void> {
    const [existing] = await em.query('SELECT id FROM tasks WHERE source_kind = ? AND source_ref = ?', [t.kind, t.ref]);
    if (existing) return;
    const result = await em.query(
      `INSERT INTO tasks (title, description, state, issuer_unit_id, owner_unit_id, chain_id, source_kind, source_ref, due_at, created_at, updated_at)
       VALUES (?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?, ?)`,
      [t.title.slice(0, 200), t.description ?? null, t.issuer, t.owner, t.chainId, t.kind, t.ref, t.dueAt, t.at, t.at],
    );
    const id = Number(result.insertId);
    const co = [...new Set(t.coUnits)].filter((u) => u !== t.owner);
    if (co.length) await em.query('INSERT INTO task_co_units (task_id, unit_id) VALUES ?', [co.map((u) => [id, u])]);
    await appendEvents(em, [{ subjectType: 'TASK', subjectId: id, at: t.at, actorId: null, action: 'create', fromState: null, toState: 'DRAFT', data: { source: `${t.kind}:${t.ref}` } }]);
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
        `INSERT INTO units (name, full_name, kind, duties, aliases, member_of, profile) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE full_name = VALUES(full_name), kind = VALUES(kind), duties = VALUES(duties), aliases = VALUES(aliases), member_of = VALUES(member_of)`,
        [u.name, u.fullName ?? null, u.kind, u.duties?.trim() ?? null, jsonList(u.aliases), jsonList(u.memberOf), doc.profile],
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

/** A name list as a JSON column: NULL when there is none. */
function jsonList(names: string[] | undefined): string | null {
  return names?.length ? JSON.stringify(names) : null;
}
