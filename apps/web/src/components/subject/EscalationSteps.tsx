import { CheckCircleFilled, ClockCircleOutlined } from '@ant-design/icons';
import { Empty, Tag, Timeline, Typography } from 'antd';
import type { Schemas } from '../../api/client';
import { useServerNow } from '../../api/queries';
import { formatDateTime } from '../../lib/dates';
import { countdown } from '../../lib/timeliness';
import { ACTION } from '../../texts';
import { stepStates } from './steps';
import { T } from './texts';

/** 已执行, and when the engine ran a step late (the clock was stopped or moved on): 于…执行. */
function doneText(step: Schemas['StepDto']): string {
  const late = Date.parse(step.doneAt!) - Date.parse(step.at) > 60_000;
  return late ? T.stepDoneLate(formatDateTime(step.doneAt)) : T.stepDone;
}

/** The subject's escalation steps (督办步骤), done and to come, at the engine's own times. */
export function EscalationSteps({ steps }: { steps: Schemas['StepDto'][] }) {
  const { now } = useServerNow();
  const states = stepStates(steps);
  return (
    <section aria-label={T.steps}>
      <Typography.Title level={5} style={{ marginBottom: 4 }}>
        {T.steps}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {T.stepsHint}
      </Typography.Paragraph>
      {steps.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={T.noSteps} />
      ) : (
        <Timeline
          items={steps.map((step, i) => {
            const state = states[i];
            const left = state === 'next' ? countdown(step.at, now) : null;
            return {
              key: `${step.action}-${step.at}`,
              color: state === 'done' ? 'green' : state === 'next' ? 'blue' : 'gray',
              icon: state === 'done' ? <CheckCircleFilled aria-hidden /> : state === 'next' ? <ClockCircleOutlined aria-hidden /> : undefined,
              content: (
                <div className="escalation-step" data-action={step.action} data-state={state}>
                  <div>
                    <Typography.Text strong={state !== 'coming'} type={state === 'coming' ? 'secondary' : undefined}>
                      {ACTION[step.action] ?? step.action}
                    </Typography.Text>
                    {state === 'next' && (
                      <Tag color="blue" style={{ marginInlineStart: 8 }}>
                        {T.stepNext}
                      </Tag>
                    )}
                  </div>
                  <div className="item-meta">{`${formatDateTime(step.at)}　${state === 'done' ? doneText(step) : state === 'next' && left ? left.text : T.stepComing}`}</div>
                </div>
              ),
            };
          })}
        />
      )}
    </section>
  );
}
