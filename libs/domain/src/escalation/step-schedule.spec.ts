import official from 'chinese-days/dist/chinese-days.json';
import { officialOverrides } from '../calendar/official-days';
import { WorkCalendar } from '../calendar/work-calendar';
import { MONTHLY_REPORT_POLICY } from './escalation-policy';
import { initialCursor, stepNotificationText } from './step-schedule';

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
