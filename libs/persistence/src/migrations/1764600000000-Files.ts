import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci';

/**
 * Evidence files (见证材料): each upload's name, size, type and blob (the SHA-256 of its bytes,
 * which the blob store is keyed by), attached once to the record it is evidence for; and the
 * append-only record of every upload, attachment and download.
 */
export class Files1764600000000 implements MigrationInterface {
  name = 'Files1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE files (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      blob_key CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      name VARCHAR(255) NOT NULL,
      size INT UNSIGNED NOT NULL,
      type VARCHAR(100) NOT NULL,
      uploaded_by INT UNSIGNED NOT NULL,
      uploaded_at DATETIME(3) NOT NULL,
      subject_type VARCHAR(20) NULL,
      subject_id INT UNSIGNED NULL,
      event_id BIGINT UNSIGNED NULL,
      attached_at DATETIME(3) NULL,
      PRIMARY KEY (id),
      KEY ix_files_blob (blob_key),
      KEY ix_files_subject (subject_type, subject_id),
      KEY ix_files_unattached (attached_at, uploaded_at),
      KEY ix_files_uploader (uploaded_by, attached_at),
      CONSTRAINT fk_files_uploader FOREIGN KEY (uploaded_by) REFERENCES users (id),
      CONSTRAINT ck_files_attached CHECK ((subject_type IS NULL) = (attached_at IS NULL) AND (subject_type IS NULL) = (subject_id IS NULL))
    ) ${TABLE_OPTIONS}`);
    // A file is immutable: it is attached once, and an attached file stays while its record does.
    await q.query(`CREATE TRIGGER files_immutable BEFORE UPDATE ON files FOR EACH ROW
      IF OLD.attached_at IS NOT NULL OR NEW.blob_key <> OLD.blob_key OR NEW.name <> OLD.name OR NEW.size <> OLD.size OR NEW.type <> OLD.type
        OR NEW.uploaded_by <> OLD.uploaded_by THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'files are immutable once attached';
      END IF`);
    await q.query(`CREATE TRIGGER files_attached_kept BEFORE DELETE ON files FOR EACH ROW
      IF OLD.attached_at IS NOT NULL THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'an attached file belongs to its record';
      END IF`);

    await q.query(`CREATE TABLE file_access (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      file_id INT UNSIGNED NOT NULL,
      action VARCHAR(10) NOT NULL,
      user_id INT UNSIGNED NOT NULL,
      at DATETIME(3) NOT NULL,
      subject_type VARCHAR(20) NULL,
      subject_id INT UNSIGNED NULL,
      PRIMARY KEY (id),
      KEY ix_file_access_file (file_id, at),
      KEY ix_file_access_user (user_id, at),
      KEY ix_file_access_subject (subject_type, subject_id, at)
    ) ${TABLE_OPTIONS}`);
    await q.query(`CREATE TRIGGER file_access_no_update BEFORE UPDATE ON file_access FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'file access is append-only'`);
    await q.query(`CREATE TRIGGER file_access_no_delete BEFORE DELETE ON file_access FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'file access is append-only'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS file_access');
    await q.query('DROP TABLE IF EXISTS files');
  }
}
