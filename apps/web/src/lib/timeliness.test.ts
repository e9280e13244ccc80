import { describe, expect, it } from 'vitest';
import { countdown, lightOf } from './timeliness';

const DUE = '2026-07-20T10:00:00.000Z';
const at = (ms: number) => Date.parse(DUE) - ms;
const M = 60_000;
const H = 60 * M;
const D = 24 * H;

describe('traffic light', () => {
  it('is green, yellow or red for open work and names finished work on time or late', () => {
    expect(lightOf('ON_TRACK')).toMatchObject({ tone: 'green', label: '绿灯' });
    expect(lightOf('DUE_SOON')).toMatchObject({ tone: 'yellow', label: '黄灯' });
    expect(lightOf('OVERDUE')).toMatchObject({ tone: 'red', label: '红灯' });
    expect(lightOf('ON_TIME')).toMatchObject({ tone: 'green', label: '按时' });
    expect(lightOf('LATE')).toMatchObject({ tone: 'red', label: '逾期' });
  });

  it('shows no light for a cancelled task or an unknown value', () => {
    expect(lightOf(null).tone).toBe('none');
    expect(lightOf('SOMETHING_NEW').tone).toBe('none');
  });
});

describe('countdown', () => {
  it('counts days and hours when more than a day is left', () => {
    expect(countdown(DUE, at(3 * D + 5 * H + 10 * M))).toEqual({ overdue: false, text: '剩余 3 天 5 小时' });
    expect(countdown(DUE, at(2 * D))).toEqual({ overdue: false, text: '剩余 2 天' });
  });

  it('counts hours and minutes inside the last day, minutes inside the last hour', () => {
    expect(countdown(DUE, at(5 * H + 30 * M))).toEqual({ overdue: false, text: '剩余 5 小时 30 分钟' });
    expect(countdown(DUE, at(40 * M + 59_000))).toEqual({ overdue: false, text: '剩余 40 分钟' });
    expect(countdown(DUE, at(30_000))).toEqual({ overdue: false, text: '剩余 不到 1 分钟' });
  });

  it('is overdue from the due instant on, counting up', () => {
    expect(countdown(DUE, at(0)).overdue).toBe(true);
    expect(countdown(DUE, at(-2 * D - 3 * H))).toEqual({ overdue: true, text: '已逾期 2 天 3 小时' });
    expect(countdown(DUE, at(-90 * M))).toEqual({ overdue: true, text: '已逾期 1 小时 30 分钟' });
  });
});
