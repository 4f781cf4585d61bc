import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

// Only the parts the console draws (bars, lines, axes, legend, tooltip, canvas): the full echarts build
// is three times larger. 'echarts-for-react/esm/core' because lib/core breaks the production build (STACK.md).
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** An ECharts chart; `onClick` gets the clicked data item (drill-down). */
export function Chart({ option, height = 300, onClick, label, dark }: { option: EChartsOption; height?: number | string; onClick?: (p: { name: string; seriesIndex: number; dataIndex: number }) => void; label: string; dark?: boolean }) {
  return (
    <div role="img" aria-label={label}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        style={{ height, width: '100%' }}
        theme={dark ? 'dark' : undefined}
        onEvents={onClick ? { click: onClick } : undefined}
      />
    </div>
  );
}
