// Activity tab: events per minute by type (last hour), the latest events, the model's
// age and training state, and catalog counts (GET /v1/admin/activity).
//
// It refreshes every 10 s while the tab is shown, and only then: the next request is
// scheduled after the previous one finished (no pile-up on a slow server), and a
// hidden browser tab skips its turns.

import { api } from "./api.js";
import { el, fill, notice, errorText, formatInt, formatDuration, formatTime } from "./dom.js";
import { stackedColumns, colorFor } from "./charts.js";

const $ = (id) => document.getElementById(id);
const REFRESH_MS = 10_000;

let timer = null;
let active = false;
// Bumped on every show/hide so that a response arriving after the tab closed is dropped.
let generation = 0;

export function init() {
  $("activity-refresh").addEventListener("click", () => active && refresh(generation));
}

export function show() {
  active = true;
  generation += 1;
  refresh(generation);
}

export function hide() {
  active = false;
  generation += 1;
  clearTimeout(timer);
  timer = null;
}

export function reset() {
  hide();
  for (const id of ["activity-chart", "activity-legend", "latest-events", "model-status", "catalog-counts", "activity-updated"]) {
    $(id).replaceChildren();
  }
  notice($("activity-status"), "");
}

async function refresh(run) {
  clearTimeout(timer);
  if (!document.hidden) {
    try {
      const activity = await api("/v1/admin/activity?minutes=60&latest=20");
      if (run !== generation) return;
      render(activity);
      $("activity-updated").textContent = `updated ${new Date().toLocaleTimeString()}`;
      notice($("activity-status"), "");
    } catch (error) {
      if (run !== generation) return;
      notice($("activity-status"), errorText(error));
    }
  }
  if (run === generation && active) timer = setTimeout(() => refresh(run), REFRESH_MS);
}

function render(activity) {
  const minutes = activity.events_per_minute || [];
  const totals = new Map();
  for (const minute of minutes) {
    for (const [type, count] of Object.entries(minute.counts || {})) totals.set(type, (totals.get(type) || 0) + count);
  }
  // Biggest type at the bottom of each column, so the small ones stay readable on top.
  const types = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a) || a.localeCompare(b));
  fill(
    $("activity-chart"),
    stackedColumns({
      title: "Events per minute by type, last hour",
      keys: types,
      columns: minutes.map((minute) => ({
        label: formatTime(minute.minute, { hour: "2-digit", minute: "2-digit" }),
        counts: minute.counts || {},
      })),
      emptyText: "no events in the last hour",
    }),
  );
  fill(
    $("activity-legend"),
    types.map((type) => {
      const swatch = el("span", { class: "swatch" });
      swatch.style.background = colorFor(type);
      return el("li", {}, swatch, type, el("span", { class: "muted" }, ` ${formatInt(totals.get(type))}`));
    }),
  );
  renderLatest(activity.latest_events || []);
  renderModel(activity.model || {});
  renderCatalog(activity.catalog || {});
}

function renderLatest(events) {
  const rows = events.map((event) =>
    el(
      "tr",
      { dataset: { sequence: event.sequence } },
      el("td", { class: "num" }, formatInt(event.sequence)),
      el("td", {}, formatTime(event.occurred_at)),
      el("td", {}, typeTag(event.type)),
      el("td", {}, event.channel || "—"),
      el("td", {}, event.user_id || "—"),
      el("td", {}, event.anonymous_id || "—"),
      el("td", {}, (event.product_ids || []).map((id) => productLink(id))),
      el("td", { class: "muted" }, event.event_id),
    ),
  );
  const headings = ["#", "Occurred", "Type", "Channel", "User", "Anonymous id", "Products", "Event id"];
  fill(
    $("latest-events"),
    el("thead", {}, el("tr", {}, headings.map((heading) => el("th", { scope: "col" }, heading)))),
    el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colspan: headings.length, class: "muted" }, "No events yet."))),
  );
}

function typeTag(type) {
  const swatch = el("span", { class: "swatch" });
  swatch.style.background = colorFor(type);
  return el("span", { class: "event-type" }, swatch, type);
}

/** A product id that opens the catalog lookup (catalog.js listens for the event). */
function productLink(id) {
  return el("button", {
    type: "button",
    class: "link product-link",
    onclick: () => document.dispatchEvent(new CustomEvent("console:lookup", { detail: { productId: id } })),
  }, id);
}

function renderModel(model) {
  const behind = typeof model.trained_sequence === "number" && typeof model.applied_sequence === "number"
    ? model.applied_sequence - model.trained_sequence
    : null;
  fill(
    $("model-status"),
    fact("State", model.training ? "training now" : "idle"),
    fact("Trained", model.trained_at ? `${formatTime(model.trained_at)} (${formatDuration(model.age_seconds)} ago)` : "no model yet"),
    fact("Events applied", formatInt(model.applied_sequence)),
    fact("Events in the model", typeof model.trained_sequence === "number" ? formatInt(model.trained_sequence) : "—"),
    behind !== null ? fact("Events since training", formatInt(behind)) : null,
  );
}

function renderCatalog(catalog) {
  const channels = Object.entries(catalog.published_by_channel || {}).sort(([a], [b]) => a.localeCompare(b));
  fill(
    $("catalog-counts"),
    fact("Products", formatInt(catalog.products)),
    fact("In stock", formatInt(catalog.in_stock)),
    ...channels.map(([channel, count]) => fact(`Published on ${channel}`, formatInt(count))),
  );
}

function fact(name, value) {
  return [el("dt", {}, name), el("dd", {}, value)];
}
