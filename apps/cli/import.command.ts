import { HttpException } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AuthUser, ImportsService, ImportView, ProfileLoaderService, readDocx, UnreadableFileError } from '@duban/core';
import { ProposedUnit, UnitDirectory } from '@duban/domain';
import { ImportsRepository, UsersRepository } from '@duban/persistence';

export const IMPORT_USAGE = `usage: duban import FILE [--commit] [--as USERNAME] [--issuer UNIT] [--profile NAME]
                    [--map NAME=UNIT]... [--select SEQ,SEQ,...] [--json]
  FILE            the notice: a .docx, or text (UTF-8)
  --commit        create the tasks and cadences (otherwise only the preview is made and printed)
  --as USERNAME   the account that imports (default admin): its roles and unit count as over HTTP
  --issuer UNIT   the issuing office, by name or id (default the account's unit)
  --profile NAME  load config/profiles/NAME.yaml first (idempotent), so that its units resolve
  --map NAME=UNIT map an unresolved name to a unit (name or id); NAME= leaves it out
  --select SEQS   commit only these tasks
  --json          print the preview (and the commit's answer) as JSON`;

interface ImportArgs {
  file: string;
  commit: boolean;
  as: string;
  issuer?: string;
  profile?: string;
  map: [string, string][];
  select?: number[];
  json: boolean;
}

export function parseImportArgs(argv: string[]): ImportArgs {
  const args: ImportArgs = { file: '', commit: false, as: 'admin', map: [], json: false };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value\n${IMPORT_USAGE}`);
      return v;
    };
    switch (argv[i]) {
      case '--commit':
        args.commit = true;
        break;
      case '--json':
        args.json = true;
        break;
      case '--as':
        args.as = value();
        break;
      case '--issuer':
        args.issuer = value();
        break;
      case '--profile':
        args.profile = value();
        break;
      case '--map': {
        const v = value();
        const at = v.indexOf('=');
        if (at < 1) throw new Error(`--map takes NAME=UNIT, not ${v}\n${IMPORT_USAGE}`);
        args.map.push([v.slice(0, at), v.slice(at + 1)]);
        break;
      }
      case '--select':
        args.select = value()
          .split(',')
          .map((s) => {
            if (!/^\d+$/.test(s.trim())) throw new Error(`--select takes task numbers separated by commas, not ${s}`);
            return Number(s);
          });
        break;
      default:
        if (argv[i].startsWith('--') || args.file) throw new Error(`unexpected argument ${argv[i]}\n${IMPORT_USAGE}`);
        args.file = argv[i];
    }
  }
  if (!args.file) throw new Error(IMPORT_USAGE);
  return args;
}

/** `duban import`: the same preview and commit as POST /imports and /imports/:id/commit, from the shell. Returns the exit code. */
export async function runImport(app: INestApplicationContext, argv: string[], out: (line: string) => void): Promise<number> {
  const args = parseImportArgs(argv);
  if (args.profile) await app.get(ProfileLoaderService).load(args.profile);
  const account = await app.get(UsersRepository).credentials(args.as);
  if (!account || account.disabledAt) throw new Error(`--as: no enabled account ${args.as}`);
  const user: AuthUser = { id: account.id, username: account.username, displayName: account.displayName, roles: account.roles, unitId: account.unitId, mustChangePassword: false };
  const directory = new UnitDirectory(await app.get(ImportsRepository).unitDirectory());
  const unitOf = (flag: string, ref: string) => {
    const id = /^\d+$/.test(ref) ? Number(ref) : directory.find(ref)?.id;
    if (id === undefined || !directory.units.some((u) => u.id === id)) throw new Error(`${flag}: no unit ${ref}`);
    return id;
  };
  const imports = app.get(ImportsService);
  try {
    const buffer = readFileSync(args.file);
    const text = args.file.toLowerCase().endsWith('.docx') ? await readDocx(buffer) : buffer.toString('utf8');
    const preview = await imports.preview(user, { text, source: basename(args.file) }, args.file.toLowerCase().endsWith('.docx') ? 'file' : 'text');
    if (args.json) out(JSON.stringify(preview, null, 2));
    else printPreview(preview, out);
    if (!args.commit) return 0;
    const result = await imports.commit(user, preview.id, {
      ...(args.issuer ? { issuerUnitId: unitOf('--issuer', args.issuer) } : {}),
      ...(args.map.length ? { mapping: Object.fromEntries(args.map.map(([name, unit]) => [name, unit === '' ? null : unitOf('--map', unit)])) } : {}),
      ...(args.select ? { select: args.select } : {}),
    });
    if (args.json) out(JSON.stringify(result, null, 2));
    else {
      out(`committed import ${preview.id}: parent task ${result.parent.id} 「${result.parent.title}」, ${result.tasks.length} tasks (DRAFT), ${result.cadences.length} cadences`);
      for (const { seq, task } of result.tasks) out(`  ${seq}\ttask ${task.id}\tdue ${task.dueAt}\t${task.title}`);
      for (const { seq, cadence } of result.cadences) out(`  ${seq}\tcadence ${cadence.id}\t${cadence.frequency}\t${cadence.name}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof HttpException || error instanceof UnreadableFileError) {
      const body = error instanceof HttpException ? error.getResponse() : error.message;
      const message = typeof body === 'string' ? body : ((body as { message?: string | string[] }).message ?? error.message);
      for (const line of Array.isArray(message) ? message : [message]) out(`refused: ${line}`);
      return 2;
    }
    throw error;
  }
}

function printPreview(p: ImportView, out: (line: string) => void): void {
  const units = (us: ProposedUnit[]) => us.map((u) => (u.unitId !== undefined ? (u.unitName ?? u.name) : `?${u.name}`)).join('、') || '—';
  out(
    `import ${p.id}: ${[p.document.number, p.document.title].filter(Boolean).join(' ') || p.source || ''}${p.document.issuedAt ? ` (${p.document.issuedAt})` : ''}, ${p.tasks.length} tasks, expires ${p.expiresAt}`,
  );
  for (const t of p.tasks) {
    const when = [
      t.dueDate ? `due ${t.dueDate}` : '',
      t.milestones?.length ? `milestones ${t.milestones.join(',')}` : '',
      t.recurrence ? `${t.recurrence.frequency}${t.recurrence.dayOfMonth ? ` day ${t.recurrence.dayOfMonth}` : ''}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    out(`  ${t.seq}\t${t.title}\n\t牵头: ${units(t.leadUnits)}\n\t责任/配合: ${units(t.coUnits)}${when ? `\n\t${when}` : ''}`);
  }
  out(p.unresolvedUnits.length ? `unresolved (map with --map NAME=UNIT, or NAME= to leave out): ${p.unresolvedUnits.join('、')}` : 'every unit resolved');
}
