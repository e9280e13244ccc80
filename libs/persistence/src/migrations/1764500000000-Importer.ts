import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci';

/**
 * The notice importer: previews of imported notices (held for their importer until committed
 * or expired), a task's parent (the notice a task was decomposed from; the later split of a task
 * per unit builds on the same column), and the other names by which notices mean a unit.
 */
export class Importer1764500000000 implements MigrationInterface {
  name = 'Importer1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks
      ADD COLUMN parent_id INT UNSIGNED NULL AFTER id,
      ADD KEY ix_tasks_parent (parent_id),
      ADD CONSTRAINT fk_tasks_parent FOREIGN KEY (parent_id) REFERENCES tasks (id)`);

    // aliases: other names of exactly this unit; member_of: collective names that include it.
    await q.query(`ALTER TABLE units
      ADD COLUMN aliases JSON NULL,
      ADD COLUMN member_of JSON NULL`);

    await q.query(`CREATE TABLE imports (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      created_by INT UNSIGNED NOT NULL,
      created_at DATETIME(3) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      source VARCHAR(200) NULL,
      document JSON NOT NULL,
      text MEDIUMTEXT NOT NULL,
      tasks JSON NOT NULL,
      committed_at DATETIME(3) NULL,
      committed_by INT UNSIGNED NULL,
      parent_task_id INT UNSIGNED NULL,
      result JSON NULL,
      PRIMARY KEY (id),
      KEY ix_imports_owner (created_by, created_at),
      KEY ix_imports_expiry (committed_at, expires_at),
      CONSTRAINT fk_imports_user FOREIGN KEY (created_by) REFERENCES users (id),
      CONSTRAINT fk_imports_parent_task FOREIGN KEY (parent_task_id) REFERENCES tasks (id)
    ) ${TABLE_OPTIONS}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE imports');
    await q.query('ALTER TABLE units DROP COLUMN member_of, DROP COLUMN aliases');
    await q.query('ALTER TABLE tasks DROP FOREIGN KEY fk_tasks_parent, DROP KEY ix_tasks_parent, DROP COLUMN parent_id');
  }
}
