import { useEffect, useRef } from "react";
import * as coreRuntime from "echarts/core";
import * as chartsRuntime from "echarts/charts";
import * as componentsRuntime from "echarts/components";
import * as renderersRuntime from "echarts/renderers";
import type * as CoreTypes from "echarts/types/dist/core.js";
import type * as ChartTypes from "echarts/types/dist/charts.js";
import type * as ComponentTypes from "echarts/types/dist/components.js";
import type * as RendererTypes from "echarts/types/dist/renderers.js";

// echarts' entry .d.ts files re-export without file extensions, which NodeNext cannot follow; the runtime
// modules are the modular entries, typed here from echarts' own type files.
const echarts = coreRuntime as unknown as typeof CoreTypes;
const { BarChart, LineChart, PieChart, TreemapChart } = chartsRuntime as unknown as typeof ChartTypes;
const { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } =
  componentsRuntime as unknown as typeof ComponentTypes;
const { CanvasRenderer } = renderersRuntime as unknown as typeof RendererTypes;
type EChartsCoreOption = CoreTypes.EChartsCoreOption;

// Modular ECharts: only the charts and components the dashboards use are bundled.
echarts.use([BarChart, LineChart, PieChart, TreemapChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export type { EChartsCoreOption };

/** An ECharts canvas that follows its option and its container's size. */
export function EChart({ option, height = 280, testId }: { option: EChartsCoreOption; height?: number; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<CoreTypes.ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: "canvas" });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // No animation: a calm screen for people who look at it all day, and charts that are complete at once.
    chart.current?.setOption({ animation: false, ...option }, true);
  }, [option]);

  return <div ref={ref} style={{ width: "100%", height }} data-testid={testId} className="echart" />;
}
