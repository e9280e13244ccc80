import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notification's once-key leads with its subject, so the same key finds a step's notifications
 * for its deliveries, and the separate subject key goes: a herd's step writes one index entry fewer
 * per notification (100,000 per step in the bench's herd).
 */
export class NotificationOnceKey1764740000000 implements MigrationInterface {
  name = 'NotificationOnceKey1764740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE notifications DROP KEY uq_notifications_once, DROP KEY ix_notifications_subject,
        ADD UNIQUE KEY uq_notifications_once (subject_type, subject_id, step_key, user_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE notifications DROP KEY uq_notifications_once,
        ADD UNIQUE KEY uq_notifications_once (user_id, subject_type, subject_id, step_key), ADD KEY ix_notifications_subject (subject_type, subject_id, step_key)`,
    );
  }
}
