import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/processes';

/*
 * The console and the API cannot drift: the console's client types (apps/web/src/api/schema.d.ts)
 * must be exactly what the current api's OpenAPI document generates. `npm test` builds the api
 * first; the document comes from the build, where the Swagger plugin's metadata is.
 * A failure means: run `npm run api:schema` and commit the result (then fix the console).
 */
describe('the console and the API cannot drift (e2e)', () => {
  const committed = join(ROOT, 'apps/web/src/api/schema.d.ts');

  it('generates the committed schema.d.ts from the current api', () => {
    if (!existsSync(join(ROOT, 'dist/apps/api/openapi.js'))) throw new Error('dist/apps/api/openapi.js is missing: run `npm run build` (npm test does) first');
    const dir = mkdtempSync(join(tmpdir(), 'duban-schema-'));
    try {
      const out = join(dir, 'schema.d.ts');
      execFileSync(process.execPath, [join(ROOT, 'scripts/api-schema.mjs'), out], { cwd: ROOT, stdio: 'pipe', timeout: 60_000 });
      const generated = readFileSync(out, 'utf8');
      expect(generated.length).toBeGreaterThan(10_000);
      // Compared as a whole; a mismatch shows the first differing line.
      const [a, b] = [readFileSync(committed, 'utf8').split('\n'), generated.split('\n')];
      const first = a.findIndex((line, i) => line !== b[i]);
      expect({ firstDifferentLine: first === -1 && a.length === b.length ? null : first + 1, committed: a[first], generated: b[first] }).toEqual({
        firstDifferentLine: null,
        committed: undefined,
        generated: undefined,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('covers what the console calls, with typed answers', () => {
    const schema = readFileSync(committed, 'utf8');
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/me',
      '/api/v1/units',
      '/api/v1/tasks',
      '/api/v1/tasks/{id}/transitions',
      '/api/v1/tasks/{id}/events',
      '/api/v1/obligations',
      '/api/v1/obligations/{id}/report',
      '/api/v1/notifications',
      '/api/v1/notifications/{id}/read',
    ]) {
      expect(schema).toContain(`"${path}": {`);
    }
    const answers = ['TaskDto', 'TaskPageDto', 'TaskEventPageDto', 'ObligationPageDto', 'NotificationPageDto', 'LoginResultDto', 'MeDto', 'UnitPageDto', 'ChainPageDto'];
    // The supervisors' and chain leaders' pages.
    answers.push('SupervisionPageDto', 'SupervisionSummaryDto', 'UrgeResultDto', 'SupervisionRowDto', 'ObligationDetailDto', 'ProblemPageDto', 'ProblemDto');
    answers.push('ListItemPageDto', 'ListItemDto', 'ListHistoryDto', 'MeetingPageDto', 'MeetingDetailDto', 'AgendaDto', 'MinutesResultDto', 'EvaluationDto', 'AssessmentDto');
    for (const answer of answers) {
      expect(schema).toContain(`"application/json": components["schemas"]["${answer}"]`);
    }
  });
});
