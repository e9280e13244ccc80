import { MigrationInterface, QueryRunner } from 'typeorm';

/** What a unit submits for an obligation: the month's progress and matters needing coordination. */
export class Reports1764000000000 implements MigrationInterface {
  name = 'Reports1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE reports (
      obligation_id INT UNSIGNED NOT NULL,
      progress TEXT NOT NULL,
      coordination_matters JSON NULL,
      submitted_by INT UNSIGNED NOT NULL,
      submitted_at DATETIME(3) NOT NULL,
      PRIMARY KEY (obligation_id),
      CONSTRAINT fk_reports_obligation FOREIGN KEY (obligation_id) REFERENCES obligations (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS reports');
  }
}
