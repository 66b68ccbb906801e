/**
 * Line charts drawn on the server as inline SVG: no script, no external asset, no style attribute (the pages' CSP
 * allows only the one hashed stylesheet), colours as presentation attributes, every text escaped.
 */
import { escapeHtml } from "./format.js";

/** One value of a series; `label` names it in the point's tooltip and on the x axis (first and last). */
export interface ChartPoint {
  label: string;
  value: number;
}

export interface ChartOptions {
  /** Unique within the page: the ids of the chart's <title> and <desc> derive from it. */
  id: string;
  /** The chart's accessible name. */
  title: string;
  /** What the y axis measures, with its unit ("Pass rate (%)"). */
  yLabel: string;
  /** The unit written after a value in tooltips and the description ("%", " s"). */
  unit: string;
  /** The top of the y axis; by default the largest value rounded up to 1, 2 or 5 × 10^n. */
  max?: number;
  /** The line's and points' colour. */
  colour?: string;
}

/** The drawing's size in its own units; the page's stylesheet scales it to the width available. */
export const CHART = { width: 480, height: 224, left: 52, right: 14, top: 16, bottom: 48 } as const;
const PLOT_W = CHART.width - CHART.left - CHART.right;
const PLOT_H = CHART.height - CHART.top - CHART.bottom;

/** The smallest 1, 2 or 5 × 10^n at or above `v` (1 for 0 or less): a y axis's top that reads well. */
export function niceCeiling(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  const step = [1, 2, 5, 10].find((s) => s * power >= v * (1 - 1e-9))!;
  return step * power;
}

/** A value as a short number: at most 3 significant decimals, no trailing zeros. */
export function shortNumber(v: number): string {
  if (!Number.isFinite(v)) return "0";
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return String(Number(v.toFixed(digits)));
}

const coord = (n: number) => String(Math.round(n * 10) / 10);

/** Where the points go: x evenly spaced in order (one point: the middle), y from 0 at the bottom to `max`. */
export function chartPositions(values: readonly number[], max: number): { x: number; y: number }[] {
  const n = values.length;
  return values.map((v, i) => {
    const clamped = Math.min(Math.max(Number.isFinite(v) ? v : 0, 0), max);
    return {
      x: CHART.left + (n === 1 ? PLOT_W / 2 : (i * PLOT_W) / (n - 1)),
      y: CHART.top + PLOT_H - (clamped / max) * PLOT_H,
    };
  });
}

/** The y axis: its line, three ticks (0, half, top) with grid lines, and its label turned upright. */
function yAxis(max: number, label: string): string {
  const ticks = [0, max / 2, max]
    .map((t) => {
      const y = coord(CHART.top + PLOT_H - (t / max) * PLOT_H);
      return (
        `<line x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${y}" y2="${y}" stroke="#d0d7de" stroke-width="1"/>` +
        `<text x="${CHART.left - 6}" y="${y}" dy="4" text-anchor="end">${escapeHtml(shortNumber(t))}</text>`
      );
    })
    .join("");
  const middle = coord(CHART.top + PLOT_H / 2);
  return (
    `<g class="axis y" font-size="15" fill="#57606a">${ticks}` +
    `<text x="14" y="${middle}" transform="rotate(-90 14 ${middle})" text-anchor="middle">${escapeHtml(label)}</text></g>`
  );
}

/** The x axis: its line, the first and last point's labels under their ends, and what it counts. */
function xAxis(points: readonly ChartPoint[]): string {
  const base = CHART.top + PLOT_H;
  const under = base + 18;
  const first = points[0]?.label ?? "";
  const last = points.length > 1 ? points[points.length - 1]!.label : "";
  return (
    `<g class="axis x" font-size="15" fill="#57606a">` +
    `<line x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${base}" y2="${base}" stroke="#57606a" stroke-width="1"/>` +
    `<text x="${CHART.left}" y="${under}" text-anchor="start">${escapeHtml(first)}</text>` +
    (last
      ? `<text x="${CHART.width - CHART.right}" y="${under}" text-anchor="end">${escapeHtml(last)}</text>`
      : "") +
    `<text x="${CHART.left + PLOT_W / 2}" y="${CHART.height - 6}" text-anchor="middle">` +
    `${points.length === 1 ? "1 run" : `${points.length} runs, oldest to newest`}</text></g>`
  );
}

/** A one-sentence reading of the series, for screen readers (the chart's <desc>). */
export function chartSummary(points: readonly ChartPoint[], o: Pick<ChartOptions, "unit">): string {
  if (points.length === 0) return "No runs yet.";
  const values = points.map((p) => p.value);
  const say = (v: number) => `${shortNumber(v)}${o.unit}`;
  const last = points[points.length - 1]!;
  if (points.length === 1) return `One run (${last.label}): ${say(last.value)}.`;
  return (
    `${points.length} runs from ${points[0]!.label} to ${last.label}: ` +
    `first ${say(values[0]!)}, last ${say(last.value)}, lowest ${say(Math.min(...values))}, highest ${say(Math.max(...values))}.`
  );
}

/**
 * A line chart of `points` in order (oldest left), one <circle class="point"> per point with its label and value
 * as a tooltip; no points: a short text instead of an empty drawing.
 */
export function lineChart(points: readonly ChartPoint[], o: ChartOptions): string {
  const id = o.id.replace(/[^\w-]/g, "");
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const head =
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CHART.width} ${CHART.height}" ` +
    `role="img" aria-labelledby="${titleId} ${descId}" font-family="system-ui,sans-serif">` +
    `<title id="${titleId}">${escapeHtml(o.title)}</title><desc id="${descId}">${escapeHtml(chartSummary(points, o))}</desc>`;
  if (points.length === 0)
    return `${head}<text x="${CHART.width / 2}" y="${CHART.height / 2}" text-anchor="middle" font-size="14" fill="#57606a">No runs yet</text></svg>`;
  const max = o.max ?? niceCeiling(Math.max(...points.map((p) => p.value)));
  const at = chartPositions(
    points.map((p) => p.value),
    max,
  );
  const colour = escapeHtml(o.colour ?? "#0969da");
  const line =
    at.length > 1
      ? `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${at.map((p) => `${coord(p.x)},${coord(p.y)}`).join(" ")}"/>`
      : "";
  const marks = points
    .map(
      (p, i) =>
        `<circle class="point" cx="${coord(at[i]!.x)}" cy="${coord(at[i]!.y)}" r="3.5" fill="${colour}">` +
        `<title>${escapeHtml(`${p.label}: ${shortNumber(p.value)}${o.unit}`)}</title></circle>`,
    )
    .join("");
  return `${head}${yAxis(max, o.yLabel)}${xAxis(points)}${line}<g class="points">${marks}</g></svg>`;
}
