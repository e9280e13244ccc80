export * from './job.service';
export * from './job.types';
export * from './queue.module';
export * from './job-payload';
export * from './trace-context';
export * from './redis-client';
