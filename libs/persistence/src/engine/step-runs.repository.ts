import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StepAction, StepRun } from '@duban/domain';
import type { SubjectType } from '../entities/event.entity';

interface StepRunRow {
  index: number;
  action: StepAction;
  dueAt: Date;
  ranAt: Date;
}

/** The record of steps run: one row per (subject, schedule generation, step). */
@Injectable()
export class StepRunsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The steps that ran in one schedule generation of a subject, in policy order. */
  async ofGeneration(subjectType: SubjectType, subjectId: number, scheduleGen: number): Promise<StepRun[]> {
    const rows: StepRunRow[] = await this.db.query(
      `SELECT step_index AS \`index\`, action, due_at AS dueAt, ran_at AS ranAt FROM step_runs
        WHERE subject_type = ? AND subject_id = ? AND schedule_gen = ? ORDER BY step_index`,
      [subjectType, subjectId, scheduleGen],
    );
    return rows.map((r) => ({ index: Number(r.index), action: r.action, dueAt: r.dueAt, ranAt: r.ranAt }));
  }
}
