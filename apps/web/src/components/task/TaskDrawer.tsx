import { Alert, Descriptions, Drawer, Flex, Grid, Result, Skeleton, Tag, Typography } from 'antd';
import type { Schemas } from '../../api/client';
import { useChains, useServerNow, useUnits } from '../../api/queries';
import { formatDateTime } from '../../lib/dates';
import { countdown } from '../../lib/timeliness';
import { PRIORITY } from '../../texts';
import { EscalationSteps } from '../subject/EscalationSteps';
import { SubjectTimeline } from '../subject/SubjectTimeline';
import { SupervisionActs } from '../subject/SupervisionActs';
import { EscalationTag, TaskStateTag, TimelinessTag } from '../tags';
import { SplitButton, SubtaskTable } from './Subtasks';
import { TaskActions } from './TaskActions';
import { useTask } from './task-queries';
import { T } from './texts';

/** A task's detail, its actions, its escalation steps and its timeline (every event: who, when, from, to, why), in a drawer. */
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
      <Flex gap="small" wrap>
        <TaskActions task={task} />
        <SplitButton task={task} />
        <SupervisionActs subject={{ type: 'TASK', id: task.id, title: task.title, level: task.escalationLevel, settled: !open || task.state === 'DRAFT' }} />
      </Flex>
      <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
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
      <SubtaskTable task={task} />
      <EscalationSteps steps={task.steps} />
      <SubjectTimeline type="TASK" id={task.id} />
    </Flex>
  );
}
