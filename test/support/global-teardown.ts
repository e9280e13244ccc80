import './aliases';
import { rm } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../../libs/config/src/config.module';
import { dataSourceOptions } from '../../libs/persistence/src/data-source';
import { createRedisClient, scanKeys } from '../../libs/queue/src/redis-client';

/** Drops the run's database and its queue keys, unless KEEP_TEST_DB=1. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.KEEP_TEST_DB === '1') return;
  const config = loadAppConfig('/nonexistent/.env');
  const ds = new DataSource({ ...dataSourceOptions(config.database), entities: [], migrations: [] });
  await ds.initialize();
  await ds.query(`DROP DATABASE IF EXISTS \`${config.database.database}\``);
  await ds.destroy();
  await rm(config.files.dir, { recursive: true, force: true });

  const redis = createRedisClient(config.redis);
  // One DEL per key (sent together): a Cluster refuses a DEL of keys in different slots.
  await Promise.all((await scanKeys(redis, `${config.queue.prefix}:*`)).map((key) => redis.del(key)));
  redis.disconnect();
}
