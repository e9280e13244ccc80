import { App as AntApp, Badge, Button, Card, Flex, Segmented, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { ItemList } from '../../components/ItemList';
import { formatDateTime } from '../../lib/dates';
import { errorText } from '../../lib/form-errors';
import { NOTIFICATION_KIND } from '../../texts';
import { T } from './texts';

const KIND_COLOR: Record<string, string> = { REMIND: 'gold', DUE: 'orange', URGE: 'orange', SUPERVISE: 'volcano', ESCALATE: 'magenta' };
const PAGE_SIZE = 5;

/** The engine's titles open with 【提醒】 or 【催办】; the tag beside them says it already. */
const titleOf = (n: Schemas['NotificationDto']) => n.title.replace(/^【[^】]{1,6}】/, '');
/** What a reminder opens on this page: the task's drawer, or the report's form. */
const linkOf = (n: Schemas['NotificationDto']) => (n.subjectType === 'TASK' ? `?task=${n.subjectId}` : n.subjectType === 'OBLIGATION' ? `?report=${n.subjectId}` : null);

/** The inbox: reminders the engine's steps sent the user (提醒, 催办, 督办…). */
export function RemindersSection() {
  const [filter, setFilter] = useState<'unread' | 'all'>('unread');
  const [page, setPage] = useState(1);
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const inbox = useQuery({
    queryKey: ['notifications', 'inbox', filter, page],
    queryFn: () => call(api.GET('/api/v1/notifications', { params: { query: { unread: filter === 'unread' ? true : undefined, page, pageSize: PAGE_SIZE } } })),
  });
  const markRead = useMutation({
    mutationFn: (id: string) => call(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => message.success(T.markedRead),
    onError: (error) => message.error(errorText(error)),
    onSettled: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });

  return (
    <Card
      className="section-card"
      title={<h2 className="section-title">{T.reminders}</h2>}
      extra={
        <Segmented
          size="small"
          value={filter}
          onChange={(v) => {
            setFilter(v as 'unread' | 'all');
            setPage(1);
          }}
          options={[
            { value: 'unread', label: T.unread },
            { value: 'all', label: T.all },
          ]}
        />
      }
    >
      <ItemList
        label={T.reminders}
        items={inbox.data?.items}
        loading={inbox.isLoading}
        empty={filter === 'unread' ? T.noUnread : T.noReminders}
        page={page}
        pageSize={PAGE_SIZE}
        total={inbox.data?.total}
        onPage={setPage}
        itemKey={(n) => n.id}
        render={(n) => (
          <Flex justify="space-between" align="start" gap="small" className={n.readAt ? undefined : 'unread'}>
            <div style={{ minWidth: 0 }}>
              <div className="item-title">
                {!n.readAt && <Badge status="processing" />}
                <Tag color={KIND_COLOR[n.kind] ?? 'blue'} style={{ marginInlineStart: 4 }}>
                  {NOTIFICATION_KIND[n.kind] ?? n.kind}
                </Tag>
                {linkOf(n) ? (
                  <Link to={linkOf(n)!} onClick={() => !n.readAt && markRead.mutate(n.id)}>
                    {titleOf(n)}
                  </Link>
                ) : (
                  <span>{titleOf(n)}</span>
                )}
              </div>
              <div>{n.body}</div>
              <div className="item-meta">{formatDateTime(n.createdAt)}</div>
            </div>
            {n.readAt ? (
              <Typography.Text type="secondary" style={{ flex: 'none' }}>
                {T.read}
              </Typography.Text>
            ) : (
              <Button size="small" aria-label={T.markReadOf(n.title)} onClick={() => markRead.mutate(n.id)} style={{ flex: 'none' }}>
                {T.markRead}
              </Button>
            )}
          </Flex>
        )}
      />
    </Card>
  );
}
