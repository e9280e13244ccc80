export * from './org/org.types';
export * from './tasks/task-lifecycle';
export * from './tasks/timeliness';
export * from './time/clock';
