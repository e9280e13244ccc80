import { DownloadOutlined, PrinterOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, DatePicker, Flex, Form, Modal, Skeleton, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useServerNow } from '../../api/queries';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { ProblemDrawer } from '../../components/problem/ProblemDrawer';
import { TaskDrawer } from '../../components/task/TaskDrawer';
import { dayjs, formatDateTime, inZone } from '../../lib/dates';
import { downloadFile, openPrintable } from '../../lib/download';
import { errorText } from '../../lib/form-errors';
import { SUBJECT_TYPE } from '../../texts';
import { quarterEnd, quarterOf } from './quarters';
import { T } from './texts';

type Row = Schemas['AssessmentRowDto'];
type Matter = Schemas['MajorOverdueDto'];
const QUARTER = /^\d{4}-Q[1-4]$/;

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
/** 红/黄/绿 for a rate: below 60%, below 90%, else. */
const rateTone = (v: number | null): 'danger' | 'warning' | 'success' | undefined => (v === null ? undefined : v < 0.6 ? 'danger' : v < 0.9 ? 'warning' : 'success');

/** 季度评估: rates per unit and chain (published or live), major overdue matters, and for supervisors 发布. */
export default function AssessmentsPage() {
  const [params, setParams] = useSearchParams();
  const { now, ready } = useServerNow();
  const current = useSession();
  const { message } = AntApp.useApp();
  const here = inZone(now);
  const thisQuarter = quarterOf(here);
  const lastQuarter = quarterOf(here.subtract(3, 'month'));
  const quarter = QUARTER.test(params.get('quarter') ?? '') ? params.get('quarter')! : lastQuarter;
  const assessment = useQuery({
    queryKey: ['assessment', quarter],
    enabled: ready,
    queryFn: () => call(api.GET('/api/v1/assessments/{quarter}', { params: { path: { quarter } } })),
  });
  const a = assessment.data;
  const [subject, setSubject] = useState<Matter | null>(null);
  const closed = quarterEnd(quarter) <= now;
  const supervisor = current?.user.roles.includes('SUPERVISOR') ?? false;
  const choose = (q: string) => setParams({ quarter: q }, { replace: true });
  const download = () =>
    downloadFile(api.GET('/api/v1/assessments/{quarter}/notice.xlsx', { params: { path: { quarter } }, parseAs: 'blob' }), T.fallbackName(quarter)).then(
      () => message.success(T.downloaded),
      (error) => message.error(errorText(error)),
    );
  const print = () =>
    openPrintable(() => api.GET('/api/v1/assessments/{quarter}/notice.html', { params: { path: { quarter } }, parseAs: 'blob' })).then(
      (opened) => !opened && message.warning(T.popupBlocked),
      (error) => message.error(errorText(error)),
    );

  const rateColumn = (title: string, key: 'completionRate' | 'onTimeCompletionRate' | 'onTimeReportRate') => ({
    title,
    dataIndex: key,
    sorter: (x: Row, y: Row) => (x[key] ?? -1) - (y[key] ?? -1),
    render: (v: number | null) => <Typography.Text type={rateTone(v)}>{pct(v)}</Typography.Text>,
  });
  const columns = (name: string): ColumnsType<Row> => [
    { title: name, dataIndex: 'name', fixed: 'left' },
    { title: T.tasks, dataIndex: 'tasks', sorter: (x, y) => x.tasks - y.tasks, responsive: ['md'] },
    rateColumn(T.completionRate, 'completionRate'),
    rateColumn(T.onTimeCompletionRate, 'onTimeCompletionRate'),
    {
      title: T.overdueCount,
      dataIndex: 'overdueCount',
      sorter: (x, y) => x.overdueCount - y.overdueCount,
      render: (n: number) => <Typography.Text type={n > 0 ? 'danger' : undefined}>{n}</Typography.Text>,
    },
    { title: T.reports, dataIndex: 'reports', responsive: ['md'] },
    rateColumn(T.onTimeReportRate, 'onTimeReportRate'),
  ];
  const matterColumns: ColumnsType<Matter> = [
    { title: T.type, dataIndex: 'subjectType', render: (t: string) => <Tag>{SUBJECT_TYPE[t] ?? t}</Tag> },
    {
      title: T.matter,
      dataIndex: 'title',
      render: (title: string, m) => (
        <Button
          type="link"
          size="small"
          onClick={() => setSubject(m)}
          aria-label={T.viewOf(title)}
          style={{ paddingInline: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
        >
          {title}
        </Button>
      ),
    },
    { title: T.owner, dataIndex: 'ownerUnitName' },
    { title: T.dueAt, dataIndex: 'dueAt', render: (at: string) => formatDateTime(at) },
  ];

  return (
    <>
      <PageHeader
        title={T.pageTitle}
        crumbs={[{ title: T.home, to: '/' }]}
        extra={
          a && (
            <Flex gap="small" wrap>
              {a.published && (
                <>
                  <Button icon={<DownloadOutlined aria-hidden />} onClick={download}>
                    {T.download}
                  </Button>
                  <Button icon={<PrinterOutlined aria-hidden />} onClick={print}>
                    {T.print}
                  </Button>
                </>
              )}
              {!a.published && supervisor && <PublishButton assessment={a} closed={closed} />}
            </Flex>
          )
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {T.intro}
        </Typography.Paragraph>
        <Flex gap="small" wrap align="center">
          <Form layout="inline">
            <Form.Item label={T.quarter} htmlFor="assessment-quarter" style={{ marginInlineEnd: 8 }}>
              <DatePicker
                id="assessment-quarter"
                picker="quarter"
                format={(d) => T.quarterLabel(quarterOf(d))}
                allowClear={false}
                inputReadOnly
                value={dayjs(`${quarter.slice(0, 4)}-${String((Number(quarter.slice(-1)) - 1) * 3 + 1).padStart(2, '0')}-01`)}
                disabledDate={(d) => quarterOf(d) > thisQuarter}
                onChange={(d) => d && choose(quarterOf(d))}
              />
            </Form.Item>
          </Form>
          <Button size="small" type={quarter === lastQuarter ? 'primary' : 'default'} ghost={quarter === lastQuarter} onClick={() => choose(lastQuarter)}>
            {T.previous}
          </Button>
          <Button size="small" type={quarter === thisQuarter ? 'primary' : 'default'} ghost={quarter === thisQuarter} onClick={() => choose(thisQuarter)}>
            {T.current}
          </Button>
        </Flex>
      </PageHeader>
      {(assessment.isLoading || !ready) && <Skeleton active />}
      {assessment.isError && <Alert type="error" showIcon title={errorText(assessment.error)} />}
      {a && (
        <>
          <Card className="section-card" size="small">
            <Typography.Title level={4} style={{ textAlign: 'center', marginTop: 8 }}>
              {a.title}
            </Typography.Title>
            <Flex justify="center" gap="small" wrap>
              <Tag color={a.published ? 'success' : 'warning'}>{a.published ? T.published : T.live}</Tag>
              <Typography.Text type="secondary">{a.published ? T.publishedAt(formatDateTime(a.computedAt)) : T.computedAt(formatDateTime(a.computedAt))}</Typography.Text>
            </Flex>
          </Card>
          <Card className="section-card" size="small">
            <Tabs
              items={[
                {
                  key: 'units',
                  label: T.byUnit,
                  children: (
                    <Table<Row>
                      aria-label={T.unitsLabel}
                      rowKey="id"
                      size="small"
                      columns={columns(T.unit)}
                      dataSource={a.units}
                      pagination={false}
                      scroll={{ x: 'max-content' }}
                      locale={{ emptyText: T.noRows }}
                    />
                  ),
                },
                {
                  key: 'chains',
                  label: T.byChain,
                  children: (
                    <Table<Row>
                      aria-label={T.chainsLabel}
                      rowKey="id"
                      size="small"
                      columns={columns(T.chain)}
                      dataSource={a.chains}
                      pagination={false}
                      scroll={{ x: 'max-content' }}
                      locale={{ emptyText: T.noRows }}
                    />
                  ),
                },
              ]}
            />
          </Card>
          <Card className="section-card" size="small" title={<h2 className="section-title">{T.majorOverdue}</h2>}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              {T.majorOverdueHint}
            </Typography.Paragraph>
            <Table<Matter>
              aria-label={T.majorOverdueLabel}
              rowKey={(m) => `${m.subjectType}-${m.subjectId}`}
              size="small"
              columns={matterColumns}
              dataSource={a.majorOverdue}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: T.noMajorOverdue }}
            />
          </Card>
        </>
      )}
      <TaskDrawer taskId={subject?.subjectType === 'TASK' ? subject.subjectId : null} onClose={() => setSubject(null)} />
      <ProblemDrawer problemId={subject?.subjectType === 'PROBLEM' ? subject.subjectId : null} onClose={() => setSubject(null)} />
    </>
  );
}

function PublishButton({ assessment: a, closed }: { assessment: Schemas['AssessmentDto']; closed: boolean }) {
  const [open, setOpen] = useState(false);
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const publish = useMutation({
    mutationFn: () => call(api.POST('/api/v1/assessments/{quarter}/publish', { params: { path: { quarter: a.quarter } } })),
    onSuccess: () => {
      message.success(T.publishedDone);
      setOpen(false);
    },
    onError: (error) => message.error(errorText(error)),
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: ['assessment', a.quarter] }), client.invalidateQueries({ queryKey: ['supervision'] })]),
  });
  return (
    <>
      <Button type="primary" icon={<SendOutlined aria-hidden />} disabled={!closed} title={closed ? undefined : T.notClosed} onClick={() => setOpen(true)}>
        {T.publish}
      </Button>
      <Modal
        open={open}
        title={T.publishTitle(T.quarterLabel(a.quarter))}
        okText={T.publishConfirm}
        okButtonProps={{ danger: a.majorOverdue.length > 0, loading: publish.isPending }}
        onOk={() => publish.mutate()}
        onCancel={() => setOpen(false)}
      >
        <Alert type="warning" showIcon title={T.publishWarning(a.majorOverdue.length)} />
      </Modal>
    </>
  );
}
