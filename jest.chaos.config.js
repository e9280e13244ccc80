/* Chaos tests: processes killed, Redis emptied, MariaDB stopped and started (npm run test:chaos). */
const base = require('./jest.config.js');
const e2e = base.projects.find((p) => p.displayName === 'e2e');
module.exports = {
  testTimeout: 300000,
  reporters: base.reporters,
  projects: [{ ...e2e, displayName: 'chaos', testMatch: ['<rootDir>/test/chaos/**/*.chaos-spec.ts'] }],
};
