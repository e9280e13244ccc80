import { MigrationInterface, QueryRunner } from 'typeorm';

/** The time zone a mechanism is judged in comes from its profile, stored with it. */
export class ProfileZone1764400000000 implements MigrationInterface {
  name = 'ProfileZone1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE profiles ADD COLUMN timezone VARCHAR(50) NOT NULL DEFAULT 'Asia/Shanghai'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE profiles DROP COLUMN timezone');
  }
}
