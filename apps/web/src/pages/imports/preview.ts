import { datePhrasesIn } from '@duban/domain/notices/notice-dates';
import { planCommit } from '@duban/domain/notices/notice-import';
import type { Schemas } from '../../api/client';

/*
 * The 导入 page's logic, pure: a recurrence in words, the excerpt's highlights, and the person's
 * choices (selection, unit mapping, corrections) as the commit's body and as the reasons the
 * commit cannot go yet. Whether a task still keeps an unresolved unit or lacks a lead is the
 * domain's planCommit, the rule the api applies to the commit.
 */

export type Preview = Schemas['ImportDto'];
export type ProposedTask = Schemas['ProposedTaskDto'];
type ProposedUnit = Schemas['ProposedUnitDto'];
type Recurrence = Schemas['RecurrenceViewDto'];

/** What a person chose for an unresolved name: some units, or to leave the name out. Absent: not chosen yet. */
export type MappingChoice = number[] | 'omit';

/** A person's corrections of one proposed task. */
export interface RowEdit {
  title?: string;
  /** YYYY-MM-DD. */
  dueDate?: string;
}

export interface Choices {
  selected: readonly number[];
  mapping: Readonly<Record<string, MappingChoice | undefined>>;
  edits: Readonly<Record<number, RowEdit | undefined>>;
}

// ---- A recurrence in words ----

const WEEKDAY_SHORT: Record<number, string> = { 1: '一', 2: '二', 3: '三', 4: '四', 5: '五', 6: '六', 7: '日' };
/** A day of 31 (or more) is the period's last day, as the cadence reads it. */
const LAST_DAY = 31;

/**
 * "每月20日前", "每季度", "每半年", "每年1月20日前", "每周五", as notices write them. A day of 31 is the
 * month's end (底); a month is counted within the period (QUARTERLY 1–3, SEMIANNUAL 1–6), and a
 * day without one falls in the period's last month (末月), as the cadence will have it.
 */
export function recurrenceText(r: Recurrence): string {
  const day = r.dayOfMonth === undefined ? '' : r.dayOfMonth >= LAST_DAY ? '底前' : `${r.dayOfMonth}日前`;
  const within = (period: string) => {
    if (!day) return period;
    if (r.month === undefined) return day === '底前' ? `${period}末` : `${period}末月${day}`;
    return `${period}${r.month === 1 ? '首月' : `第${r.month}个月`}${day}`;
  };
  switch (r.frequency) {
    case 'WEEKLY':
      return `每周${WEEKDAY_SHORT[r.weekday ?? 0] ?? ''}`;
    case 'MONTHLY':
      return `每月${day}`;
    case 'QUARTERLY':
      return within('每季度');
    case 'SEMIANNUAL':
      return within('每半年');
    case 'YEARLY':
      return r.month === undefined ? '每年' : `每年${r.month}月${day}`;
  }
}

// ---- The excerpt's highlights ----

export type SegmentKind = 'plain' | 'unit' | 'unresolved' | 'date' | 'recurrence';
export interface Segment {
  text: string;
  kind: SegmentKind;
}
interface Span {
  start: number;
  end: number;
  kind: Exclude<SegmentKind, 'plain'>;
}

/**
 * The strings by which a task's units appear in its excerpt: each name, its collective, and a
 * name without the 市/省 a notice drops after the first of a list ("市通管办、规划局").
 */
function unitNeedles(units: readonly ProposedUnit[]): { text: string; kind: 'unit' | 'unresolved' }[] {
  const needles = new Map<string, 'unit' | 'unresolved'>();
  const add = (text: string | undefined, kind: 'unit' | 'unresolved') => {
    if (!text || needles.get(text) === 'unresolved') return;
    needles.set(text, kind);
  };
  for (const u of units) {
    const kind = u.unitId === undefined ? 'unresolved' : 'unit';
    add(u.name, kind);
    const bare = /^[市省](.{2,})$/.exec(u.name)?.[1];
    add(bare, kind);
    add(u.group, kind);
  }
  return [...needles].map(([text, kind]) => ({ text, kind }));
}

function occurrences(text: string, needle: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) at.push(i);
  return at;
}

/**
 * Cuts a text into plain and marked segments. Where marks overlap, the earliest wins, and of
 * two starting together the longer ("市工信局" over "工信局", "每年1月20日前" over "每年").
 */
export function segment(text: string, spans: readonly Span[]): Segment[] {
  const ordered = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let at = 0;
  for (const s of ordered) {
    if (s.start < at) continue;
    if (s.start > at) out.push({ text: text.slice(at, s.start), kind: 'plain' });
    out.push({ text: text.slice(s.start, s.end), kind: s.kind });
    at = s.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), kind: 'plain' });
  return out;
}

/** A task's excerpt with its units (resolved or not), dates and recurrences marked. */
export function highlightExcerpt(task: Pick<ProposedTask, 'excerpt' | 'leadUnits' | 'coUnits'>): Segment[] {
  const text = task.excerpt;
  const units = unitNeedles([...task.leadUnits, ...task.coUnits]).flatMap((n) =>
    occurrences(text, n.text).map((start): Span => ({ start, end: start + n.text.length, kind: n.kind })),
  );
  return segment(text, [...units, ...datePhrasesIn(text)]);
}

// ---- Units as the table shows them ----

/** A task's units for display: a collective expanded to its members is one entry with their count. */
export function unitEntries(units: readonly ProposedUnit[]): { label: string; count: number; unresolved: boolean; name: string }[] {
  const out: { label: string; count: number; unresolved: boolean; name: string }[] = [];
  for (const u of units) {
    const unresolved = u.unitId === undefined;
    if (u.group && !unresolved) {
      const same = out.find((e) => e.name === u.group && !e.unresolved);
      if (same) same.count++;
      else out.push({ label: u.group, count: 1, unresolved: false, name: u.group });
    } else out.push({ label: u.unitName ?? u.name, count: 1, unresolved, name: u.name });
  }
  return out;
}

// ---- The mapping control ----

/** The mapping Select's value for "leave the name out" (no unit has id 0). */
export const OMIT = 0;

/** A mapping Select's values as a choice: the last pick of OMIT leaves the name out; a unit picked after it takes its place. */
export function mappingChoiceOf(values: readonly number[]): MappingChoice | undefined {
  if (values.length && values[values.length - 1] === OMIT) return 'omit';
  const units = values.filter((v) => v !== OMIT);
  return units.length ? units : undefined;
}

/** A choice as the mapping Select's values. */
export function mappingValuesOf(choice: MappingChoice | undefined): number[] {
  return choice === 'omit' ? [OMIT] : (choice ?? []);
}

// ---- The commit ----

/** The commit's mapping: every chosen name (one unit as its id, several as a list, left out as null). */
export function commitMapping(unresolvedUnits: readonly string[], mapping: Choices['mapping']): Record<string, number | number[] | null> {
  const out: Record<string, number | number[] | null> = {};
  for (const name of unresolvedUnits) {
    const choice = mapping[name];
    if (choice === 'omit') out[name] = null;
    else if (choice && choice.length === 1) out[name] = choice[0];
    else if (choice && choice.length > 1) out[name] = [...choice];
  }
  return out;
}

/** The corrections of selected tasks that differ from the proposal (a title trimmed). */
export function commitEdits(tasks: readonly ProposedTask[], choices: Pick<Choices, 'selected' | 'edits'>): { seq: number; title?: string; dueDate?: string }[] {
  const out: { seq: number; title?: string; dueDate?: string }[] = [];
  for (const t of tasks) {
    const edit = choices.edits[t.seq];
    if (!edit || !choices.selected.includes(t.seq)) continue;
    const title = edit.title?.trim();
    const changed = {
      ...(title !== undefined && title !== t.title ? { title } : {}),
      ...(edit.dueDate !== undefined && edit.dueDate !== t.dueDate ? { dueDate: edit.dueDate } : {}),
    };
    if (Object.keys(changed).length) out.push({ seq: t.seq, ...changed });
  }
  return out;
}

/** The body of POST /imports/:id/commit. */
export function commitBody(preview: Pick<Preview, 'tasks' | 'unresolvedUnits'>, choices: Choices, issuerUnitId?: number): Schemas['CommitImportDto'] {
  const mapping = commitMapping(preview.unresolvedUnits, choices.mapping);
  const edits = commitEdits(preview.tasks, choices);
  const select = preview.tasks.map((t) => t.seq).filter((seq) => choices.selected.includes(seq));
  return {
    ...(Object.keys(mapping).length ? { mapping } : {}),
    select,
    ...(edits.length ? { edits } : {}),
    ...(issuerUnitId !== undefined ? { issuerUnitId } : {}),
  };
}

/** What stops one task from being committed as chosen. */
export interface RowStatus {
  /** Its names neither resolved nor mapped. */
  unresolved: string[];
  /** No lead is left (its only leads were left out). */
  noLead: boolean;
  /** The deadline it would get, when it has passed. */
  passed: string | null;
  blankTitle: boolean;
}

/**
 * Each task's status under the person's choices, by the domain's planCommit (the api's own
 * rule), and its deadline against today (YYYY-MM-DD in the profile's zone): the api refuses a
 * deadline that has passed.
 */
export function rowStatuses(preview: Pick<Preview, 'year' | 'tasks' | 'unresolvedUnits'>, choices: Choices, today: string): Map<number, RowStatus> {
  const mapping = commitMapping(preview.unresolvedUnits, choices.mapping);
  const statuses = new Map<number, RowStatus>();
  for (const task of preview.tasks) {
    const edit = choices.edits[task.seq];
    const dueEdit = edit?.dueDate !== undefined ? { dueDate: edit.dueDate } : {};
    const plan = planCommit(preview, { mapping, select: [task.seq], edits: [{ seq: task.seq, ...dueEdit }] });
    const unresolved = plan.ok ? [] : plan.unresolved;
    const noLead = !plan.ok && unresolved.length === 0 && plan.problems.some((p) => p.kind === 'incomplete');
    const due = plan.ok ? plan.tasks[0].dueDate : (edit?.dueDate ?? task.dueDate);
    statuses.set(task.seq, {
      unresolved,
      noLead,
      passed: due !== undefined && due < today ? due : null,
      blankTitle: edit?.title !== undefined && edit.title.trim() === '',
    });
  }
  return statuses;
}

export type Blocker =
  | { kind: 'noneSelected' }
  | { kind: 'unresolved'; name: string; seqs: number[] }
  | { kind: 'noLead'; seqs: number[] }
  | { kind: 'passed'; seqs: number[] }
  | { kind: 'blankTitle'; seqs: number[] };

/** Why the selected tasks cannot be committed yet, one reason per kind (per name for unresolved units). */
export function commitBlockers(selected: readonly number[], statuses: ReadonlyMap<number, RowStatus>): Blocker[] {
  if (selected.length === 0) return [{ kind: 'noneSelected' }];
  const byName = new Map<string, number[]>();
  const seqsOf = (test: (s: RowStatus) => boolean) => selected.filter((seq) => statuses.get(seq) && test(statuses.get(seq)!));
  for (const seq of selected) for (const name of statuses.get(seq)?.unresolved ?? []) byName.set(name, [...(byName.get(name) ?? []), seq]);
  const blockers: Blocker[] = [...byName].map(([name, seqs]) => ({ kind: 'unresolved' as const, name, seqs }));
  for (const kind of ['noLead', 'passed', 'blankTitle'] as const) {
    const seqs = seqsOf((s) => (kind === 'passed' ? s.passed !== null : s[kind]));
    if (seqs.length) blockers.push({ kind, seqs });
  }
  return blockers;
}
