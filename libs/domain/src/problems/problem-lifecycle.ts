import { Timeliness, timelinessOf, TimelinessStage } from '../tasks/timeliness';

export const PROBLEM_STATES = ['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'] as const;
export type ProblemState = (typeof PROBLEM_STATES)[number];

export const PROBLEM_ACTIONS = ['acknowledge', 'feedback', 'resolve', 'close', 'reopen'] as const;
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number];

export const SEVERITIES = ['GENERAL', 'MAJOR'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** ROUTED: the unit the problem was routed to (the chain's lead department); RAISER: the unit that raised it. */
export type ProblemActor = 'ROUTED' | 'RAISER' | 'SUPERVISOR';

interface ProblemRule {
  readonly from: readonly ProblemState[];
  readonly to: ProblemState;
  readonly actors: readonly ProblemActor[];
  readonly commentRequired: boolean;
}

/**
 * The problem ledger on the 13710 rule: acknowledged (and classified) the same day,
 * progress fed back within 3 days, solved in 7 days (a major one in a month), followed until
 * closed (销号) by the unit that raised it, which may rate the outcome or reopen it.
 */
export const PROBLEM_TRANSITIONS: Readonly<Record<ProblemAction, ProblemRule>> = {
  acknowledge: { from: ['OPEN'], to: 'ACKNOWLEDGED', actors: ['ROUTED', 'SUPERVISOR'], commentRequired: false },
  feedback: { from: ['ACKNOWLEDGED', 'IN_PROGRESS'], to: 'IN_PROGRESS', actors: ['ROUTED'], commentRequired: true },
  resolve: { from: ['ACKNOWLEDGED', 'IN_PROGRESS'], to: 'RESOLVED', actors: ['ROUTED'], commentRequired: true },
  close: { from: ['RESOLVED'], to: 'CLOSED', actors: ['RAISER', 'SUPERVISOR'], commentRequired: false },
  reopen: { from: ['RESOLVED', 'CLOSED'], to: 'IN_PROGRESS', actors: ['RAISER', 'SUPERVISOR'], commentRequired: true },
};

export type ProblemOutcome =
  | { ok: true; from: ProblemState; to: ProblemState }
  | { ok: false; error: 'FORBIDDEN' | 'CONFLICT'; message: string }
  | { ok: false; error: 'INVALID'; field: string; message: string };

export function decideProblemTransition(
  state: ProblemState,
  action: ProblemAction,
  actors: ReadonlySet<ProblemActor>,
  input: { comment?: string; satisfaction?: number; severity?: Severity; plannedAt?: Date },
  problem?: { severity: Severity; now: Date },
): ProblemOutcome {
  const rule = PROBLEM_TRANSITIONS[action];
  if (!rule.actors.some((a) => actors.has(a))) return { ok: false, error: 'FORBIDDEN', message: `action ${action} is not allowed for your unit on this problem` };
  if (!rule.from.includes(state)) return { ok: false, error: 'CONFLICT', message: `action ${action} is not possible in state ${state}` };
  if (rule.commentRequired && !input.comment?.trim()) return { ok: false, error: 'INVALID', field: 'comment', message: `comment is required for ${action}` };
  if (input.severity !== undefined && action !== 'acknowledge') {
    return { ok: false, error: 'INVALID', field: 'severity', message: 'severity is set when the problem is acknowledged' };
  }
  if (input.satisfaction !== undefined && action !== 'close' && action !== 'reopen') {
    return { ok: false, error: 'INVALID', field: 'satisfaction', message: 'satisfaction is given when closing or reopening' };
  }
  if (input.plannedAt !== undefined) {
    const severity = action === 'acknowledge' ? (input.severity ?? problem?.severity) : problem?.severity;
    const why = problem && severity ? plannedAtProblem(action, severity, input.plannedAt, problem.now) : 'plannedAt needs the problem it is stated for';
    if (why) return { ok: false, error: 'INVALID', field: 'plannedAt', message: why };
  }
  // "0": followed to closure with the raiser's rating (坚持“企业满意”标准).
  if (action === 'close' && actors.has('RAISER') && input.satisfaction === undefined) {
    return { ok: false, error: 'INVALID', field: 'satisfaction', message: 'the raising unit rates the outcome (satisfaction 1–5) when it closes the problem' };
  }
  return { ok: true, from: state, to: rule.to };
}

/**
 * Why a plan date cannot be taken, or null: only a major problem (or one being acknowledged as
 * major) states a plan date, when acknowledged or with a feedback, and the date lies ahead.
 */
export function plannedAtProblem(action: ProblemAction, severity: Severity, plannedAt: Date, now: Date): string | null {
  if (action !== 'acknowledge' && action !== 'feedback') return 'plannedAt is stated when acknowledging or feeding back';
  if (severity !== 'MAJOR') return 'plannedAt is stated for a major problem only (a general one is solved within 7 days)';
  if (plannedAt.getTime() <= now.getTime()) return 'plannedAt must be in the future';
  return null;
}

/** 7 days for a general problem, one month for a major one (13710). */
export function problemDueAt(raisedAt: Date, severity: Severity): Date {
  const due = new Date(raisedAt.getTime());
  if (severity === 'MAJOR') due.setUTCMonth(due.getUTCMonth() + 1);
  else due.setUTCDate(due.getUTCDate() + 7);
  return due;
}

/** A problem's stage for timeliness: once resolved (and after, closed) it is done, as of its resolution. */
export function problemStage(state: ProblemState): TimelinessStage {
  return state === 'RESOLVED' || state === 'CLOSED' ? 'DONE' : 'OPEN';
}

/** The traffic light of a problem (the task rules of {@link timelinessOf}, judged at its resolution). */
export function problemTimeliness(
  p: { readonly state: ProblemState; readonly dueAt: Date; readonly resolvedAt: Date | null },
  now: Date,
  dueSoonWindowMs: number,
): Timeliness | null {
  return timelinessOf({ stage: problemStage(p.state), dueAt: p.dueAt, completedAt: p.resolvedAt }, now, dueSoonWindowMs);
}
