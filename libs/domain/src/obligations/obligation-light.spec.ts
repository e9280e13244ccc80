import { STEP_ACTIONS } from '../escalation/escalation-policy';
import { TIMELINESS } from '../tasks/timeliness';
import { obligationLightAfterStep, reportLight } from './obligation-light';

describe("an obligation's light", () => {
  it('turns yellow at a reminder only from green, and red at every later step', () => {
    expect(obligationLightAfterStep('remind', 'ON_TRACK')).toBe('DUE_SOON');
    expect(obligationLightAfterStep('remind', 'DUE_SOON')).toBe('DUE_SOON');
    expect(obligationLightAfterStep('remind', 'OVERDUE')).toBe('OVERDUE');
    for (const action of STEP_ACTIONS.filter((a) => a !== 'remind')) {
      for (const light of TIMELINESS) expect(obligationLightAfterStep(action, light)).toBe('OVERDUE');
    }
  });

  it('is on time when the report is submitted by its due instant, late after it', () => {
    const due = new Date('2026-07-20T15:59:59Z');
    expect(reportLight(due, new Date('2026-07-01T00:00:00Z'))).toBe('ON_TIME');
    expect(reportLight(due, due)).toBe('ON_TIME');
    expect(reportLight(due, new Date(due.getTime() + 1))).toBe('LATE');
  });
});
