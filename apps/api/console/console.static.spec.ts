import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { serveConsole } from './console.static';

async function app(dir: string) {
  const server = Fastify();
  server.setNotFoundHandler((_request, reply) => reply.code(404).send({ statusCode: 404 })); // as Nest's
  await serveConsole(server, dir);
  await server.ready();
  return server.server;
}

describe('serving the web console', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>督办</title><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves hashed assets for a year and index.html for every console path, revalidated', async () => {
    const asset = await request(await app(dir))
      .get('/assets/index-abc123.js')
      .expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/my-work', '/tasks/42?state=DONE']) {
      const page = await request(await app(dir))
        .get(path)
        .expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.text).toContain('<div id="root">');
    }
  });

  it('leaves the api, /health and other methods to the api', async () => {
    for (const path of ['/api', '/api/v1/nope', '/health', '/health/x', '/metrics'])
      await request(await app(dir))
        .get(path)
        .expect(404, { statusCode: 404 });
    await request(await app(dir))
      .post('/my-work')
      .expect(404);
  });

  it('still answers without a build, saying how to make one', async () => {
    const page = await request(await app(join(dir, 'missing')))
      .get('/tasks')
      .expect(200);
    expect(page.text).toContain('npm run build');
    await request(await app(join(dir, 'missing')))
      .get('/api/v1/tasks')
      .expect(404);
  });
});
