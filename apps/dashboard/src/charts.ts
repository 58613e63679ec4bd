// Apache ECharts, tree-shaken: the core, bar and line charts, the grid, tooltip and legend, and the
// canvas renderer; nothing else of the library is in the bundle.
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** Draws `option` into `element` (reusing its chart), sized to the element; returns a function that disposes it. */
export function draw(element: HTMLElement, option: ChartOption): () => void {
  const chart: ECharts = init(element, undefined, { renderer: 'canvas' });
  // No entry animation: the figures are there at once (and a screenshot never catches a bar half-grown).
  chart.setOption({ animation: false, ...option }, { notMerge: true });
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    chart.dispose();
  };
}

export const PALETTE = ['#1f6f5c', '#c9733a', '#6a5acd', '#b03a48', '#3a7dc9'];
