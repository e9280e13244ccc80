import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { initialCursor } from '@duban/domain';
import { DEFAULT_ZONE } from '../cadences/cadences.service';
import { CalendarService } from '../calendar/calendar.service';
import { StepRunnerService } from './step-runner.service';
import { SubjectTable } from '@duban/persistence';

/** Places a subject's step cursor and closes its supervision when it is done. */
@Injectable()
export class SchedulingService {
  constructor(
    private readonly calendars: CalendarService,
    private readonly steps: StepRunnerService,
  ) {}

  /**
   * (Re)schedules a subject's escalation from its due date: a new generation when the due
   * date or policy changed, so steps armed for the old one find nothing to do.
   */
  async schedule(em: EntityManager, subject: SubjectTable, id: number, dueAt: Date, policyId: number | null, now: Date, newGeneration: boolean): Promise<Date | null> {
    const steps = await this.steps.policySteps(policyId, em);
    const cursor = initialCursor(dueAt, steps, await this.calendars.calendar(), DEFAULT_ZONE, now);
    await em.query(
      `UPDATE ${subject.table} SET next_step = ?, next_step_at = ? ${newGeneration ? `, schedule_gen = schedule_gen + 1${subject.type === 'TASK' ? ', reminded = 0' : ''}` : ''} WHERE id = ?`,
      [cursor.nextStep, cursor.nextStepAt, id],
    );
    return cursor.nextStepAt;
  }

  /** Stops a subject's escalation and closes (销号) its open supervision entry. */
  async settle(em: EntityManager, subject: SubjectTable, ids: number[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await em.query(`UPDATE ${subject.table} SET next_step_at = NULL WHERE id IN (?)`, [ids]);
    await em.query(
      `UPDATE supervision_entries SET closed_at = ?, open_marker = NULL WHERE subject_type = ? AND subject_id IN (?) AND open_marker = 1`,
      [now, subject.type, ids],
    );
  }
}
