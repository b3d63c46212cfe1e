// A small ECharts wrapper: one chart in a div, its option replaced whenever it changes, resized
// with its box, disposed on unmount. Only the chart types and components the battle map uses are
// registered (the rest of ECharts stays out of the bundle). handle gives the chart's PNG.
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartOption } from './battleCharts';

echarts.use([BarChart, CustomChart, LineChart, PieChart, ScatterChart, GraphicComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export interface EChartHandle {
  /** The chart as it is drawn now, as a PNG data URL (twice the screen's pixels, on `background`). */
  png(background: string): string;
}

export function EChart({
  option,
  label,
  height,
  onItemClick,
  handle,
  className,
}: {
  option: ChartOption;
  /** The chart's title, for screen readers and tests (the canvas has no text of its own). */
  label: string;
  /** CSS height; the width follows the container. */
  height: number | string;
  /** A click on a data item: its series type and index. */
  onItemClick?: (item: { seriesType: string; dataIndex: number }) => void;
  handle?: Ref<EChartHandle>;
  className?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = box.current!;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    const c = chart.current;
    if (!c || !onItemClick) return;
    const listener = (params: { seriesType?: string; dataIndex?: number }) => {
      if (params.seriesType && typeof params.dataIndex === 'number') onItemClick({ seriesType: params.seriesType, dataIndex: params.dataIndex });
    };
    c.on('click', listener);
    return () => {
      c.off('click', listener);
    };
  }, [onItemClick]);

  useImperativeHandle(handle, () => ({
    png: (background) => chart.current!.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background }),
  }));

  return <div ref={box} className={className ?? 'echart'} role="img" aria-label={label} style={{ height }} />;
}
