import official from 'chinese-days/dist/chinese-days.json';
import { officialOverrides } from '../calendar/official-days';
import { WorkCalendar } from '../calendar/work-calendar';
import { acknowledgeDueAt, feedbackDueAt, raisedClock, retimeProblem, TimedProblem } from './problem-clocks';
import { decideProblemTransition } from './problem-lifecycle';

const calendar = new WorkCalendar(officialOverrides(official));
const ZONE = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);

describe('the 13710 clocks', () => {
  it.each([
    ['a workday morning: that evening', '2026-07-14T10:00:00', '2026-07-14T23:59:59'],
    ['a workday, just before midnight: the same day', '2026-07-14T23:30:00', '2026-07-14T23:59:59'],
    ['a Saturday: the end of Monday', '2026-07-18T10:00:00', '2026-07-20T23:59:59'],
    ['National Day: the end of the first working day after the holiday', '2026-10-02T10:00:00', '2026-10-08T23:59:59'],
    ['a makeup working day (调休): that day', '2026-10-10T10:00:00', '2026-10-10T23:59:59'],
  ])('"1": raised on %s', (_what, raised, due) => {
    expect(acknowledgeDueAt(at(raised), calendar, ZONE)).toEqual(at(due));
    expect(raisedClock(at(raised), calendar, ZONE)).toEqual({ clock: 'ACKNOWLEDGE', policy: 'ACKNOWLEDGE', stepDueAt: at(due) });
  });

  it('"3": first progress within three days of being raised, whatever the day', () => {
    expect(feedbackDueAt(at('2026-07-17T10:00:00'))).toEqual(at('2026-07-20T10:00:00'));
  });

  const raised = at('2026-07-14T10:00:00');
  const general: TimedProblem = { severity: 'GENERAL', dueAt: at('2026-07-21T10:00:00'), createdAt: raised, feedbackAt: null };
  const now = at('2026-07-14T15:00:00');

  it('acknowledging starts the feedback clock; as major, a month from the raise or the plan date', () => {
    expect(retimeProblem(general, 'acknowledge', {}, now)).toEqual({
      clock: 'FEEDBACK',
      policy: 'FEEDBACK',
      stepDueAt: at('2026-07-17T10:00:00'),
      severity: 'GENERAL',
      dueAt: general.dueAt,
    });
    expect(retimeProblem(general, 'acknowledge', { severity: 'MAJOR' }, now)).toMatchObject({ policy: 'FEEDBACK', severity: 'MAJOR', dueAt: at('2026-08-14T10:00:00') });
    const plan = at('2026-09-30T18:00:00');
    expect(retimeProblem(general, 'acknowledge', { severity: 'MAJOR', plannedAt: plan }, now)).toMatchObject({ severity: 'MAJOR', dueAt: plan });
  });

  it('the first feedback starts the solve clock at the solve-by date; a later one changes nothing unless it states a plan date', () => {
    expect(retimeProblem(general, 'feedback', {}, now)).toEqual({ clock: 'SOLVE', policy: 'GENERAL', stepDueAt: general.dueAt, severity: 'GENERAL', dueAt: general.dueAt });
    const fedBack = { ...general, severity: 'MAJOR' as const, feedbackAt: now };
    expect(retimeProblem(fedBack, 'feedback', {}, now)).toBeNull();
    const plan = at('2026-09-30T18:00:00');
    expect(retimeProblem(fedBack, 'feedback', { plannedAt: plan }, now)).toEqual({ clock: 'SOLVE', policy: 'MAJOR', stepDueAt: plan, severity: 'MAJOR', dueAt: plan });
  });

  it('reopening runs another round on the solve clock from now; resolving and closing stop the clocks', () => {
    expect(retimeProblem(general, 'reopen', {}, now)).toMatchObject({ clock: 'SOLVE', policy: 'GENERAL', dueAt: at('2026-07-21T15:00:00') });
    expect(retimeProblem(general, 'resolve', {}, now)).toBeNull();
    expect(retimeProblem(general, 'close', {}, now)).toBeNull();
  });

  it('takes a plan date only for a major problem, on acknowledge or feedback, in the future', () => {
    const routed = new Set(['ROUTED'] as const);
    const plan = at('2026-09-30T18:00:00');
    const decide = (state: 'OPEN' | 'IN_PROGRESS', action: 'acknowledge' | 'feedback' | 'resolve', input: object, severity: 'GENERAL' | 'MAJOR') =>
      decideProblemTransition(state, action, routed, { comment: '方案', ...input }, { severity, now });
    expect(decide('OPEN', 'acknowledge', { severity: 'MAJOR', plannedAt: plan }, 'GENERAL')).toMatchObject({ ok: true });
    expect(decide('IN_PROGRESS', 'feedback', { plannedAt: plan }, 'MAJOR')).toMatchObject({ ok: true });
    expect(decide('OPEN', 'acknowledge', { plannedAt: plan }, 'GENERAL')).toMatchObject({ ok: false, error: 'INVALID', field: 'plannedAt' });
    expect(decide('IN_PROGRESS', 'feedback', { plannedAt: at('2026-07-14T14:00:00') }, 'MAJOR')).toMatchObject({
      ok: false,
      field: 'plannedAt',
      message: 'plannedAt must be in the future',
    });
    expect(decide('IN_PROGRESS', 'resolve', { plannedAt: plan }, 'MAJOR')).toMatchObject({ ok: false, field: 'plannedAt' });
  });

  it('"0": the raiser closes with its rating; a supervisor may close without one', () => {
    expect(decideProblemTransition('RESOLVED', 'close', new Set(['RAISER']), {})).toMatchObject({ ok: false, error: 'INVALID', field: 'satisfaction' });
    expect(decideProblemTransition('RESOLVED', 'close', new Set(['RAISER']), { satisfaction: 4 })).toMatchObject({ ok: true, to: 'CLOSED' });
    expect(decideProblemTransition('RESOLVED', 'close', new Set(['SUPERVISOR']), {})).toMatchObject({ ok: true, to: 'CLOSED' });
  });
});
