import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Result, Skeleton, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { ItemList } from '../../components/ItemList';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../auth/session';
import { formatDateTime, inZone } from '../../lib/dates';
import { errorText } from '../../lib/form-errors';
import { mayOpen } from '../../lib/menu';
import { COMMON } from '../../texts';
import { NoticeForm } from './NoticeForm';
import { PreviewEditor } from './PreviewEditor';
import type { Preview } from './preview';
import { T } from './texts';

type Answer = Schemas['CommitResultDto'];
type Summary = Schemas['ImportSummaryDto'];

/**
 * 导入: a notice pasted or uploaded (/imports) becomes a preview (/imports/:id) that is
 * corrected and committed as DRAFT tasks and report cadences; a committed import shows what it
 * created. Lead departments, supervisors and admins, as the api allows.
 */
export default function ImportsPage() {
  const { importId } = useParams();
  const id = Number(importId) || null;
  const [answer, setAnswer] = useState<Answer | null>(null);
  const preview = useQuery({
    queryKey: ['imports', id],
    enabled: id !== null,
    queryFn: () => call(api.GET('/api/v1/imports/{id}', { params: { path: { id: id! } } })),
  });
  const step = id === null ? 0 : preview.data?.committedAt ? 2 : 1;

  return (
    <>
      <PageHeader title={T.pageTitle} crumbs={[{ title: T.home, to: '/' }]} />
      <Steps size="small" current={step} items={T.steps.map((title) => ({ title }))} className="section-card" responsive={false} />
      {id === null ? (
        <>
          <NoticeForm />
          <RecentImports />
        </>
      ) : preview.isPending ? (
        <Skeleton active />
      ) : preview.isError ? (
        <Result
          status="warning"
          title={T.loadFailed}
          subTitle={errorText(preview.error)}
          extra={
            <Link to="/imports">
              <Button type="primary">{T.again}</Button>
            </Link>
          }
        />
      ) : preview.data.committedAt ? (
        <CommitResult preview={preview.data} answer={answer?.import.id === id ? answer : null} />
      ) : (
        <PreviewEditor key={preview.data.id} preview={preview.data} onCommitted={setAnswer} />
      )}
    </>
  );
}

/** What a commit created: the parent task, each task (with its link) and the cadences. */
function CommitResult({ preview, answer }: { preview: Preview; answer: Answer | null }) {
  const navigate = useNavigate();
  const current = useSession();
  const result = preview.result ?? { tasks: [], cadences: [] };
  const titleOf = (seq: number) => answer?.tasks.find((t) => t.seq === seq)?.task.title ?? preview.tasks.find((t) => t.seq === seq)?.title ?? `第 ${seq} 项`;
  const cadenceName = (seq: number) => answer?.cadences.find((c) => c.seq === seq)?.cadence.name ?? T.cadenceOf(seq);
  const mayOpenCadences = current ? mayOpen(current.user.roles, 'cadences') : false;
  const drafts = `/tasks?${new URLSearchParams(answer ? draftsQuery(answer) : { state: 'DRAFT' })}`;
  return (
    <Card className="section-card" size="small">
      <Result
        status="success"
        title={T.doneTitle(result.tasks.length, result.cadences.length)}
        subTitle={T.doneSub}
        extra={
          <Flex gap="small" wrap justify="center">
            <Link to={drafts}>
              <Button type="primary">{T.openDrafts}</Button>
            </Link>
            <Button onClick={() => navigate('/imports')}>{T.again}</Button>
          </Flex>
        }
        style={{ paddingBlock: 16 }}
      />
      <Flex vertical gap="middle">
        {preview.parentTaskId !== null && (
          <div>
            <Typography.Text strong>{T.parent}：</Typography.Text>
            <Link to={`/tasks/${preview.parentTaskId}`}>{answer?.parent.title ?? preview.document.title ?? T.untitled}</Link>
          </div>
        )}
        <div>
          <Typography.Text strong>{T.createdTasks}</Typography.Text>
          <ol className="import-created" aria-label={T.createdTasks}>
            {result.tasks.map((t) => (
              <li key={t.taskId} data-task={t.taskId}>
                <Link to={`/tasks/${t.taskId}`}>{titleOf(t.seq)}</Link>
              </li>
            ))}
          </ol>
        </div>
        {result.cadences.length > 0 && (
          <div>
            <Typography.Text strong>{T.createdCadences}</Typography.Text>
            <ul className="import-created" aria-label={T.createdCadences}>
              {result.cadences.map((c) => (
                <li key={c.cadenceId}>{mayOpenCadences ? <Link to={`/config/cadences/${c.cadenceId}`}>{cadenceName(c.seq)}</Link> : cadenceName(c.seq)}</li>
              ))}
            </ul>
          </div>
        )}
        {preview.committedAt && (
          <Typography.Text type="secondary">
            {T.committedAt}：{formatDateTime(preview.committedAt)}
          </Typography.Text>
        )}
      </Flex>
    </Card>
  );
}

/** The task list's filters that show what a commit created: its drafts, from its issuer, due within its tasks' dates. */
function draftsQuery(answer: Answer): Record<string, string> {
  const dates = [answer.parent, ...answer.tasks.map((t) => t.task)].map((t) => inZone(t.dueAt).format('YYYY-MM-DD')).sort();
  return { state: 'DRAFT', issuerUnitId: String(answer.parent.issuerUnitId), dueFrom: dates[0], dueTo: dates[dates.length - 1] };
}

const RECENT_PAGE = 10;

/** The caller's previews and committed imports, newest first. */
function RecentImports() {
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['imports', 'list', page],
    queryFn: () => call(api.GET('/api/v1/imports', { params: { query: { page, pageSize: RECENT_PAGE } } })),
    placeholderData: (previous) => previous,
  });
  const render = (i: Summary) => (
    <Flex vertical gap={4} data-import={i.id}>
      <Link className="item-title" to={`/imports/${i.id}`}>
        {i.document.title ?? i.source ?? T.untitled}
      </Link>
      <div className="item-meta">
        {[
          i.document.number,
          i.source && (
            <span translate="no" key="source">
              {i.source}
            </span>
          ),
          formatDateTime(i.createdAt),
          T.taskCount(i.taskCount),
        ]
          .filter(Boolean)
          .map((part, n) => (
            <span key={n}>
              {n > 0 && ' · '}
              {part}
            </span>
          ))}
      </div>
      <div>{i.committedAt ? <Tag color="green">{T.committed}</Tag> : <Tag color="blue">{T.draft}</Tag>}</div>
    </Flex>
  );
  return (
    <Card
      className="section-card"
      size="small"
      title={<h2 className="section-title">{T.recent}</h2>}
      data-list={T.recent}
      data-total={list.isFetching ? undefined : list.data?.total}
    >
      {list.isError ? (
        <Alert
          type="error"
          showIcon
          title={errorText(list.error)}
          action={
            <Button size="small" onClick={() => list.refetch()}>
              {COMMON.retry}
            </Button>
          }
        />
      ) : (
        <ItemList
          label={T.recent}
          items={list.data?.items}
          loading={list.isPending}
          empty={T.noRecent}
          page={page}
          pageSize={RECENT_PAGE}
          total={list.data?.total}
          onPage={setPage}
          itemKey={(i) => i.id}
          render={render}
        />
      )}
    </Card>
  );
}
