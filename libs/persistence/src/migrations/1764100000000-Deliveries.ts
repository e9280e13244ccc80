import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci';

/** Where notifications go besides the inbox (webhooks, group robots, e-mail), and each delivery. */
export class Deliveries1764100000000 implements MigrationInterface {
  name = 'Deliveries1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // Deliveries are created from the notifications of one subject and step.
    await q.query('ALTER TABLE notifications ADD KEY ix_notifications_subject (subject_type, subject_id, step_key)');
    await q.query(`CREATE TABLE notification_channels (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      kind VARCHAR(20) NOT NULL,
      target VARCHAR(500) NOT NULL,
      unit_id INT UNSIGNED NULL,
      user_id INT UNSIGNED NULL,
      enabled TINYINT(1) NOT NULL DEFAULT 1,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      KEY ix_channels_unit (unit_id),
      KEY ix_channels_user (user_id),
      CONSTRAINT fk_channels_unit FOREIGN KEY (unit_id) REFERENCES units (id),
      CONSTRAINT fk_channels_user FOREIGN KEY (user_id) REFERENCES users (id)
    ) ${TABLE_OPTIONS}`);

    // One delivery per channel, subject and step, however many recipients share the channel.
    await q.query(`CREATE TABLE deliveries (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      channel_id INT UNSIGNED NOT NULL,
      notification_id BIGINT UNSIGNED NOT NULL,
      subject_type VARCHAR(20) NOT NULL,
      subject_id INT UNSIGNED NOT NULL,
      step_key VARCHAR(40) NOT NULL,
      state VARCHAR(10) NOT NULL DEFAULT 'PENDING',
      attempts INT UNSIGNED NOT NULL DEFAULT 0,
      last_error VARCHAR(500) NULL,
      created_at DATETIME(3) NOT NULL,
      sent_at DATETIME(3) NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_deliveries_once (channel_id, subject_type, subject_id, step_key),
      KEY ix_deliveries_state (state, id)
    ) ${TABLE_OPTIONS}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS deliveries');
    await q.query('DROP TABLE IF EXISTS notification_channels');
    await q.query('ALTER TABLE notifications DROP KEY ix_notifications_subject');
  }
}
