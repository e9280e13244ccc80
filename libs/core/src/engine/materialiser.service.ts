import { Injectable, Optional } from '@nestjs/common';
import { Clock, ConvenerRole, expandCadence, initialCursor, MeetingGroup, meetingGroups, Occurrence } from '@duban/domain';
import { CadenceEntity, CadencesRepository, ChainsRepository, EvaluationsRepository, MeetingsRepository, ObligationsRepository, Transactions, Tx } from '@duban/persistence';
import { ruleOf } from '../cadences/cadences.service';
import { CalendarService } from '../calendar/calendar.service';
import { ZoneService } from '../profiles/zone.service';
import { StepRunnerService } from './step-runner.service';
import { Metrics } from '@duban/platform';

/** How far ahead occurrences exist as rows: longer than any reminder lead. */
export const HORIZON_MS = 40 * 86_400_000;

/**
 * Turns cadences into rows: occurrences, and for each the obligations (one per owing unit),
 * the meeting or the evaluation run. Unique keys make it idempotent, so any number of
 * schedulers and workers may run it; a cadence whose rule changed is re-derived, and its
 * occurrences still to come move with it.
 */
@Injectable()
export class MaterialiserService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cadences: CadencesRepository,
    private readonly obligations: ObligationsRepository,
    private readonly meetings: MeetingsRepository,
    private readonly evaluations: EvaluationsRepository,
    private readonly chains: ChainsRepository,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly zones: ZoneService,
    private readonly steps: StepRunnerService,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  /** Materialises every live cadence up to now + horizon; returns the step instants armed. */
  async materialise(now = this.clock.now()): Promise<Date[]> {
    const cadences = await this.cadences.live();
    const horizon = new Date(now.getTime() + HORIZON_MS);
    const armed: Date[] = [];
    for (const cadence of cadences) {
      if (cadence.materialisedUntil && cadence.materialisedUntil.getTime() >= horizon.getTime() - 60_000) continue;
      armed.push(...(await this.materialiseCadence(cadence, now, horizon)));
    }
    return armed;
  }

  private async materialiseCadence(cadence: CadenceEntity, now: Date, horizon: Date): Promise<Date[]> {
    const calendar = await this.calendars.calendar();
    // A changed rule (version > 1, mark cleared) re-derives everything still to come.
    const from = cadence.materialisedUntil ?? (cadence.version > 1 ? now : cadence.activeFrom);
    const occurrences = expandCadence(ruleOf(cadence), calendar, from, horizon);
    return this.transactions.run(async (tx) => {
      const armed: Date[] = [];
      for (const occurrence of occurrences) armed.push(...(await this.materialiseOccurrence(tx, cadence, occurrence, now)));
      await this.cadences.markMaterialised(tx, cadence.id, cadence.version, horizon);
      return armed;
    });
  }

  private async materialiseOccurrence(tx: Tx, cadence: CadenceEntity, o: Occurrence, now: Date): Promise<Date[]> {
    const stored = await this.cadences.recordOccurrence(tx, cadence.id, o);
    if (stored.created) this.metrics?.materialised.inc();
    const moved = stored.dueAt.getTime() !== o.dueAt.getTime();
    if (moved) {
      if (stored.dueAt.getTime() <= now.getTime()) return []; // what has come due stays as it happened
      await this.cadences.moveOccurrence(tx, stored.id, o);
    }

    switch (cadence.kind) {
      case 'REPORT':
        return this.obligationsOf(tx, cadence, stored.id, o, now, moved);
      case 'MEETING':
        for (const group of await this.meetingGroupsOf(tx, cadence)) {
          await this.meetings.scheduleForOccurrence(tx, {
            cadenceId: cadence.id,
            occurrenceId: stored.id,
            groupKey: group.key,
            chainIds: group.chainIds,
            cluster: group.cluster,
            title: group.label ? `${cadence.name}（${group.label}，${o.period}）` : `${cadence.name}（${o.period}）`,
            scheduledAt: o.dueAt,
            convenerRole: cadence.convenerRole,
            convenerUnitId: group.convenerUnitId,
            convenerName: group.convenerName,
          });
        }
        return [];
      default:
        await this.evaluations.scheduleRun(tx, { cadenceId: cadence.id, occurrenceId: stored.id, kind: cadence.kind, period: o.period, dueAt: o.dueAt });
        return [];
    }
  }

  /**
   * The meetings of one occurrence: one (of the cadence's chain, or of none), or for a cadence
   * convened per convener or per cluster, one per group of its profile's chains as they stand.
   */
  private async meetingGroupsOf(tx: Tx, cadence: CadenceEntity): Promise<Pick<MeetingGroup, 'key' | 'chainIds' | 'cluster' | 'convenerUnitId' | 'convenerName' | 'label'>[]> {
    const role = cadence.convenerRole as ConvenerRole | null;
    if (!cadence.convenePer || !role) {
      return [{ key: '', chainIds: cadence.chainId ? [cadence.chainId] : [], cluster: null, convenerUnitId: null, convenerName: null, label: '' }];
    }
    const chains = await this.chains.ofProfile(cadence.profile, tx);
    const holders = await this.chains.holders(
      chains.map((c) => c.id),
      role,
      tx,
    );
    return meetingGroups(cadence.convenePer, role, chains, holders);
  }

  /** One obligation per owing unit; a moved occurrence reschedules its open ones. */
  private async obligationsOf(tx: Tx, cadence: CadenceEntity, occurrenceId: number, o: Occurrence, now: Date, moved: boolean): Promise<Date[]> {
    const receiver = cadence.receiverUnitId ?? (cadence.chainId ? ((await this.chains.leadUnits(cadence.chainId, tx))[0] ?? null) : null);
    const steps = await this.steps.policySteps(cadence.policyId, tx);
    const cursor = initialCursor(o.dueAt, steps, await this.calendars.calendar(), await this.zones.zone(), now);
    const policyId = cadence.policyId ?? (await this.steps.defaultPolicy());
    const created = await this.obligations.createForOccurrence(
      tx,
      { occurrenceId, cadenceId: cadence.id, receiverUnitId: receiver, chainId: cadence.chainId, policyId, period: o.period, dueAt: o.dueAt, cursor },
      {
        unitIds: cadence.owingUnitIds,
        unitKinds: cadence.owingUnitKinds,
        chainRoles: cadence.owingChainRoles?.length && cadence.chainId ? { chainId: cadence.chainId, roles: cadence.owingChainRoles } : null,
      },
    );
    if (!created) return [];
    if (moved) await this.obligations.rescheduleOpen(tx, occurrenceId, o.dueAt, cursor);
    return cursor.nextStepAt ? [cursor.nextStepAt] : [];
  }
}
