import { HttpException, Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { cadenceRuleProblems, ChainRole, Clock, indicatorValueProblem, yearlyRulesProblems } from '@duban/domain';
import { IndicatorsRepository, ProfileCadenceRule, ProfileChainRoleRow, ProfilesRepository, TasksRepository, Transactions, Tx } from '@duban/persistence';
import { AuditService } from '../audit/audit.service';
import { NewTask, TasksService } from '../tasks/tasks.service';
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
    if (c.convenePer && (c.kind !== 'MEETING' || !c.convenerRole || c.forEachChain))
      problems.push(`cadences[${i}].convenePer: needs a MEETING with a convenerRole, not forEachChain`);
    if (c.collectsIndicators && (c.kind !== 'REPORT' || c.forEachChain || !doc.indicators?.length))
      problems.push(`cadences[${i}].collectsIndicators: needs a REPORT, not forEachChain, and the profile's indicators`);
  });
  problems.push(...indicatorProblems(doc, units));
  (doc.chainTasks?.owners ?? []).forEach((o, i) => {
    if (!units.has(o.owner)) problems.push(`chainTasks.owners[${i}].owner: no unit named ${o.owner}`);
    for (const chain of o.chains) if (!chains.has(chain)) problems.push(`chainTasks.owners[${i}].chains: no chain named ${chain}`);
  });
  if (doc.chainTasks && !doc.supervisorUnit) problems.push('chainTasks: needs supervisorUnit, the issuing office');
  if (doc.scoring?.yearly?.rateWeights) for (const problem of yearlyRulesProblems(doc.scoring.yearly)) problems.push(`scoring.${problem}`);
  return problems;
}

/** Indicators named once; each plan's targets for known units, one valid figure per indicator. */
function indicatorProblems(doc: ProfileDocument, units: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const indicators = Array.isArray(doc.indicators) ? doc.indicators : [];
  const keys = new Set<string>();
  indicators.forEach((indicator, i) => {
    if (keys.has(indicator.key)) problems.push(`indicators[${i}].key: ${indicator.key} is listed twice`);
    keys.add(indicator.key);
  });
  if (!Array.isArray(doc.targets)) return problems;
  if (doc.targets.length && !indicators.length) problems.push('targets: needs indicators');
  const years = new Set<number>();
  doc.targets.forEach((plan, p) => {
    if (years.has(plan.year)) problems.push(`targets[${p}].year: ${plan.year} is listed twice`);
    years.add(plan.year);
    if (typeof plan.values !== 'object' || plan.values === null || Array.isArray(plan.values)) return;
    for (const [name, figures] of Object.entries(plan.values)) {
      const at = `targets[${p}].values.${name}`;
      if (!units.has(name)) problems.push(`${at}: no unit named ${name}`);
      if (!Array.isArray(figures) || figures.length !== indicators.length) {
        problems.push(`${at}: needs ${indicators.length} figures, one per indicator (${indicators.map((i) => i.key).join(', ')})`);
        continue;
      }
      figures.forEach((figure, f) => {
        const problem = indicatorValueProblem(indicators[f].kind, figure);
        if (problem) problems.push(`${at}[${f}]: ${indicators[f].key} ${problem}`);
      });
    }
  });
  return problems;
}

/**
 * Loads a profile into the database idempotently: units and chains are upserted by name,
 * chain roles by (chain, role, member); loading the same file twice changes nothing. Its tasks
 * (chain plans and maps, work points) are created through the tasks' one creation path, once each.
 */
@Injectable()
export class ProfileLoaderService {
  private readonly logger = new Logger(ProfileLoaderService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly profiles: ProfilesRepository,
    private readonly tasks: TasksService,
    private readonly taskRecords: TasksRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly indicators: IndicatorsRepository,
  ) {}

  async load(nameOrPath: string): Promise<LoadSummary> {
    const { doc, checksum } = readProfile(nameOrPath);
    const summary = await this.transactions.run(async (tx) => {
      const unitIds = await this.upsertUnits(tx, doc);
      let chainRoles = 0;
      for (const chain of doc.chains) chainRoles += await this.upsertChain(tx, doc.profile, chain, unitIds);
      const previous = await this.profiles.find(tx, doc.profile);
      const firstLoad = previous === null;
      if (previous?.checksum !== checksum) {
        // Loading a profile is a configuration change like any other.
        await this.audit.record(tx, null, {
          action: 'profile.load',
          target: 'profile',
          targetId: doc.profile,
          before: previous ? { checksum: previous.checksum } : null,
          after: { checksum, title: doc.title },
        });
      }
      const loadedAt = await this.profiles.record(tx, {
        name: doc.profile,
        title: doc.title,
        checksum,
        timezone: doc.timezone,
        scoring: doc.scoring ?? null,
        at: this.clock.now(),
      });
      await this.profiles.recordMeetingTypes(tx, doc.profile, doc.adHocMeetings ?? []);
      const policyIds = await this.upsertPolicies(tx, doc);
      const cadences = await this.upsertCadences(tx, doc, unitIds, policyIds, loadedAt);
      await this.loadIndicators(tx, doc, unitIds);
      const tasks = (await this.createChainTasks(tx, doc, unitIds, loadedAt)) + (await this.loadWorkPoints(tx, doc.profile));
      return { profile: doc.profile, units: doc.units.length, chains: doc.chains.length, chainRoles, cadences, tasks, firstLoad };
    });
    this.logger.log(`profile ${summary.profile} loaded: ${summary.units} units, ${summary.chains} chains, ${summary.chainRoles} chain roles`);
    return summary;
  }

  /** The profile's indicators and its plans' targets per unit, upserted; which of its cadences collect the figures. */
  private async loadIndicators(tx: Tx, doc: ProfileDocument, unitIds: Map<string, number>): Promise<void> {
    const indicators = doc.indicators ?? [];
    const ids = await this.indicators.upsertIndicators(tx, doc.profile, indicators);
    await this.indicators.upsertTargets(
      tx,
      (doc.targets ?? []).flatMap((plan) =>
        Object.entries(plan.values).flatMap(([name, figures]) =>
          figures.map((value, f) => ({ unitId: unitIds.get(name)!, indicatorId: ids.get(indicators[f].key)!, year: plan.year, value, source: plan.source })),
        ),
      ),
    );
    await this.indicators.setCollecting(
      tx,
      doc.profile,
      (doc.cadences ?? []).filter((c) => c.collectsIndicators).map((c) => c.name),
    );
  }

  /** The improvement plan and four maps of each chain, as DRAFT tasks (once). */
  private async createChainTasks(tx: Tx, doc: ProfileDocument, unitIds: Map<string, number>, loadedAt: Date): Promise<number> {
    if (!doc.chainTasks) return 0;
    const issuer = unitIds.get(doc.supervisorUnit!)!;
    const dueAt = new Date(loadedAt.getTime() + doc.chainTasks.dueInDays * 86_400_000);
    let count = 0;
    for (const { owner, chains } of doc.chainTasks.owners) {
      for (const chainName of chains) {
        const chainId = await this.profiles.chainId(tx, chainName);
        for (const template of doc.chainTasks.titles) {
          const title = template.replace('{chain}', chainName);
          await this.createTaskOnce(tx, { title, issuerUnitId: issuer, ownerUnitId: unitIds.get(owner)!, chainId, dueAt, source: { kind: 'CHAIN_PLAN', ref: title } });
          count += 1;
        }
      }
    }
    return count;
  }

  /**
   * The work points parsed from the seeds (config/profiles/<profile>.work-points.yaml, made by
   * `cli work-points`): DRAFT tasks issued by each document's issuing unit. A point with several
   * lead units is split (任务分解): a parent the issuer owns, with one sub-task per lead unit. A
   * point due before the file's `historyBefore` had passed when the mechanism began: it is loaded
   * as history, cancelled with that reason by the same decision, never as a live overdue task.
   */
  private async loadWorkPoints(tx: Tx, profile: string): Promise<number> {
    const file = join(PROFILES_DIR, `${profile}.work-points.yaml`);
    if (!existsSync(file)) return 0;
    const data = parse(readFileSync(file, 'utf8')) as {
      units?: { name: string; kind: string; fullName?: string; aliases?: string[] }[];
      issuers: Record<string, string>;
      historyBefore?: string;
      workPoints: { source: string; number: number; title: string; detail?: string; leadUnits: string[]; coUnits: string[]; dueAt: string }[];
    };
    await this.profiles.upsertUnits(
      tx,
      profile,
      (data.units ?? []).map((u) => ({ name: u.name, fullName: u.fullName ?? null, kind: u.kind, aliases: u.aliases })),
    );
    const byName = await this.profiles.unitsByName(tx);
    const idOf = (name: string) => {
      const unit = byName.get(name);
      if (!unit) throw new Error(`work points name an unknown unit: ${name}`);
      return unit.id;
    };
    const historyBefore = data.historyBefore ? new Date(data.historyBefore) : null;
    let count = 0;
    for (const wp of data.workPoints) {
      const issuerUnitId = idOf(data.issuers[wp.source]);
      const leads = [...new Set(wp.leadUnits)];
      const coUnits = [...new Set(wp.coUnits.filter((n) => !leads.includes(n)).map(idOf))];
      const ref = `${wp.source}-${wp.number}`;
      const dueAt = new Date(wp.dueAt);
      const point = (ownerUnitId: number, sourceRef: string, parentId?: number): NewTask & { source: { kind: string; ref: string } } => ({
        title: wp.title,
        description: wp.detail,
        issuerUnitId,
        ownerUnitId,
        coUnitIds: coUnits.filter((u) => u !== ownerUnitId),
        dueAt,
        ...(parentId !== undefined ? { parentId } : {}),
        source: { kind: 'WORK_POINT', ref: sourceRef },
      });
      const parts = leads.length === 1 ? [ref] : [ref, ...leads.map((lead) => `${ref}-${lead}`)];
      count += parts.length;
      // A point is created whole, once: a database that holds any of its tasks keeps them as they are.
      if (await this.anySourceExists(tx, parts)) continue;
      const id = await this.createTask(tx, point(leads.length === 1 ? idOf(leads[0]) : issuerUnitId, ref));
      if (leads.length > 1) for (const lead of leads) await this.createTask(tx, point(idOf(lead), `${ref}-${lead}`, id));
      if (historyBefore && dueAt.getTime() < historyBefore.getTime()) {
        // Cancelling the parent cancels its sub-tasks with the same reason.
        const comment = `截止日期（${wp.dueAt.slice(0, 10)}）早于本机制建立（${data.historyBefore!.slice(0, 10)}），作为历史记录载入，不作为在办任务`;
        await this.tasks.transitionWithin(tx, { user: null, issuerUnitId }, id, { action: 'cancel', comment });
      }
    }
    return count;
  }

  private async anySourceExists(tx: Tx, refs: string[]): Promise<boolean> {
    for (const ref of refs) if ((await this.taskRecords.idOfSource('WORK_POINT', ref, tx)) !== null) return true;
    return false;
  }

  /**
   * Creates a profile's task unless its source already did, in the name of its issuing unit. A task
   * the creation path refuses (a title too long, say) stops the load, naming the task.
   */
  private async createTaskOnce(tx: Tx, task: NewTask & { source: { kind: string; ref: string } }): Promise<void> {
    if ((await this.taskRecords.idOfSource(task.source.kind, task.source.ref, tx)) !== null) return;
    await this.createTask(tx, task);
  }

  /** Creates a profile's task in the name of its issuing unit, recorded as no one's act; a refusal stops the load, naming the task. */
  private async createTask(tx: Tx, task: NewTask & { source: { kind: string; ref: string } }): Promise<number> {
    try {
      return await this.tasks.createWithin(tx, { user: null, issuerUnitId: task.issuerUnitId }, task);
    } catch (error) {
      if (error instanceof HttpException) throw new Error(`${task.source.kind} ${task.source.ref}: ${error.message}`);
      throw error;
    }
  }

  private async upsertPolicies(tx: Tx, doc: ProfileDocument): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (const p of doc.policies ?? []) {
      const steps = p.steps.map((s) => ({ offset: s.offset, calendar: s.calendar, action: s.action, ...(s.notify ? { notify: s.notify } : {}) }));
      ids.set(p.name, await this.profiles.upsertPolicy(tx, p.name, steps));
    }
    return ids;
  }

  /**
   * Creates the profile's cadences (one per chain where asked) active from the first load;
   * a cadence whose rule the file changed is updated and re-derived, an unchanged one is left be.
   */
  private async upsertCadences(tx: Tx, doc: ProfileDocument, unitIds: Map<string, number>, policyIds: Map<string, number>, loadedAt: Date): Promise<number> {
    const names: string[] = [];
    for (const c of doc.cadences ?? []) {
      const targets = c.forEachChain ? doc.chains.map((chain) => chain.name) : [null];
      for (const chainName of targets) {
        const rule: ProfileCadenceRule = {
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
          chainId: chainName ? await this.profiles.chainId(tx, chainName) : null,
          owingUnitIds: c.owingUnits?.length ? c.owingUnits.map((n) => unitIds.get(n)!) : null,
          owingUnitKinds: c.owingUnitKinds ?? null,
          owingChainRoles: c.owingChainRoles ?? null,
          receiverUnitId: c.receiverUnit ? unitIds.get(c.receiverUnit)! : null,
          convenerRole: c.convenerRole ?? null,
          convenePer: c.convenePer ?? null,
        };
        const name = chainName ? `${c.name}（${chainName}）` : c.name;
        await this.profiles.upsertCadence(tx, doc.profile, name, rule, c.activeFrom ? new Date(c.activeFrom) : loadedAt);
        names.push(name);
      }
    }
    // A cadence the file no longer names (Henan's per-chain meetings, now per convener) stops recurring.
    await this.profiles.retireCadences(tx, doc.profile, names, this.clock.now());
    return names.length;
  }

  private async upsertUnits(tx: Tx, doc: ProfileDocument): Promise<Map<string, number>> {
    const ids = await this.profiles.upsertUnits(
      tx,
      doc.profile,
      doc.units.map((u) => ({ name: u.name, fullName: u.fullName ?? null, kind: u.kind, duties: u.duties?.trim() ?? null, aliases: u.aliases, memberOf: u.memberOf })),
    );
    await this.profiles.setParents(
      tx,
      doc.units.filter((u) => u.parent).map((u) => ({ unitId: ids.get(u.name)!, parentId: ids.get(u.parent!)! })),
    );
    return ids;
  }

  private async upsertChain(tx: Tx, profile: string, c: ProfileDocument['chains'][number], unitIds: Map<string, number>): Promise<number> {
    const chainId = await this.profiles.upsertChain(tx, profile, {
      name: c.name,
      category: c.category,
      cluster: c.cluster ?? null,
      future: !!c.future,
      note: c.note?.trim() ?? null,
    });
    const wanted: ProfileChainRoleRow[] = [];
    const add = (role: ChainRole, holder: { unitId?: number; holderName?: string }) =>
      wanted.push({
        role,
        unitId: holder.unitId ?? null,
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
    // Roles the profile no longer names go; roles given to users through the API stay.
    await this.profiles.syncChainRoles(tx, chainId, wanted);
    return wanted.length;
  }
}
