import { Alert, Descriptions, Drawer, Empty, Flex, Grid, Result, Skeleton, Tag, Timeline, Typography } from 'antd';
import type { Schemas } from '../../api/client';
import { useChains, useServerNow, useUnits } from '../../api/queries';
import { formatDateTime } from '../../lib/dates';
import { countdown } from '../../lib/timeliness';
import { ACTION, PRIORITY, TASK_STATE } from '../../texts';
import { EscalationTag, TaskStateTag, TimelinessTag } from '../tags';
import { TaskActions } from './TaskActions';
import { useTask, useTaskEvents } from './task-queries';
import { T } from './texts';

/** A task's detail, its actions and its timeline (every event: who, when, from, to, why), in a drawer. */
export function TaskDrawer({ taskId, onClose }: { taskId: number | null; onClose: () => void }) {
  const mobile = !Grid.useBreakpoint().md;
  const task = useTask(taskId);
  return (
    <Drawer open={taskId !== null} onClose={onClose} title={task.data?.title ?? T.drawerTitle} size={mobile ? '100%' : 640} destroyOnHidden>
      {task.isLoading && <Skeleton active />}
      {task.isError && <Result status="404" subTitle={T.notFound} />}
      {task.data && <TaskDetail task={task.data} />}
    </Drawer>
  );
}

function TaskDetail({ task }: { task: Schemas['TaskDto'] }) {
  const { nameOf } = useUnits();
  const chains = useChains();
  const { now } = useServerNow();
  const open = !['DONE', 'CANCELLED'].includes(task.state);
  const left = open ? countdown(task.dueAt, now) : null;
  return (
    <Flex vertical gap="middle">
      <Flex gap={4} wrap>
        <TaskStateTag state={task.state} />
        <TimelinessTag timeliness={task.timeliness} />
        <EscalationTag level={task.escalationLevel} />
        {task.priority === 'URGENT' && <Tag color="red">{PRIORITY.URGENT}</Tag>}
      </Flex>
      {task.extension && (
        <Alert
          type="warning"
          showIcon
          title={T.extensionPending(formatDateTime(task.extension.dueAt))}
          description={task.extension.reason ? T.extensionReason(task.extension.reason) : undefined}
        />
      )}
      <TaskActions task={task} />
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={T.issuer}>{nameOf(task.issuerUnitId)}</Descriptions.Item>
        <Descriptions.Item label={T.owner}>{nameOf(task.ownerUnitId)}</Descriptions.Item>
        {task.coUnitIds.length > 0 && <Descriptions.Item label={T.coUnits}>{task.coUnitIds.map(nameOf).join('、')}</Descriptions.Item>}
        {task.chainId !== null && <Descriptions.Item label={T.chain}>{chains.nameOf(task.chainId)}</Descriptions.Item>}
        <Descriptions.Item label={T.dueAt}>
          {formatDateTime(task.dueAt)}
          {left && (
            <Typography.Text type={left.overdue ? 'danger' : 'secondary'} style={{ marginLeft: 8 }}>
              {left.text}
            </Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={T.createdAt}>{formatDateTime(task.createdAt)}</Descriptions.Item>
        {task.completedAt && <Descriptions.Item label={T.completedAt}>{formatDateTime(task.completedAt)}</Descriptions.Item>}
        {task.description && <Descriptions.Item label={T.description}>{task.description}</Descriptions.Item>}
      </Descriptions>
      <TaskTimeline taskId={task.id} />
    </Flex>
  );
}

const DOT: Record<string, string> = { return: 'red', cancel: 'gray', reject_extension: 'red', complete: 'green', urge: 'orange', supervise: 'red', escalate: 'red', remind: 'gold' };

function TaskTimeline({ taskId }: { taskId: number }) {
  const events = useTaskEvents(taskId);
  return (
    <section aria-label={T.timeline}>
      <Typography.Title level={5}>{T.timeline}</Typography.Title>
      {events.isLoading && <Skeleton active />}
      {events.data?.items.length === 0 && <Empty description={T.noEvents} />}
      {events.data && events.data.items.length > 0 && (
        <Timeline
          items={events.data.items.map((e) => ({
            key: e.id,
            color: DOT[e.action] ?? 'blue',
            content: <EventLine event={e} />,
          }))}
        />
      )}
    </section>
  );
}

function EventLine({ event: e }: { event: Schemas['TaskEventDto'] }) {
  const data = (e.data ?? {}) as Record<string, string | undefined>;
  const details: string[] = [];
  if (e.from && e.to && e.from !== e.to) details.push(T.stateChange(TASK_STATE[e.from as Schemas['TaskState']] ?? e.from, TASK_STATE[e.to as Schemas['TaskState']] ?? e.to));
  if (e.action === 'request_extension' && data.requestedDueAt) details.push(T.requestedDueAt(formatDateTime(data.requestedDueAt)));
  if (e.action === 'approve_extension' && data.previousDueAt && data.dueAt) details.push(T.movedDueAt(formatDateTime(data.previousDueAt), formatDateTime(data.dueAt)));
  if (e.action === 'reject_extension' && data.rejectedDueAt) details.push(T.rejectedDueAt(formatDateTime(data.rejectedDueAt)));
  return (
    <div className="timeline-event" data-action={e.action}>
      <div>
        <Typography.Text strong>{ACTION[e.action] ?? e.action}</Typography.Text>
        <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
          {e.actorName ?? T.byEngine}
        </Typography.Text>
      </div>
      <div className="item-meta">{formatDateTime(e.at)}</div>
      {details.length > 0 && <div className="item-meta">{details.join('；')}</div>}
      {e.comment && <div>{T.comment(e.comment)}</div>}
    </div>
  );
}
