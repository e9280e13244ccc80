export * from './bootstrap';
export * from './health/health.controller';
export * from './health/health.module';
export * from './health/round-trip.health';
export * from './http/body-parsers';
export * from './http/exception.filter';
export * from './http/public.decorator';
export * from './logging/logging.module';
