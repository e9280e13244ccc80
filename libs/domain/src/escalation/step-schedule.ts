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

/** A step the engine ran (a row of step_runs). */
export interface StepRun {
  readonly index: number;
  readonly action: StepAction;
  /** The subject's due instant when the step ran. */
  readonly dueAt: Date;
  readonly ranAt: Date;
}

/** A step as a subject shows it: when it falls, and when it ran (null: still to come). */
export interface StepInView {
  readonly action: StepAction;
  readonly at: Date;
  readonly doneAt: Date | null;
}

/**
 * A subject's escalation steps in its current schedule generation: those that ran, then, while
 * its cursor is armed, every step from the cursor on. Times are the engine's own: the cursor's
 * stored instant for the next step, `cursorAt` for the ones after it (as the engine computes
 * each following step when one runs). A step that ran falls at its policy time for the due
 * instant it ran against, or, if the policy no longer has that step, at the time it ran.
 * Reminders skipped when the subject was scheduled late neither ran nor are to come.
 */
export function stepsInView(dueAt: Date, steps: readonly PolicyStep[], calendar: WorkCalendar, zone: string, runs: readonly StepRun[], cursor: StepCursor | null): StepInView[] {
  const done = [...runs]
    .sort((a, b) => a.index - b.index)
    .map((run): StepInView => {
      const step = steps[run.index];
      const at = step?.action === run.action ? stepTime(run.dueAt, step, calendar, zone) : run.ranAt;
      return { action: run.action, at, doneAt: run.ranAt };
    });
  if (!cursor?.nextStepAt) return done;
  const from = Math.max(cursor.nextStep, ...runs.map((r) => r.index + 1));
  const coming: StepInView[] = [];
  for (let index = from; index < steps.length; index++) {
    const at = index === cursor.nextStep ? cursor.nextStepAt : cursorAt(dueAt, steps, index, calendar, zone).nextStepAt!;
    coming.push({ action: steps[index].action, at, doneAt: null });
  }
  return [...done, ...coming];
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

/** The pieces of a notification's text around the subject's label and its unit's name. */
export interface NotificationParts {
  readonly titlePrefix: string;
  readonly titleSuffix: string;
  readonly bodyInfix: string;
  readonly bodySuffix: string;
}

/**
 * The same text in pieces around the subject's label and unit name, so a herd's
 * notifications can be composed by the database: title = prefix + label + suffix;
 * body = unit + infix + label + suffix.
 */
export function stepNotificationParts(action: StepAction, dueLocal: string, next: { action: StepAction; atLocal: string } | null): NotificationParts {
  const words = ACTION_WORDS[action];
  const then = next ? `如${next.atLocal}前仍未办理，${NEXT_WORDS[action]}（${ACTION_WORDS[next.action].tag}）。` : '请尽快办理并反馈。';
  return { titlePrefix: `【${words.tag}】`, titleSuffix: words.what, bodyInfix: '：', bodySuffix: `，截止时间${dueLocal}，${words.what}。${then}` };
}

/** What a supervisor's act says beyond the engine's words for its step. */
const MANUAL_WORDS: Record<'urge' | 'supervise' | 'escalate', { title: string; act: (by: string) => string; note: string }> = {
  urge: { title: '现予催办', act: (by) => `。${by}催办`, note: '' },
  supervise: { title: '已列入督办清单', act: (by) => `，经${by}决定列入督办清单（督办）`, note: '督办事由' },
  escalate: { title: '已挂牌督办', act: (by) => `，经${by}决定挂牌督办，将在下期通报中点名`, note: '督办事由' },
};

/**
 * The text of a supervisor's 催办, 督办 or 挂牌督办, in the pieces the engine's step
 * notifications use (see {@link stepNotificationParts}): names the subject, its unit, the due
 * time, who acted and their message or reason.
 */
export function manualNotificationParts(action: 'urge' | 'supervise' | 'escalate', dueLocal: string, by: string, note: string): NotificationParts {
  const words = MANUAL_WORDS[action];
  const said = note.trim().replace(/[。．.！!；;，,]+$/u, '');
  const lead = words.note ? `。${words.note}：` : '：';
  return {
    titlePrefix: `【${ACTION_WORDS[action].tag}】`,
    titleSuffix: words.title,
    bodyInfix: '：',
    bodySuffix: `，截止时间${dueLocal}${words.act(by)}${lead}${said}。请尽快办理并反馈。`,
  };
}
