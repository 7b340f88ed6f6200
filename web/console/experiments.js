// Experiments tab: the report of one experiment of the rules file
// (GET /v1/admin/experiments/{id}) as a table per variant and interval charts.
//
// A variant with no impressions has no rate at all, so it shows a dash and "no
// impressions yet", never a 0% that would read as a measured result.

import { api } from "./api.js";
import { el, fill, notice, errorText, formatInt, formatPercent, formatLift, formatMoney, formatDuration, formatTime } from "./dom.js";
import { intervalChart } from "./charts.js";
import { currentConfig, onConfigChange } from "./rules.js";

const $ = (id) => document.getElementById(id);

export function init() {
  $("experiment-select").addEventListener("change", load);
  $("experiment-refresh").addEventListener("click", load);
  onConfigChange(fillSelect);
}

export function show() {
  const config = currentConfig();
  if (config) fillSelect(config);
  load();
}

export function hide() {}

export function reset() {
  $("experiment-select").replaceChildren();
  $("experiment-report").replaceChildren();
  notice($("experiment-status"), "");
}

function fillSelect(config) {
  const select = $("experiment-select");
  const previous = select.value;
  const experiments = config.experiments || [];
  fill(
    select,
    experiments.map((experiment) => el("option", { value: experiment.id }, `${experiment.id} (on ${experiment.placement})`)),
  );
  if (experiments.some((experiment) => experiment.id === previous)) select.value = previous;
  select.disabled = experiments.length === 0;
}

async function load() {
  const select = $("experiment-select");
  const status = $("experiment-status");
  const id = select.value;
  if (!id) {
    fill($("experiment-report"), el("p", { class: "muted" }, "The rules file declares no experiment."));
    return;
  }
  notice(status, "Loading the report…", "info");
  try {
    const report = await api(`/v1/admin/experiments/${encodeURIComponent(id)}`);
    if (select.value !== id) return; // another experiment was chosen meanwhile
    const definition = (currentConfig()?.experiments || []).find((experiment) => experiment.id === id);
    render(report, definition);
    notice(status, "");
  } catch (error) {
    $("experiment-report").replaceChildren();
    notice(status, errorText(error));
  }
}

function render(report, definition) {
  const variants = report.variants || [];
  const weights = new Map((definition?.variants || []).map((variant) => [variant.id, variant.weight]));
  const currencies = [...new Set(variants.flatMap((variant) => (variant.revenue || []).map((line) => line.currency)))];
  const measured = (variant) => variant.impressions > 0;
  const isControl = (variant) => variant.variant === report.control;

  const charts = [
    rateChart("Click-through rate per variant", variants, "ctr", isControl),
    rateChart("Conversion per variant", variants, "conversion", isControl),
    ...currencies.map((currency) =>
      intervalChart({
        title: `Revenue per impression (${currency})`,
        format: (minor) => formatMoney(minor, currency),
        emptyText: "no impressions yet",
        rows: variants.map((variant) => {
          const estimate = measured(variant) ? revenueLine(variant, currency)?.per_impression : null;
          return { label: variant.variant, highlight: isControl(variant), ...estimateRow(estimate) };
        }),
      }),
    ),
  ];

  fill(
    $("experiment-report"),
    el(
      "dl",
      { class: "facts" },
      fact("Placement", report.placement),
      fact("Control", report.control),
      fact("Attribution window", formatDuration(report.attribution_window_seconds)),
      fact("Status", report.active ? "running" : "not in the rules in force"),
      fact("Report time", formatTime(report.generated_at)),
    ),
    variants.every((variant) => !measured(variant))
      ? el("p", { class: "notice info" }, "No impressions yet: rates and charts fill in once storefronts serve this placement.")
      : null,
    reportTable(variants, weights, currencies, measured, isControl),
    el("ul", { class: "readings" }, variants.filter((variant) => !isControl(variant)).map((variant) => reading(variant, report.control))),
    el("div", { class: "charts" }, charts),
    report.method ? el("p", { class: "method muted" }, report.method) : null,
  );
}

function fact(name, value) {
  return [el("dt", {}, name), el("dd", {}, value ?? "—")];
}

function revenueLine(variant, currency) {
  return (variant.revenue || []).find((line) => line.currency === currency);
}

/** `{value, low, high}` for a chart row from an estimate; nothing when there is none. */
function estimateRow(estimate) {
  if (!estimate || typeof estimate.value !== "number") return { value: null };
  return { value: estimate.value, low: estimate.ci95_low, high: estimate.ci95_high };
}

function rateChart(title, variants, field, isControl) {
  return intervalChart({
    title,
    format: (x) => formatPercent(x, 1),
    emptyText: "no impressions yet",
    rows: variants.map((variant) => ({
      label: variant.variant,
      highlight: isControl(variant),
      ...estimateRow(variant.impressions > 0 ? variant[field] : null),
    })),
  });
}

function reportTable(variants, weights, currencies, measured, isControl) {
  const headings = ["Variant", "Weight", "Impressions", "Clicks", "CTR", "Add-to-carts", "Purchases", "Conversion",
    "Revenue per impression", "Lift CTR", "Lift conversion"];
  const rows = variants.map((variant) => {
    const ok = measured(variant);
    const lift = variant.lift || {};
    return el(
      "tr",
      { class: isControl(variant) ? "control" : "", dataset: { variant: variant.variant } },
      el("th", { scope: "row" }, variant.variant, isControl(variant) ? el("span", { class: "tag" }, "control") : null),
      el("td", { class: "num" }, weights.has(variant.variant) ? String(weights.get(variant.variant)) : "—"),
      el("td", { class: "num" }, formatInt(variant.impressions)),
      el("td", { class: "num" }, formatInt(variant.clicks)),
      estimateCell(ok ? variant.ctr : null, formatPercent),
      el("td", { class: "num" }, formatInt(variant.add_to_carts)),
      el("td", { class: "num" }, formatInt(variant.purchases)),
      estimateCell(ok ? variant.conversion : null, formatPercent),
      el(
        "td",
        { class: "num" },
        currencies.length && ok
          ? currencies.map((currency) => {
            const line = revenueLine(variant, currency);
            return el("div", {}, estimateCell(line?.per_impression, (minor) => formatMoney(minor, currency), "span"));
          })
          : "—",
      ),
      isControl(variant) ? el("td", { class: "num muted" }, "reference") : estimateCell(ok ? lift.ctr : null, formatLift),
      isControl(variant) ? el("td", { class: "num muted" }, "reference") : estimateCell(ok ? lift.conversion : null, formatLift),
    );
  });
  return el(
    "div",
    { class: "table-wrap" },
    el(
      "table",
      { class: "report" },
      el("caption", { class: "muted" }, "Under each estimate: its 95% interval."),
      el("thead", {}, el("tr", {}, headings.map((heading) => el("th", { scope: "col" }, heading)))),
      el("tbody", {}, rows),
    ),
  );
}

/** A value with its interval underneath; a dash when there is no estimate. */
function estimateCell(estimate, format, tag = "td") {
  if (!estimate || typeof estimate.value !== "number") return el(tag, { class: "num muted" }, "—");
  const interval = typeof estimate.ci95_low === "number" && typeof estimate.ci95_high === "number"
    ? el("span", { class: "ci" }, `${format(estimate.ci95_low)} to ${format(estimate.ci95_high)}`)
    : null;
  return el(tag, { class: "num estimate" }, el("span", { class: "value" }, format(estimate.value)), interval);
}

/** One sentence per treatment: is it distinguishable from the control yet? */
function reading(variant, control) {
  const parts = [];
  for (const [name, label] of [["ctr", "CTR"], ["conversion", "conversion"]]) {
    const lift = variant.lift && variant.lift[name];
    if (!lift || typeof lift.ci95_low !== "number" || typeof lift.ci95_high !== "number") continue;
    const verdict = lift.ci95_low > 0 ? "higher than" : lift.ci95_high < 0 ? "lower than" : "not distinguishable from";
    parts.push(`${label} ${formatLift(lift.value)} is ${verdict} ${control}'s at 95%`);
  }
  const text = parts.length ? parts.join("; ") : `no lift against ${control} yet (it needs impressions and a non-zero control rate)`;
  return el("li", {}, el("strong", {}, variant.variant), `: ${text}.`);
}
