import type { StepAction } from '../escalation/escalation-policy';
import { Timeliness, timelinessOf } from '../tasks/timeliness';

/**
 * What an escalation step does to an open report obligation's light, which the obligation keeps
 * (its reminders leave no other trace): the lights it changes (all when `from` is left out) and
 * the light they become.
 */
export interface ObligationLightChange {
  readonly from?: readonly Timeliness[];
  readonly to: Timeliness;
}

/**
 * The one definition of an obligation's light under its escalation steps: a reminder turns green
 * to yellow (a light already red stays red); every later step marks it red. The engine's set-wise
 * UPDATE is generated from this table (persistence `obligationLightAssignment`).
 */
export const OBLIGATION_STEP_LIGHT: Readonly<Record<StepAction, ObligationLightChange>> = {
  remind: { from: ['ON_TRACK'], to: 'DUE_SOON' },
  due: { to: 'OVERDUE' },
  urge: { to: 'OVERDUE' },
  supervise: { to: 'OVERDUE' },
  escalate: { to: 'OVERDUE' },
};

/** An open obligation's light after a step ran. */
export function obligationLightAfterStep(action: StepAction, current: Timeliness): Timeliness {
  const change = OBLIGATION_STEP_LIGHT[action];
  return !change.from || change.from.includes(current) ? change.to : current;
}

/** A submitted report's light: the finished lights of the timeliness rules, with the report submitted at `submittedAt`. */
export function reportLight(dueAt: Date, submittedAt: Date): 'ON_TIME' | 'LATE' {
  return timelinessOf({ stage: 'DONE', dueAt, completedAt: submittedAt }, submittedAt, 0) as 'ON_TIME' | 'LATE';
}
