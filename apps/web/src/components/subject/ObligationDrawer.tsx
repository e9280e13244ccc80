import { Descriptions, Drawer, Flex, Grid, Result, Skeleton, Typography } from 'antd';
import type { Schemas } from '../../api/client';
import { useChains, useServerNow, useUnits } from '../../api/queries';
import { formatDateTime, formatPeriod } from '../../lib/dates';
import { countdown } from '../../lib/timeliness';
import { formatFigure } from '../../pages/indicators/standing';
import { EscalationTag, ObligationStateTag, TimelinessTag } from '../tags';
import { EscalationSteps } from './EscalationSteps';
import { SubjectTimeline } from './SubjectTimeline';
import { SupervisionActs } from './SupervisionActs';
import { useObligation } from './subject-queries';
import { T } from './texts';

/** A monthly report's detail (报送义务): who owes it to whom, by when, its steps and its timeline. */
export function ObligationDrawer({ obligationId, onClose }: { obligationId: number | null; onClose: () => void }) {
  const mobile = !Grid.useBreakpoint().md;
  const obligation = useObligation(obligationId);
  const chains = useChains();
  const title = obligation.data
    ? `${obligation.data.chainId !== null ? `${chains.nameOf(obligation.data.chainId)} · ` : ''}${formatPeriod(obligation.data.period)}${T.reportTitle}`
    : T.reportTitle;
  return (
    <Drawer open={obligationId !== null} onClose={onClose} title={title} size={mobile ? '100%' : 640} destroyOnHidden>
      {obligation.isLoading && <Skeleton active />}
      {obligation.isError && <Result status="404" subTitle={T.reportNotFound} />}
      {obligation.data && <ObligationDetail obligation={obligation.data} title={title} />}
    </Drawer>
  );
}

function ObligationDetail({ obligation: o, title }: { obligation: Schemas['ObligationDetailDto']; title: string }) {
  const { nameOf } = useUnits();
  const chains = useChains();
  const { now } = useServerNow();
  const open = o.state === 'OPEN';
  const left = open ? countdown(o.dueAt, now) : null;
  return (
    <Flex vertical gap="middle">
      <Flex gap={4} wrap>
        <ObligationStateTag state={o.state} />
        <TimelinessTag timeliness={o.timeliness} />
        <EscalationTag level={o.escalationLevel} />
      </Flex>
      <SupervisionActs subject={{ type: 'OBLIGATION', id: o.id, title: `${nameOf(o.unitId)} · ${title}`, level: o.escalationLevel, settled: !open }} />
      <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={T.unit}>{nameOf(o.unitId)}</Descriptions.Item>
        <Descriptions.Item label={T.receiver}>{nameOf(o.receiverUnitId)}</Descriptions.Item>
        {o.chainId !== null && <Descriptions.Item label={T.chain}>{chains.nameOf(o.chainId)}</Descriptions.Item>}
        <Descriptions.Item label={T.period}>{formatPeriod(o.period)}</Descriptions.Item>
        <Descriptions.Item label={T.dueAt}>
          {formatDateTime(o.dueAt)}
          {left && (
            <Typography.Text type={left.overdue ? 'danger' : 'secondary'} style={{ marginLeft: 8 }}>
              {left.text}
            </Typography.Text>
          )}
        </Descriptions.Item>
        {o.submittedAt && <Descriptions.Item label={T.submittedAt}>{formatDateTime(o.submittedAt)}</Descriptions.Item>}
        {/* The 工业经济指标月报's year-to-date figures, once given. */}
        {o.indicators.map(
          (i) =>
            i.value !== null && (
              <Descriptions.Item key={i.key} label={i.name}>
                {formatFigure(i.value, i.unit)}
              </Descriptions.Item>
            ),
        )}
      </Descriptions>
      <EscalationSteps steps={o.steps} />
      <SubjectTimeline type="OBLIGATION" id={o.id} />
    </Flex>
  );
}
