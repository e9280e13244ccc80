import official from 'chinese-days/dist/chinese-days.json';
import { officialOverrides } from '../calendar/official-days';
import { WorkCalendar } from '../calendar/work-calendar';
import { MONTHLY_REPORT_POLICY, offsetProblem, recipientsOf, stepTime } from './escalation-policy';

const calendar = new WorkCalendar(officialOverrides(official));
const ZONE = 'Asia/Shanghai';
const DUE_JULY = new Date('2026-07-20T15:59:59Z'); // Monday 20 July, 23:59:59 in Shanghai

describe('escalation policy arithmetic', () => {
  it('places the default monthly-report steps on working days around the 20th of July 2026', () => {
    expect(MONTHLY_REPORT_POLICY.map((step) => [step.action, stepTime(DUE_JULY, step, calendar, ZONE).toISOString()])).toEqual([
      ['remind', '2026-07-15T15:59:59.000Z'],
      ['remind', '2026-07-17T15:59:59.000Z'],
      ['due', '2026-07-20T15:59:59.000Z'],
      ['urge', '2026-07-21T15:59:59.000Z'],
      ['supervise', '2026-07-23T15:59:59.000Z'],
      ['escalate', '2026-08-03T15:59:59.000Z'],
    ]);
  });

  it('counts working days across the National Day holiday', () => {
    const due = new Date('2026-09-30T15:59:59Z');
    expect(stepTime(due, { offset: 1, calendar: 'workday', action: 'urge' }, calendar, ZONE).toISOString()).toBe('2026-10-08T15:59:59.000Z');
    expect(stepTime(due, { offset: 'P1D', calendar: 'workday', action: 'urge' }, calendar, ZONE).toISOString()).toBe('2026-10-08T15:59:59.000Z');
    expect(stepTime(due, { offset: 'P1D', calendar: 'natural', action: 'urge' }, calendar, ZONE).toISOString()).toBe('2026-10-01T15:59:59.000Z');
  });

  it('takes seconds for tests and signs both ways', () => {
    const due = new Date('2026-07-20T02:00:00Z');
    expect(stepTime(due, { offset: 'PT30S', calendar: 'natural', action: 'urge' }, calendar, ZONE).toISOString()).toBe('2026-07-20T02:00:30.000Z');
    expect(stepTime(due, { offset: '-PT2H', calendar: 'natural', action: 'remind' }, calendar, ZONE).toISOString()).toBe('2026-07-20T00:00:00.000Z');
    expect(stepTime(due, { offset: '-P3DT1H', calendar: 'workday', action: 'remind' }, calendar, ZONE).toISOString()).toBe('2026-07-15T01:00:00.000Z');
  });

  it('rejects offsets it cannot place', () => {
    expect(offsetProblem('P1M')).toContain('months');
    expect(offsetProblem('3 days')).toContain('ISO 8601');
    expect(offsetProblem('PT')).toContain('ISO 8601');
    expect(offsetProblem('P99999999999D')).toContain('366 days');
    expect(offsetProblem('PT99999999999999999999S')).toContain('366 days');
    expect(offsetProblem('-P366D')).toBeNull();
    expect(offsetProblem('P')).toContain('ISO 8601');
    expect(offsetProblem(1.5)).toContain('whole number');
    expect(offsetProblem({})).toContain('offset');
    expect(offsetProblem('-P3D')).toBeNull();
  });

  it('notifies the owner, and from urge on the issuer, unless the step names roles', () => {
    expect(recipientsOf({ offset: -1, calendar: 'workday', action: 'remind' })).toEqual(['OWNER']);
    expect(recipientsOf({ offset: 1, calendar: 'workday', action: 'urge' })).toEqual(['OWNER', 'ISSUER']);
    expect(recipientsOf({ offset: 3, calendar: 'workday', action: 'supervise', notify: ['SUPERVISOR'] })).toEqual(['SUPERVISOR']);
  });
});
