import { SettingOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Row, Skeleton, Statistic, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useUnits } from '../../api/queries';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { formatPeriod } from '../../lib/dates';
import { errorText } from '../../lib/form-errors';
import { consoleLinkOf } from '../../lib/list-queries';
import { mayOpen } from '../../lib/menu';
import { cardsFor, percent, type CardKey } from '../../lib/workbench';
import { ROLE } from '../../texts';
import { T } from './texts';

type SummaryCard = Schemas['SummaryCardDto'];

const TONE: Partial<Record<CardKey, (count: number) => string | undefined>> = {
  todo: (n) => (n ? '#1677ff' : undefined),
  dueSoon: (n) => (n ? '#d48806' : undefined),
  overdue: (n) => (n ? '#cf1322' : undefined),
  supervision: (n) => (n ? '#c41d7f' : undefined),
};
const RATES: readonly CardKey[] = ['reportsThisMonth', 'completionRate', 'onTimeCompletionRate'];

/** One card: its number opens the list that counts it (the api's link, query and all). */
function SummaryTile({ card }: { card: SummaryCard }) {
  const title = T.card[card.key];
  const to = consoleLinkOf(card.link);
  const totalTo = card.totalLink ? consoleLinkOf(card.totalLink) : null;
  const rated = RATES.includes(card.key);
  const rate = percent(card.rate);
  const value = rated ? (card.key === 'reportsThisMonth' ? T.ofTotal(card.count, card.total ?? 0) : (rate ?? T.noneYet)) : card.count;
  const statistic = <Statistic title={title} value={value} suffix={rated ? undefined : T.unit} styles={{ content: { color: TONE[card.key]?.(card.count) } }} />;
  return (
    <Col xs={12} md={8} xl={6}>
      <Card size="small" hoverable={to !== null} data-card={card.key} data-count={card.count} data-total={card.total} title={undefined} style={{ height: '100%' }}>
        {to ? (
          <Link to={to} aria-label={`${title} ${rated ? `${card.count} / ${card.total ?? 0}` : card.count}`} title={T.hint[card.key]} className="card-link">
            {statistic}
          </Link>
        ) : (
          <div title={T.hint[card.key]}>{statistic}</div>
        )}
        {rated && (
          <Flex justify="space-between" wrap gap={4} className="item-meta" style={{ marginTop: 4 }}>
            <span>{card.key === 'reportsThisMonth' ? (rate ?? T.noneYet) : T.ofTotal(card.count, card.total ?? 0)}</span>
            {totalTo && <Link to={totalTo}>{T.openTotal(card.total ?? 0)}</Link>}
          </Flex>
        )}
      </Card>
    </Col>
  );
}

/** 工作台: the caller's cards from GET /me/summary, each number a way into its list. */
export default function WorkbenchPage() {
  const current = useSession();
  const { nameOf } = useUnits();
  const summary = useQuery({ queryKey: ['counts', 'summary'], queryFn: () => call(api.GET('/api/v1/me/summary')), refetchInterval: 60_000 });
  const user = current?.user;
  if (!user) return null;
  const shown = cardsFor(user.roles);
  const cards = (summary.data?.cards ?? []).filter((c) => shown.includes(c.key)).sort((a, b) => shown.indexOf(a.key) - shown.indexOf(b.key));

  return (
    <>
      <PageHeader title={T.pageTitle}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          <Typography.Text strong>{T.greeting(user.displayName)}</Typography.Text>
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
            {T.unitLine(user.unitId !== null ? nameOf(user.unitId) : T.noUnit, user.roles.map((r) => ROLE[r]).join('、'))}
          </Typography.Text>
        </Typography.Paragraph>
      </PageHeader>
      {summary.isError && <Alert type="error" showIcon title={`${T.failed}：${errorText(summary.error)}`} style={{ marginBottom: 16 }} />}
      {summary.isLoading ? (
        <Skeleton active />
      ) : (
        <section aria-label={T.cardsLabel}>
          <Row gutter={[12, 12]}>
            {cards.map((card) => (
              <SummaryTile key={card.key} card={card} />
            ))}
          </Row>
          {summary.data && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
              {T.month(formatPeriod(summary.data.month))} · {T.year(summary.data.year)}
            </Typography.Paragraph>
          )}
        </section>
      )}
      <Flex gap="small" wrap style={{ marginTop: 8 }}>
        <Link to="/my-work">
          <Button type="primary">{T.goMyWork}</Button>
        </Link>
        <Link to="/tasks">
          <Button>{T.goTasks}</Button>
        </Link>
        {mayOpen(user.roles, 'cadences') && (
          <Link to="/config/cadences" title={T.configHint}>
            <Button icon={<SettingOutlined />}>{T.config}</Button>
          </Link>
        )}
      </Flex>
    </>
  );
}
