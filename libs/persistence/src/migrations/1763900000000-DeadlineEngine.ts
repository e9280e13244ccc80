import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci';

/**
 * Cadences and what they materialise (occurrences, obligations, meetings, evaluation runs),
 * the per-subject step cursor, the record of steps run, supervision entries, notifications.
 */
export class DeadlineEngine1763900000000 implements MigrationInterface {
  name = 'DeadlineEngine1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE escalation_policies ADD COLUMN version INT UNSIGNED NOT NULL DEFAULT 1`);

    await q.query(`CREATE TABLE cadences (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      name VARCHAR(100) NOT NULL,
      kind VARCHAR(20) NOT NULL,
      frequency VARCHAR(20) NOT NULL,
      day_of_month TINYINT UNSIGNED NULL,
      weekday TINYINT UNSIGNED NULL,
      nth TINYINT NULL,
      month TINYINT UNSIGNED NULL,
      time VARCHAR(8) NOT NULL,
      timezone VARCHAR(50) NOT NULL,
      shift VARCHAR(20) NOT NULL,
      active_from DATETIME(3) NOT NULL,
      active_to DATETIME(3) NULL,
      policy_id INT UNSIGNED NULL,
      chain_id INT UNSIGNED NULL,
      owing_unit_ids JSON NULL,
      owing_unit_kinds JSON NULL,
      owing_chain_roles JSON NULL,
      receiver_unit_id INT UNSIGNED NULL,
      convener_role VARCHAR(20) NULL,
      profile VARCHAR(50) NULL,
      version INT UNSIGNED NOT NULL DEFAULT 1,
      materialised_until DATETIME(3) NULL,
      deleted_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_cadences_name (name),
      CONSTRAINT fk_cadences_policy FOREIGN KEY (policy_id) REFERENCES escalation_policies (id),
      CONSTRAINT fk_cadences_chain FOREIGN KEY (chain_id) REFERENCES chains (id),
      CONSTRAINT fk_cadences_receiver FOREIGN KEY (receiver_unit_id) REFERENCES units (id)
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE occurrences (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      cadence_id INT UNSIGNED NOT NULL,
      period VARCHAR(10) NOT NULL,
      local_date DATE NOT NULL,
      due_at DATETIME(3) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_occurrences_period (cadence_id, period),
      KEY ix_occurrences_due (due_at),
      CONSTRAINT fk_occurrences_cadence FOREIGN KEY (cadence_id) REFERENCES cadences (id)
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE obligations (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      occurrence_id INT UNSIGNED NOT NULL,
      cadence_id INT UNSIGNED NOT NULL,
      unit_id INT UNSIGNED NOT NULL,
      receiver_unit_id INT UNSIGNED NULL,
      chain_id INT UNSIGNED NULL,
      policy_id INT UNSIGNED NULL,
      period VARCHAR(10) NOT NULL,
      due_at DATETIME(3) NOT NULL,
      state VARCHAR(20) NOT NULL DEFAULT 'OPEN',
      version INT UNSIGNED NOT NULL DEFAULT 1,
      timeliness VARCHAR(10) NOT NULL DEFAULT 'ON_TRACK',
      escalation_level TINYINT UNSIGNED NOT NULL DEFAULT 0,
      schedule_gen INT UNSIGNED NOT NULL DEFAULT 1,
      next_step SMALLINT UNSIGNED NOT NULL DEFAULT 0,
      next_step_at DATETIME(3) NULL,
      submitted_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_obligations_unit (occurrence_id, unit_id),
      KEY ix_obligations_next_step (next_step_at),
      KEY ix_obligations_unit_period (unit_id, period),
      KEY ix_obligations_cadence_period (cadence_id, period),
      KEY ix_obligations_state_due (state, due_at),
      CONSTRAINT fk_obligations_occurrence FOREIGN KEY (occurrence_id) REFERENCES occurrences (id),
      CONSTRAINT fk_obligations_unit FOREIGN KEY (unit_id) REFERENCES units (id)
    ) ${TABLE_OPTIONS}`);

    await q.query(`ALTER TABLE tasks
      ADD COLUMN schedule_gen INT UNSIGNED NOT NULL DEFAULT 1,
      ADD COLUMN next_step SMALLINT UNSIGNED NOT NULL DEFAULT 0,
      ADD COLUMN next_step_at DATETIME(3) NULL,
      ADD COLUMN reminded TINYINT(1) NOT NULL DEFAULT 0,
      ADD KEY ix_tasks_next_step (next_step_at)`);

    // The unique row that makes a step happen once (DESIGN.md invariant 2).
    await q.query(`CREATE TABLE step_runs (
      subject_type VARCHAR(20) NOT NULL,
      subject_id INT UNSIGNED NOT NULL,
      schedule_gen INT UNSIGNED NOT NULL,
      step_index SMALLINT UNSIGNED NOT NULL,
      action VARCHAR(20) NOT NULL,
      due_at DATETIME(3) NOT NULL,
      ran_at DATETIME(3) NOT NULL,
      PRIMARY KEY (subject_type, subject_id, schedule_gen, step_index)
    ) ${TABLE_OPTIONS}`);

    // open_marker is 1 while open and NULL once closed: one open entry per subject.
    await q.query(`CREATE TABLE supervision_entries (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      subject_type VARCHAR(20) NOT NULL,
      subject_id INT UNSIGNED NOT NULL,
      level TINYINT UNSIGNED NOT NULL,
      reason VARCHAR(500) NOT NULL,
      owner_unit_id INT UNSIGNED NOT NULL,
      chain_id INT UNSIGNED NULL,
      opened_at DATETIME(3) NOT NULL,
      closed_at DATETIME(3) NULL,
      open_marker TINYINT UNSIGNED NULL DEFAULT 1,
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_supervision_open (subject_type, subject_id, open_marker),
      KEY ix_supervision_level (open_marker, level),
      -- The supervision list's order (highest level, oldest first), open ones or all.
      KEY ix_supervision_open_list (open_marker, level DESC, opened_at, id),
      KEY ix_supervision_list (level DESC, opened_at, id),
      KEY ix_supervision_owner (owner_unit_id),
      KEY ix_supervision_chain (chain_id)
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE notifications (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      user_id INT UNSIGNED NOT NULL,
      kind VARCHAR(20) NOT NULL,
      subject_type VARCHAR(20) NOT NULL,
      subject_id INT UNSIGNED NOT NULL,
      step_key VARCHAR(40) NOT NULL,
      title VARCHAR(200) NOT NULL,
      body TEXT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      read_at DATETIME(3) NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_notifications_once (user_id, subject_type, subject_id, step_key),
      KEY ix_notifications_inbox (user_id, read_at, id)
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE meetings (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      cadence_id INT UNSIGNED NULL,
      occurrence_id INT UNSIGNED NULL,
      chain_id INT UNSIGNED NULL,
      title VARCHAR(200) NOT NULL,
      scheduled_at DATETIME(3) NOT NULL,
      convener_role VARCHAR(20) NULL,
      state VARCHAR(20) NOT NULL DEFAULT 'SCHEDULED',
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_meetings_occurrence (occurrence_id),
      KEY ix_meetings_chain (chain_id, scheduled_at)
    ) ${TABLE_OPTIONS}`);

    await q.query(`CREATE TABLE evaluation_runs (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      cadence_id INT UNSIGNED NOT NULL,
      occurrence_id INT UNSIGNED NOT NULL,
      kind VARCHAR(20) NOT NULL,
      period VARCHAR(10) NOT NULL,
      due_at DATETIME(3) NOT NULL,
      state VARCHAR(20) NOT NULL DEFAULT 'PENDING',
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_evaluation_runs_occurrence (occurrence_id)
    ) ${TABLE_OPTIONS}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['evaluation_runs', 'meetings', 'notifications', 'supervision_entries', 'step_runs', 'obligations', 'occurrences', 'cadences']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query('ALTER TABLE tasks DROP KEY ix_tasks_next_step, DROP COLUMN reminded, DROP COLUMN next_step_at, DROP COLUMN next_step, DROP COLUMN schedule_gen');
    await q.query('ALTER TABLE escalation_policies DROP COLUMN version');
  }
}
