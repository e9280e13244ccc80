import official from 'chinese-days/dist/chinese-days.json';
import { officialOverrides } from '../calendar/official-days';
import { WorkCalendar } from '../calendar/work-calendar';
import { MONTHLY_REPORT_POLICY } from './escalation-policy';
import { initialCursor, manualNotificationParts, stepNotificationText, stepsInView } from './step-schedule';

const calendar = new WorkCalendar(officialOverrides(official));
const ZONE = 'Asia/Shanghai';
const DUE = new Date('2026-07-20T15:59:59Z');

describe('where escalation starts', () => {
  it('starts at the first reminder when scheduled early', () => {
    expect(initialCursor(DUE, MONTHLY_REPORT_POLICY, calendar, ZONE, new Date('2026-07-01T00:00:00Z'))).toEqual({
      nextStep: 0,
      nextStepAt: new Date('2026-07-15T15:59:59Z'),
    });
  });

  it('skips reminders already past, but not later steps', () => {
    expect(initialCursor(DUE, MONTHLY_REPORT_POLICY, calendar, ZONE, new Date('2026-07-16T00:00:00Z'))).toMatchObject({ nextStep: 1 });
    // Past due: straight to the due step, which runs at once, then urge etc. in order.
    expect(initialCursor(DUE, MONTHLY_REPORT_POLICY, calendar, ZONE, new Date('2026-07-25T00:00:00Z'))).toEqual({
      nextStep: 2,
      nextStepAt: DUE,
    });
  });

  it('has nothing left when a policy holds only past reminders', () => {
    const steps = [{ offset: -1, calendar: 'workday' as const, action: 'remind' as const }];
    expect(initialCursor(DUE, steps, calendar, ZONE, new Date('2026-08-01T00:00:00Z'))).toEqual({ nextStep: 1, nextStepAt: null });
  });
});

describe('notification text', () => {
  it('names the subject, the unit, the due time and what happens next', () => {
    const text = stepNotificationText(
      'urge',
      { label: '2026年7月产业链工作进展月报', unitName: '经开区', dueLocal: '2026-07-20 23:59' },
      { action: 'supervise', atLocal: '2026-07-23 23:59' },
    );
    expect(text.title).toBe('【催办】2026年7月产业链工作进展月报已逾期，现予催办');
    expect(text.body).toContain('经开区');
    expect(text.body).toContain('2026-07-20 23:59');
    expect(text.body).toContain('2026-07-23 23:59');
    expect(text.body).toContain('督办');
  });
});

describe('steps in view', () => {
  // Monday 20 July 23:59:59 in Shanghai; the default policy's times on the 2026 work calendar.
  const times = ['2026-07-15', '2026-07-17', '2026-07-20', '2026-07-21', '2026-07-23', '2026-08-03'].map((d) => new Date(`${d}T15:59:59Z`));
  const actions = MONTHLY_REPORT_POLICY.map((s) => s.action);
  const view = (runs: Parameters<typeof stepsInView>[4], cursor: Parameters<typeof stepsInView>[5]) => stepsInView(DUE, MONTHLY_REPORT_POLICY, calendar, ZONE, runs, cursor);
  const ran = (index: number, ranAt: Date) => ({ index, action: actions[index], dueAt: DUE, ranAt });

  it('shows every step to come, at the engine’s times, when nothing has run', () => {
    expect(view([], { nextStep: 0, nextStepAt: times[0] })).toEqual(actions.map((action, i) => ({ action, at: times[i], doneAt: null })));
  });

  it('shows steps that ran at their policy time with when they ran, then the rest', () => {
    const late = new Date('2026-07-16T01:00:00Z');
    const steps = view([ran(1, late), ran(0, times[0])], { nextStep: 2, nextStepAt: times[2] });
    expect(steps.slice(0, 2)).toEqual([
      { action: 'remind', at: times[0], doneAt: times[0] },
      { action: 'remind', at: times[1], doneAt: late },
    ]);
    expect(steps.slice(2)).toEqual(actions.slice(2).map((action, i) => ({ action, at: times[i + 2], doneAt: null })));
  });

  it('takes the next step’s instant from the cursor, as the engine fires it', () => {
    const moved = new Date('2026-07-22T15:59:59Z');
    expect(view([], { nextStep: 3, nextStepAt: moved })[0]).toEqual({ action: 'urge', at: moved, doneAt: null });
  });

  it('leaves out reminders skipped when scheduled late', () => {
    expect(view([], { nextStep: 2, nextStepAt: times[2] }).map((s) => s.action)).toEqual(['due', 'urge', 'supervise', 'escalate']);
  });

  it('shows only what ran once the subject is settled, or before it was scheduled', () => {
    expect(view([ran(0, times[0]), ran(2, times[2])], { nextStep: 3, nextStepAt: null })).toHaveLength(2);
    expect(view([], null)).toEqual([]);
  });

  it('shows a step whose policy changed since at the time it ran', () => {
    const runs = [{ index: 0, action: 'urge' as const, dueAt: DUE, ranAt: times[3] }];
    expect(view(runs, null)).toEqual([{ action: 'urge', at: times[3], doneAt: times[3] }]);
  });
});

describe('the text of a supervisor’s act', () => {
  const compose = (parts: ReturnType<typeof manualNotificationParts>) => ({
    title: `${parts.titlePrefix}任务“报送园区用地台账”${parts.titleSuffix}`,
    body: `高新区${parts.bodyInfix}任务“报送园区用地台账”${parts.bodySuffix}`,
  });

  it('urges, naming the subject, the unit, the due time, who urged and the message', () => {
    expect(compose(manualNotificationParts('urge', '2026-07-10 18:00', '督查处王督查', '请于本周内反馈进展。'))).toEqual({
      title: '【催办】任务“报送园区用地台账”现予催办',
      body: '高新区：任务“报送园区用地台账”，截止时间2026-07-10 18:00。督查处王督查催办：请于本周内反馈进展。请尽快办理并反馈。',
    });
  });

  it('puts under supervision and lists it, with the reason', () => {
    expect(compose(manualNotificationParts('supervise', '2026-07-10 18:00', '王督查', '进度滞后')).body).toContain('经王督查决定列入督办清单（督办）。督办事由：进度滞后。');
    const listed = compose(manualNotificationParts('escalate', '2026-07-10 18:00', '王督查', '长期未办结'));
    expect(listed.title).toBe('【挂牌督办】任务“报送园区用地台账”已挂牌督办');
    expect(listed.body).toContain('将在下期通报中点名');
  });
});
