import { Col, Row } from 'antd';
import { useSearchParams } from 'react-router';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { TaskDrawer } from '../../components/task/TaskDrawer';
import { ObligationsSection } from './ObligationsSection';
import { RemindersSection } from './RemindersSection';
import { T } from './texts';
import { UnitTasksSection } from './UnitTasksSection';

/** 我的待办: a liaison's day — reminders, this month's reports, the unit's tasks. Works at 390 px. */
export default function MyWorkPage() {
  const current = useSession();
  const [params, setParams] = useSearchParams();
  const taskId = Number(params.get('task')) || null;
  const openTask = (id: number) => setParams((p) => (p.set('task', String(id)), p));
  const closeTask = () => setParams((p) => (p.delete('task'), p));
  const reportId = Number(params.get('report')) || null;
  const openReport = (id: number) => setParams((p) => (p.set('report', String(id)), p));
  const closeReport = () => setParams((p) => (p.delete('report'), p));
  if (!current) return null;
  const unitId = current.user.unitId;
  return (
    <>
      <PageHeader title={T.pageTitle} crumbs={[{ title: T.home, to: '/' }]} />
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <RemindersSection />
          <ObligationsSection unitId={unitId} reportId={reportId} onOpenReport={openReport} onCloseReport={closeReport} />
        </Col>
        <Col xs={24} xl={12}>
          {unitId !== null && <UnitTasksSection unitId={unitId} onOpenTask={openTask} />}
        </Col>
      </Row>
      <TaskDrawer taskId={taskId} onClose={closeTask} />
    </>
  );
}
