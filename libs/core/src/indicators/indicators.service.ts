import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { applicableTarget, Clock, groupBy, IndicatorKind, indicatorMet } from '@duban/domain';
import { IndicatorsRepository, UnitsRepository } from '@duban/persistence';
import { AuthUser, hasAnyRole, seesEverything } from '../auth/auth-user';
import { ZoneService } from '../profiles/zone.service';

export interface IndicatorView {
  key: string;
  name: string;
  unit: string;
  kind: IndicatorKind;
}

/** One unit's standing on one indicator in a year: its target (and the plan it came from), its latest figure, whether that meets it. */
export interface UnitIndicatorView {
  key: string;
  /** Null when no plan of this year or before sets the unit a target. */
  target: { value: number; year: number; source: string } | null;
  /** The latest year-to-date figure reported in the year, and the month of the report that gave it. */
  actual: { value: number; period: string; reportedAt: string } | null;
  /** Null while there is no target or no figure. */
  met: boolean | null;
  /** Every figure reported in the year, by month. */
  months: { period: string; value: number }[];
}

export interface UnitIndicatorsView {
  unitId: number;
  unitName: string;
  indicators: UnitIndicatorView[];
}

export interface IndicatorsOverview {
  year: number;
  indicators: IndicatorView[];
  units: UnitIndicatorsView[];
}

/**
 * The units whose indicators a caller sees: every unit for supervisors, admins, lead departments and
 * chain leaders (the city's view, like the monthly ranking); a liaison their own unit. Null: every unit.
 */
export function indicatorUnits(user: AuthUser): number[] | null {
  if (seesEverything(user) || hasAnyRole(user, 'LEAD_UNIT', 'CHAIN_LEADER')) return null;
  return user.unitId !== null ? [user.unitId] : [];
}

/** Targets against year-to-date figures per unit (002 （七）, 附表1). Never writes. */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly repo: IndicatorsRepository,
    private readonly units: UnitsRepository,
    private readonly clock: Clock,
    private readonly zone: ZoneService,
  ) {}

  /** The year's standing per unit in the caller's view; `year` defaults to the current one in the profile's zone. */
  async overview(user: AuthUser, year?: number): Promise<IndicatorsOverview> {
    const y = year ?? DateTime.fromJSDate(this.clock.now(), { zone: await this.zone.zone() }).year;
    const scope = indicatorUnits(user);
    const [indicators, targets, actuals] = await Promise.all([this.repo.indicators(), this.repo.targetsUpTo(y, scope), this.repo.actualsOfYear(y, scope)]);
    const unitIds = [...new Set([...targets.map((t) => t.unitId), ...actuals.map((a) => a.unitId)])].sort((a, b) => a - b);
    const names = new Map((await this.units.named(unitIds)).map((u) => [u.id, u.name]));
    const of = (row: { unitId: number; indicatorId: number }) => `${row.unitId}|${row.indicatorId}`;
    const targetsOf = groupBy(targets, of);
    const actualsOf = groupBy(actuals, of);
    return {
      year: y,
      indicators: indicators.map(({ key, name, unit, kind }) => ({ key, name, unit, kind })),
      units: unitIds.map((unitId) => ({
        unitId,
        unitName: names.get(unitId) ?? String(unitId),
        indicators: indicators.map((indicator) => {
          const key = of({ unitId, indicatorId: indicator.id });
          const target = applicableTarget(targetsOf.get(key) ?? [], y);
          // Oldest period first (groups keep the rows' order): the last one is the latest figure.
          const reported = actualsOf.get(key) ?? [];
          const latest = reported.at(-1) ?? null;
          return {
            key: indicator.key,
            target: target && { value: target.value, year: target.year, source: target.source },
            actual: latest && { value: latest.value, period: latest.period, reportedAt: latest.reportedAt.toISOString() },
            met: target && latest ? indicatorMet(latest.value, target.value) : null,
            months: reported.map((a) => ({ period: a.period, value: a.value })),
          };
        }),
      })),
    };
  }
}
