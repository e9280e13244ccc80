import { existsSync } from 'node:fs';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { validateEnvironment } from './env.validation';

/**
 * Reads the environment (with `.env` under it, if present), validates it and builds the
 * typed configuration. Throws one error listing every problem.
 */
export function loadAppConfig(envFile = '.env'): AppConfig {
  if (existsSync(envFile)) process.loadEnvFile(envFile); // never overrides variables already set
  return new AppConfig(validateEnvironment(process.env));
}

/** Provides the typed {@link AppConfig}, validated once per process. */
@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => loadAppConfig() }],
  exports: [AppConfig],
})
export class DubanConfigModule {}
