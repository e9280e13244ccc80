import { Empty, Skeleton, Tag, Timeline, Typography } from 'antd';
import type { Schemas } from '../../api/client';
import { formatDateTime } from '../../lib/dates';
import { ACTION, OBLIGATION_STATE, PROBLEM_STATE, SEVERITY, TASK_STATE } from '../../texts';
import { FileList } from '../evidence/FileList';
import { useSubjectEvents, type SupervisedType } from './subject-queries';
import { T } from './texts';

const DOT: Record<string, string> = {
  return: 'red',
  cancel: 'gray',
  reject_extension: 'red',
  complete: 'green',
  resolve: 'green',
  close: 'green',
  reopen: 'red',
  urge: 'orange',
  supervise: 'red',
  escalate: 'red',
  remind: 'gold',
};

const STATES: Record<SupervisedType, Record<string, string>> = { TASK: TASK_STATE, OBLIGATION: OBLIGATION_STATE, PROBLEM: PROBLEM_STATE };

/** A subject's timeline (办理记录): every event, who (the engine or a named person), when, from, to, why. */
export function SubjectTimeline({ type, id }: { type: SupervisedType; id: number }) {
  const events = useSubjectEvents(type, id);
  return (
    <section aria-label={T.timeline}>
      <Typography.Title level={5}>{T.timeline}</Typography.Title>
      {events.isLoading && <Skeleton active />}
      {events.data?.items.length === 0 && <Empty description={T.noEvents} />}
      {events.data && events.data.items.length > 0 && (
        <Timeline items={events.data.items.map((e) => ({ key: e.id, color: DOT[e.action] ?? 'blue', content: <EventLine type={type} event={e} /> }))} />
      )}
    </section>
  );
}

function EventLine({ type, event: e }: { type: SupervisedType; event: Schemas['TaskEventDto'] }) {
  const data = (e.data ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  const states = STATES[type];
  const details: string[] = [];
  if (e.from && e.to && e.from !== e.to) details.push(T.stateChange(states[e.from] ?? e.from, states[e.to] ?? e.to));
  if (e.action === 'request_extension' && text('requestedDueAt')) details.push(T.requestedDueAt(formatDateTime(text('requestedDueAt'))));
  if (e.action === 'approve_extension' && text('previousDueAt') && text('dueAt')) details.push(T.movedDueAt(formatDateTime(text('previousDueAt')), formatDateTime(text('dueAt'))));
  if (e.action === 'reject_extension' && text('rejectedDueAt')) details.push(T.rejectedDueAt(formatDateTime(text('rejectedDueAt'))));
  const severity = text('severity') as Schemas['Severity'] | undefined;
  if (severity && SEVERITY[severity]) details.push(T.severitySet(SEVERITY[severity]));
  if (typeof data.satisfaction === 'number') details.push(T.satisfaction(data.satisfaction));
  const said = e.comment ? (e.action === 'urge' ? T.message(e.comment) : e.action === 'supervise' || e.action === 'escalate' ? T.reason(e.comment) : T.comment(e.comment)) : null;
  return (
    <div className="timeline-event" data-action={e.action}>
      <div>
        <Typography.Text strong>{ACTION[e.action] ?? e.action}</Typography.Text>
        {data.manual === true && (
          <Tag color="red" style={{ marginInlineStart: 6 }}>
            {T.manual}
          </Tag>
        )}
        <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
          {e.actorName ?? T.byEngine}
        </Typography.Text>
      </div>
      <div className="item-meta">{formatDateTime(e.at)}</div>
      {details.length > 0 && <div className="item-meta">{details.join('；')}</div>}
      {said && <div>{said}</div>}
      <FileList files={e.files} compact />
    </div>
  );
}
