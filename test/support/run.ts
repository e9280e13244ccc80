import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MYSQL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The environment of one test run: its own database and queue prefix. */
export function testEnvironment(run: string): Record<string, string> {
  return {
    DATABASE_URL: `${MYSQL}/duban_test_${run}`,
    REDIS_URL: REDIS,
    QUEUE_PREFIX: `duban-test-${run}`,
    JWT_SECRET: `test-secret-${run}-0123456789abcdef`,
    DUBAN_ADMIN_PASSWORD: 'admin-test-password',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    SCHEDULER_PORT: '0',
    WORKER_PORT: '0',
    DUBAN_FILES_DIR: join(tmpdir(), `duban-test-files-${run}`),
  };
}
