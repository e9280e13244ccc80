/** One bar: a chain, a unit, with its value (and colour, when it carries a meaning). */
export interface Bar {
  label: string;
  value: number;
  color?: string;
}

export interface BarChartProps {
  bars: Bar[];
  /** What the chart says, in words (its accessible name): "按产业链：智能传感器 3 项，5G 2 项". */
  description: string;
  /** Appended to values in the tooltip, e.g. 项 or 分. */
  unit?: string;
  min?: number;
  max?: number;
}

/** The chart described in words: its title, then each bar with its value. */
export function describeBars(title: string, bars: Bar[], unit = ''): string {
  return bars.length === 0 ? title : `${title}：${bars.map((b) => `${b.label} ${b.value}${unit}`).join('，')}`;
}
