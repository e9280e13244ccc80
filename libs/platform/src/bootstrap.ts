import type { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { AppConfig, loadAppConfig } from '@duban/config';

/**
 * Starts a process: validates configuration first (a bad value stops it with every
 * problem listed), builds the Nest application, and listens for /health.
 */
export async function runProcess(name: string, create: () => Promise<INestApplication>, port: (config: AppConfig) => number): Promise<void> {
  let config: AppConfig;
  try {
    config = loadAppConfig();
  } catch (error) {
    process.stderr.write(`${name}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  try {
    const app = await create();
    const logger = app.get(Logger);
    app.useLogger(logger);
    // Drain, then exit 0 (Nest would otherwise re-raise the signal after cleanup).
    app.enableShutdownHooks([], { useProcessExit: true });
    await app.listen(port(config), '0.0.0.0');
    logger.log(`${name} listening on ${await app.getUrl()}`);
  } catch (error) {
    process.stderr.write(`${name} failed to start: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  }
}
