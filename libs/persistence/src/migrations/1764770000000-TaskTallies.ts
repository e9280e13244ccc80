import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci';

/** A task row's tally key (`row` is NEW, OLD or the table); chain 0 stands for none, since a key cannot hold NULL. */
const key = (row: string) => `${row}.owner_unit_id, ${row}.issuer_unit_id, COALESCE(${row}.chain_id, 0), ${row}.state, ${row}.escalation_level`;
const KEYS = 'owner_unit_id, issuer_unit_id, chain_id, state, escalation_level';
const change = (row: string, delta: 1 | -1) => `INSERT INTO task_tally_changes (${KEYS}, delta) VALUES (${key(row)}, ${delta});`;

/**
 * How many tasks there are per owner unit, issuing unit, chain, state and escalation level: what
 * the task list's total reads when its scope and filters name only those columns (an
 * administrator's or supervisor's list of a unit's tasks in a state, say), instead of counting
 * the tasks on every request (5,000 index entries a page at 1,000,000 tasks).
 *
 * As with the supervision tallies (migration SupervisionTallies): triggers on every write of a
 * task append the change (+1, -1) to `task_tally_changes` in the writer's transaction, the workers
 * fold the changes into `task_tallies` after each sweep and each reconciliation, and a count reads
 * both. Tasks are never deleted, but a delete is counted all the same.
 *
 * Run it, like every migration, with the processes stopped: a task written between the backfill
 * and the triggers would be missed.
 */
export class TaskTallies1764770000000 implements MigrationInterface {
  name = 'TaskTallies1764770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE task_tallies (
      owner_unit_id INT UNSIGNED NOT NULL,
      issuer_unit_id INT UNSIGNED NOT NULL,
      chain_id INT UNSIGNED NOT NULL,
      state VARCHAR(20) NOT NULL,
      escalation_level TINYINT UNSIGNED NOT NULL,
      tasks INT NOT NULL,
      PRIMARY KEY (owner_unit_id, issuer_unit_id, chain_id, state, escalation_level),
      KEY ix_task_tallies_issuer (issuer_unit_id),
      KEY ix_task_tallies_chain (chain_id)
    ) ${TABLE_OPTIONS}`);
    await q.query(`CREATE TABLE task_tally_changes (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      owner_unit_id INT UNSIGNED NOT NULL,
      issuer_unit_id INT UNSIGNED NOT NULL,
      chain_id INT UNSIGNED NOT NULL,
      state VARCHAR(20) NOT NULL,
      escalation_level TINYINT UNSIGNED NOT NULL,
      delta TINYINT NOT NULL,
      PRIMARY KEY (id),
      KEY ix_task_tally_changes_owner (owner_unit_id),
      KEY ix_task_tally_changes_issuer (issuer_unit_id),
      KEY ix_task_tally_changes_chain (chain_id)
    ) ${TABLE_OPTIONS}`);
    await q.query(`INSERT INTO task_tallies (${KEYS}, tasks) SELECT ${key('t')}, COUNT(*) FROM tasks t GROUP BY ${key('t')}`);
    await q.query(`CREATE TRIGGER task_tally_insert AFTER INSERT ON tasks FOR EACH ROW BEGIN ${change('NEW', 1)} END`);
    // A step (new state), an escalation, a reassignment moves one task between tallies; other updates none.
    await q.query(`CREATE TRIGGER task_tally_update AFTER UPDATE ON tasks FOR EACH ROW
      BEGIN
        IF NOT (OLD.owner_unit_id = NEW.owner_unit_id AND OLD.issuer_unit_id = NEW.issuer_unit_id AND OLD.chain_id <=> NEW.chain_id
                AND OLD.state = NEW.state AND OLD.escalation_level = NEW.escalation_level) THEN
          ${change('OLD', -1)}
          ${change('NEW', 1)}
        END IF;
      END`);
    await q.query(`CREATE TRIGGER task_tally_delete AFTER DELETE ON tasks FOR EACH ROW BEGIN ${change('OLD', -1)} END`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const trigger of ['task_tally_insert', 'task_tally_update', 'task_tally_delete']) await q.query(`DROP TRIGGER ${trigger}`);
    await q.query('DROP TABLE task_tally_changes');
    await q.query('DROP TABLE task_tallies');
  }
}
