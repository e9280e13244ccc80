import { BarChart as EBarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { init, use as registerECharts, type ComposeOption, type EChartsType } from 'echarts/core';
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { BarChartProps } from './bars';

/*
 * The one chart the console draws: horizontal bars, one per named thing (a chain, a unit).
 * ECharts' modular build (bars, grid, tooltip, SVG) keeps the chunk small; this module is only
 * ever loaded through LazyBarChart, so its weight falls on the pages that show a chart.
 */
registerECharts([EBarChart, GridComponent, TooltipComponent, SVGRenderer]);

type Option = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

const LABEL_WIDTH = 110;

function optionOf({ bars, unit, min, max }: BarChartProps): Option {
  // The first bar on top, as a ranking reads.
  const ordered = [...bars].reverse();
  return {
    animation: false,
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', formatter: (p) => `${(p as { name: string }).name}：${(p as { value: number }).value}${unit ?? ''}` },
    xAxis: { type: 'value', min, max, minInterval: 1, axisLabel: { color: '#595959' }, splitLine: { lineStyle: { color: '#f0f0f0' } } },
    yAxis: {
      type: 'category',
      data: ordered.map((b) => b.label),
      axisTick: { show: false },
      // Names stay on the left even when values run below zero.
      axisLine: { onZero: false },
      axisLabel: { color: '#262626', width: LABEL_WIDTH, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        // A negative value (a score below zero) runs left of the axis, its label inside, clear of the names.
        data: ordered.map((b) => ({
          value: b.value,
          itemStyle: { color: b.color ?? '#1677ff', borderRadius: b.value < 0 ? [3, 0, 0, 3] : [0, 3, 3, 0] },
          label: b.value < 0 ? { position: 'insideLeft', color: '#fff' } : { position: 'right' },
        })),
        label: { show: true, color: '#262626', formatter: (p) => `${(p as { value: number }).value}` },
      },
    ],
  };
}

/** Horizontal bars in an SVG that follows its box's width; described in words for screen readers. */
export default function BarChart(props: BarChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  useEffect(() => {
    const instance = init(box.current!, undefined, { renderer: 'svg', locale: 'ZH' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(box.current!);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(optionOf(props), true);
  }, [props]);
  const height = Math.max(120, props.bars.length * 30 + 32);
  return <div ref={box} role="img" aria-label={props.description} className="bar-chart" style={{ height, width: '100%' }} />;
}
