import { existsSync } from 'node:fs';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { secretProblems, validateEnvironment } from './env.validation';

let warned = false;

/**
 * Reads the environment (with `.env` under it, if present), validates it and builds the
 * typed configuration. Throws one error listing every problem. In development, secrets a
 * production process would refuse are allowed, with one loud warning line per process.
 */
export function loadAppConfig(envFile = '.env'): AppConfig {
  if (existsSync(envFile)) process.loadEnvFile(envFile); // never overrides variables already set
  const env = validateEnvironment(process.env);
  if (env.NODE_ENV === 'development' && !warned) {
    const weak = secretProblems(env).map((p) => p.replace(/ in production$/, ''));
    if (weak.length > 0) process.stderr.write(`WARNING: development secrets in use, which NODE_ENV=production refuses: ${weak.join('; ')}\n`);
    warned = true;
  }
  return new AppConfig(env);
}

/** Provides the typed {@link AppConfig}, validated once per process. */
@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => loadAppConfig() }],
  exports: [AppConfig],
})
export class DubanConfigModule {}
