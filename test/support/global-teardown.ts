import './aliases';
import { rm } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../../libs/config/src/config.module';
import { dataSourceOptions } from '../../libs/persistence/src/data-source';

/** Drops the run's database and its queue keys, unless KEEP_TEST_DB=1. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.KEEP_TEST_DB === '1') return;
  const config = loadAppConfig('/nonexistent/.env');
  const ds = new DataSource({ ...dataSourceOptions(config.database), entities: [], migrations: [] });
  await ds.initialize();
  await ds.query(`DROP DATABASE IF EXISTS \`${config.database.database}\``);
  await ds.destroy();
  await rm(config.files.dir, { recursive: true, force: true });

  const redis = new Redis({ host: config.redis.host, port: config.redis.port, password: config.redis.password, db: config.redis.db });
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.queue.prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}
