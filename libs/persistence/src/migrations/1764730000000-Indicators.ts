import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci';

/**
 * 工业经济指标 (002 （七）, 附表1): a profile's indicators, each unit's yearly targets for them, and the
 * year-to-date figures a unit reports with its monthly indicator report. A cadence that collects
 * indicators asks its reports for one figure per indicator of its profile.
 */
export class Indicators1764730000000 implements MigrationInterface {
  name = 'Indicators1764730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE indicators (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      profile VARCHAR(50) NOT NULL,
      indicator_key VARCHAR(60) NOT NULL,
      name VARCHAR(100) NOT NULL,
      unit VARCHAR(10) NOT NULL,
      kind VARCHAR(20) NOT NULL,
      position SMALLINT UNSIGNED NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_indicators_profile_key (profile, indicator_key)
    ) ${TABLE_OPTIONS}`);
    await q.query(`CREATE TABLE indicator_targets (
      unit_id INT UNSIGNED NOT NULL,
      indicator_id INT UNSIGNED NOT NULL,
      year SMALLINT UNSIGNED NOT NULL,
      value DECIMAL(12,2) NOT NULL,
      source VARCHAR(200) NOT NULL,
      PRIMARY KEY (unit_id, indicator_id, year),
      KEY ix_indicator_targets_indicator (indicator_id),
      CONSTRAINT fk_indicator_targets_unit FOREIGN KEY (unit_id) REFERENCES units (id),
      CONSTRAINT fk_indicator_targets_indicator FOREIGN KEY (indicator_id) REFERENCES indicators (id)
    ) ${TABLE_OPTIONS}`);
    await q.query(`CREATE TABLE indicator_actuals (
      obligation_id INT UNSIGNED NOT NULL,
      indicator_id INT UNSIGNED NOT NULL,
      unit_id INT UNSIGNED NOT NULL,
      period VARCHAR(10) NOT NULL,
      value DECIMAL(12,2) NOT NULL,
      reported_at DATETIME(3) NOT NULL,
      PRIMARY KEY (obligation_id, indicator_id),
      KEY ix_indicator_actuals_unit (unit_id, indicator_id, period),
      CONSTRAINT fk_indicator_actuals_obligation FOREIGN KEY (obligation_id) REFERENCES obligations (id),
      CONSTRAINT fk_indicator_actuals_indicator FOREIGN KEY (indicator_id) REFERENCES indicators (id),
      CONSTRAINT fk_indicator_actuals_unit FOREIGN KEY (unit_id) REFERENCES units (id)
    ) ${TABLE_OPTIONS}`);
    await q.query('ALTER TABLE cadences ADD COLUMN collects_indicators TINYINT(1) NOT NULL DEFAULT 0 AFTER convene_per');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cadences DROP COLUMN collects_indicators');
    await q.query('DROP TABLE indicator_actuals');
    await q.query('DROP TABLE indicator_targets');
    await q.query('DROP TABLE indicators');
  }
}
