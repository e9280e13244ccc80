import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Descriptions, Flex, Form, Grid, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useServerNow, useUnits } from '../../api/queries';
import { useSession } from '../../auth/session';
import { dayjs, formatDate, formatDateTime, inZone, PICKER_DATE_FORMAT } from '../../lib/dates';
import { errorText } from '../../lib/form-errors';
import { picksIssuer } from '../../lib/menu';
import { COMMON } from '../../texts';
import { ExcerptCard } from './ExcerptCard';
import { LatinTerms } from './LatinTerms';
import {
  commitBlockers,
  commitBody,
  mappingChoiceOf,
  mappingValuesOf,
  OMIT,
  recurrenceText,
  rowStatuses,
  unitEntries,
  type MappingChoice,
  type Preview,
  type ProposedTask,
  type RowEdit,
  type RowStatus,
} from './preview';
import { T } from './texts';

type Answer = Schemas['CommitResultDto'];

/** A unit's tag wraps its long names (各开发区管委会、区县（市）政府) instead of being cut. */
const TAG = { marginInlineEnd: 0, whiteSpace: 'normal' } as const;
const localDate = (date: string) => dayjs(date, 'YYYY-MM-DD');
const shortDate = (date: string) => localDate(date).format('M月D日');

/** A visually hidden label for a control inside a table cell. */
function CellLabel({ htmlFor, text }: { htmlFor: string; text: string }) {
  return (
    <label htmlFor={htmlFor} className="visually-hidden">
      {text}
    </label>
  );
}

/**
 * Step 2 of 导入: the proposed tasks as an editable table (selection, title, due date) beside
 * the selected task's highlighted excerpt, the unresolved names with their mapping, and 提交,
 * disabled with its reasons while a selected task cannot be created as chosen.
 */
export function PreviewEditor({ preview, onCommitted }: { preview: Preview; onCommitted: (answer: Answer) => void }) {
  const current = useSession();
  const client = useQueryClient();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  // The excerpt stands beside the table on wide screens, below it elsewhere.
  const beside = Boolean(screens.xxl);
  const { units, nameOf } = useUnits();
  const { now } = useServerNow();
  const today = inZone(now).format('YYYY-MM-DD');
  const chooseIssuer = current ? picksIssuer(current.user.roles) : false;

  const [selected, setSelected] = useState<number[]>(() => preview.tasks.map((t) => t.seq));
  const [mapping, setMapping] = useState<Record<string, MappingChoice | undefined>>({});
  const [edits, setEdits] = useState<Record<number, RowEdit | undefined>>({});
  const [focused, setFocused] = useState<number | null>(preview.tasks[0]?.seq ?? null);
  const [issuerUnitId, setIssuerUnitId] = useState<number | undefined>(current?.user.unitId ?? undefined);
  const [general, setGeneral] = useState<string[]>([]);

  const choices = { selected, mapping, edits };
  const statuses = useMemo(() => rowStatuses(preview, { selected, mapping, edits }, today), [preview, selected, mapping, edits, today]);
  const blockers = commitBlockers(selected, statuses).map(T.blocker);
  if (chooseIssuer && issuerUnitId === undefined) blockers.push(T.issuerRequired);
  const recurring = preview.tasks.filter((t) => selected.includes(t.seq) && t.recurrence).length;

  const usedBy = useMemo(() => {
    const by = new Map<string, number[]>();
    for (const t of preview.tasks)
      for (const u of [...t.leadUnits, ...t.coUnits]) if (u.unitId === undefined && !by.get(u.name)?.includes(t.seq)) by.set(u.name, [...(by.get(u.name) ?? []), t.seq]);
    return by;
  }, [preview]);
  const unitOptions = useMemo(() => units.map((u) => ({ value: u.id, label: u.name })), [units]);
  const mappingOptions = useMemo(() => [{ value: OMIT, label: T.omit }, ...unitOptions], [unitOptions]);

  const commit = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/imports/{id}/commit', {
          params: { path: { id: preview.id } },
          body: commitBody(preview, choices, chooseIssuer ? issuerUnitId : undefined),
        }),
      ),
    onSuccess: (answer) => {
      setGeneral([]);
      client.setQueryData(['imports', preview.id], answer.import);
      void client.invalidateQueries({ queryKey: ['imports', 'list'] });
      void client.invalidateQueries({ queryKey: ['tasks'] });
      void client.invalidateQueries({ queryKey: ['counts'] });
      onCommitted(answer);
    },
    onError: (error) => setGeneral([errorText(error)]),
  });

  const edit = (seq: number, change: RowEdit) => setEdits((all) => ({ ...all, [seq]: { ...all[seq], ...change } }));
  const toggle = (seq: number, on: boolean) =>
    setSelected((all) => (on ? preview.tasks.map((t) => t.seq).filter((s) => s === seq || all.includes(s)) : all.filter((s) => s !== seq)));

  const unitTags = (list: ProposedTask['leadUnits']) => (
    <Flex wrap gap={4} style={{ maxWidth: 200 }}>
      {unitEntries(list).map((e) => {
        if (!e.unresolved) {
          return (
            <Tag key={`${e.name}-${e.label}`} style={TAG}>
              {e.count > 1 ? `${e.label}（${T.groupCount(e.count)}）` : e.label}
            </Tag>
          );
        }
        const choice = mapping[e.name];
        const to = choice === 'omit' ? T.omitted : choice ? T.mappedTo(choice.map((id) => nameOf(id)).join('、')) : T.unresolvedTag;
        return (
          <Tag key={`${e.name}-unresolved`} color={choice ? 'blue' : 'orange'} style={TAG} data-unresolved={e.name}>
            {e.label} · {to}
          </Tag>
        );
      })}
      {list.length === 0 && <Typography.Text type="secondary">{COMMON.none}</Typography.Text>}
    </Flex>
  );

  const statusTags = (t: ProposedTask, s: RowStatus | undefined) => {
    if (!selected.includes(t.seq)) return <Tag>{T.statusSkipped}</Tag>;
    const flags = [
      s?.unresolved.length ? T.statusUnresolved : null,
      s?.noLead ? T.statusNoLead : null,
      s?.passed ? T.statusPassed : null,
      s?.blankTitle ? T.statusBlankTitle : null,
    ].filter((f): f is string => f !== null);
    if (flags.length === 0) return <Tag color="green">{T.statusOk}</Tag>;
    return flags.map((f) => (
      <Tag key={f} color="red" style={{ marginInlineEnd: 4 }}>
        {f}
      </Tag>
    ));
  };

  const allSelected = selected.length === preview.tasks.length;
  const columns: ColumnsType<ProposedTask> = [
    {
      key: 'select',
      width: 48,
      fixed: mobile ? undefined : 'left',
      title: (
        <Checkbox
          checked={allSelected}
          indeterminate={selected.length > 0 && !allSelected}
          onChange={(e) => setSelected(e.target.checked ? preview.tasks.map((t) => t.seq) : [])}
          aria-label={T.selectAll}
        />
      ),
      render: (_, t) => <Checkbox checked={selected.includes(t.seq)} onChange={(e) => toggle(t.seq, e.target.checked)} aria-label={T.selectRow(t.seq)} />,
    },
    { key: 'seq', title: T.seq, width: 64, fixed: mobile ? undefined : 'left', render: (_, t) => t.label || t.seq },
    {
      key: 'title',
      title: T.title,
      fixed: mobile ? undefined : 'left',
      render: (_, t) => {
        const id = `import-title-${t.seq}`;
        const blank = statuses.get(t.seq)?.blankTitle;
        return (
          <div style={{ width: 240 }}>
            <CellLabel htmlFor={id} text={T.titleOf(t.seq)} />
            <Input.TextArea
              id={id}
              value={edits[t.seq]?.title ?? t.title}
              onChange={(e) => edit(t.seq, { title: e.target.value })}
              autoSize={{ minRows: 1, maxRows: 4 }}
              maxLength={200}
              status={blank ? 'error' : undefined}
            />
            {blank && <Typography.Text type="danger">{T.titleRequired}</Typography.Text>}
          </div>
        );
      },
    },
    { key: 'lead', title: T.leadUnits, render: (_, t) => unitTags(t.leadUnits) },
    { key: 'co', title: T.coUnits, render: (_, t) => unitTags(t.coUnits) },
    {
      key: 'due',
      title: T.dueDate,
      render: (_, t) => {
        const id = `import-due-${t.seq}`;
        const value = edits[t.seq]?.dueDate ?? t.dueDate;
        return (
          <div style={{ width: 160 }}>
            <CellLabel htmlFor={id} text={T.dueOf(t.seq)} />
            <DatePicker
              id={id}
              value={value ? localDate(value) : null}
              onChange={(d) => edit(t.seq, { dueDate: d ? d.format('YYYY-MM-DD') : undefined })}
              format={PICKER_DATE_FORMAT}
              placeholder={T.dueDefault(preview.year)}
              status={statuses.get(t.seq)?.passed && selected.includes(t.seq) ? 'error' : undefined}
              showToday={false}
              inputReadOnly={mobile}
              style={{ width: '100%' }}
            />
            {t.milestones?.length ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {T.milestonesLine(t.milestones.map(shortDate).join('、'))}
              </Typography.Text>
            ) : null}
          </div>
        );
      },
    },
    { key: 'recurrence', title: T.recurrence, render: (_, t) => (t.recurrence ? <Tag color="purple">{recurrenceText(t.recurrence)}</Tag> : COMMON.none) },
    {
      key: 'status',
      title: T.status,
      render: (_, t) => (
        <Flex vertical gap={4} align="start">
          <div>{statusTags(t, statuses.get(t.seq))}</div>
          <Button
            type="link"
            size="small"
            style={{ padding: 0 }}
            aria-label={T.excerptOf(t.seq)}
            onClick={(e) => {
              e.stopPropagation();
              setFocused(t.seq);
              if (!beside) document.getElementById('import-excerpt')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
            }}
          >
            {T.excerpt}
          </Button>
        </Flex>
      ),
    },
  ];

  const focusedTask = preview.tasks.find((t) => t.seq === focused) ?? null;
  const doc = preview.document;
  return (
    <>
      <Card className="section-card" size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'title', label: T.docTitle, children: doc.title ?? T.untitled },
            { key: 'number', label: T.number, children: doc.number ?? COMMON.none },
            { key: 'issuedAt', label: T.issuedAt, children: doc.issuedAt ? formatDate(`${doc.issuedAt}T12:00:00+08:00`) : COMMON.none },
            { key: 'source', label: T.sourceLabel, children: preview.source ? <span translate="no">{preview.source}</span> : COMMON.none },
            { key: 'found', label: T.found, children: T.taskCount(preview.tasks.length) },
            { key: 'expiresAt', label: T.expiresAt, children: formatDateTime(preview.expiresAt) },
          ]}
        />
      </Card>

      {preview.unresolvedUnits.length > 0 ? (
        <Card className="section-card" size="small" title={<h2 className="section-title">{T.mappingTitle}</h2>}>
          <Alert type="warning" showIcon title={T.unresolvedAlert(preview.unresolvedUnits.length)} style={{ marginBottom: 12 }} />
          <Form layout="vertical" name="import-mapping" component="div">
            <Row gutter={[16, 0]}>
              {preview.unresolvedUnits.map((name, i) => (
                <Col xs={24} md={12} key={name} data-mapping={name}>
                  <Form.Item label={T.mappingOf(name)} htmlFor={`import-map-${i}`} extra={T.mappingUsedBy(usedBy.get(name) ?? [])} style={{ marginBottom: 12 }}>
                    <Select
                      id={`import-map-${i}`}
                      mode="multiple"
                      showSearch={{ optionFilterProp: 'label' }}
                      options={mappingOptions}
                      value={mappingValuesOf(mapping[name])}
                      onChange={(values: number[]) => setMapping((all) => ({ ...all, [name]: mappingChoiceOf(values) }))}
                      placeholder={T.mappingPlaceholder}
                      status={mapping[name] ? undefined : 'warning'}
                      allowClear
                    />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Form>
        </Card>
      ) : (
        <Alert type="success" showIcon title={T.allResolved} className="section-card" />
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={16}>
          <Card className="section-card" size="small" title={<h2 className="section-title">{T.tasksTitle}</h2>} styles={{ body: { padding: 0 } }}>
            <Table<ProposedTask>
              aria-label={T.tasksLabel}
              rowKey="seq"
              size="small"
              columns={columns}
              dataSource={preview.tasks}
              pagination={preview.tasks.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
              scroll={{ x: 'max-content' }}
              rowClassName={(t) => [t.seq === focused ? 'import-row-focused' : '', selected.includes(t.seq) ? '' : 'import-row-skipped'].join(' ')}
              onRow={(t) => ({ onClick: () => setFocused(t.seq), 'data-seq': t.seq }) as HTMLAttributes<HTMLElement>}
            />
          </Card>
        </Col>
        <Col xs={24} xxl={8}>
          <div className="import-excerpt-column" id="import-excerpt">
            <ExcerptCard task={focusedTask} />
          </div>
        </Col>
      </Row>

      <Card className="section-card" size="small">
        <Flex vertical gap="middle">
          {chooseIssuer && (
            <Form layout="vertical" name="import-issuer" component="div">
              <Form.Item label={T.issuer} htmlFor="import-issuer" style={{ marginBottom: 0, maxWidth: 360 }}>
                <Select
                  id="import-issuer"
                  showSearch={{ optionFilterProp: 'label' }}
                  options={unitOptions}
                  value={issuerUnitId}
                  onChange={setIssuerUnitId}
                  placeholder={T.issuerRequired}
                />
              </Form.Item>
            </Form>
          )}
          <Typography.Text>{T.selectedSummary(selected.length, recurring)}</Typography.Text>
          {blockers.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-blockers
              title={T.cannotCommit}
              description={
                <ul className="import-blockers">
                  {blockers.map((b) => (
                    <li key={b}>{b}</li>
                  ))}
                </ul>
              }
            />
          )}
          {general.length > 0 && <Alert type="error" showIcon role="alert" title={<LatinTerms text={general.join('；')} />} />}
          <Space>
            <Button
              type="primary"
              size="large"
              disabled={blockers.length > 0}
              loading={commit.isPending}
              onClick={() => commit.mutate()}
              title={blockers.length ? `${T.cannotCommit}${blockers.join('；')}` : undefined}
            >
              {T.commit}
            </Button>
          </Space>
        </Flex>
      </Card>
    </>
  );
}
