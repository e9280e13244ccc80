/**
 * What a supervisor does by hand (DESIGN.md, "Supervisors also act by hand"): 催办 now, and
 * 督办 (level 2) or 挂牌督办 (level 3) by decision. Pure decisions over the subject as it stands;
 * persistence applies them with a conditional UPDATE and records the event.
 */

export const SUPERVISED_TYPES = ['TASK', 'OBLIGATION', 'PROBLEM'] as const;
export type SupervisedType = (typeof SUPERVISED_TYPES)[number];

/** Escalation levels (DESIGN.md): 1 urged (催办), 2 supervised (督办), 3 listed supervision (挂牌督办). */
export const LEVEL_NAMES: Readonly<Record<number, string>> = { 1: '催办', 2: '督办', 3: '挂牌督办' };

/** The levels a supervisor may decide on; each has the engine's step of the same level. */
export const DECIDED_LEVELS = [2, 3] as const;
export type DecidedLevel = (typeof DECIDED_LEVELS)[number];
export const DECIDED_ACTION: Readonly<Record<DecidedLevel, 'supervise' | 'escalate'>> = { 2: 'supervise', 3: 'escalate' };

/** A subject is urged by hand at most once in this time. */
export const MANUAL_URGE_INTERVAL_MS = 60 * 60_000;

/** States in which a subject is settled: nothing is left to urge or supervise. */
const CLOSED_STATES: Readonly<Record<SupervisedType, readonly string[]>> = {
  TASK: ['DONE', 'CANCELLED'],
  OBLIGATION: ['SUBMITTED', 'ACCEPTED'],
  PROBLEM: ['RESOLVED', 'CLOSED'],
};

/** The subject as a supervisor acts on it. */
export interface SupervisedSubject {
  readonly type: SupervisedType;
  readonly id: number;
  readonly state: string;
  /** The subject's escalation level (0–3). */
  readonly level: number;
}

export type ManualOutcome<T> = ({ ok: true } & T) | { ok: false; error: 'CONFLICT'; message: string } | { ok: false; error: 'TOO_SOON'; retryAt: Date; message: string };

const label = (s: SupervisedSubject) => `${s.type.toLowerCase()} ${s.id}`;

/**
 * Why nothing can be urged or supervised on the subject, or null when it can: a settled subject
 * (task done or cancelled, report submitted, problem resolved or closed) is finished, and a DRAFT
 * task has not reached its owner yet.
 */
export function closedReason(s: SupervisedSubject): string | null {
  if (CLOSED_STATES[s.type].includes(s.state)) return `subjectId: ${label(s)} is ${s.state}; nothing is left to supervise`;
  if (s.type === 'TASK' && s.state === 'DRAFT') return `subjectId: ${label(s)} is a DRAFT; assign it before supervising it`;
  return null;
}

/**
 * 催办 now: the subject's level becomes at least 1. Refused for a settled subject, and within
 * an hour of the last urge by hand (the engine's own urge step does not count).
 */
export function decideUrge(s: SupervisedSubject, lastManualUrgeAt: Date | null, now: Date): ManualOutcome<{ level: number }> {
  const closed = closedReason(s);
  if (closed) return { ok: false, error: 'CONFLICT', message: closed };
  if (lastManualUrgeAt) {
    const retryAt = new Date(lastManualUrgeAt.getTime() + MANUAL_URGE_INTERVAL_MS);
    if (now.getTime() < retryAt.getTime()) {
      return {
        ok: false,
        error: 'TOO_SOON',
        retryAt,
        message: `subjectId: ${label(s)} was urged at ${lastManualUrgeAt.toISOString()}; it may be urged again from ${retryAt.toISOString()}`,
      };
    }
  }
  return { ok: true, level: Math.max(s.level, 1) };
}

/**
 * 督办 (2) or 挂牌督办 (3) by decision: opens the subject's supervision entry or raises the open
 * one. Levels only go up while the entry is open: the same or a lower level is refused.
 */
export function decideSupervision(s: SupervisedSubject, openEntryLevel: number | null, level: DecidedLevel): ManualOutcome<{ level: number; action: 'supervise' | 'escalate' }> {
  const closed = closedReason(s);
  if (closed) return { ok: false, error: 'CONFLICT', message: closed };
  if (openEntryLevel !== null && level <= openEntryLevel) {
    return {
      ok: false,
      error: 'CONFLICT',
      message: `level: ${label(s)} is already under supervision at level ${openEntryLevel} (${LEVEL_NAMES[openEntryLevel]}); levels only go up while it is open`,
    };
  }
  return { ok: true, level: Math.max(s.level, level), action: DECIDED_ACTION[level] };
}
