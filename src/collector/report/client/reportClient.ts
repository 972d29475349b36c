/**
 * The report page's script, served as `/assets/report.js` (built by rollup into dist/collector/report.js).
 * It draws the charts with Chart.js (bundled into this file at build time) from the JSON data
 * block the server rendered, and applies the filters as soon as one changes. The tables already hold every
 * number: without this script the page loses the pictures, not the facts.
 */
import { Chart, registerables, type ChartConfiguration, type ChartDataset, type Plugin } from 'chart.js';
import type { WeightedMean } from '../../stats/weightedMean';
import type { Proportion } from '../../stats/wilsonInterval';
import type { ReportData } from '../reportData';

// Every chart type, scale and plugin, as Chart.js's UMD build registers them: the report is served by the collector,
// never by a shop, so its size has no budget.
Chart.register(...registerables);

/** Interval ends per data point, drawn as whiskers by the `intervals` plugin. */
type Interval = [number, number] | null;
type Dataset = ChartDataset<'bar' | 'line', (number | null)[]> & { intervals?: Interval[] };

const BLUE = '#1d4ed8';
const AMBER = '#b45309';
const GREY = '#6b7280';
const INK = '#1b1f24';

/** Draws each data point's 95% interval as a whisker with caps, over bars or points. */
const intervals: Plugin = {
  id: 'cpIntervals',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const horizontal = chart.options.indexAxis === 'y';
    const scale = horizontal ? chart.scales.x : chart.scales.y;
    if (!scale) return;
    chart.data.datasets.forEach((dataset, i) => {
      const meta = chart.getDatasetMeta(i);
      const list = (dataset as Dataset).intervals;
      if (!list || meta.hidden) return;
      ctx.save();
      // A whisker never leaves the plot, whatever the axis range.
      const area = chart.chartArea;
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
      ctx.clip();
      ctx.strokeStyle = INK;
      ctx.lineWidth = 1.5;
      meta.data.forEach((element, j) => {
        const interval = list[j];
        if (!interval) return;
        const { x, y } = element.getProps(['x', 'y'], true) as { x: number; y: number };
        const a = scale.getPixelForValue(interval[0]);
        const b = scale.getPixelForValue(interval[1]);
        // The whisker along the value axis, then a cap at each end.
        const segments = horizontal
          ? [[a, y, b, y], [a, y - 5, a, y + 5], [b, y - 5, b, y + 5]]
          : [[x, a, x, b], [x - 5, a, x + 5, a], [x - 5, b, x + 5, b]];
        ctx.beginPath();
        for (const [x0, y0, x1, y1] of segments) {
          ctx.moveTo(x0!, y0!);
          ctx.lineTo(x1!, y1!);
        }
        ctx.stroke();
      });
      ctx.restore();
    });
  },
};

const pct = (p: Proportion | null): number | null => (p ? Math.round(p.p * 1000) / 10 : null);
const pctInterval = (p: Proportion | null): Interval => (p ? [p.low * 100, p.high * 100] : null);
const mean = (m: WeightedMean | null): number | null => (m ? m.mean : null);
const meanInterval = (m: WeightedMean | null): Interval => (m && m.low !== null && m.high !== null ? [m.low, m.high] : null);

interface Axis {
  min?: number;
  max?: number;
  /** Never stretch past this (100 for percentages). */
  cap?: number;
  title: string;
}

function draw(id: string, type: 'bar' | 'line', labels: string[], datasets: Dataset[], axis: Axis, horizontal = false): void {
  const canvas = document.getElementById(id);
  if (!(canvas instanceof HTMLCanvasElement)) return;
  // Room for the whiskers: Chart.js scales to the data alone, so an interval could poke out of the plot.
  const highest = Math.max(...datasets.flatMap((d) => [...d.data, ...(d.intervals ?? []).map((i) => (i ? i[1] : null))]).filter((v): v is number => v !== null));
  const valueAxis = {
    min: axis.min,
    max: axis.max,
    suggestedMax: axis.max === undefined && Number.isFinite(highest) ? (axis.cap === undefined ? highest : Math.min(axis.cap, highest)) : undefined,
    title: { display: true, text: axis.title },
    beginAtZero: axis.min === undefined,
  };
  // Points sit in the middle of their slot, as bars do, instead of on the plot's edges.
  const categoryAxis = { offset: true, grid: { offset: true } };
  const config = {
    type,
    data: { labels, datasets },
    plugins: [intervals],
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      // Pictures of numbers: no animation to wait for, and screenshots show the final state.
      animation: false,
      plugins: {
        legend: { display: datasets.length > 1 },
        tooltip: {
          callbacks: {
            afterLabel(item: { dataset: Dataset; dataIndex: number }) {
              const interval = item.dataset.intervals?.[item.dataIndex];
              return interval ? `95% CI ${interval[0].toFixed(1)}–${interval[1].toFixed(1)}` : '';
            },
          },
        },
      },
      scales: horizontal ? { x: valueAxis, y: categoryAxis } : { y: valueAxis, x: categoryAxis },
    },
  } as unknown as ChartConfiguration;
  new Chart(canvas, config);
}

/** Means on the scale's own range: points with whiskers, since a bar from 0 would exaggerate a 1–5 scale. */
function meanPoints(label: string, values: (WeightedMean | null)[]): Dataset {
  return {
    type: 'line',
    label,
    data: values.map(mean),
    intervals: values.map(meanInterval),
    showLine: false,
    pointRadius: 6,
    pointHoverRadius: 8,
    pointBackgroundColor: BLUE,
    borderColor: BLUE,
  } as Dataset;
}

function shareBars(label: string, values: (Proportion | null)[], color: string): Dataset {
  return { type: 'bar', label, data: values.map(pct), intervals: values.map(pctInterval), backgroundColor: color, borderRadius: 3 } as Dataset;
}

function drawAll(data: ReportData): void {
  const { scale } = data.context;
  const levels = scale.levels.map(String);
  const scaleAxis: Axis = { min: scale.min, max: scale.max, title: 'Mean confidence' };
  const percentAxis = (title: string): Axis => ({ min: 0, cap: 100, title });
  const outcome = data.context.outcome ?? 'outcome';

  draw('chart-outcome', 'bar', levels, [shareBars(`${outcome} ${data.context.windowLabel} (%)`, data.outcome.byLevel.map((l) => l.conversion), BLUE)], percentAxis('% converted'));
  const counted = data.context.unit === 'response' ? 'answers' : 'visitors';
  draw('chart-distribution', 'bar', levels, [shareBars(`Share of ${counted} (%)`, data.overall.distribution, BLUE)], percentAxis(`% of ${counted}`));
  draw('chart-page', 'line', data.byPageType.map((g) => g.label), [meanPoints('Mean confidence', data.byPageType.map((g) => g.mean))], scaleAxis);
  draw('chart-step', 'line', data.byStep.map((g) => g.label), [meanPoints('Mean confidence', data.byStep.map((g) => g.mean))], scaleAxis);
  draw(
    'chart-momentum',
    'bar',
    levels,
    [
      shareBars(`Reached ${outcome}`, data.momentum.byLevel.map((m) => m.outcome), BLUE),
      shareBars('Went on', data.momentum.byLevel.map((m) => m.page), GREY),
      shareBars('Left', data.momentum.byLevel.map((m) => m.left), AMBER),
    ],
    percentAxis('% of visitors'),
  );

  const followUp = data.followUps[0];
  if (followUp) {
    draw('chart-followup', 'bar', followUp.options.map((o) => o.label), [shareBars('Chosen by (% of low-confidence responses)', followUp.options.map((o) => o.share), AMBER)], percentAxis('% of low-confidence responses'), true);
  }

  const active = data.behaviour.find((b) => b.key === 'activeSeconds');
  if (active) {
    draw('chart-behaviour', 'bar', levels, [{ type: 'bar', label: active.label, data: active.byLevel.map(mean), intervals: active.byLevel.map(meanInterval), backgroundColor: BLUE, borderRadius: 3 } as Dataset], { min: 0, title: 'Active seconds' });
  }

  if (data.weeks.length) draw('chart-weeks', 'line', data.weeks.map((w) => w.key), [meanPoints('Mean confidence', data.weeks.map((w) => w.mean))], scaleAxis);
  if (data.variants.length) draw('chart-variants', 'line', data.variants.map((v) => v.label), [meanPoints('Mean confidence', data.variants.map((v) => v.mean))], scaleAxis);
}

function applyFiltersOnChange(): void {
  const form = document.querySelector<HTMLFormElement>('form.filters');
  form?.addEventListener('change', () => form.requestSubmit());
}

function start(): void {
  applyFiltersOnChange();
  const block = document.getElementById('cp-report-data');
  if (!block?.textContent) return;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.color = INK;
  drawAll(JSON.parse(block.textContent) as ReportData);
}

start();
