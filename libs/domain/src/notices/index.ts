export * from './notice-dates';
export * from './notice-import';
export * from './notice.parser';
export * from './notice-text';
export * from './unit-names';
export * from './notice-html';
