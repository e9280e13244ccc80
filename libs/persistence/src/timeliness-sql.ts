import { TASK_STATES, taskStage, Timeliness, TimelinessCondition, TimelinessStage, TIMELINESS_RULES } from '@duban/domain';

/** How a kind of subject's row holds the facts timeliness reads (SQL expressions over its alias). */
export interface TimelinessColumns {
  /** A predicate for each stage the rules ask about. */
  stage: (stage: Exclude<TimelinessStage, 'CANCELLED'>) => string;
  dueAt: string;
  completedAt: string;
  /** The reminder flag's column; null where the subject has none (never reminded). */
  reminded: string | null;
}

/** A task row (alias `t`): the stage comes from the state by the domain's own mapping. */
export const TASK_TIMELINESS_COLUMNS: TimelinessColumns = {
  stage: (stage) =>
    `t.state IN (${TASK_STATES.filter((s) => taskStage(s) === stage)
      .map((s) => `'${s}'`)
      .join(', ')})`,
  dueAt: 't.due_at',
  completedAt: 't.completed_at',
  reminded: 't.reminded',
};

/**
 * The SQL filter for one traffic light, generated from the domain's rules
 * ({@link TIMELINESS_RULES}), so that a list filtered by timeliness answers exactly the rows whose
 * record shows that light. `now` and `soon` travel as parameters.
 */
export function timelinessWhere(timeliness: Timeliness, columns: TimelinessColumns, instants: { now: Date; soon: Date }): { sql: string; params: Date[] } {
  const params: Date[] = [];
  const render = (c: TimelinessCondition): string => {
    if ('anyOf' in c) return `(${c.anyOf.map(render).join(' OR ')})`;
    if ('stage' in c) return `(${columns.stage(c.stage)})`;
    if ('due' in c) {
      params.push(instants[c.instant]);
      return `${columns.dueAt} ${c.due === 'after' ? '>' : '<='} ?`;
    }
    if ('reminded' in c) return columns.reminded === null ? (c.reminded ? '1 = 0' : '1 = 1') : `${columns.reminded} = ${c.reminded ? 1 : 0}`;
    const byDue = `(${columns.completedAt} IS NOT NULL AND ${columns.completedAt} <= ${columns.dueAt})`;
    return c.completedByDue ? byDue : `NOT ${byDue}`;
  };
  return { sql: `(${TIMELINESS_RULES[timeliness].map(render).join(' AND ')})`, params };
}

/**
 * An obligation row (alias `o`): open until its report is submitted. Its reminders are kept in its
 * stored `timeliness`, not in a flag, so here it counts as never reminded (only its red and
 * finished lights are asked of it).
 */
export const OBLIGATION_TIMELINESS_COLUMNS: TimelinessColumns = {
  stage: (stage) => (stage === 'OPEN' ? `o.state = 'OPEN'` : `o.state <> 'OPEN'`),
  dueAt: 'o.due_at',
  completedAt: 'o.submitted_at',
  reminded: null,
};
