import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DirectoryUnit, proposeImport, ProposedTask, ProposedUnit, Recurrence, UnitKind } from '@duban/domain';

/*
 * Per-field accuracy of the importer on the seeds, against the truth files in test/importer-truth
 * (see their headers for how each was made). The directory is what `seed --profile` loads: the
 * profile's units, and for zhengzhou-2021 the units its work points add. Printed by
 * `node dist/apps/cli/main.js importer-accuracy`; the figures are in docs/IMPORTER.md.
 */

export const FIELDS = ['title', 'lead', 'units', 'dueDate', 'recurrence'] as const;
type Field = (typeof FIELDS)[number];

interface TruthTask {
  seq?: number;
  quote?: string;
  title: string;
  lead: string[];
  units: string[];
  dueDate: string | null;
  recurrence: Recurrence | null;
}

export interface SeedAccuracy {
  seed: string;
  truth: number;
  found: number;
  /** Proposed tasks that match no truth task. */
  extra: number;
  correct: Record<Field, number>;
  /** What was wrong, per truth task: `seq or quote: field expected … got …`. */
  misses: string[];
}

export function measureImporterAccuracy(root: string, seedsDir: string): SeedAccuracy[] {
  const truthDir = join(root, 'test/importer-truth');
  return readdirSync(truthDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const truth = parse(readFileSync(join(truthDir, file), 'utf8')) as { seed: string; profile: string; tasks: TruthTask[] };
      const seedFile = readdirSync(seedsDir).find((f) => f.startsWith(`${truth.seed}_`));
      if (!seedFile) throw new Error(`no seed ${truth.seed}_*.txt in ${seedsDir}`);
      const proposal = proposeImport(readFileSync(join(seedsDir, seedFile), 'utf8'), directoryOf(root, truth.profile), { fallbackYear: 2026 });
      if (typeof proposal === 'string') throw new Error(`seed ${truth.seed} is not read: ${proposal}`);
      return score(truth.seed, truth.tasks, proposal.tasks);
    });
}

function score(seed: string, truth: TruthTask[], found: ProposedTask[]): SeedAccuracy {
  const compact = (s: string) => s.replace(/\s+/g, '');
  const used = new Set<ProposedTask>();
  const correct = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>;
  const misses: string[] = [];
  for (const t of truth) {
    const which = t.seq !== undefined ? `#${t.seq}` : `「${t.quote}」`;
    const match = found.find((p) => !used.has(p) && (t.seq !== undefined ? p.seq === t.seq : compact(p.excerpt).includes(compact(t.quote!))));
    if (!match) {
      misses.push(`${which}: not found`);
      continue;
    }
    used.add(match);
    const got: Record<Field, unknown> = {
      title: compact(match.title),
      lead: names(match.leadUnits),
      units: names([...match.leadUnits, ...match.coUnits]),
      dueDate: match.dueDate ?? null,
      recurrence: match.recurrence ?? null,
    };
    const want: Record<Field, unknown> = {
      title: compact(t.title),
      lead: [...new Set(t.lead)].sort(),
      units: [...new Set(t.units)].sort(),
      dueDate: t.dueDate,
      recurrence: t.recurrence,
    };
    for (const f of FIELDS) {
      if (JSON.stringify(got[f]) === JSON.stringify(want[f])) correct[f] += 1;
      else misses.push(`${which} ${f}: expected ${JSON.stringify(want[f])}, got ${JSON.stringify(got[f])}`);
    }
  }
  return { seed, truth: truth.length, found: found.length, extra: found.filter((p) => !used.has(p)).length, correct, misses };
}

/** A unit as the truth names it: the directory's name when resolved, else as written. */
function names(units: ProposedUnit[]): string[] {
  return [...new Set(units.map((u) => u.unitName ?? u.name))].sort();
}

/** The units `seed --profile` loads, with their aliases and collectives. */
export function directoryOf(root: string, profile: string): DirectoryUnit[] {
  type Unit = { name: string; kind: UnitKind; fullName?: string; aliases?: string[]; memberOf?: string[] };
  const read = (file: string) => (existsSync(file) ? ((parse(readFileSync(file, 'utf8')) as { units?: Unit[] }).units ?? []) : []);
  const units = [...read(join(root, 'config/profiles', `${profile}.yaml`)), ...read(join(root, 'config/profiles', `${profile}.work-points.yaml`))];
  return units.map((u, i) => ({ id: i + 1, name: u.name, kind: u.kind, fullName: u.fullName ?? null, aliases: u.aliases ?? [], groups: u.memberOf ?? [] }));
}

/** The figures as the Markdown table of docs/IMPORTER.md. */
export function accuracyTable(results: SeedAccuracy[]): string {
  const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}% (${n}/${d})`);
  const all = results.reduce(
    (a, r) => ({
      truth: a.truth + r.truth,
      found: a.found + r.found,
      extra: a.extra + r.extra,
      correct: Object.fromEntries(FIELDS.map((f) => [f, a.correct[f] + r.correct[f]])) as Record<Field, number>,
    }),
    { truth: 0, found: 0, extra: 0, correct: Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number> },
  );
  const row = (name: string, r: { truth: number; found: number; extra: number; correct: Record<Field, number> }) =>
    `| ${name} | ${r.truth} | ${r.found - r.extra} | ${r.extra} | ${FIELDS.map((f) => pct(r.correct[f], r.truth)).join(' | ')} |`;
  return [
    '| seed | tasks (truth) | found | extra | title | lead units | all units | due date | recurrence |',
    '|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) => row(r.seed, r)),
    row('all', all),
  ].join('\n');
}
