import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Clock, expandCadence, initialCursor, Occurrence } from '@duban/domain';
import { CadenceEntity } from '@duban/persistence';
import { DEFAULT_ZONE, ruleOf } from '../cadences/cadences.service';
import { CalendarService } from '../calendar/calendar.service';
import { StepRunnerService } from './step-runner.service';

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
  private readonly logger = new Logger(MaterialiserService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly steps: StepRunnerService,
  ) {}

  /** Materialises every live cadence up to now + horizon; returns the step instants armed. */
  async materialise(now = this.clock.now()): Promise<Date[]> {
    const cadences = await this.db.getRepository(CadenceEntity).find({ where: { deletedAt: IsNull() }, order: { id: 'ASC' } });
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
    const armed: Date[] = [];
    await this.db.transaction(async (em) => {
      for (const occurrence of occurrences) armed.push(...(await this.materialiseOccurrence(em, cadence, occurrence, now)));
      await em.query('UPDATE cadences SET materialised_until = ? WHERE id = ? AND version = ?', [horizon, cadence.id, cadence.version]);
    });
    return armed;
  }

  private async materialiseOccurrence(em: EntityManager, cadence: CadenceEntity, o: Occurrence, now: Date): Promise<Date[]> {
    await em.query('INSERT IGNORE INTO occurrences (cadence_id, period, local_date, due_at) VALUES (?, ?, ?, ?)', [cadence.id, o.period, o.localDate, o.dueAt]);
    const [row] = await em.query('SELECT id, due_at FROM occurrences WHERE cadence_id = ? AND period = ?', [cadence.id, o.period]);
    const occurrenceId = Number(row.id);
    const moved = (row.due_at as Date).getTime() !== o.dueAt.getTime();
    if (moved) {
      if ((row.due_at as Date).getTime() <= now.getTime()) return []; // what has come due stays as it happened
      await em.query('UPDATE occurrences SET due_at = ?, local_date = ? WHERE id = ?', [o.dueAt, o.localDate, occurrenceId]);
    }

    switch (cadence.kind) {
      case 'REPORT':
        return this.obligations(em, cadence, occurrenceId, o, now, moved);
      case 'MEETING':
        await em.query(
          `INSERT INTO meetings (cadence_id, occurrence_id, chain_id, title, scheduled_at, convener_role) VALUES (?, ?, ?, ?, ?, ?)
           ON DUPLICATE KEY UPDATE scheduled_at = IF(state = 'SCHEDULED', VALUES(scheduled_at), scheduled_at)`,
          [cadence.id, occurrenceId, cadence.chainId, `${cadence.name}（${o.period}）`, o.dueAt, cadence.convenerRole],
        );
        return [];
      default:
        await em.query(
          `INSERT INTO evaluation_runs (cadence_id, occurrence_id, kind, period, due_at) VALUES (?, ?, ?, ?, ?)
           ON DUPLICATE KEY UPDATE due_at = IF(state = 'PENDING', VALUES(due_at), due_at)`,
          [cadence.id, occurrenceId, cadence.kind, o.period, o.dueAt],
        );
        return [];
    }
  }

  /** One obligation per owing unit, in one INSERT … SELECT; a moved occurrence reschedules its open ones. */
  private async obligations(em: EntityManager, cadence: CadenceEntity, occurrenceId: number, o: Occurrence, now: Date, moved: boolean): Promise<Date[]> {
    const receiver = cadence.receiverUnitId ?? (await this.chainLeadUnit(em, cadence.chainId));
    const steps = await this.steps.policySteps(cadence.policyId, em);
    const cursor = initialCursor(o.dueAt, steps, await this.calendars.calendar(), DEFAULT_ZONE, now);
    const policyId = cadence.policyId ?? (await this.steps.defaultPolicy());

    const owing: string[] = [];
    const params: unknown[] = [];
    if (cadence.owingUnitIds?.length) {
      owing.push('u.id IN (?)');
      params.push(cadence.owingUnitIds);
    }
    if (cadence.owingUnitKinds?.length) {
      owing.push('u.kind IN (?)');
      params.push(cadence.owingUnitKinds);
    }
    if (cadence.owingChainRoles?.length && cadence.chainId) {
      owing.push('u.id IN (SELECT cr.unit_id FROM chain_roles cr WHERE cr.chain_id = ? AND cr.role IN (?) AND cr.unit_id IS NOT NULL)');
      params.push(cadence.chainId, cadence.owingChainRoles);
    }
    if (owing.length === 0) return [];
    await em.query(
      `INSERT IGNORE INTO obligations (occurrence_id, cadence_id, unit_id, receiver_unit_id, chain_id, policy_id, period, due_at, next_step, next_step_at)
       SELECT ?, ?, u.id, ?, ?, ?, ?, ?, ?, ? FROM units u WHERE (${owing.join(' OR ')}) AND u.id <> ?`,
      [occurrenceId, cadence.id, receiver, cadence.chainId, policyId, o.period, o.dueAt, cursor.nextStep, cursor.nextStepAt, ...params, receiver ?? 0],
    );
    if (moved) {
      await em.query(
        `UPDATE obligations SET due_at = ?, schedule_gen = schedule_gen + 1, next_step = ?, next_step_at = ?, timeliness = 'ON_TRACK'
          WHERE occurrence_id = ? AND state = 'OPEN'`,
        [o.dueAt, cursor.nextStep, cursor.nextStepAt, occurrenceId],
      );
    }
    return cursor.nextStepAt ? [cursor.nextStepAt] : [];
  }

  private async chainLeadUnit(em: EntityManager, chainId: number | null): Promise<number | null> {
    if (!chainId) return null;
    const [row] = await em.query(`SELECT unit_id FROM chain_roles WHERE chain_id = ? AND role = 'LEAD_UNIT' ORDER BY position, id LIMIT 1`, [chainId]);
    return row ? Number(row.unit_id) : null;
  }
}
