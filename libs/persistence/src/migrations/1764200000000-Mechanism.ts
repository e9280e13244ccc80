import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci';

/** The chain-leader mechanism: four lists, the problem ledger, minutes, scoring and notices. */
export class Mechanism1764200000000 implements MigrationInterface {
  name = 'Mechanism1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // 四个清单; a removed item stays as history.
    await q.query(`CREATE TABLE list_items (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      chain_id INT UNSIGNED NOT NULL,
      type VARCHAR(20) NOT NULL,
      name VARCHAR(200) NOT NULL,
      owner_unit_id INT UNSIGNED NOT NULL,
      detail TEXT NULL,
      added_at DATETIME(3) NOT NULL,
      added_month CHAR(7) NOT NULL,
      added_by INT UNSIGNED NULL,
      added_reason VARCHAR(500) NULL,
      removed_at DATETIME(3) NULL,
      removed_month CHAR(7) NULL,
      removed_by INT UNSIGNED NULL,
      removed_reason VARCHAR(500) NULL,
      PRIMARY KEY (id),
      KEY ix_list_items_chain (chain_id, removed_at, type),
      KEY ix_list_items_added (chain_id, added_month),
      KEY ix_list_items_removed (chain_id, removed_month),
      CONSTRAINT fk_list_items_chain FOREIGN KEY (chain_id) REFERENCES chains (id),
      CONSTRAINT fk_list_items_owner FOREIGN KEY (owner_unit_id) REFERENCES units (id)
    ) ${TABLE_OPTIONS}`);

    // 问题台账, run on the 13710 timings through the same step cursor as tasks.
    await q.query(`CREATE TABLE problems (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      chain_id INT UNSIGNED NULL,
      obligation_id INT UNSIGNED NULL,
      title VARCHAR(200) NOT NULL,
      detail TEXT NULL,
      raised_by_unit_id INT UNSIGNED NOT NULL,
      routed_to_unit_id INT UNSIGNED NOT NULL,
      severity VARCHAR(10) NOT NULL DEFAULT 'GENERAL',
      state VARCHAR(20) NOT NULL DEFAULT 'OPEN',
      version INT UNSIGNED NOT NULL DEFAULT 1,
      due_at DATETIME(3) NOT NULL,
      policy_id INT UNSIGNED NULL,
      escalation_level TINYINT UNSIGNED NOT NULL DEFAULT 0,
      schedule_gen INT UNSIGNED NOT NULL DEFAULT 1,
      next_step SMALLINT UNSIGNED NOT NULL DEFAULT 0,
      next_step_at DATETIME(3) NULL,
      satisfaction TINYINT UNSIGNED NULL,
      acknowledged_at DATETIME(3) NULL,
      feedback_at DATETIME(3) NULL,
      resolved_at DATETIME(3) NULL,
      closed_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      KEY ix_problems_next_step (next_step_at),
      KEY ix_problems_chain (chain_id, state),
      KEY ix_problems_routed (routed_to_unit_id, state),
      KEY ix_problems_raised (raised_by_unit_id, state),
      CONSTRAINT fk_problems_chain FOREIGN KEY (chain_id) REFERENCES chains (id),
      CONSTRAINT fk_problems_raised FOREIGN KEY (raised_by_unit_id) REFERENCES units (id),
      CONSTRAINT fk_problems_routed FOREIGN KEY (routed_to_unit_id) REFERENCES units (id)
    ) ${TABLE_OPTIONS}`);

    await q.query(`ALTER TABLE meetings
      ADD COLUMN summary TEXT NULL,
      ADD COLUMN minutes_at DATETIME(3) NULL,
      ADD COLUMN minutes_by INT UNSIGNED NULL`);

    await q.query(`ALTER TABLE profiles ADD COLUMN scoring JSON NULL`);

    // A published notice (通报) is an immutable snapshot; the workbook and page are drawn from it.
    await q.query(`CREATE TABLE notices (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      kind VARCHAR(20) NOT NULL,
      period VARCHAR(10) NOT NULL,
      title VARCHAR(200) NOT NULL,
      snapshot JSON NOT NULL,
      published_at DATETIME(3) NOT NULL,
      published_by INT UNSIGNED NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_notices_period (kind, period)
    ) ${TABLE_OPTIONS}`);
    await q.query(`CREATE TRIGGER notices_no_update BEFORE UPDATE ON notices FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'notices are immutable'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS notices');
    await q.query('ALTER TABLE profiles DROP COLUMN scoring');
    await q.query('ALTER TABLE meetings DROP COLUMN minutes_by, DROP COLUMN minutes_at, DROP COLUMN summary');
    await q.query('DROP TABLE IF EXISTS problems');
    await q.query('DROP TABLE IF EXISTS list_items');
  }
}
