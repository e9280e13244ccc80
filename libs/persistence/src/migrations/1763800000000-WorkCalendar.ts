import { MigrationInterface, QueryRunner } from 'typeorm';

/** The work calendar: dates that differ from the Monday–Friday rhythm. */
export class WorkCalendar1763800000000 implements MigrationInterface {
  name = 'WorkCalendar1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE calendar_days (
      date DATE NOT NULL,
      workday TINYINT(1) NOT NULL,
      name VARCHAR(50) NULL,
      source VARCHAR(10) NOT NULL,
      updated_by INT UNSIGNED NULL,
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (date)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS calendar_days');
  }
}
