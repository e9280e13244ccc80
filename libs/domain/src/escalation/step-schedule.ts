import { WorkCalendar } from '../calendar/work-calendar';
import { PolicyStep, stepTime, StepAction } from './escalation-policy';

export interface StepCursor {
  /** Index of the next step to run; `steps.length` when none is left. */
  readonly nextStep: number;
  readonly nextStepAt: Date | null;
}

/**
 * Where a subject's escalation starts when it is (re)scheduled at `now`: at the first step
 * still to come, except that steps already past run at once, in order, and reminders that
 * are already past are skipped (a reminder after the fact helps nobody).
 */
export function initialCursor(dueAt: Date, steps: readonly PolicyStep[], calendar: WorkCalendar, zone: string, now: Date): StepCursor {
  let index = 0;
  while (index < steps.length && steps[index].action === 'remind' && stepTime(dueAt, steps[index], calendar, zone).getTime() <= now.getTime()) {
    index += 1;
  }
  return cursorAt(dueAt, steps, index, calendar, zone);
}

/** The first step still to come at `now`: what a changed policy reschedules (past steps stay done). */
export function futureCursor(dueAt: Date, steps: readonly PolicyStep[], calendar: WorkCalendar, zone: string, now: Date): StepCursor {
  let index = 0;
  while (index < steps.length && stepTime(dueAt, steps[index], calendar, zone).getTime() <= now.getTime()) index += 1;
  return cursorAt(dueAt, steps, index, calendar, zone);
}

export function cursorAt(dueAt: Date, steps: readonly PolicyStep[], index: number, calendar: WorkCalendar, zone: string): StepCursor {
  return index < steps.length ? { nextStep: index, nextStepAt: stepTime(dueAt, steps[index], calendar, zone) } : { nextStep: steps.length, nextStepAt: null };
}

const ACTION_WORDS: Record<StepAction, { tag: string; what: string }> = {
  remind: { tag: '提醒', what: '即将到期' },
  due: { tag: '到期', what: '已到截止时间，现已逾期' },
  urge: { tag: '催办', what: '已逾期，现予催办' },
  supervise: { tag: '督办', what: '逾期未办结，已列入督办清单' },
  escalate: { tag: '挂牌督办', what: '长期逾期，已挂牌督办，将在下期通报中点名' },
};

const NEXT_WORDS: Record<StepAction, string> = {
  remind: '请按时办理',
  due: '逾期将予催办',
  urge: '仍未办理将列入督办清单',
  supervise: '仍未办结将挂牌督办并通报',
  escalate: '将在通报中点名',
};

/**
 * The Chinese text of a step's notification: names the subject, the unit, the due time and
 * what happens next.
 */
export function stepNotificationText(
  action: StepAction,
  subject: { label: string; unitName: string; dueLocal: string },
  next: { action: StepAction; atLocal: string } | null,
): { title: string; body: string } {
  const parts = stepNotificationParts(action, subject.dueLocal, next);
  return {
    title: `${parts.titlePrefix}${subject.label}${parts.titleSuffix}`.slice(0, 200),
    body: `${subject.unitName}${parts.bodyInfix}${subject.label}${parts.bodySuffix}`,
  };
}

/**
 * The same text in pieces around the subject's label and unit name, so a herd's
 * notifications can be composed by the database: title = prefix + label + suffix;
 * body = unit + infix + label + suffix.
 */
export function stepNotificationParts(action: StepAction, dueLocal: string, next: { action: StepAction; atLocal: string } | null) {
  const words = ACTION_WORDS[action];
  const then = next ? `如${next.atLocal}前仍未办理，${NEXT_WORDS[action]}（${ACTION_WORDS[next.action].tag}）。` : '请尽快办理并反馈。';
  return { titlePrefix: `【${words.tag}】`, titleSuffix: words.what, bodyInfix: '：', bodySuffix: `，截止时间${dueLocal}，${words.what}。${then}` };
}
