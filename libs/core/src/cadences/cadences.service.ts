import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { CadenceRule, cadenceRuleProblems, ChainRole, Clock, ConvenePer, expandCadence, Frequency, isValidZone, ShiftRule, UnitKind } from '@duban/domain';
import { CadenceColumns, CadenceEntity, CadenceKind, CadencesRepository, Transactions, Tx } from '@duban/persistence';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { CalendarService } from '../calendar/calendar.service';
import { Page, PageRequest, pageOffset } from '../common/page';
import { References } from '../common/references.service';
import { ZoneService } from '../profiles/zone.service';

export interface CadenceInput {
  name: string;
  kind: CadenceKind;
  frequency: Frequency;
  dayOfMonth?: number;
  weekday?: number;
  nth?: number;
  month?: number;
  time: string;
  timezone?: string;
  shift: ShiftRule;
  activeFrom: Date;
  activeTo?: Date;
  policyId?: number;
  chainId?: number;
  owingUnitIds?: number[];
  owingUnitKinds?: UnitKind[];
  owingChainRoles?: ChainRole[];
  receiverUnitId?: number;
  convenerRole?: string;
  /** For a meeting over several chains: one meeting per convener (CONVENER) or per cluster (CLUSTER). */
  convenePer?: ConvenePer;
}

export interface CadenceView extends Omit<CadenceInput, 'activeFrom' | 'activeTo'> {
  id: number;
  timezone: string;
  activeFrom: string;
  activeTo: string | null;
  version: number;
}

// Kept here for the callers not yet moved to ZoneService.

/** Administrators' cadences; the engine materialises them (see MaterialiserService). */
@Injectable()
export class CadencesService {
  constructor(
    private readonly repo: CadencesRepository,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly references: References,
    private readonly zones: ZoneService,
  ) {}

  async list(page: PageRequest): Promise<Page<CadenceView>> {
    const { rows, total } = await this.repo.page(pageOffset(page));
    return { items: rows.map(toCadenceView), total };
  }

  async get(id: number): Promise<CadenceView> {
    return toCadenceView(await this.find(id));
  }

  /** Creates a cadence, audited; given `tx`, inside the caller's transaction (an import's commit). */
  async create(actor: AuthUser, input: CadenceInput, tx?: Tx): Promise<CadenceView> {
    await this.validate(input, null);
    const columns = toColumns(input, await this.zones.zone());
    const save = async (work: Tx) => {
      const view = toCadenceView(await this.repo.insert(work, columns));
      await this.audit.record(work, actor.id, { action: 'cadence.create', target: 'cadence', targetId: view.id, after: { ...view } });
      return view;
    };
    return tx ? save(tx) : this.transactions.run(save);
  }

  /**
   * Replaces a cadence's rule. Occurrences still to come are re-derived by the engine at
   * its next tick (their steps rescheduled); what has come due stays as it happened.
   */
  async update(actor: AuthUser, id: number, input: CadenceInput): Promise<CadenceView> {
    const existing = await this.find(id);
    await this.validate(input, id);
    const columns = toColumns(input, await this.zones.zone());
    return this.transactions.run(async (tx) => {
      if (!(await this.repo.replaceRule(tx, id, existing.version, columns))) throw new ConflictException('the cadence was changed by someone else; reload it and retry');
      const after = toCadenceView((await this.repo.find(id, tx))!);
      await this.audit.record(tx, actor.id, { action: 'cadence.update', target: 'cadence', targetId: id, before: { ...toCadenceView(existing) }, after: { ...after } });
      return after;
    });
  }

  async remove(actor: AuthUser, id: number): Promise<void> {
    const existing = await this.find(id);
    await this.transactions.run(async (tx) => {
      if (!(await this.repo.softDelete(tx, existing.id, existing.version, this.clock.now())))
        throw new ConflictException('the cadence was changed by someone else; reload it and retry');
      await this.audit.record(tx, actor.id, { action: 'cadence.delete', target: 'cadence', targetId: id, before: { ...toCadenceView(existing) } });
    });
  }

  /** The due instants of [from, to], after the shift rule: what the engine will create. */
  async preview(id: number, from: Date, to: Date) {
    if (to.getTime() < from.getTime()) throw new BadRequestException('to must not be before from');
    if (to.getTime() - from.getTime() > 5 * 366 * 86_400_000) throw new BadRequestException('from–to may span at most five years');
    const cadence = await this.find(id);
    const occurrences = expandCadence(ruleOf(cadence), await this.calendar.calendar(), from, to);
    return { items: occurrences.map((o) => ({ period: o.period, localDate: o.localDate, dueAt: o.dueAt.toISOString() })), total: occurrences.length };
  }

  private async find(id: number): Promise<CadenceEntity> {
    const row = await this.repo.find(id);
    if (!row) throw new NotFoundException(`cadence ${id} not found`);
    return row;
  }

  private async validate(input: CadenceInput, id: number | null): Promise<void> {
    const problems = cadenceRuleProblems(input);
    if (input.timezone && !isValidZone(input.timezone)) problems.push(`timezone ${input.timezone} is not an IANA time zone`);
    if (input.activeTo && input.activeTo.getTime() <= input.activeFrom.getTime()) problems.push('activeTo must be after activeFrom');
    if (input.owingChainRoles?.length && !input.chainId) problems.push('owingChainRoles needs chainId');
    if (input.convenePer && (input.kind !== 'MEETING' || !input.convenerRole || input.chainId))
      problems.push('convenePer needs a MEETING cadence with a convenerRole and no chainId');
    if (input.kind === 'REPORT' && !input.owingUnitIds?.length && !input.owingUnitKinds?.length && !input.owingChainRoles?.length) {
      problems.push('a REPORT cadence needs owingUnitIds, owingUnitKinds or owingChainRoles');
    }
    if (problems.length > 0) throw new BadRequestException(problems);
    await this.references.assert(null, 'escalation policy', 'policyId', [input.policyId]);
    await this.references.assert(null, 'chain', 'chainId', [input.chainId]);
    await this.references.assert(null, 'unit', 'receiverUnitId', [input.receiverUnitId]);
    await this.references.assert(null, 'unit', 'owingUnitIds', input.owingUnitIds ?? []);
    const clash = await this.repo.findByName(input.name);
    if (clash && clash.id !== id) throw new ConflictException(`name: a cadence named ${input.name} already exists`);
  }
}

/** The stored rule; a cadence given no zone is judged in the profile's (`zone`). */
function toColumns(input: CadenceInput, zone: string): CadenceColumns {
  return {
    name: input.name,
    kind: input.kind,
    frequency: input.frequency,
    dayOfMonth: input.dayOfMonth ?? null,
    weekday: input.weekday ?? null,
    nth: input.nth ?? null,
    month: input.month ?? null,
    time: input.time.length === 5 ? `${input.time}:00` : input.time,
    timezone: input.timezone ?? zone,
    shift: input.shift,
    activeFrom: input.activeFrom,
    activeTo: input.activeTo ?? null,
    policyId: input.policyId ?? null,
    chainId: input.chainId ?? null,
    owingUnitIds: input.owingUnitIds ?? null,
    owingUnitKinds: input.owingUnitKinds ?? null,
    owingChainRoles: input.owingChainRoles ?? null,
    receiverUnitId: input.receiverUnitId ?? null,
    convenerRole: input.convenerRole ?? null,
    convenePer: input.convenePer ?? null,
  };
}

export function ruleOf(c: CadenceEntity): CadenceRule {
  return {
    frequency: c.frequency,
    dayOfMonth: c.dayOfMonth,
    weekday: c.weekday,
    nth: c.nth,
    month: c.month,
    time: c.time,
    timezone: c.timezone,
    shift: c.shift,
    activeFrom: c.activeFrom,
    activeTo: c.activeTo,
  };
}

export function toCadenceView(c: CadenceEntity): CadenceView {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    frequency: c.frequency,
    ...(c.dayOfMonth !== null ? { dayOfMonth: c.dayOfMonth } : {}),
    ...(c.weekday !== null ? { weekday: c.weekday } : {}),
    ...(c.nth !== null ? { nth: c.nth } : {}),
    ...(c.month !== null ? { month: c.month } : {}),
    time: c.time,
    timezone: c.timezone,
    shift: c.shift,
    activeFrom: c.activeFrom.toISOString(),
    activeTo: c.activeTo?.toISOString() ?? null,
    ...(c.policyId !== null ? { policyId: c.policyId } : {}),
    ...(c.chainId !== null ? { chainId: c.chainId } : {}),
    ...(c.owingUnitIds ? { owingUnitIds: c.owingUnitIds } : {}),
    ...(c.owingUnitKinds ? { owingUnitKinds: c.owingUnitKinds } : {}),
    ...(c.owingChainRoles ? { owingChainRoles: c.owingChainRoles } : {}),
    ...(c.receiverUnitId !== null ? { receiverUnitId: c.receiverUnitId } : {}),
    ...(c.convenerRole ? { convenerRole: c.convenerRole } : {}),
    ...(c.convenePer ? { convenePer: c.convenePer } : {}),
    version: c.version,
  };
}
