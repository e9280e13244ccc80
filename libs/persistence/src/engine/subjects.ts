import type { SubjectType } from '../entities/event.entity';

/**
 * How the engine reads a kind of subject: its table, the unit that owes the work, the
 * unit that issued or receives it, and when its steps apply. Tasks and obligations share
 * one mechanism through this description.
 */
export interface SubjectTable {
  readonly type: Extract<SubjectType, 'TASK' | 'OBLIGATION' | 'PROBLEM'>;
  readonly table: 'tasks' | 'obligations' | 'problems';
  readonly ownerColumn: string;
  readonly issuerColumn: string;
  /** The instant its steps count from (a problem's: the deadline of its 13710 clock, not its solve-by date). */
  readonly dueColumn: 'due_at' | 'step_due_at';
  /** Steps run only while this holds (alias `s`). */
  readonly active: string;
  /** SQL for the subject's label in notifications and supervision reasons (alias `s`, cadence `c`). */
  readonly label: string;
  readonly join: string;
}

export const SUBJECTS: Readonly<Record<SubjectTable['type'], SubjectTable>> = {
  TASK: {
    type: 'TASK',
    table: 'tasks',
    ownerColumn: 'owner_unit_id',
    issuerColumn: 'issuer_unit_id',
    dueColumn: 'due_at',
    active: `s.state IN ('ASSIGNED', 'IN_PROGRESS')`,
    label: `CONCAT('任务“', s.title, '”')`,
    join: '',
  },
  OBLIGATION: {
    type: 'OBLIGATION',
    table: 'obligations',
    ownerColumn: 'unit_id',
    issuerColumn: 'receiver_unit_id',
    dueColumn: 'due_at',
    active: `s.state = 'OPEN'`,
    label: `CONCAT(c.name, '（', s.period, '）')`,
    join: 'JOIN cadences c ON c.id = s.cadence_id',
  },
  PROBLEM: {
    type: 'PROBLEM',
    table: 'problems',
    ownerColumn: 'routed_to_unit_id',
    issuerColumn: 'raised_by_unit_id',
    dueColumn: 'step_due_at',
    active: `s.state IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS')`,
    label: `CONCAT('问题“', s.title, '”')`,
    join: '',
  },
};
