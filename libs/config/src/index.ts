export * from './app-config';
export * from './config.module';
export * from './database-replicas';
export * from './env.validation';
export * from './redis-url';
export * from './shipped-secrets';
