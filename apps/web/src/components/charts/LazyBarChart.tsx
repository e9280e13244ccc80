import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { BarChartProps } from './bars';

// ECharts comes with the first chart a page draws, never with the first page.
const BarChart = lazy(() => import('./BarChart'));

export function LazyBarChart(props: BarChartProps) {
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
      <BarChart {...props} />
    </Suspense>
  );
}
