import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ApiError } from './api/client';
import { session } from './auth/session';
import { AppLayout } from './components/AppLayout';
import { RequireMenu, RequireSession } from './components/guards';
import './lib/dates';

// One chunk per page (React.lazy): the first page loads only what it shows.
const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const ChangePasswordPage = lazy(() => import('./pages/password/ChangePasswordPage'));
const WorkbenchPage = lazy(() => import('./pages/workbench/WorkbenchPage'));
const MyWorkPage = lazy(() => import('./pages/my-work/MyWorkPage'));
const TasksPage = lazy(() => import('./pages/tasks/TasksPage'));
const ReportsPage = lazy(() => import('./pages/reports/ReportsPage'));
const ImportsPage = lazy(() => import('./pages/imports/ImportsPage'));
const CadencesPage = lazy(() => import('./pages/config/cadences/CadencesPage'));
const PoliciesPage = lazy(() => import('./pages/config/policies/PoliciesPage'));
const CalendarPage = lazy(() => import('./pages/config/calendar/CalendarPage'));
const UnitsPage = lazy(() => import('./pages/config/units/UnitsPage'));
const UsersPage = lazy(() => import('./pages/config/users/UsersPage'));
const ChannelsPage = lazy(() => import('./pages/config/channels/ChannelsPage'));
const AuditPage = lazy(() => import('./pages/config/audit/AuditPage'));
const SupervisionPage = lazy(() => import('./pages/supervision/SupervisionPage'));
const ProblemsPage = lazy(() => import('./pages/problems/ProblemsPage'));
const ChainsPage = lazy(() => import('./pages/chains/ChainsPage'));
const ChainPage = lazy(() => import('./pages/chains/ChainPage'));
const MeetingPage = lazy(() => import('./pages/chains/MeetingPage'));
const EvaluationsPage = lazy(() => import('./pages/evaluations/EvaluationsPage'));
const AssessmentsPage = lazy(() => import('./pages/assessments/AssessmentsPage'));
const IndicatorsPage = lazy(() => import('./pages/indicators/IndicatorsPage'));
const NotFoundPage = lazy(() => import('./pages/not-found/NotFoundPage'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A client error will not change by asking again; the network or the server may.
      retry: (count, error) => count < 2 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
    },
  },
});

export function App() {
  // Whoever signs out (or is signed out by a 401) leaves nothing cached for the next user.
  useEffect(() => session.subscribe(() => session.get() === null && queryClient.clear()), []);
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Suspense fallback={null}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route
                  path="/password"
                  element={
                    <RequireSession>
                      <ChangePasswordPage />
                    </RequireSession>
                  }
                />
                <Route
                  element={
                    <RequireSession>
                      <AppLayout />
                    </RequireSession>
                  }
                >
                  <Route index element={<WorkbenchPage />} />
                  <Route path="my-work" element={<MyWorkPage />} />
                  <Route
                    path="tasks/:taskId?"
                    element={
                      <RequireMenu page="tasks">
                        <TasksPage />
                      </RequireMenu>
                    }
                  />
                  <Route
                    path="imports/:importId?"
                    element={
                      <RequireMenu page="imports">
                        <ImportsPage />
                      </RequireMenu>
                    }
                  />
                  <Route
                    path="reports"
                    element={
                      <RequireMenu page="reports">
                        <ReportsPage />
                      </RequireMenu>
                    }
                  />
                  <Route
                    path="config/cadences/:cadenceId?"
                    element={
                      <RequireMenu page="cadences">
                        <CadencesPage />
                      </RequireMenu>
                    }
                  />
                  <Route
                    path="config/policies"
                    element={
                      <RequireMenu page="policies">
                        <PoliciesPage />
                      </RequireMenu>
                    }
                  />
                  <Route
                    path="config/calendar"
                    element={
                      <RequireMenu page="calendar">
                        <CalendarPage />
                      </RequireMenu>
                    }
                  />
                  <Route
                    path="config/units"
                    element={
                      <RequireMenu page="units">
                        <UnitsPage />
                      </RequireMenu>
                    }
                  />
                  <Route
                    path="config/users"
                    element={
                      <RequireMenu page="users">
                        <UsersPage />
                      </RequireMenu>
                    }
                  />
                  <Route
                    path="config/channels"
                    element={
                      <RequireMenu page="channels">
                        <ChannelsPage />
                      </RequireMenu>
                    }
                  />
                  <Route
                    path="config/audit"
                    element={
                      <RequireMenu page="audit">
                        <AuditPage />
                      </RequireMenu>
                    }
                  />
                  <Route
                    path="supervision"
                    element={
                      <RequireMenu page="supervision">
                        <SupervisionPage />
                      </RequireMenu>
                    }
                  />
                  <Route path="problems/:problemId?" element={<ProblemsPage />} />
                  <Route path="chains" element={<ChainsPage />} />
                  <Route path="chains/:chainId" element={<ChainPage />} />
                  <Route path="meetings/:meetingId" element={<MeetingPage />} />
                  <Route path="evaluations" element={<EvaluationsPage />} />
                  <Route path="assessments" element={<AssessmentsPage />} />
                  <Route path="indicators" element={<IndicatorsPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
