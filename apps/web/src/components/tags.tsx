import { Tag } from 'antd';
import type { Schemas } from '../api/client';
import { lightOf } from '../lib/timeliness';
import { ESCALATION, OBLIGATION_STATE, PROBLEM_STATE, SEVERITY, TASK_STATE } from '../texts';

const LIGHT_COLOR = { green: 'green', yellow: 'gold', red: 'red', none: 'default' } as const;

/** 绿灯 / 黄灯 / 红灯 (按时 / 逾期 for finished work), with a dot so colour is not the only cue. */
export function TimelinessTag({ timeliness }: { timeliness: string | null | undefined }) {
  const light = lightOf(timeliness);
  if (light.tone === 'none') return null;
  return (
    <Tag color={LIGHT_COLOR[light.tone]} title={light.hint} data-light={light.tone}>
      ● {light.label}
    </Tag>
  );
}

const LEVEL_COLOR: Record<number, string> = { 1: 'orange', 2: 'volcano', 3: 'magenta' };

/** 催办 (1) / 督办 (2) / 挂牌督办 (3); nothing at level 0. */
export function EscalationTag({ level }: { level: number }) {
  if (!level || !ESCALATION[level]) return null;
  return (
    <Tag color={LEVEL_COLOR[level]} style={level === 3 ? { fontWeight: 600 } : undefined}>
      {ESCALATION[level]}
    </Tag>
  );
}

const STATE_COLOR: Record<Schemas['TaskState'], string> = {
  DRAFT: 'default',
  ASSIGNED: 'blue',
  IN_PROGRESS: 'processing',
  SUBMITTED: 'purple',
  DONE: 'success',
  CANCELLED: 'default',
};

export function TaskStateTag({ state }: { state: Schemas['TaskState'] }) {
  return <Tag color={STATE_COLOR[state]}>{TASK_STATE[state]}</Tag>;
}

export function ObligationStateTag({ state }: { state: Schemas['ObligationState'] }) {
  return <Tag color={state === 'OPEN' ? 'blue' : 'success'}>{OBLIGATION_STATE[state]}</Tag>;
}

const PROBLEM_STATE_COLOR: Record<Schemas['ProblemState'], string> = {
  OPEN: 'blue',
  ACKNOWLEDGED: 'cyan',
  IN_PROGRESS: 'processing',
  RESOLVED: 'success',
  CLOSED: 'default',
};

export function ProblemStateTag({ state }: { state: Schemas['ProblemState'] }) {
  return <Tag color={PROBLEM_STATE_COLOR[state]}>{PROBLEM_STATE[state]}</Tag>;
}

/** 一般问题 / 重大问题 (a major one has a month, 13710). */
export function SeverityTag({ severity }: { severity: Schemas['Severity'] }) {
  return <Tag color={severity === 'MAJOR' ? 'red' : 'default'}>{SEVERITY[severity]}</Tag>;
}
