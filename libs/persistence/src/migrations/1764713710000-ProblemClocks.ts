import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 13710 clocks: a problem's steps count from the deadline of the clock it runs on
 * (acknowledge by the end of the working day, first progress in 3 days, solved by its due date),
 * kept apart from its solve-by date. Problems already on the ledger run on their solve clock.
 */
export class ProblemClocks1764713710000 implements MigrationInterface {
  name = 'ProblemClocks1764713710000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE problems ADD COLUMN step_due_at DATETIME(3) NULL AFTER due_at`);
    await q.query(`UPDATE problems SET step_due_at = due_at`);
    await q.query(`ALTER TABLE problems MODIFY step_due_at DATETIME(3) NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE problems DROP COLUMN step_due_at`);
  }
}
