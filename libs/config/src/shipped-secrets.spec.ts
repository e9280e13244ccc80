import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isShippedSecret, SHIPPED_SECRETS } from './shipped-secrets';

const ROOT = join(__dirname, '..', '..', '..');

/** Files that ship secrets a reader can copy: every value set there must be on the list. */
function shippedFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f));
  return ['.env.example', 'docker-compose.yml', 'README.md', ...docs];
}

/** `NAME=value`, `NAME: value`, `"password":"value"` and `password = 'value'` assignments. */
const ASSIGNMENTS = [/\b(?:JWT_SECRET|DUBAN_ADMIN_PASSWORD|PASSWORD)\s*[=:]\s*["'`]?([^\s"'`,}]+)/g, /"password"\s*:\s*"([^"]+)"/g, /\bpassword\s*=\s*'([^']+)'/gi];

describe('shipped secrets', () => {
  it('lists every secret or password value written in a shipped file', () => {
    const unlisted: string[] = [];
    for (const file of shippedFiles()) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const pattern of ASSIGNMENTS) {
        for (const [, value] of text.matchAll(pattern)) {
          // References to the environment (${JWT_SECRET:?…}), per-run generated values and placeholders carry no fixed value.
          if (value.includes('${') || value.startsWith('$') || value.startsWith('<') || value.startsWith('process.env')) continue;
          if (!isShippedSecret(value)) unlisted.push(`${file}: ${value}`);
        }
      }
    }
    expect(unlisted).toEqual([]);
  });

  it('matches regardless of case and surrounding space', () => {
    expect(isShippedSecret(' DUBAN-ADMIN-DEV ')).toBe(true);
    expect(isShippedSecret('duban-admin-dev2')).toBe(false);
    expect(SHIPPED_SECRETS.length).toBeGreaterThan(0);
  });
});
