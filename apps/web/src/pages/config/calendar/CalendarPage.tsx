import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Col, Flex, Form, Input, Modal, Radio, Row, Skeleton, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../../api/client';
import { useServerNow } from '../../../api/queries';
import { PageHeader } from '../../../components/PageHeader';
import { SubmitOnEnter } from '../../../components/FormDrawer';
import { dayjs, inZone } from '../../../lib/dates';
import { errorText, mapApiError, showApiError } from '../../../lib/form-errors';
import { COMMON, DAY_KIND } from '../../../texts';
import { T } from './texts';

type Day = Schemas['CalendarDayDto'];

/** The weeks of a month, Monday first, with null where another month's days would be. */
export function monthWeeks(year: number, month: number): (string | null)[][] {
  const first = dayjs(`${year}-${String(month).padStart(2, '0')}-01`);
  const lead = (first.day() + 6) % 7;
  const cells: (string | null)[] = [...Array(lead).fill(null), ...Array.from({ length: first.daysInMonth() }, (_, i) => first.add(i, 'day').format('YYYY-MM-DD'))];
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

const chinese = (date: string) => dayjs(date).format('YYYY年M月D日');

/** 工作日历: a year of days (GET /calendar/days), 节假日, 周末 and 调休上班 marked; a click sets a day (PUT, admin). */
export default function CalendarPage() {
  const { now, ready } = useServerNow();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(inZone(now).format('YYYY'));
  const year = Number(params.get('year')) || thisYear;
  const [editing, setEditing] = useState<Day | null>(null);
  const days = useQuery({
    queryKey: ['calendar', year],
    enabled: ready,
    queryFn: () => call(api.GET('/api/v1/calendar/days', { params: { query: { from: `${year}-01-01`, to: `${year}-12-31` } } })),
  });
  const byDate = new Map((days.data?.items ?? []).map((d) => [d.date, d]));
  const setYear = (y: number) => setParams((p) => (p.set('year', String(y)), p));
  const today = inZone(now).format('YYYY-MM-DD');

  return (
    <>
      <PageHeader
        title={T.pageTitle}
        crumbs={[{ title: T.home, to: '/' }, { title: T.config }]}
        extra={
          <Space>
            <Button icon={<LeftOutlined />} aria-label={T.previousYear} onClick={() => setYear(year - 1)} />
            <Typography.Text strong style={{ fontSize: 16 }}>
              {T.year(year)}
            </Typography.Text>
            <Button icon={<RightOutlined />} aria-label={T.nextYear} onClick={() => setYear(year + 1)} />
          </Space>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {T.intro}
        </Typography.Paragraph>
        <Flex gap="middle" wrap className="calendar-legend" aria-label={T.legend}>
          {(['WORKDAY', 'WEEKEND', 'HOLIDAY', 'MAKEUP_WORKDAY'] as const).map((kind) => (
            <span key={kind}>
              <span className={`calendar-swatch day-${kind}`} />
              {DAY_KIND[kind]}
            </span>
          ))}
        </Flex>
      </PageHeader>
      {days.isError && <Alert type="error" showIcon title={`${T.failed}：${errorText(days.error)}`} />}
      {days.isLoading || !ready ? (
        <Skeleton active />
      ) : (
        <Row gutter={[12, 12]}>
          {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
            <Col key={month} xs={24} sm={12} lg={8} xxl={6}>
              <Card size="small" title={<h2 className="section-title">{T.month(month)}</h2>} className="calendar-month">
                <table className="calendar-grid" aria-label={`${T.year(year)}${T.month(month)}`}>
                  <thead>
                    <tr>
                      {T.weekdays.map((w) => (
                        <th key={w} scope="col">
                          {w}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {monthWeeks(year, month).map((week, w) => (
                      <tr key={w}>
                        {week.map((date, d) => {
                          const day = date ? byDate.get(date) : undefined;
                          if (!date || !day) return <td key={d} />;
                          const label = T.dayLabel(chinese(date), DAY_KIND[day.kind], day.name);
                          return (
                            <td key={d}>
                              <button
                                type="button"
                                className={`calendar-day day-${day.kind}${date === today ? ' is-today' : ''}`}
                                data-date={date}
                                data-kind={day.kind}
                                aria-label={label}
                                title={label}
                                onClick={() => setEditing(day)}
                              >
                                <span>{Number(date.slice(8))}</span>
                                {day.kind === 'HOLIDAY' && <small>{T.off}</small>}
                                {day.kind === 'MAKEUP_WORKDAY' && <small>{T.makeup}</small>}
                              </button>
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <DayModal day={editing} onClose={() => setEditing(null)} />
    </>
  );
}

function DayModal({ day, onClose }: { day: Day | null; onClose: () => void }) {
  const [form] = Form.useForm<{ workday: boolean; name?: string }>();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  useEffect(() => {
    if (day) form.setFieldsValue({ workday: day.workday, name: day.name ?? '' });
  }, [day, form]);
  const save = useMutation({
    mutationFn: (v: { workday: boolean; name?: string }) =>
      call(api.PUT('/api/v1/calendar/days/{date}', { params: { path: { date: day!.date } }, body: { workday: v.workday, name: v.name?.trim() || undefined } })),
    onSuccess: () => {
      message.success(T.saved);
      onClose();
    },
    onError: (error) => showApiError(form, error, ['workday', 'name']),
    // Due dates and previews follow the calendar.
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: ['calendar'] }), client.invalidateQueries({ queryKey: ['cadences'] })]),
  });
  const general = save.error ? mapApiError(save.error, ['workday', 'name']).general : [];
  return (
    <Modal
      open={day !== null}
      title={day ? T.editTitle(chinese(day.date)) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={T.save}
      cancelText={COMMON.cancel}
      okButtonProps={{ loading: save.isPending }}
      destroyOnHidden
    >
      {day && <Typography.Paragraph type="secondary">{T.current(DAY_KIND[day.kind], day.name)}</Typography.Paragraph>}
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} style={{ marginBottom: 12 }} />}
      <Form form={form} name="calendar-day" layout="vertical" onFinish={(v) => save.mutate(v)}>
        <SubmitOnEnter />
        <Form.Item name="workday" label={T.workday}>
          <Radio.Group
            options={[
              { value: true, label: T.asWorkday },
              { value: false, label: T.asDayOff },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={T.name}>
          <Input maxLength={50} placeholder={T.namePlaceholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
