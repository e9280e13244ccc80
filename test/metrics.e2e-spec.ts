import { INestApplication } from '@nestjs/common';
import { adminToken, http, startApi } from './support/harness';

/*
 * The api's Prometheus metrics: absent unless DUBAN_METRICS_TOKEN is set, then only for that
 * bearer token; requests timed by route pattern and status, never by the raw path.
 */
describe('api metrics (e2e)', () => {
  const TOKEN = 'prometheus-scrapes-duban-0123';

  describe('without DUBAN_METRICS_TOKEN', () => {
    let app: INestApplication;
    beforeAll(async () => {
      delete process.env.DUBAN_METRICS_TOKEN;
      app = await startApi();
    });
    afterAll(() => app.close());

    it('has no /metrics at all', async () => {
      await http(app).get('/metrics').expect(404);
      await http(app)
        .get('/metrics')
        .set({ authorization: `Bearer ${TOKEN}` })
        .expect(404);
    });
  });

  describe('with DUBAN_METRICS_TOKEN', () => {
    let app: INestApplication;
    beforeAll(async () => {
      process.env.DUBAN_METRICS_TOKEN = TOKEN;
      app = await startApi();
    });
    afterAll(async () => {
      delete process.env.DUBAN_METRICS_TOKEN;
      await app.close();
    });

    it('answers 401 without the token or with another, and the metrics with it', async () => {
      await http(app).get('/metrics').expect(401);
      await http(app)
        .get('/metrics')
        .set({ authorization: `Bearer ${TOKEN}x` })
        .expect(401);
      await http(app)
        .get('/metrics')
        .set({ authorization: `Basic ${TOKEN}` })
        .expect(401);
      const admin = await adminToken(app);
      await http(app)
        .get('/metrics')
        .set({ authorization: `Bearer ${admin}` })
        .expect(401);
      const res = await http(app)
        .get('/metrics')
        .set({ authorization: `Bearer ${TOKEN}` })
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(/^process_cpu_user_seconds_total\{process="api"\} [\d.e+-]+$/m);
    });

    it('times requests by route pattern and status', async () => {
      const admin = await adminToken(app);
      await http(app)
        .get('/api/v1/tasks/987654')
        .set({ authorization: `Bearer ${admin}` })
        .expect(404);
      await http(app)
        .get('/api/v1/tasks/987655')
        .set({ authorization: `Bearer ${admin}` })
        .expect(404);
      await http(app).get('/api/v1/no-such-route/123').expect(404);
      const { text } = await http(app)
        .get('/metrics')
        .set({ authorization: `Bearer ${TOKEN}` })
        .expect(200);
      const count = (route: string, status: string) =>
        text
          .split('\n')
          .filter(
            (line) =>
              line.startsWith('http_request_duration_seconds_count{') && line.includes('method="GET"') && line.includes(`route="${route}"`) && line.includes(`status="${status}"`),
          )
          .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
      expect(count('/api/v1/tasks/:id', '404')).toBe(2);
      expect(text).not.toContain('987654');
      expect(text).not.toContain('no-such-route');
      // An unknown api path matched no route: counted as `unmatched`.
      expect(count('unmatched', '404')).toBe(1);
    });
  });
});
