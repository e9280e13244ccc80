import { describe, expect, it } from 'vitest';
import { formatDateTime, formatMeetingTitle, formatPeriod } from './dates';

describe('dates in Chinese, in the profile’s zone', () => {
  it('names every period the api names', () => {
    expect(formatPeriod('2026-07')).toBe('2026年7月');
    expect(formatPeriod('2026-Q3')).toBe('2026年第3季度');
    expect(formatPeriod('2026-H1')).toBe('2026年上半年');
    expect(formatPeriod('2026-H2')).toBe('2026年下半年');
    expect(formatPeriod('2026-W09')).toBe('2026年第9周');
    expect(formatPeriod('2026')).toBe('2026年');
    expect(formatPeriod('someday')).toBe('someday');
  });

  it('reads the period at the end of a meeting’s title', () => {
    expect(formatMeetingTitle('产业链月度工作例会（智能传感器）（2026-07）')).toBe('产业链月度工作例会（智能传感器）（2026年7月）');
    expect(formatMeetingTitle('重点项目周例会（2026-W31）')).toBe('重点项目周例会（2026年第31周）');
    expect(formatMeetingTitle('“10+5”产业链推进工作会议（2026-H2）')).toBe('“10+5”产业链推进工作会议（2026年下半年）');
    expect(formatMeetingTitle('专题会议（智能传感器）')).toBe('专题会议（智能传感器）');
    // A meeting of a cluster or a convener names it before the period.
    expect(formatMeetingTitle('群链长例会（装备制造，2026-Q3）')).toBe('群链长例会（装备制造，2026年第3季度）');
    expect(formatMeetingTitle('群链长责任单位调度会议（省工业和信息化厅，2026-07）')).toBe('群链长责任单位调度会议（省工业和信息化厅，2026年7月）');
  });

  it('shows instants in Asia/Shanghai whatever the browser’s zone', () => {
    expect(formatDateTime('2026-07-20T15:59:00Z')).toBe('2026年7月20日 23:59');
  });
});
