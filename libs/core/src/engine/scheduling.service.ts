import { Injectable } from '@nestjs/common';
import { initialCursor } from '@duban/domain';
import { EngineRepository, SubjectTable, SupervisionRepository, Tx } from '@duban/persistence';
import { CalendarService } from '../calendar/calendar.service';
import { ZoneService } from '../profiles/zone.service';
import { StepRunnerService } from './step-runner.service';

/** Places a subject's step cursor and closes its supervision when it is done. */
@Injectable()
export class SchedulingService {
  constructor(
    private readonly engine: EngineRepository,
    private readonly supervision: SupervisionRepository,
    private readonly calendars: CalendarService,
    private readonly zones: ZoneService,
    private readonly steps: StepRunnerService,
  ) {}

  /**
   * (Re)schedules a subject's escalation from its due date: a new generation when the due
   * date or policy changed, so steps armed for the old one find nothing to do.
   */
  async schedule(tx: Tx, subject: SubjectTable, id: number, dueAt: Date, policyId: number | null, now: Date, newGeneration: boolean): Promise<Date | null> {
    const steps = await this.steps.policySteps(policyId, tx);
    const cursor = initialCursor(dueAt, steps, await this.calendars.calendar(), await this.zones.zone(), now);
    await this.engine.placeCursor(tx, subject, id, cursor, newGeneration);
    return cursor.nextStepAt;
  }

  /** Stops a subject's escalation and closes (销号) its open supervision entry. */
  async settle(tx: Tx, subject: SubjectTable, ids: number[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.engine.stopSteps(tx, subject, ids);
    await this.supervision.closeOpenEntries(tx, subject.type, ids, now);
  }
}
