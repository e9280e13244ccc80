/* Measurements, not tests: real MariaDB and Redis, run on demand (npm run bench:herd). */
const base = require('./jest.config.js');
const e2e = base.projects.find((p) => p.displayName === 'e2e');
module.exports = { testTimeout: 600000, projects: [{ ...e2e, displayName: 'bench', testMatch: ['<rootDir>/bench/**/*.bench-spec.ts'] }] };
