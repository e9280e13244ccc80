import { INestApplication } from '@nestjs/common';
import type { Response } from 'supertest';
import { adminToken, createUser, http, startApi, withEnvironment } from './support/harness';

/*
 * What a browser is told about the api's answers: no sniffing, no framing, no X-Powered-By,
 * a Content-Security-Policy that allows the api's own scripts only (the console and Swagger
 * UI live with it), none at all on published notices; and no OpenAPI docs in production
 * unless asked for.
 */
describe('security headers and docs (e2e)', () => {
  let app: INestApplication;
  let admin: string;

  const as = () => ({ authorization: `Bearer ${admin}` });

  /** The CSP's directives by name. */
  function csp(res: Response): Map<string, string[]> {
    const header = res.headers['content-security-policy'] as string | undefined;
    expect(header).toBeDefined();
    return new Map(
      header!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
  }

  function expectHardened(res: Response): void {
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(csp(res).get('frame-ancestors')).toEqual(["'none'"]);
  }

  /** The api's policy: own scripts only, inline styles (antd, Swagger UI), data: images and fonts. */
  function expectApiPolicy(res: Response): void {
    const policy = csp(res);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('script-src-attr')).toEqual(["'none'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy.get('object-src')).toEqual(["'none'"]);
  }

  beforeAll(async () => {
    app = await startApi();
    admin = await adminToken(app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('hardens JSON answers, errors included', async () => {
    for (const res of [
      await http(app).get('/api/v1/me').set(as()).expect(200),
      await http(app).get('/api/v1/me').expect(401),
      await http(app).get('/api/v1/no-such-route').set(as()).expect(404),
      await http(app).post('/api/v1/auth/login').set('content-type', 'application/json').send('{"username":').expect(400),
      await http(app).get('/health'),
    ]) {
      expectHardened(res);
      expectApiPolicy(res);
    }
  });

  it('gzips a JSON page for a client that asks, with the same headers', async () => {
    const res = await http(app).get('/api/v1/calendar/days').query({ from: '2026-01-01', to: '2026-12-31' }).set(as()).set('accept-encoding', 'gzip').expect(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.body.total).toBe(365);
    expectHardened(res);
    expectApiPolicy(res);
    const plain = await http(app).get('/api/v1/calendar/days').query({ from: '2026-01-01', to: '2026-12-31' }).set(as()).set('accept-encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('serves Swagger UI in development within that policy: every script is a file of its own', async () => {
    const page = await http(app).get('/api/docs/').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expectHardened(page);
    expectApiPolicy(page);
    // 'self' scripts only: no inline <script> and no other origin.
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body.trim()).toBe('');
      const src = /src=["']([^"']+)["']/.exec(attributes)?.[1];
      expect(src).toMatch(/^\.\/|^\/api\/docs\//);
      const script = await http(app).get(new URL(src!, 'http://api.test/api/docs/').pathname).expect(200);
      expect(script.headers['content-type']).toMatch(/javascript/);
    }
    // Stylesheets and images come from the api too.
    expect(page.text).not.toMatch(/(href|src)=["']https?:/);
    await http(app).get('/api/docs-json').expect(200);
  });

  it('runs no script on published notices', async () => {
    await http(app).post('/api/v1/evaluations/2025-01/compute').set(as()).expect(200);
    const supervisor = await createUser(app, admin, { roles: ['SUPERVISOR'] });
    await http(app)
      .post('/api/v1/assessments/2025-Q1/publish')
      .set({ authorization: `Bearer ${supervisor.token}` })
      .expect(200);
    for (const path of ['/api/v1/evaluations/2025-01/notice.html', '/api/v1/assessments/2025-Q1/notice.html']) {
      const res = await http(app).get(path).set(as()).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expectHardened(res);
      const policy = csp(res);
      expect(Object.fromEntries(policy)).toEqual({
        'default-src': ["'none'"],
        'style-src': ["'unsafe-inline'"],
        'img-src': ['data:'],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
      });
    }
  });

  describe('in production', () => {
    it('hides the docs', async () => {
      const production = await withEnvironment({ NODE_ENV: 'production', DUBAN_API_DOCS: undefined }, startApi);
      try {
        for (const path of ['/api/docs', '/api/docs/', '/api/docs-json', '/api/docs-yaml', '/api/docs/swagger-ui-init.js']) {
          const res = await http(production).get(path).expect(404);
          expectHardened(res);
        }
        await http(production).get('/health').expect(200);
      } finally {
        await production.close();
      }
    });

    it('serves them when DUBAN_API_DOCS=1', async () => {
      const production = await withEnvironment({ NODE_ENV: 'production', DUBAN_API_DOCS: '1' }, startApi);
      try {
        await http(production).get('/api/docs/').expect(200);
        await http(production).get('/api/docs-json').expect(200);
      } finally {
        await production.close();
      }
    });
  });
});
