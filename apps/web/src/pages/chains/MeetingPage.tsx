import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Col, Collapse, Descriptions, Flex, Grid, Result, Row, Skeleton, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useServerNow, useUnits } from '../../api/queries';
import { PageHeader } from '../../components/PageHeader';
import { EscalationTag, ProblemStateTag, SeverityTag, TaskStateTag } from '../../components/tags';
import { TaskDrawer } from '../../components/task/TaskDrawer';
import { FileList } from '../../components/evidence/FileList';
import { formatDate, formatDateTime, formatMeetingTitle, formatPeriod } from '../../lib/dates';
import { CHAIN_ROLE, LIST_TYPE } from '../../texts';
import { ListTypeTag } from './ChainLists';
import { MeetingStateTag } from './ChainMeetings';
import { useChain } from './ChainPage';
import { M } from './meeting-texts';
import { MinutesDrawer } from './MinutesDrawer';

type ListType = Schemas['ListType'];
/** 催办 / 督办 / 挂牌督办, as the level tags colour them. */
const LEVEL_COLOR: Record<number, string> = { 0: 'default', 1: 'orange', 2: 'volcano', 3: 'magenta' };

/** A meeting: when and who convenes it, its agenda from live data, and once held its minutes and the tasks it decided. */
export default function MeetingPage() {
  const meetingId = Number(useParams().meetingId) || null;
  const [params, setParams] = useSearchParams();
  const { now } = useServerNow();
  const { nameOf } = useUnits();
  const [recording, setRecording] = useState(false);
  const meeting = useQuery({
    queryKey: ['meeting', meetingId],
    enabled: meetingId !== null,
    queryFn: () => call(api.GET('/api/v1/meetings/{id}', { params: { path: { id: meetingId! } } })),
  });
  const agenda = useQuery({
    queryKey: ['meeting-agenda', meetingId],
    enabled: meetingId !== null,
    queryFn: () => call(api.GET('/api/v1/meetings/{id}/agenda', { params: { path: { id: meetingId! } } })),
  });
  const chain = useChain(meeting.data?.chainId ?? null);
  const taskId = Number(params.get('task')) || null;
  if (meeting.isLoading) return <Skeleton active />;
  if (!meeting.data) return <Result status="404" subTitle={M.notFound} />;
  const m = meeting.data;
  const held = m.state === 'HELD';
  const started = Date.parse(m.scheduledAt) <= now;
  // The api says who records the minutes (the convener, a delegate, the chain's leaders or lead department).
  const recorder = m.mayRecordMinutes;
  const crumbs = [{ title: M.home, to: '/' }, { title: M.chains, to: '/chains' }, ...(chain.data ? [{ title: chain.data.name, to: `/chains/${chain.data.id}?tab=meetings` }] : [])];
  return (
    <>
      <PageHeader
        title={formatMeetingTitle(m.title)}
        crumbs={crumbs}
        extra={
          !held &&
          recorder &&
          started && (
            <Button type="primary" icon={<EditOutlined aria-hidden />} onClick={() => setRecording(true)}>
              {M.record}
            </Button>
          )
        }
      />
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card className="section-card" size="small" title={<h2 className="section-title">{M.info}</h2>}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={M.scheduledAt}>{formatDateTime(m.scheduledAt)}</Descriptions.Item>
              {m.convenerRole && <Descriptions.Item label={M.convener}>{CHAIN_ROLE[m.convenerRole as Schemas['ChainRole']] ?? m.convenerRole}</Descriptions.Item>}
              {(m.convenerName || m.convenerUnitId) && (
                <Descriptions.Item label={M.convenedBy}>{m.convenerName ?? (m.convenerUnitId ? nameOf(m.convenerUnitId) : '')}</Descriptions.Item>
              )}
              {m.chainIds.length > 1 && <Descriptions.Item label={M.covers}>{M.chainCount(m.chainIds.length, m.cluster)}</Descriptions.Item>}
              <Descriptions.Item label={M.state}>
                <MeetingStateTag meeting={m} />
              </Descriptions.Item>
              {m.minutesAt && <Descriptions.Item label={M.minutesAt}>{formatDateTime(m.minutesAt)}</Descriptions.Item>}
            </Descriptions>
          </Card>
          <Card className="section-card" size="small" title={<h2 className="section-title">{M.minutes}</h2>}>
            {held ? (
              <>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{m.summary}</Typography.Paragraph>
                <FileList files={m.files} />
                <Decisions decisions={m.decisions} onOpen={(id) => setParams((p) => (p.set('task', String(id)), p))} />
              </>
            ) : (
              <Alert type="info" showIcon title={started ? M.waiting : M.notYet(formatDateTime(m.scheduledAt))} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card className="section-card" size="small">
            {/* Before the meeting its agenda is the page; once held, what it decided is, and the live agenda folds away. */}
            <Collapse
              key={held ? 'held' : 'scheduled'}
              ghost
              defaultActiveKey={held ? [] : ['agenda']}
              items={[
                {
                  key: 'agenda',
                  label: <h2 className="section-title">{M.agenda}</h2>,
                  children: (
                    <>
                      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                        {M.agendaHint}
                      </Typography.Paragraph>
                      {agenda.isLoading && <Skeleton active />}
                      {agenda.data && <Agenda agenda={agenda.data} />}
                    </>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {recording && <MinutesDrawer meeting={m} chain={chain.data ?? null} onClose={() => setRecording(false)} />}
      <TaskDrawer taskId={taskId} onClose={() => setParams((p) => (p.delete('task'), p))} />
    </>
  );
}

function Decisions({ decisions, onOpen }: { decisions: Schemas['MeetingDecisionDto'][]; onOpen: (id: number) => void }) {
  const { nameOf } = useUnits();
  return (
    <section aria-label={M.decisions}>
      <Typography.Title level={5}>{M.decisions}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {M.decisionsHint}
      </Typography.Paragraph>
      {decisions.length === 0 ? (
        <Typography.Text type="secondary">{M.noDecisions}</Typography.Text>
      ) : (
        <ul className="item-list" aria-label={M.decisions}>
          {decisions.map((d) => (
            <li key={d.id}>
              <Flex justify="space-between" align="start" gap="small">
                <div style={{ minWidth: 0 }}>
                  <div className="item-title">
                    <TaskStateTag state={d.state as Schemas['TaskState']} />
                    {d.title}
                  </div>
                  <div className="item-meta">
                    {M.owner(nameOf(d.ownerUnitId))}　{M.due(formatDateTime(d.dueAt))}
                  </div>
                </div>
                <Button size="small" onClick={() => onOpen(d.id)} aria-label={M.viewOf(d.title)} style={{ flex: 'none' }}>
                  {M.view}
                </Button>
              </Flex>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const SHOWN = 5;

/** One part of the agenda: its title and count, its first items, and the rest on demand. */
function Section<T>({ title, items, render, wrap = false }: { title: string; items: T[]; render: (item: T) => ReactNode; wrap?: boolean }) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, SHOWN);
  return (
    <section aria-label={title} className="agenda-section">
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {title} <Badge count={items.length} showZero color={items.length ? '#1677ff' : '#bfbfbf'} overflowCount={999} />
      </Typography.Title>
      {items.length === 0 ? (
        <Typography.Text type="secondary">{M.nothing}</Typography.Text>
      ) : wrap ? (
        <Flex gap={4} wrap>
          {shown.map(render)}
        </Flex>
      ) : (
        <ul className="item-list">{shown.map(render)}</ul>
      )}
      {items.length > SHOWN && (
        <Button type="link" size="small" onClick={() => setAll(!all)} style={{ paddingInline: 0 }}>
          {all ? M.fewer : M.showAll(items.length)}
        </Button>
      )}
    </section>
  );
}

function Agenda({ agenda: a }: { agenda: Schemas['AgendaDto'] }) {
  const { nameOf } = useUnits();
  const narrow = !Grid.useBreakpoint().md;
  const lists = a.lists ?? [];
  const byType = (Object.keys(LIST_TYPE) as ListType[]).map((t) => ({ type: t, items: lists.filter((i) => i.type === t) }));
  return (
    <>
      {a.lists && (
        <section aria-label={M.lists} className="agenda-section">
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {M.lists} <Badge count={lists.length} showZero color="#1677ff" />
          </Typography.Title>
          <Descriptions column={narrow ? 1 : 2} size="small" bordered>
            {byType.map(({ type, items }) => (
              <Descriptions.Item key={type} label={<ListTypeTag type={type} />}>
                {items.length === 0 ? M.nothing : items.map((i) => i.name).join('；')}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </section>
      )}
      {a.listChanges && (
        <section aria-label={M.listChanges} className="agenda-section">
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {M.listChanges}
          </Typography.Title>
          <div>
            {byType.map(({ type }) => (
              <span key={type} style={{ marginInlineEnd: 12, display: 'inline-block' }}>
                {LIST_TYPE[type]}：{M.changeCount(a.listChanges!.summary[type].added, a.listChanges!.summary[type].removed)}
              </span>
            ))}
          </div>
        </section>
      )}
      <Section
        title={M.overdueTasks}
        items={a.overdueTasks}
        render={(t) => (
          <li key={t.id}>
            <div className="item-title">
              <EscalationTag level={t.escalationLevel} />
              {t.title}
            </div>
            <div className="item-meta">
              {M.owner(t.ownerUnitName)}　{M.overdueSince(formatDateTime(t.dueAt))}
            </div>
          </li>
        )}
      />
      {/* Units that owe a report: many, and due at the same instant; one tag each, coloured by level. */}
      <Section
        title={M.overdueReports}
        items={a.overdueReports}
        wrap
        render={(r) => (
          <Tag key={r.id} color={LEVEL_COLOR[r.escalationLevel]} title={M.overdueSince(formatDateTime(r.dueAt))} style={{ marginInlineEnd: 0 }}>
            {M.reportOf(r.unitName, formatPeriod(r.period))}
          </Tag>
        )}
      />
      <Section
        title={M.openProblems}
        items={a.openProblems}
        render={(p) => (
          <li key={p.id}>
            <div className="item-title">
              <SeverityTag severity={p.severity as Schemas['Severity']} />
              <ProblemStateTag state={p.state as Schemas['ProblemState']} />
              {p.title}
            </div>
            <div className="item-meta">
              {M.owner(nameOf(p.routedToUnitId))}　{M.due(formatDate(p.dueAt))}
            </div>
          </li>
        )}
      />
      <Section
        title={M.lastDecisions}
        items={a.lastDecisions}
        render={(d) => (
          <li key={d.id}>
            <div className="item-title">
              <TaskStateTag state={d.state as Schemas['TaskState']} />
              {d.title}
            </div>
            <div className="item-meta">{M.owner(nameOf(d.ownerUnitId))}</div>
          </li>
        )}
      />
    </>
  );
}
