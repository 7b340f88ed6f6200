// Placements tab: every placement of the rules file with its own block of the YAML, a
// live preview for one shopper, and "what if": the same preview against edited rules,
// next to the live one.
//
// Both previews go through POST /v1/recommendations/preview, the live one without a
// rules file (the server then runs the rules in force). Unlike GET /v1/recommendations,
// the preview records nothing,
// so looking at a placement never adds impressions to its experiment's report.

import { api } from "./api.js";
import { el, fill, notice, errorText, formatPrice, formatScore } from "./dom.js";
import { refreshConfig, currentConfig, onConfigChange, placementBlocks, channelsOf, splitComment } from "./rules.js";

const $ = (id) => document.getElementById(id);

// Once the marketer types into the what-if box, a reload of the live rules must not
// overwrite their draft; "Reset to live rules" brings the live text back on purpose.
let draftEdited = false;

const REASONS = {
  excluded_by_request: "excluded by the request",
  in_cart: "already in the cart",
  already_purchased: "already bought",
  not_in_catalog: "not in the catalog",
  out_of_stock: "out of stock",
  unpublished_in_channel: "not published in this channel",
  no_price_in_currency: "no price in the channel's currency",
  hidden_from_listings: "hidden from listings",
  filter: "removed by a filter",
  diversity: "capped by diversity",
  pin_unavailable: "pinned, but not servable",
};

export function init() {
  $("preview-form").addEventListener("submit", (event) => {
    event.preventDefault();
    runPreview();
  });
  $("whatif-run").addEventListener("click", runWhatIf);
  $("whatif-reset").addEventListener("click", () => {
    const config = currentConfig();
    $("whatif-yaml").value = config ? config.rules_yaml : "";
    draftEdited = false;
    clearWhatIf();
  });
  $("whatif-yaml").addEventListener("input", () => {
    draftEdited = true;
  });
  onConfigChange(render);
}

export function show() {}

export function hide() {}

/** Sign-out: nothing of the last session stays on the page. */
export function reset() {
  for (const id of ["placement-list", "preview-placement", "preview-channel", "preview-results"]) $(id).replaceChildren();
  $("preview-form").reset();
  $("whatif-yaml").value = "";
  draftEdited = false;
  clearWhatIf();
  notice($("preview-status"), "");
}

function clearWhatIf() {
  $("whatif-errors").replaceChildren();
  $("whatif-errors").hidden = true;
  $("whatif-compare").hidden = true;
  notice($("whatif-status"), "");
}

// ---- the placements of the rules file ----

function render(config) {
  const blocks = placementBlocks(config.rules_yaml);
  const byId = new Map(config.placements.map((placement) => [placement.id, placement]));
  // The file's order is the marketer's (the API sorts by id); placements the text
  // cutter could not find come last.
  const ids = [...blocks.keys()].filter((id) => byId.has(id));
  for (const id of byId.keys()) if (!ids.includes(id)) ids.push(id);

  fill(
    $("placement-list"),
    ids.map((id) => placementCard(byId.get(id), blocks.get(id), config.experiments || [])),
  );
  fillSelect($("preview-placement"), ids, ids[0]);
  fillSelect($("preview-channel"), channelsOf(config.rules_yaml));
  if (!draftEdited) {
    $("whatif-yaml").value = config.rules_yaml;
  } else {
    notice($("whatif-status"), `The live rules changed (now version ${config.version}) while you were editing; "Reset to live rules" loads them.`, "info");
  }
}

/** Replaces a select's options, keeping the chosen value when it still exists. */
function fillSelect(select, values, preferred) {
  const previous = select.value;
  fill(select, ...values.map((value) => el("option", { value }, value)));
  if (values.includes(previous)) select.value = previous;
  else if (preferred !== undefined) select.value = preferred;
}

function placementCard(placement, block, experiments) {
  const running = experiments.filter((experiment) => experiment.placement === placement.id);
  // strategy and count are in the header already; the chips say which rules the block sets.
  const ruleKeys = block ? block.keys.filter((key) => key !== "strategy" && key !== "count") : [];
  return el(
    "article",
    { class: "placement card", dataset: { placementId: placement.id } },
    el(
      "header",
      { class: "placement-head" },
      el("h3", {}, placement.id),
      el("span", { class: "tag strategy", title: "strategy" }, placement.strategy),
      el("span", { class: "count" }, `${placement.count} items`),
      running.map((experiment) => el("span", { class: "tag experiment" }, `experiment ${experiment.id}`)),
      el("button", { type: "button", class: "small", onclick: () => previewPlacement(placement.id) }, "Preview"),
    ),
    ruleKeys.length ? el("ul", { class: "rule-keys", "aria-label": "rules set" }, ruleKeys.map((key) => el("li", {}, key))) : null,
    block
      ? yamlBlock(block)
      : el("p", { class: "muted" }, "This placement's block was not found in the rules text (an inline mapping?)."),
  );
}

/** The block's lines with their line numbers in the file (CSS draws them from data-line). */
function yamlBlock(block) {
  const code = el("code");
  block.lines.forEach((line, index) => {
    const [content, comment] = splitComment(line);
    code.append(
      el("span", { class: "line", dataset: { line: block.line + index } }, content, comment ? el("span", { class: "comment" }, comment) : null),
      "\n",
    );
  });
  return el("pre", { class: "yaml", "aria-label": `rules, from line ${block.line}` }, code);
}

function previewPlacement(id) {
  $("preview-placement").value = id;
  $("preview-form").scrollIntoView({ behavior: "smooth", block: "start" });
  runPreview();
}

// ---- previews ----

/** The request both previews share: placement, shopper, item and channel of the form. */
function previewRequest() {
  const request = {
    placement: $("preview-placement").value,
    user_id: $("preview-user").value.trim(),
    item_id: $("preview-item").value.trim(),
    channel: $("preview-channel").value,
  };
  for (const [name, value] of Object.entries(request)) if (!value) delete request[name];
  return request;
}

/** The list the rules in force give, without recording it (see the top of this file). */
async function livePreview(request) {
  const config = await refreshConfig(); // the file may have been reloaded since the tab opened
  // Without rules_yaml the preview runs the rules in force (whose secrets the console never
  // sees), and records nothing.
  const response = await api("/v1/recommendations/preview", { method: "POST", body: request });
  return { response: { ...response, config_version: response.config_version || config.version } };
}

async function runPreview() {
  const button = $("preview-run");
  const status = $("preview-status");
  button.disabled = true;
  notice(status, "Running the placement…", "info");
  try {
    const { response, note } = await livePreview(previewRequest());
    renderList($("preview-results"), response, { note, openRemoved: true });
    notice(status, "");
  } catch (error) {
    $("preview-results").replaceChildren();
    notice(status, errorText(error));
  } finally {
    button.disabled = false;
  }
}

async function runWhatIf() {
  const button = $("whatif-run");
  const status = $("whatif-status");
  const request = previewRequest();
  clearWhatIf();
  button.disabled = true;
  notice(status, "Checking the candidate rules…", "info");
  try {
    let candidate;
    try {
      candidate = await api("/v1/recommendations/preview", {
        method: "POST",
        body: { ...request, rules_yaml: $("whatif-yaml").value },
      });
    } catch (error) {
      if (error.code !== "invalid_rules") throw error;
      const problems = (error.body && error.body.error && error.body.error.errors) || [];
      showRulesErrors(problems);
      const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
      notice(status, `The candidate rules have ${count}; nothing was previewed. Click a problem to select its line.`);
      return;
    }
    const { response: live, note } = await livePreview(request);
    renderList($("whatif-candidate-list"), candidate, { compare: live.items, side: "candidate" });
    renderList($("whatif-live-list"), live, { compare: candidate.items, side: "live", note });
    $("whatif-compare").hidden = false;
    notice(status, `The candidate rules are valid (version ${candidate.config_version}). Nothing was activated or recorded.`, "ok");
  } catch (error) {
    notice(status, errorText(error));
  } finally {
    button.disabled = false;
  }
}

function showRulesErrors(problems) {
  const list = $("whatif-errors");
  fill(
    list,
    problems.map((problem) => {
      const where = `line ${problem.line}, column ${problem.column}: `;
      const text = `${where}${problem.path ? `${problem.path}: ` : ""}${problem.message}`;
      const jump = el("button", { type: "button", class: "link", onclick: () => selectLine(problem.line, problem.column) }, text);
      return el("li", { class: "rules-error" }, jump);
    }),
  );
  list.hidden = problems.length === 0;
}

/** Selects from `column` to the end of `line` in the what-if box and scrolls it into view. */
function selectLine(line, column) {
  const area = $("whatif-yaml");
  const lines = area.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((offset, text) => offset + text.length + 1, 0);
  const end = start + (lines[line - 1] || "").length;
  area.focus();
  area.setSelectionRange(Math.min(start + Math.max(column - 1, 0), end), end);
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
  area.scrollTop = Math.max(0, (line - 5) * lineHeight);
}

// ---- one recommendation list with its explanation ----

function renderList(container, response, { note, compare, side, openRemoved = false } = {}) {
  const items = response.items || [];
  const otherIds = compare ? compare.map((item) => item.product_id) : null;
  const meta = [
    response.placement && `placement ${response.placement}`,
    `${items.length} items`,
    response.strategy && `strategy ${response.strategy}`,
    response.experiment && `experiment ${response.experiment.id}: ${response.experiment.variant}`,
    response.config_version && `rules ${response.config_version}`,
  ].filter(Boolean);
  fill(
    container,
    el("p", { class: "list-meta" }, meta.map((text) => el("span", {}, text))),
    note ? el("p", { class: "notice warning" }, note) : null,
    items.length
      ? el("ol", { class: "preview-items" }, items.map((item, index) => previewItem(item, index, otherIds, side)))
      : el("p", { class: "muted" }, "The list is empty."),
    removedList(response.removed || [], openRemoved),
  );
}

function previewItem(item, index, otherIds, side) {
  return el(
    "li",
    { class: "preview-item", dataset: { productId: item.product_id } },
    el(
      "div",
      { class: "item-head" },
      el("span", { class: "position" }, String(index + 1)),
      el("code", { class: "product-id" }, item.product_id),
      el("span", { class: "title" }, item.title || "(untitled)"),
      el("span", { class: "price" }, formatPrice(item.price)),
      item.available === false ? el("span", { class: "tag warn" }, "unavailable") : null,
      otherIds ? positionChange(item.product_id, index, otherIds, side) : null,
      el("span", { class: "score", title: "final score" }, `score ${formatScore(item.score)}`),
    ),
    explanation(item.explain || {}),
  );
}

/** How an item's position differs between the candidate and the live list. */
function positionChange(id, index, otherIds, side) {
  const other = otherIds.indexOf(id);
  if (other < 0) {
    return side === "candidate"
      ? el("span", { class: "tag delta added" }, "new")
      : el("span", { class: "tag delta dropped" }, "not in candidate");
  }
  if (other === index) return null;
  if (side === "candidate") {
    return el("span", { class: `tag delta ${other > index ? "up" : "down"}` }, `${other > index ? "↑" : "↓"} was ${other + 1}`);
  }
  return el("span", { class: "tag delta moved" }, `candidate: ${other + 1}`);
}

function explanation(explain) {
  const sources = Object.entries(explain.sources || {})
    .filter(([, value]) => typeof value === "number" && value > 0)
    .sort((a, b) => b[1] - a[1]);
  // Bars on one scale for all items (contributions are comparable), never wider than 1.
  const scale = Math.max(1, ...sources.map(([, value]) => value));
  const seeds = explain.seeds || [];
  const rules = explain.rules || [];
  return el(
    "dl",
    { class: "explain" },
    el("dt", {}, "Sources"),
    el(
      "dd",
      {},
      sources.length
        ? el("ul", { class: "sources" }, sources.map(([name, value]) => sourceBar(name, value, scale)))
        : el("span", { class: "muted" }, explain.source ? "none: filled from a fallback" : "no model evidence"),
      explain.source ? el("span", { class: "tag fallback" }, explain.source) : null,
    ),
    seeds.length ? [el("dt", {}, "Because of"), el("dd", {}, el("ul", { class: "seeds" }, seeds.map(seedItem)))] : null,
    rules.length ? [el("dt", {}, "Rules"), el("dd", {}, el("ul", { class: "rules" }, rules.map(ruleItem)))] : null,
  );
}

function sourceBar(name, value, scale) {
  const fill = el("span", { class: "fill" });
  fill.style.width = `${(value / scale) * 100}%`; // element.style is allowed by the CSP; style="" is not
  return el("li", { class: "source", title: `${name}: ${value}` },
    el("span", { class: "name" }, name), el("span", { class: "meter" }, fill), el("span", { class: "num" }, formatScore(value)));
}

function seedItem(seed) {
  return el("li", {}, el("code", { class: "product-id" }, seed.product_id), seed.title ? ` ${seed.title}` : "");
}

function ruleItem(rule) {
  const factor = typeof rule.factor === "number" ? ` ×${rule.factor}` : "";
  return el("li", { class: `rule-effect ${rule.effect || ""}` }, el("code", {}, rule.rule || "?"), ` ${rule.effect || ""}${factor}`,
    rule.source ? ` (${rule.source})` : "");
}

function removedList(removed, open) {
  if (!removed.length) return el("p", { class: "muted" }, "No candidate was removed.");
  return el(
    "details",
    { class: "removed", open },
    el("summary", {}, `Removed (${removed.length})`),
    el(
      "ul",
      { class: "removed-items" },
      removed.map((entry) =>
        el(
          "li",
          { class: "removed-item", dataset: { productId: entry.product_id } },
          el("code", { class: "product-id" }, entry.product_id),
          el("span", { class: "reason", title: entry.reason }, REASONS[entry.reason] || entry.reason),
          entry.rule ? el("code", { class: "rule" }, entry.rule) : null,
        ),
      ),
    ),
  );
}
