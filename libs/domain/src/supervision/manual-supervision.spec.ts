import { PROBLEM_STATES } from '../problems/problem-lifecycle';
import { TASK_STATES } from '../tasks/task-lifecycle';
import { closedReason, DECIDED_LEVELS, decideSupervision, decideUrge, MANUAL_URGE_INTERVAL_MS, SupervisedSubject, SupervisedType } from './manual-supervision';

const STATES: Record<SupervisedType, readonly string[]> = { TASK: TASK_STATES, OBLIGATION: ['OPEN', 'SUBMITTED', 'ACCEPTED'], PROBLEM: PROBLEM_STATES };
/** What DESIGN.md and the console issue say may still be supervised. */
const OPEN: Record<SupervisedType, readonly string[]> = {
  TASK: ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED'],
  OBLIGATION: ['OPEN'],
  PROBLEM: ['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS'],
};
const NOW = new Date('2026-07-21T02:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

const every = () =>
  (Object.keys(STATES) as SupervisedType[]).flatMap((type) => STATES[type].flatMap((state) => [0, 1, 2, 3].map((level): SupervisedSubject => ({ type, id: 7, state, level }))));

describe('which subjects may be supervised by hand', () => {
  it.each(every())('$type in $state at level $level', (s) => {
    expect(closedReason(s) === null).toBe(OPEN[s.type].includes(s.state));
  });

  it('names the field and the state when it refuses', () => {
    expect(closedReason({ type: 'TASK', id: 7, state: 'DONE', level: 0 })).toBe('subjectId: task 7 is DONE; nothing is left to supervise');
    expect(closedReason({ type: 'TASK', id: 7, state: 'DRAFT', level: 0 })).toContain('assign it');
  });
});

describe('催办 now', () => {
  const last = [null, ago(1), ago(30 * 60_000), ago(MANUAL_URGE_INTERVAL_MS - 1), ago(MANUAL_URGE_INTERVAL_MS), ago(2 * MANUAL_URGE_INTERVAL_MS)];

  it.each(every().flatMap((s) => last.map((at) => ({ ...s, at }))))('$type in $state at level $level, last urged $at', ({ at, ...s }) => {
    const outcome = decideUrge(s, at, NOW);
    if (!OPEN[s.type].includes(s.state)) return expect(outcome).toMatchObject({ ok: false, error: 'CONFLICT' });
    if (at && NOW.getTime() - at.getTime() < MANUAL_URGE_INTERVAL_MS) {
      return expect(outcome).toMatchObject({ ok: false, error: 'TOO_SOON', retryAt: new Date(at.getTime() + MANUAL_URGE_INTERVAL_MS) });
    }
    expect(outcome).toEqual({ ok: true, level: Math.max(1, s.level) });
  });

  it('says when the subject may be urged again', () => {
    const outcome = decideUrge({ type: 'OBLIGATION', id: 3, state: 'OPEN', level: 1 }, ago(20 * 60_000), NOW);
    expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining('2026-07-21T02:40:00.000Z') });
    expect(outcome.ok === false && outcome.message.startsWith('subjectId:')).toBe(true);
  });

  it('refuses a settled subject before counting the hour', () => {
    expect(decideUrge({ type: 'PROBLEM', id: 3, state: 'RESOLVED', level: 1 }, ago(1), NOW)).toMatchObject({ error: 'CONFLICT' });
  });
});

describe('督办 and 挂牌督办 by decision', () => {
  const cases = every().flatMap((s) => [null, 2, 3].flatMap((entry) => DECIDED_LEVELS.map((level) => ({ ...s, entry, requested: level }))));

  it.each(cases)('$type in $state at level $level, open entry $entry, deciding $requested', ({ entry, requested, ...s }) => {
    const outcome = decideSupervision(s, entry, requested);
    if (!OPEN[s.type].includes(s.state)) return expect(outcome).toMatchObject({ ok: false, error: 'CONFLICT', message: expect.stringContaining('subjectId') });
    if (entry !== null && requested <= entry) return expect(outcome).toMatchObject({ ok: false, error: 'CONFLICT', message: expect.stringContaining('levels only go up') });
    expect(outcome).toEqual({ ok: true, level: Math.max(s.level, requested), action: requested === 2 ? 'supervise' : 'escalate' });
  });
});
