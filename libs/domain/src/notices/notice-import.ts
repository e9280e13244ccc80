import type { LocalDate } from '../calendar/local-date';
import type { Recurrence } from './notice-dates';
import { NoticeDocument, NoticeItem, parseNotice } from './notice.parser';
import { DirectoryUnit, ResolvedUnit, UnitDirectory } from './unit-names';

/*
 * The importer's two pure steps: a notice and a directory of units in, a proposal out (what
 * the preview shows); a proposal and a person's corrections in, the tasks to create out (or
 * every reason why not).
 */

/** A unit of a proposed task: resolved (unitId, unitName) or not, and the collective it came from. */
export interface ProposedUnit extends ResolvedUnit {
  /** The directory's name of the unit meant, when resolved. */
  unitName?: string;
}

export interface ProposedTask {
  seq: number;
  label: string;
  title: string;
  detail?: string;
  leadUnits: ProposedUnit[];
  coUnits: ProposedUnit[];
  dueDate?: LocalDate;
  milestones?: LocalDate[];
  recurrence?: Recurrence;
  targets?: string[];
  excerpt: string;
  /** [start, end): where the excerpt stands in the notice's text. */
  start: number;
  end: number;
  format: NoticeItem['format'];
}

export interface ImportProposal {
  document: NoticeDocument;
  /** The year a year-less date took, and the default deadline's year. */
  year: number;
  text: string;
  tasks: ProposedTask[];
  /** Names no unit of the directory answers to, each once, in order of appearance. */
  unresolvedUnits: string[];
}

/** Why a text is not a notice the importer can read. */
export type UnreadableNotice = 'EMPTY' | 'NOT_CHINESE' | 'NO_TASKS' | 'TOO_MANY_TASKS';

/** The most tasks one notice may propose: a notice assigns tens, a thousand is a malformed text. */
export const MAX_NOTICE_TASKS = 1000;

/** Reads a notice against a directory. An empty, non-Chinese or taskless text is refused with its reason. */
export function proposeImport(text: string, units: readonly DirectoryUnit[], options: { fallbackYear: number }): ImportProposal | UnreadableNotice {
  if (!text.trim()) return 'EMPTY';
  // A notice is Chinese: a text with (almost) no CJK characters is some other document.
  const cjk = text.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
  if (cjk < 20 || cjk < text.replace(/\s+/g, '').length * 0.2) return 'NOT_CHINESE';
  const notice = parseNotice(text, options);
  if (notice.items.length === 0) return 'NO_TASKS';
  if (notice.items.length > MAX_NOTICE_TASKS) return 'TOO_MANY_TASKS';
  const directory = new UnitDirectory(units);
  const nameOf = new Map(units.map((u) => [u.id, u.name]));
  const resolve = (mentions: NoticeItem['leadUnits']): ProposedUnit[] =>
    directory.resolve(mentions).map((r) => (r.unitId !== undefined ? { ...r, unitName: nameOf.get(r.unitId) } : r));
  const tasks = notice.items.map((item): ProposedTask => {
    const leadUnits = resolve(item.leadUnits);
    const leadIds = new Set(leadUnits.map((u) => u.unitId).filter((id) => id !== undefined));
    return {
      seq: item.seq,
      label: item.label,
      title: item.title,
      ...(item.detail ? { detail: item.detail } : {}),
      leadUnits,
      // A unit that leads is not also listed among those working with it.
      coUnits: resolve(item.coUnits).filter((u) => u.unitId === undefined || !leadIds.has(u.unitId)),
      ...(item.dueDate ? { dueDate: item.dueDate } : {}),
      ...(item.milestones.length ? { milestones: item.milestones } : {}),
      ...(item.recurrence ? { recurrence: item.recurrence } : {}),
      ...(item.targets.length ? { targets: item.targets } : {}),
      excerpt: item.excerpt,
      start: item.start,
      end: item.end,
      format: item.format,
    };
  });
  return { document: notice.document, year: notice.year, text: notice.text, tasks, unresolvedUnits: unresolvedOf(tasks) };
}

export function unresolvedOf(tasks: readonly ProposedTask[]): string[] {
  return [
    ...new Set(
      tasks
        .flatMap((t) => [...t.leadUnits, ...t.coUnits])
        .filter((u) => u.unitId === undefined)
        .map((u) => u.name),
    ),
  ];
}

/** A person's correction of one proposed task. */
export interface TaskEdit {
  seq: number;
  title?: string;
  dueDate?: LocalDate;
  /** Replace the leads (the first owns the task) or the units working with them. */
  leadUnitIds?: number[];
  coUnitIds?: number[];
  /** A corrected recurrence, or null for none. */
  recurrence?: Recurrence | null;
}

export interface CommitChoices {
  /** Unresolved name → a unit, several units, or null to leave it out. */
  mapping?: Readonly<Record<string, number | number[] | null>>;
  /** The seqs to create (default: every task). */
  select?: readonly number[];
  edits?: readonly TaskEdit[];
}

export interface PlannedTask {
  seq: number;
  title: string;
  detail?: string;
  excerpt: string;
  ownerUnitId: number;
  coUnitIds: number[];
  /** Every lead: who owes a recurring report. */
  leadUnitIds: number[];
  dueDate: LocalDate;
  /** Whether the notice (or an edit) named the deadline; otherwise it is the end of the notice's year. */
  dueNamed: boolean;
  recurrence?: Recurrence;
}

/**
 * Why a commit cannot go ahead: `invalid` choices name something the proposal does not have;
 * `incomplete` ones leave a selected task with an unresolved unit or without a lead.
 */
export interface CommitProblem {
  kind: 'invalid' | 'incomplete';
  message: string;
}

/** The tasks to create, or the problems that stop the commit (each message names the field to correct). */
export type CommitPlan = { ok: true; tasks: PlannedTask[] } | { ok: false; problems: CommitProblem[]; unresolved: string[] };

/**
 * Applies a person's choices to a proposal. Refused while a selected task keeps a unit that is
 * neither resolved nor mapped, or has no lead left; a mapping or edit for something the proposal
 * does not have is refused too, so that a typo cannot pass silently.
 */
export function planCommit(proposal: { year: number; tasks: readonly ProposedTask[] }, choices: CommitChoices): CommitPlan {
  const problems: CommitProblem[] = [];
  const bySeq = new Map(proposal.tasks.map((t) => [t.seq, t]));
  const select = choices.select ?? proposal.tasks.map((t) => t.seq);
  const unknownSeqs = select.filter((s) => !bySeq.has(s));
  if (unknownSeqs.length) problems.push({ kind: 'invalid', message: `select: no task ${unknownSeqs.join(', ')} in this import` });
  if (select.length === 0) problems.push({ kind: 'invalid', message: 'select: choose at least one task' });
  const edits = new Map((choices.edits ?? []).map((e) => [e.seq, e]));
  const stray = [...edits.keys()].filter((s) => !select.includes(s) || !bySeq.has(s));
  if (stray.length) problems.push({ kind: 'invalid', message: `edits: task ${stray.join(', ')} is not among the selected tasks of this import` });
  const unresolvedNames = new Set(unresolvedOf(proposal.tasks));
  const strayNames = Object.keys(choices.mapping ?? {}).filter((n) => !unresolvedNames.has(n));
  if (strayNames.length) problems.push({ kind: 'invalid', message: `mapping: ${strayNames.join(', ')} is not an unresolved unit of this import` });

  const unresolved = new Map<string, number[]>();
  const tasks: PlannedTask[] = [];
  for (const seq of select.filter((s) => bySeq.has(s))) {
    const task = bySeq.get(seq)!;
    const edit = edits.get(seq);
    let pending = false;
    const ids = (units: readonly ProposedUnit[]) =>
      units.flatMap((u) => {
        if (u.unitId !== undefined) return [u.unitId];
        const mapped = choices.mapping?.[u.name];
        if (mapped === undefined) {
          unresolved.set(u.name, [...(unresolved.get(u.name) ?? []), seq]);
          pending = true;
          return [];
        }
        return mapped === null ? [] : Array.isArray(mapped) ? mapped : [mapped];
      });
    const leads = [...new Set(edit?.leadUnitIds ?? ids(task.leadUnits))];
    const co = [...new Set(edit?.coUnitIds ?? ids(task.coUnits))].filter((id) => !leads.includes(id));
    if (leads.length === 0) {
      // A lead still to be mapped is reported as unresolved, not as missing.
      if (!pending) problems.push({ kind: 'incomplete', message: `edits: task ${seq} has no lead unit; give leadUnitIds, or map its units` });
      continue;
    }
    const recurrence = edit?.recurrence === null ? undefined : (edit?.recurrence ?? task.recurrence);
    const dueDate = edit?.dueDate ?? task.dueDate;
    tasks.push({
      seq,
      title: edit?.title ?? task.title,
      ...(task.detail ? { detail: task.detail } : {}),
      excerpt: task.excerpt,
      ownerUnitId: leads[0],
      coUnitIds: [...leads.slice(1), ...co],
      leadUnitIds: leads,
      dueDate: dueDate ?? `${proposal.year}-12-31`,
      dueNamed: dueDate !== undefined,
      ...(recurrence ? { recurrence } : {}),
    });
  }
  for (const [name, seqs] of unresolved) {
    problems.push({
      kind: 'incomplete',
      message: `mapping: ${name} (task ${[...new Set(seqs)].join(', ')}) is not resolved; map it to a unit id, several, or null to leave it out`,
    });
  }
  return problems.length ? { ok: false, problems, unresolved: [...unresolved.keys()] } : { ok: true, tasks };
}
