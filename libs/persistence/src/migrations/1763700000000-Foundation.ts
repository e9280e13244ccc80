import { MigrationInterface, QueryRunner } from 'typeorm';

// unicode_520_ci tells supplementary characters (emoji, rare CJK) apart; unicode_ci does not.
const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci';

/** Org, chains, users, tasks and the append-only event log. */
export class Foundation1763700000000 implements MigrationInterface {
  name = 'Foundation1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE units (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      name VARCHAR(100) NOT NULL,
      full_name VARCHAR(200) NULL,
      kind VARCHAR(20) NOT NULL,
      parent_id INT UNSIGNED NULL,
      duties TEXT NULL,
      profile VARCHAR(50) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_units_name (name),
      KEY ix_units_kind (kind),
      CONSTRAINT fk_units_parent FOREIGN KEY (parent_id) REFERENCES units (id)
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE users (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      username VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
      password_hash VARCHAR(255) NOT NULL,
      display_name VARCHAR(100) NOT NULL,
      unit_id INT UNSIGNED NULL,
      roles VARCHAR(200) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_users_username (username),
      KEY ix_users_unit (unit_id),
      CONSTRAINT fk_users_unit FOREIGN KEY (unit_id) REFERENCES units (id)
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE chains (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      name VARCHAR(100) NOT NULL,
      category VARCHAR(20) NOT NULL,
      cluster VARCHAR(100) NULL,
      is_future TINYINT(1) NOT NULL DEFAULT 0,
      note TEXT NULL,
      profile VARCHAR(50) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_chains_name (name),
      KEY ix_chains_category (category)
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE chain_roles (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      chain_id INT UNSIGNED NOT NULL,
      role VARCHAR(20) NOT NULL,
      unit_id INT UNSIGNED NULL,
      user_id INT UNSIGNED NULL,
      holder_name VARCHAR(100) NULL,
      member_key VARCHAR(120) NOT NULL,
      position SMALLINT UNSIGNED NOT NULL DEFAULT 0,
      PRIMARY KEY (id),
      UNIQUE KEY uq_chain_roles_member (chain_id, role, member_key),
      KEY ix_chain_roles_unit (unit_id, role),
      KEY ix_chain_roles_user (user_id, role),
      CONSTRAINT fk_chain_roles_chain FOREIGN KEY (chain_id) REFERENCES chains (id),
      CONSTRAINT fk_chain_roles_unit FOREIGN KEY (unit_id) REFERENCES units (id),
      CONSTRAINT fk_chain_roles_user FOREIGN KEY (user_id) REFERENCES users (id)
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE escalation_policies (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      name VARCHAR(100) NOT NULL,
      steps JSON NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_escalation_policies_name (name)
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE tasks (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      title VARCHAR(200) NOT NULL,
      description TEXT NULL,
      state VARCHAR(20) NOT NULL,
      version INT UNSIGNED NOT NULL DEFAULT 1,
      issuer_unit_id INT UNSIGNED NOT NULL,
      owner_unit_id INT UNSIGNED NOT NULL,
      chain_id INT UNSIGNED NULL,
      policy_id INT UNSIGNED NULL,
      priority VARCHAR(10) NOT NULL DEFAULT 'NORMAL',
      source_kind VARCHAR(40) NULL,
      source_ref VARCHAR(200) NULL,
      due_at DATETIME(3) NOT NULL,
      escalation_level TINYINT UNSIGNED NOT NULL DEFAULT 0,
      extension_due_at DATETIME(3) NULL,
      extension_reason VARCHAR(2000) NULL,
      extension_requested_at DATETIME(3) NULL,
      extension_requested_by INT UNSIGNED NULL,
      completed_at DATETIME(3) NULL,
      created_by INT UNSIGNED NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      KEY ix_tasks_state_due (state, due_at),
      KEY ix_tasks_owner_state (owner_unit_id, state),
      KEY ix_tasks_issuer_state (issuer_unit_id, state),
      KEY ix_tasks_chain_state (chain_id, state),
      KEY ix_tasks_escalation (escalation_level, state),
      CONSTRAINT fk_tasks_issuer FOREIGN KEY (issuer_unit_id) REFERENCES units (id),
      CONSTRAINT fk_tasks_owner FOREIGN KEY (owner_unit_id) REFERENCES units (id),
      CONSTRAINT fk_tasks_chain FOREIGN KEY (chain_id) REFERENCES chains (id),
      CONSTRAINT fk_tasks_policy FOREIGN KEY (policy_id) REFERENCES escalation_policies (id)
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE task_co_units (
      task_id INT UNSIGNED NOT NULL,
      unit_id INT UNSIGNED NOT NULL,
      PRIMARY KEY (task_id, unit_id),
      KEY ix_task_co_units_unit (unit_id),
      CONSTRAINT fk_task_co_units_task FOREIGN KEY (task_id) REFERENCES tasks (id),
      CONSTRAINT fk_task_co_units_unit FOREIGN KEY (unit_id) REFERENCES units (id)
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE events (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      subject_type VARCHAR(20) NOT NULL,
      subject_id INT UNSIGNED NOT NULL,
      at DATETIME(3) NOT NULL,
      actor_id INT UNSIGNED NULL,
      action VARCHAR(40) NOT NULL,
      from_state VARCHAR(20) NULL,
      to_state VARCHAR(20) NULL,
      comment TEXT NULL,
      data JSON NULL,
      PRIMARY KEY (id),
      KEY ix_events_subject (subject_type, subject_id, id)
    ) ${TABLE_OPTIONS}`);
    // Events are history: the database itself refuses to rewrite it.
    await q.query(`CREATE TRIGGER events_no_update BEFORE UPDATE ON events FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'events are append-only'`);
    await q.query(`CREATE TRIGGER events_no_delete BEFORE DELETE ON events FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'events are append-only'`);

    await q.query(`CREATE TABLE profiles (
      name VARCHAR(50) NOT NULL,
      title VARCHAR(200) NOT NULL,
      checksum CHAR(64) NOT NULL,
      loaded_at DATETIME(3) NOT NULL,
      PRIMARY KEY (name)
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE engine_state (
      \`key\` VARCHAR(64) NOT NULL,
      value JSON NOT NULL,
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (\`key\`)
    ) ${TABLE_OPTIONS}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['engine_state', 'profiles', 'events', 'task_co_units', 'tasks', 'escalation_policies', 'chain_roles', 'chains', 'users', 'units']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
