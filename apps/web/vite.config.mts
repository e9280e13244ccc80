import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The web console: built into dist/web, which the api serves at `/`. */
export default defineConfig({
  root: here,
  plugins: [react()],
  // The domain's pure tables (e.g. the task lifecycle) are shared with the api, not copied.
  resolve: { alias: { '@duban/domain': fileURLToPath(new URL('../../libs/domain/src', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // antd is one large vendor chunk shared by every page; each page is its own chunk.
    chunkSizeWarningLimit: 1500,
  },
  // `npm run dev:web` next to a running api (npm start).
  server: { proxy: { '/api': 'http://localhost:3000' } },
  test: { include: ['src/**/*.test.ts'], environment: 'node', reporters: ['default', './vitest.summary-reporter.mjs'] },
});
