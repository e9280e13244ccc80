/** The most files one action (a submission, a report, a problem's feedback, minutes, a list item) carries. */
export const MAX_FILES_PER_ACTION = 10;

/** How long an upload may wait to be attached before the clean-up removes it. */
export const UNATTACHED_FILE_TTL_MS = 24 * 3600_000;

/** The records evidence files belong to. */
export const FILE_SUBJECT_TYPES = ['TASK', 'OBLIGATION', 'PROBLEM', 'MEETING', 'LIST_ITEM'] as const;
export type FileSubjectType = (typeof FILE_SUBJECT_TYPES)[number];

/** The longest display name kept, in characters (the extension survives the cut). */
export const MAX_FILE_NAME_LENGTH = 200;

// C0 and C1 controls, and the bidirectional overrides and isolates that can disguise an
// extension ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf"). Matching controls is the point here.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The name a file is shown and downloaded under: the last path component of what the client
 * sent (either separator), without control or bidi characters, trimmed, at most
 * {@link MAX_FILE_NAME_LENGTH} characters. Chinese names are kept as they are. Never a path:
 * files are stored under their SHA-256, and this name is only ever displayed.
 */
export function displayFileName(raw: string): string {
  const last = raw.normalize('NFC').replace(UNSAFE, '').split(/[\\/]/).pop() ?? '';
  const name = last.replace(/\s+/g, ' ').trim().replace(/^\.+/, '').trim();
  if (name === '') return '未命名文件';
  if ([...name].length <= MAX_FILE_NAME_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return [...name.slice(0, name.length - ext.length)].slice(0, MAX_FILE_NAME_LENGTH - ext.length).join('') + ext;
}

/**
 * The ids of an action's `fileIds`: distinct, at most {@link MAX_FILES_PER_ACTION}. Answers a
 * message naming the field when the list is refused.
 */
export function checkFileIds(ids: readonly number[] | undefined): { ok: true; ids: number[] } | { ok: false; message: string } {
  const distinct = [...new Set(ids ?? [])];
  if (distinct.length !== (ids?.length ?? 0)) return { ok: false, message: 'fileIds must not repeat a file' };
  if (distinct.length > MAX_FILES_PER_ACTION) return { ok: false, message: `fileIds: at most ${MAX_FILES_PER_ACTION} files per action` };
  return { ok: true, ids: distinct };
}
