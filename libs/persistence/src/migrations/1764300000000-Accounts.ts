import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts that can be disabled and must change a reset password; tokens revoked by a
 * version; the append-only audit log of configuration and account changes; and published
 * notices that can no more be deleted than updated.
 */
export class Accounts1764300000000 implements MigrationInterface {
  name = 'Accounts1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // token_version is carried in every access token; bumping it revokes all tokens issued before.
    await q.query(`ALTER TABLE users
      ADD COLUMN disabled_at DATETIME(3) NULL,
      ADD COLUMN must_change_password TINYINT(1) NOT NULL DEFAULT 0,
      ADD COLUMN token_version INT UNSIGNED NOT NULL DEFAULT 1,
      ADD COLUMN password_changed_at DATETIME(3) NULL,
      ADD COLUMN updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)`);

    await q.query(`CREATE TABLE audit_log (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      at DATETIME(3) NOT NULL,
      actor_id INT UNSIGNED NULL,
      action VARCHAR(60) NOT NULL,
      target VARCHAR(40) NOT NULL,
      target_id VARCHAR(100) NULL,
      before_value JSON NULL,
      after_value JSON NULL,
      address VARCHAR(45) NULL,
      PRIMARY KEY (id),
      KEY ix_audit_at (at, id),
      KEY ix_audit_actor (actor_id, at),
      KEY ix_audit_target (target, target_id, at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`);
    await q.query(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the audit log is append-only'`);
    await q.query(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the audit log is append-only'`);

    await q.query(`CREATE TRIGGER notices_no_delete BEFORE DELETE ON notices FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'notices are immutable'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER IF EXISTS notices_no_delete');
    await q.query('DROP TABLE IF EXISTS audit_log');
    await q.query(
      'ALTER TABLE users DROP COLUMN updated_at, DROP COLUMN password_changed_at, DROP COLUMN token_version, DROP COLUMN must_change_password, DROP COLUMN disabled_at',
    );
  }
}
