/** The server-side SVG line chart: positions and scales, the empty and one-run cases, hostile labels. */
import { describe, expect, it } from "@jest/globals";
import {
  CHART,
  chartPositions,
  chartSummary,
  lineChart,
  niceCeiling,
  shortNumber,
  type ChartPoint,
} from "../../../src/server/views/chart.js";

const OPTIONS = { id: "c", title: "Pass rate", yLabel: "Pass rate (%)", unit: "%" };
const plotLeft = CHART.left;
const plotRight = CHART.width - CHART.right;
const plotTop = CHART.top;
const plotBottom = CHART.height - CHART.bottom;

/** The (cx, cy) of each <circle class="point">. */
function circles(svg: string): { x: number; y: number }[] {
  return [...svg.matchAll(/<circle class="point" cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
  }));
}

describe("niceCeiling and shortNumber", () => {
  it.each([
    [0, 1],
    [-3, 1],
    [Number.NaN, 1],
    [0.3, 0.5],
    [1, 1],
    [1.2, 2],
    [3, 5],
    [7, 10],
    [10, 10],
    [47, 50],
    [120, 200],
    [2500, 5000],
  ])("niceCeiling(%p) = %p", (v, expected) => expect(niceCeiling(v)).toBeCloseTo(expected, 10));

  it.each([
    [0, "0"],
    [0.12345, "0.123"],
    [1.5, "1.5"],
    [12.345, "12.3"],
    [97.5, "97.5"],
    [100, "100"],
    [1234.56, "1235"],
  ])("shortNumber(%p) = %p", (v, expected) => expect(shortNumber(v)).toBe(expected));
});

describe("chartPositions", () => {
  it("spreads points evenly from the left edge to the right edge, 0 at the bottom and max at the top", () => {
    const at = chartPositions([0, 50, 100], 100);
    expect(at.map((p) => p.x)).toEqual([plotLeft, (plotLeft + plotRight) / 2, plotRight]);
    expect(at.map((p) => p.y)).toEqual([plotBottom, (plotTop + plotBottom) / 2, plotTop]);
  });

  it("puts a single point in the middle; clamps values outside 0..max and unreadable ones to 0", () => {
    expect(chartPositions([40], 100)).toEqual([{ x: (plotLeft + plotRight) / 2, y: expect.any(Number) }]);
    const at = chartPositions([-5, 150, Number.NaN], 100);
    expect(at.map((p) => p.y)).toEqual([plotBottom, plotTop, plotBottom]);
  });
});

describe("lineChart", () => {
  const points: ChartPoint[] = [
    { label: "2026-12-01 10:00", value: 100 },
    { label: "2026-12-02 10:00", value: 75 },
    { label: "2026-12-03 10:00", value: 90 },
    { label: "2026-12-04 10:00", value: 50 },
  ];

  it("draws one point per value, oldest left, on a fixed 0..100 scale when max is given", () => {
    const svg = lineChart(points, { ...OPTIONS, max: 100 });
    const at = circles(svg);
    expect(at).toHaveLength(4);
    expect(at.map((p) => p.x)).toEqual([...at.map((p) => p.x)].sort((a, b) => a - b));
    expect(at[0]).toEqual({ x: plotLeft, y: plotTop });
    expect(at[3]).toEqual({ x: plotRight, y: (plotTop + plotBottom) / 2 });
    expect(svg).toMatch(/<polyline [^>]*points="52,16 190,56 328,32 466,96"/);
    // ticks 0, 50, 100 and the axis label
    expect([...svg.matchAll(/text-anchor="end">([^<]+)</g)].map((m) => m[1])).toEqual([
      "0",
      "50",
      "100",
      "2026-12-04 10:00",
    ]);
    expect(svg).toContain(">Pass rate (%)</text>");
    expect(svg).toContain("4 runs, oldest to newest");
  });

  it("is an accessible image: role img, labelled by its <title> and <desc>, each point titled", () => {
    const svg = lineChart(points, { ...OPTIONS, max: 100 });
    expect(svg).toMatch(
      /^<svg class="chart" xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 480 224" role="img" aria-labelledby="c-title c-desc"/,
    );
    expect(svg).toContain(`<title id="c-title">Pass rate</title>`);
    expect(svg).toContain(
      `<desc id="c-desc">4 runs from 2026-12-01 10:00 to 2026-12-04 10:00: first 100%, last 50%, lowest 50%, highest 100%.</desc>`,
    );
    expect(svg).toContain("<title>2026-12-02 10:00: 75%</title>");
  });

  it("scales to the largest value rounded up (1, 2, 5 × 10^n) when no max is given", () => {
    const svg = lineChart(
      [
        { label: "a", value: 3.2 },
        { label: "b", value: 7.9 },
      ],
      { ...OPTIONS, unit: " s" },
    );
    expect([...svg.matchAll(/dy="4" text-anchor="end">([^<]+)</g)].map((m) => m[1])).toEqual([
      "0",
      "5",
      "10",
    ]);
    expect(circles(svg)[1]!.y).toBeCloseTo(plotBottom - 0.79 * (plotBottom - plotTop), 0);
  });

  it("one run: a single point in the middle, no line, '1 run'", () => {
    const svg = lineChart([{ label: "only", value: 80 }], { ...OPTIONS, max: 100 });
    expect(circles(svg)).toEqual([
      { x: (plotLeft + plotRight) / 2, y: plotBottom - 0.8 * (plotBottom - plotTop) },
    ]);
    expect(svg).not.toContain("<polyline");
    expect(svg).toContain(">1 run</text>");
    expect(svg).toContain('<desc id="c-desc">One run (only): 80%.</desc>');
  });

  it("no runs: a labelled drawing that says so, without points or axes", () => {
    const svg = lineChart([], OPTIONS);
    expect(circles(svg)).toEqual([]);
    expect(svg).toContain("No runs yet</text>");
    expect(svg).toContain(`<desc id="c-desc">No runs yet.</desc>`);
    expect(svg).not.toContain("<polyline");
    expect(svg.endsWith("</svg>")).toBe(true);
  });

  it("all zero values (durations of 0 s): a 0..1 scale, points on the bottom line", () => {
    const svg = lineChart(
      [
        { label: "a", value: 0 },
        { label: "b", value: 0 },
      ],
      { ...OPTIONS, unit: " s" },
    );
    expect(circles(svg).map((p) => p.y)).toEqual([plotBottom, plotBottom]);
  });

  it("hostile labels, title, axis label and id cannot add markup, attributes or scripts", () => {
    const evil = `</title><script>alert(1)</script><a href="javascript:x" onload='y'>&amp;`;
    const svg = lineChart(
      [
        { label: evil, value: 1 },
        { label: `${evil}2`, value: 2 },
      ],
      { id: `x" onload="alert(1)`, title: evil, yLabel: evil, unit: `"><script>` },
    );
    expect(svg).not.toMatch(/<script|<a | onload=["']|<\/title><script/);
    expect(svg).toContain("&#60;/title&#62;&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(svg).toContain(`aria-labelledby="xonloadalert1-title xonloadalert1-desc"`);
    // every tag is one the chart draws
    const tags = new Set([...svg.matchAll(/<\/?([a-zA-Z]+)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(["circle", "desc", "g", "line", "polyline", "svg", "text", "title"]);
  });

  it("summarises the series for screen readers", () => {
    expect(chartSummary(points, { unit: "%" })).toBe(
      "4 runs from 2026-12-01 10:00 to 2026-12-04 10:00: first 100%, last 50%, lowest 50%, highest 100%.",
    );
  });
});
