// Two small inline SVG charts, drawn from data with no library: horizontal bars with
// 95% interval whiskers (experiment rates) and stacked columns (events per minute).
// Sizes are in viewBox units; CSS scales the SVG to its container's width.

import { svg } from "./dom.js";

/** The smallest 1, 2 or 5 × 10^k at or above `value`, so axes end on round numbers. */
export function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

const EVENT_COLORS = {
  product_view: "#4c78a8",
  list_view: "#72b7b2",
  search: "#b279a2",
  add_to_cart: "#f58518",
  remove_from_cart: "#9d755d",
  purchase: "#54a24b",
  rec_impression: "#9ecae9",
  rec_click: "#e45756",
  identify: "#bab0ac",
};
const SPARE_COLORS = ["#eeca3b", "#ff9da6", "#8c6d31", "#637939", "#7b4173"];

/** A stable colour per event type; types the console does not know get a spare one. */
export function colorFor(type) {
  if (EVENT_COLORS[type]) return EVENT_COLORS[type];
  let hash = 0;
  for (const c of type) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return SPARE_COLORS[hash % SPARE_COLORS.length];
}

/**
 * Horizontal bars, one per row `{label, value, low, high, highlight}`, each with its
 * interval as a whisker; a row whose value is null says `emptyText` instead of a bar
 * (a variant with no impressions has no rate, which is not the same as a rate of 0).
 */
export function intervalChart({ title, rows, format, emptyText = "no data yet" }) {
  const width = 560;
  const labelWidth = 130;
  const valueWidth = 190;
  const rowHeight = 34;
  const top = 30;
  const bottom = 22;
  const plotWidth = width - labelWidth - valueWidth;
  const height = top + rows.length * rowHeight + bottom;
  const max = niceMax(Math.max(0, ...rows.map((row) => Math.max(row.high ?? 0, row.value ?? 0))));
  const x = (value) => labelWidth + (Math.min(Math.max(value, 0), max) / max) * plotWidth;

  const chart = svg("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title });
  chart.append(svg("title", {}, title), svg("text", { x: 0, y: 16, class: "chart-title" }, title));
  for (const tick of [0, max / 2, max]) {
    chart.append(
      svg("line", { x1: x(tick), x2: x(tick), y1: top - 4, y2: height - bottom, class: "grid" }),
      svg("text", { x: x(tick), y: height - 6, class: "axis", "text-anchor": "middle" }, format(tick)),
    );
  }
  rows.forEach((row, index) => {
    const y = top + index * rowHeight;
    const middle = y + rowHeight / 2;
    const group = svg("g", { class: row.highlight ? "row highlight" : "row" });
    group.append(svg("text", { x: labelWidth - 8, y: middle + 4, "text-anchor": "end", class: "label" }, row.label));
    if (typeof row.value !== "number") {
      group.append(svg("text", { x: labelWidth + 6, y: middle + 4, class: "empty" }, emptyText));
      chart.append(group);
      return;
    }
    const interval = typeof row.low === "number" && typeof row.high === "number";
    const summary = interval
      ? `${row.label}: ${format(row.value)} (95% interval ${format(row.low)} to ${format(row.high)})`
      : `${row.label}: ${format(row.value)}`;
    group.append(
      svg("title", {}, summary),
      svg("rect", { x: labelWidth, y: y + 8, width: Math.max(x(row.value) - labelWidth, 1), height: rowHeight - 16, class: "bar" }),
    );
    if (interval) {
      const [low, high] = [x(row.low), x(row.high)];
      group.append(
        svg("line", { x1: low, x2: high, y1: middle, y2: middle, class: "whisker" }),
        svg("line", { x1: low, x2: low, y1: middle - 6, y2: middle + 6, class: "whisker" }),
        svg("line", { x1: high, x2: high, y1: middle - 6, y2: middle + 6, class: "whisker" }),
      );
    }
    const text = interval ? `${format(row.value)}  [${format(row.low)}, ${format(row.high)}]` : format(row.value);
    group.append(svg("text", { x: labelWidth + plotWidth + 10, y: middle + 4, class: "value" }, text));
    chart.append(group);
  });
  return chart;
}

/**
 * Stacked columns: `columns` are `{label, counts: {key: n}}` left to right, `keys` the
 * stacking order (bottom first). Every `tickEvery`-th column gets its label under the axis.
 */
export function stackedColumns({ title, columns, keys, tickEvery = 10, emptyText = "nothing yet" }) {
  const width = 760;
  const height = 240;
  const left = 52;
  const right = 8;
  const top = 12;
  const bottom = 24;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const totals = columns.map((column) => keys.reduce((sum, key) => sum + (column.counts[key] || 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const slot = plotWidth / Math.max(columns.length, 1);
  const barWidth = Math.max(slot * 0.8, 1);
  const y = (value) => top + plotHeight - (value / max) * plotHeight;

  const chart = svg("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title });
  chart.append(svg("title", {}, title));
  for (const tick of [0, max / 2, max]) {
    chart.append(
      svg("line", { x1: left, x2: width - right, y1: y(tick), y2: y(tick), class: "grid" }),
      svg("text", { x: left - 6, y: y(tick) + 4, "text-anchor": "end", class: "axis" }, tick.toLocaleString()),
    );
  }
  columns.forEach((column, index) => {
    const x = left + index * slot + (slot - barWidth) / 2;
    let base = 0;
    for (const key of keys) {
      const count = column.counts[key] || 0;
      if (!count) continue;
      const rect = svg("rect", { x, y: y(base + count), width: barWidth, height: y(base) - y(base + count), fill: colorFor(key) });
      rect.append(svg("title", {}, `${column.label} ${key}: ${count.toLocaleString()}`));
      chart.append(rect);
      base += count;
    }
    const last = index === columns.length - 1;
    if (index % tickEvery === 0 || last) {
      // The last label ends at the column's right edge so that it is not cut off.
      const anchor = last ? { x: x + barWidth, "text-anchor": "end" } : { x: x + barWidth / 2, "text-anchor": "middle" };
      chart.append(svg("text", { ...anchor, y: height - 6, class: "axis" }, column.label));
    }
  });
  if (!totals.some(Boolean)) {
    chart.append(svg("text", { x: left + plotWidth / 2, y: top + plotHeight / 2, "text-anchor": "middle", class: "empty" }, emptyText));
  }
  return chart;
}
