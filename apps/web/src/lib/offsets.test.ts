import { describe, expect, it } from 'vitest';
import { describeOffset, fromOffset, toOffset } from './offsets';

describe('escalation step offsets', () => {
  it('says working-day and ISO offsets in Chinese', () => {
    expect(describeOffset({ offset: -3, calendar: 'workday' })).toBe('截止前 3 个工作日');
    expect(describeOffset({ offset: 1, calendar: 'workday' })).toBe('截止后 1 个工作日');
    expect(describeOffset({ offset: 'PT0S', calendar: 'natural' })).toBe('截止时');
    expect(describeOffset({ offset: '-P3D', calendar: 'natural' })).toBe('截止前 3 天');
    expect(describeOffset({ offset: '-P3D', calendar: 'workday' })).toBe('截止前 3 个工作日');
    expect(describeOffset({ offset: 'P1DT2H30M', calendar: 'natural' })).toBe('截止后 1 天 2 小时 30 分钟');
    expect(describeOffset({ offset: 'PT30S', calendar: 'natural' })).toBe('截止后 30 秒');
  });

  it('turns the editor’s choice into the api’s offset and back', () => {
    expect(toOffset({ unit: 'workdays', amount: -3 })).toEqual({ offset: -3, calendar: 'workday' });
    expect(toOffset({ unit: 'days', amount: -2 })).toEqual({ offset: '-P2D', calendar: 'natural' });
    expect(toOffset({ unit: 'hours', amount: 4 })).toEqual({ offset: 'PT4H', calendar: 'natural' });
    expect(toOffset({ unit: 'iso', iso: ' PT30S ' })).toEqual({ offset: 'PT30S', calendar: 'natural' });
    for (const step of [
      { offset: -3, calendar: 'workday' as const },
      { offset: '-P2D', calendar: 'natural' as const },
      { offset: 'PT4H', calendar: 'natural' as const },
      { offset: 'PT30S', calendar: 'natural' as const },
    ]) {
      expect(toOffset(fromOffset(step))).toEqual(step);
    }
    expect(fromOffset({ offset: '-P3D', calendar: 'workday' })).toEqual({ unit: 'workdays', amount: -3 });
  });
});
