import { Card, Flex, Typography } from 'antd';
import { useMemo } from 'react';
import { highlightExcerpt, type ProposedTask, type SegmentKind } from './preview';
import { T } from './texts';

const LEGEND: Exclude<SegmentKind, 'plain'>[] = ['unit', 'unresolved', 'date', 'recurrence'];

/** The selected task's text in the notice, its units, dates and recurrences marked. */
export function ExcerptCard({ task }: { task: ProposedTask | null }) {
  const segments = useMemo(() => (task ? highlightExcerpt(task) : []), [task]);
  return (
    <Card
      className="section-card"
      size="small"
      title={<h2 className="section-title">{task ? T.excerptTitle(task.label || `第 ${task.seq} 项`) : T.excerpt}</h2>}
      data-excerpt={task?.seq}
    >
      {task ? (
        <>
          <p className="import-excerpt">
            {segments.map((s, i) =>
              s.kind === 'plain' ? (
                s.text
              ) : (
                <mark key={i} className={`hl hl-${s.kind}`} data-kind={s.kind}>
                  {s.text}
                </mark>
              ),
            )}
          </p>
          {task.targets && task.targets.length > 0 && (
            <>
              <Typography.Text strong>{T.targets}</Typography.Text>
              <ul className="import-targets">
                {task.targets.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            </>
          )}
          <Flex wrap gap={8} className="import-legend" aria-hidden="true">
            {LEGEND.map((kind) => (
              <mark key={kind} className={`hl hl-${kind}`}>
                {T.legend[kind]}
              </mark>
            ))}
          </Flex>
        </>
      ) : (
        <Typography.Text type="secondary">{T.excerptNone}</Typography.Text>
      )}
    </Card>
  );
}
