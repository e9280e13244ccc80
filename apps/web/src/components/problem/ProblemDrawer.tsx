import { Alert, Descriptions, Drawer, Flex, Grid, Rate, Result, Skeleton, Typography } from 'antd';
import type { Schemas } from '../../api/client';
import { useChains, useServerNow, useUnits } from '../../api/queries';
import { formatDateTime } from '../../lib/dates';
import { countdown } from '../../lib/timeliness';
import { EscalationSteps } from '../subject/EscalationSteps';
import { SubjectTimeline } from '../subject/SubjectTimeline';
import { SupervisionActs } from '../subject/SupervisionActs';
import { EscalationTag, ProblemStateTag, SeverityTag, TimelinessTag } from '../tags';
import { ProblemActions } from './ProblemActions';
import { useProblem } from './problem-queries';
import { T } from './texts';

/** A problem of the ledger: who raised it, who solves it by when, its 13710 actions, steps and timeline. */
export function ProblemDrawer({ problemId, onClose }: { problemId: number | null; onClose: () => void }) {
  const mobile = !Grid.useBreakpoint().md;
  const problem = useProblem(problemId);
  return (
    <Drawer open={problemId !== null} onClose={onClose} title={problem.data?.title ?? T.drawerTitle} size={mobile ? '100%' : 640} destroyOnHidden>
      {problem.isLoading && <Skeleton active />}
      {problem.isError && <Result status="404" subTitle={T.notFound} />}
      {problem.data && <ProblemDetail problem={problem.data} />}
    </Drawer>
  );
}

function ProblemDetail({ problem: p }: { problem: Schemas['ProblemDto'] }) {
  const { nameOf } = useUnits();
  const chains = useChains();
  const { now } = useServerNow();
  const settled = p.state === 'RESOLVED' || p.state === 'CLOSED';
  const left = settled ? null : countdown(p.dueAt, now);
  return (
    <Flex vertical gap="middle">
      <Flex gap={4} wrap>
        <ProblemStateTag state={p.state} />
        <SeverityTag severity={p.severity} />
        <TimelinessTag timeliness={p.timeliness} />
        <EscalationTag level={p.escalationLevel} />
      </Flex>
      <Alert type="info" showIcon title={T.rule13710} />
      <Flex gap="small" wrap>
        <ProblemActions problem={p} />
        <SupervisionActs subject={{ type: 'PROBLEM', id: p.id, title: p.title, level: p.escalationLevel, settled }} />
      </Flex>
      <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={T.raisedBy}>{nameOf(p.raisedByUnitId)}</Descriptions.Item>
        <Descriptions.Item label={T.routedTo}>{nameOf(p.routedToUnitId)}</Descriptions.Item>
        {p.chainId !== null && <Descriptions.Item label={T.chain}>{chains.nameOf(p.chainId)}</Descriptions.Item>}
        <Descriptions.Item label={T.createdAt}>{formatDateTime(p.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={T.dueAt}>
          {formatDateTime(p.dueAt)}
          {left && (
            <Typography.Text type={left.overdue ? 'danger' : 'secondary'} style={{ marginLeft: 8 }}>
              {left.text}
            </Typography.Text>
          )}
        </Descriptions.Item>
        {p.obligationId !== null && <Descriptions.Item label={T.fromReport}>{T.fromReportText}</Descriptions.Item>}
        {p.satisfaction !== null && (
          <Descriptions.Item label={T.satisfaction}>
            <Rate disabled value={p.satisfaction} aria-label={T.stars(p.satisfaction)} style={{ fontSize: 14 }} />
          </Descriptions.Item>
        )}
        {p.detail && <Descriptions.Item label={T.detail}>{p.detail}</Descriptions.Item>}
      </Descriptions>
      <EscalationSteps steps={p.steps} />
      <SubjectTimeline type="PROBLEM" id={p.id} />
    </Flex>
  );
}
