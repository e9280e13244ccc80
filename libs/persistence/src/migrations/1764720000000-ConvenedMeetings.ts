import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci';

/**
 * Meetings convened by a leader, a lead department or for a cluster, over several chains
 * (豫政办〔2021〕61号: 群链长例会, 责任单位调度会议), and ad-hoc meetings (联席会议, 联盟会商, 专题会).
 * A meeting's chains move to `meeting_chains` (each existing meeting keeps its one chain there;
 * `chain_id` stays, set for a meeting of exactly one chain); a cadence's occurrence may now
 * schedule one meeting per group (`group_key`, '' for the one meeting of a cadence as before).
 */
export class ConvenedMeetings1764720000000 implements MigrationInterface {
  name = 'ConvenedMeetings1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meetings
      ADD COLUMN group_key VARCHAR(120) NOT NULL DEFAULT '' AFTER occurrence_id,
      ADD COLUMN type VARCHAR(20) NULL AFTER group_key,
      ADD COLUMN cluster VARCHAR(100) NULL AFTER chain_id,
      ADD COLUMN convener_unit_id INT UNSIGNED NULL AFTER convener_role,
      ADD COLUMN convener_name VARCHAR(200) NULL AFTER convener_unit_id,
      ADD COLUMN delegate_user_id INT UNSIGNED NULL AFTER convener_name,
      ADD COLUMN created_by INT UNSIGNED NULL,
      DROP KEY uq_meetings_occurrence,
      ADD UNIQUE KEY uq_meetings_occurrence_group (occurrence_id, group_key),
      ADD KEY ix_meetings_convener_unit (convener_unit_id)`);
    await q.query(`CREATE TABLE meeting_chains (
      meeting_id INT UNSIGNED NOT NULL,
      chain_id INT UNSIGNED NOT NULL,
      PRIMARY KEY (meeting_id, chain_id),
      KEY ix_meeting_chains_chain (chain_id, meeting_id),
      CONSTRAINT fk_meeting_chains_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id),
      CONSTRAINT fk_meeting_chains_chain FOREIGN KEY (chain_id) REFERENCES chains (id)
    ) ${TABLE_OPTIONS}`);
    await q.query(`INSERT INTO meeting_chains (meeting_id, chain_id) SELECT id, chain_id FROM meetings WHERE chain_id IS NOT NULL`);
    await q.query(`ALTER TABLE cadences ADD COLUMN convene_per VARCHAR(20) NULL AFTER convener_role`);
    await q.query(`ALTER TABLE profiles ADD COLUMN meeting_types JSON NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE profiles DROP COLUMN meeting_types');
    await q.query('ALTER TABLE cadences DROP COLUMN convene_per');
    await q.query('DROP TABLE meeting_chains');
    await q.query(`DELETE FROM meetings WHERE group_key <> '' OR type IS NOT NULL`);
    await q.query(`ALTER TABLE meetings DROP KEY ix_meetings_convener_unit, DROP KEY uq_meetings_occurrence_group, ADD UNIQUE KEY uq_meetings_occurrence (occurrence_id),
      DROP COLUMN created_by, DROP COLUMN delegate_user_id, DROP COLUMN convener_name, DROP COLUMN convener_unit_id, DROP COLUMN cluster, DROP COLUMN type, DROP COLUMN group_key`);
  }
}
