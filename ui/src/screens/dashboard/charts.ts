// Dashboard charts drawn with uPlot (canvas, ~50 kB, no CDN, CSP-safe: it only sets element
// styles from script): the time-to-resolution histogram and the daily resolved + median TTR
// chart. Both resize with their card and take colours from the theme tokens. Clicking a bar /
// day calls `onPick` with its index, for the drill-down.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DailyPoint, HistogramBucket } from '../../lib/backend/types';
import { fmtMinutes } from './format';

/** A colour token as the canvas needs it, at `alpha` opacity: the tokens are `light-dark(…)`,
 *  which only an element's computed colour resolves (the custom property reads back unresolved). */
function token(name: string, fallback: string, alpha = 1): string {
  const probe = document.createElement('span');
  probe.hidden = true;
  probe.style.color = `var(${name}, ${fallback})`;
  document.body.append(probe);
  const v = getComputedStyle(probe).color;
  probe.remove();
  const rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(v);
  return rgb ? `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})` : fallback;
}

function axisStyle(): Partial<uPlot.Axis> {
  const text = token('--muted', '#646b76');
  const grid = token('--border', '#e1e3e8');
  return { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
}

/** An axis as wide as its widest label (a fixed width clipped "10 min" to "10 mir"). */
function fitLabels(min: number): uPlot.Axis.Size {
  return (u, values) => {
    if (!values?.length) return min;
    const ctx = u.ctx;
    ctx.save();
    ctx.font = '11px system-ui, sans-serif';
    const widest = Math.max(...values.map((v) => ctx.measureText(String(v)).width));
    ctx.restore();
    // Tick (4) + gap (6) + labels + margin (6), in CSS pixels.
    return Math.max(min, Math.ceil(widest) + 16);
  };
}

/** A uPlot chart that follows its container's width. */
abstract class Chart {
  protected plot: uPlot | null = null;
  private readonly ro: ResizeObserver;

  constructor(
    readonly el: HTMLElement,
    protected readonly height: number,
  ) {
    this.ro = new ResizeObserver(() => {
      const w = this.width();
      if (this.plot && w > 0 && Math.abs(this.plot.width - w) > 1) this.plot.setSize({ width: w, height: this.height });
    });
    this.ro.observe(el);
  }

  protected width(): number {
    return Math.max(200, Math.floor(this.el.clientWidth));
  }

  protected mount(opts: uPlot.Options, data: uPlot.AlignedData, onPick: (idx: number) => void): void {
    this.plot?.destroy();
    this.el.replaceChildren();
    this.plot = new uPlot(opts, data, this.el);
    const plot = this.plot;
    plot.over.addEventListener('click', () => {
      const idx = plot.cursor.idx;
      if (idx !== null && idx !== undefined) onPick(idx);
    });
    plot.over.style.cursor = 'pointer';
  }

  destroy(): void {
    this.ro.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }
}

/** Bars of resolved tickets per time-to-resolution bucket. */
export class TtrHistogram extends Chart {
  draw(buckets: HistogramBucket[], onPick: (bucket: number) => void): void {
    const labels = buckets.map((b) => b.label);
    const accent = token('--accent', '#2d5bd0');
    const opts: uPlot.Options = {
      width: this.width(),
      height: this.height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: false, range: [-0.5, buckets.length - 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.15] } },
      axes: [
        { ...axisStyle(), splits: () => labels.map((_, i) => i), values: (_u, splits) => splits.map((i) => labels[i] ?? ''), grid: { show: false } },
        { ...axisStyle(), size: 40, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) },
      ],
      series: [
        {},
        {
          label: 'Tickets',
          fill: token('--accent', '#2d5bd0', 0.8),
          stroke: accent,
          width: 0,
          paths: uPlot.paths.bars!({ size: [0.7, 80], align: 0 }),
          points: { show: false },
        },
      ],
    };
    this.mount(opts, [buckets.map((_, i) => i), buckets.map((b) => b.count)], onPick);
  }
}

/** Resolved tickets per day (bars, left axis) with the day's median TTR (line, right axis). */
export class DailyChart extends Chart {
  draw(points: DailyPoint[], onPick: (idx: number) => void): void {
    const xs = points.map((p) => Date.parse(`${p.date}T00:00:00Z`) / 1000);
    const accent = token('--accent', '#2d5bd0');
    const warn = token('--warn', '#a15c00');
    const opts: uPlot.Options = {
      width: this.width(),
      height: this.height,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.15] }, ttr: { range: (_u, _min, max) => [0, Math.max(10, max) * 1.1] } },
      axes: [
        { ...axisStyle(), space: 60 },
        { ...axisStyle(), size: 36, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) },
        { ...axisStyle(), scale: 'ttr', side: 1, size: fitLabels(40), grid: { show: false }, values: (_u, splits) => splits.map((v) => fmtMinutes(v)) },
      ],
      series: [
        { value: (_u, v) => (v === null ? '' : new Date(v * 1000).toISOString().slice(0, 10)) },
        {
          label: 'Resolved',
          fill: token('--accent', '#2d5bd0', 0.6),
          stroke: accent,
          width: 0,
          paths: uPlot.paths.bars!({ size: [0.8, 24] }),
          points: { show: false },
          value: (_u, v) => (v === null ? '–' : String(v)),
        },
        {
          label: 'Median TTR',
          scale: 'ttr',
          stroke: warn,
          width: 2,
          spanGaps: true,
          points: { show: true, size: 4, fill: warn },
          value: (_u, v) => (v === null ? '–' : fmtMinutes(v)),
        },
      ],
    };
    this.mount(opts, [xs, points.map((p) => p.resolved), points.map((p) => p.medianTtrMin)], onPick);
  }
}
