import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { serveConsole } from '../console/console.static';
import { useCompression } from './compression';
import { useSecurityHeaders } from './security-headers';

/** The api's plugins in their order (api.app.ts), with JSON routes where Nest's would be. */
async function app(dir: string) {
  const server = Fastify();
  await useSecurityHeaders(server);
  await useCompression(server);
  server.get('/api/v1/units', async () => ({ items: Array.from({ length: 100 }, (_, i) => ({ id: i + 1, name: `单位${i + 1}`, kind: 'DEPARTMENT' })), total: 100 }));
  server.get('/api/v1/me', async () => ({ id: 1 }));
  await serveConsole(server, dir);
  await server.ready();
  return server.server;
}

describe('response compression', () => {
  let dir: string;
  const script = `export const words = ${JSON.stringify(Array.from({ length: 2000 }, (_, i) => `督办${i}`))};`;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), `<!doctype html><title>督办</title><div id="root"></div>${'<!-- -->'.repeat(200)}`);
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), script);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gzips a console script and an api JSON page for a client that accepts gzip, keeping the security headers', async () => {
    const asset = await request(await app(dir))
      .get('/assets/index-abc123.js')
      .set('accept-encoding', 'gzip')
      .expect(200);
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['vary']).toMatch(/accept-encoding/i);
    expect(asset.text).toBe(script); // supertest inflates it
    const page = await request(await app(dir))
      .get('/api/v1/units')
      .set('accept-encoding', 'gzip, deflate')
      .expect(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.body.total).toBe(100);
    for (const res of [asset, page]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
    const index = await request(await app(dir))
      .get('/tasks')
      .set('accept-encoding', 'gzip')
      .expect(200);
    expect(index.headers['content-encoding']).toBe('gzip');
  });

  it('sends plain bytes to a client that does not ask, and small answers as they are', async () => {
    const asset = await request(await app(dir))
      .get('/assets/index-abc123.js')
      .set('accept-encoding', 'identity')
      .expect(200);
    expect(asset.headers['content-encoding']).toBeUndefined();
    expect(Number(asset.headers['content-length'])).toBe(Buffer.byteLength(script));
    const small = await request(await app(dir))
      .get('/api/v1/me')
      .set('accept-encoding', 'gzip')
      .expect(200);
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});
