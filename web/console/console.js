// The marketer console: sign-in with a secret key, the header, and the four tabs.
// Each tab is a module with init() once, show()/hide() when it comes and goes, and
// reset() at sign-out so nothing of the session stays on the page.

import { api, session, onUnauthorized } from "./api.js";
import { el, fill, notice, errorText, formatInt, formatTime } from "./dom.js";
import { refreshConfig, forgetConfig, onConfigChange } from "./rules.js";
import * as placements from "./placements.js";
import * as experiments from "./experiments.js";
import * as activity from "./activity.js";
import * as catalog from "./catalog.js";

const $ = (id) => document.getElementById(id);
const TABS = { placements, experiments, activity, catalog };
let currentTab = null;

function init() {
  placements.init();
  experiments.init();
  activity.init();
  catalog.init({ open: () => selectTab("catalog") });
  for (const name of Object.keys(TABS)) $(`tab-${name}`).addEventListener("click", () => selectTab(name));
  $("tabs").addEventListener("keydown", moveBetweenTabs);
  $("sign-in-form").addEventListener("submit", (event) => {
    event.preventDefault();
    signIn($("key").value.trim());
  });
  $("sign-out").addEventListener("click", () => signOut());
  onUnauthorized(() => signOut("The key was rejected (revoked, or the server restarted with other keys). Sign in again."));
  onConfigChange(renderConfigStatus);
  if (session.key) enter();
  else showSignIn();
}

async function signIn(key) {
  const error = $("sign-in-error");
  if (!key) {
    notice(error, "Enter your secret key (sk_…).");
    return;
  }
  $("sign-in").disabled = true;
  notice(error, "");
  try {
    const stats = await api("/v1/admin/stats", { key });
    // Stored only once the server accepted it: a wrong key leaves no trace.
    session.save(key);
    $("key").value = "";
    enter(stats);
  } catch (failure) {
    const message = failure.status === 401
      ? "This key is not valid (unknown, revoked or expired)."
      : failure.status === 403
        ? "This key may not use the console: it needs a secret key (sk_…), not a public one."
        : `Could not sign in: ${errorText(failure)}`;
    notice(error, message);
    $("key").select();
  } finally {
    $("sign-in").disabled = false;
  }
}

async function enter(stats) {
  $("sign-in-view").hidden = true;
  $("console-view").hidden = false;
  $("sign-out").hidden = false;
  try {
    const [config, latest] = await Promise.all([refreshConfig(), stats ? stats : api("/v1/admin/stats")]);
    renderStats(latest);
    renderConfigStatus(config);
    selectTab(currentTab || "placements");
  } catch (error) {
    if (!session.key) return; // a 401 signed us out already
    notice($("console-status"), `Could not load the rules: ${errorText(error)}`);
  }
}

function signOut(reason = "") {
  session.clear();
  forgetConfig();
  if (currentTab) TABS[currentTab].hide();
  for (const tab of Object.values(TABS)) tab.reset();
  currentTab = null;
  for (const id of ["config-status", "stats-summary"]) $(id).replaceChildren();
  notice($("console-status"), "");
  showSignIn(reason);
}

function showSignIn(reason = "") {
  $("console-view").hidden = true;
  $("sign-out").hidden = true;
  $("sign-in-view").hidden = false;
  notice($("sign-in-error"), reason);
  $("key").focus();
}

function selectTab(name) {
  if (currentTab && currentTab !== name) TABS[currentTab].hide();
  for (const other of Object.keys(TABS)) {
    const selected = other === name;
    $(`tab-${other}`).setAttribute("aria-selected", String(selected));
    $(`tab-${other}`).tabIndex = selected ? 0 : -1;
    $(`panel-${other}`).hidden = !selected;
  }
  const changed = currentTab !== name;
  currentTab = name;
  if (changed) TABS[name].show();
}

/** Arrow keys move between tabs, as a tablist should. */
function moveBetweenTabs(event) {
  const names = Object.keys(TABS);
  const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
  if (!step || !currentTab) return;
  const next = names[(names.indexOf(currentTab) + step + names.length) % names.length];
  selectTab(next);
  $(`tab-${next}`).focus();
  event.preventDefault();
}

function renderStats(stats) {
  fill(
    $("stats-summary"),
    el("span", {}, `${formatInt(stats.events)} events`),
    el("span", {}, `${formatInt(stats.users)} users`),
    el("span", {}, `${formatInt(stats.products)} products`),
  );
}

/** The rules version in force, and a warning while the last reload was refused. */
function renderConfigStatus(config) {
  const reload = config.last_reload || {};
  const failed = reload.ok === false;
  fill(
    $("config-status"),
    el("span", { title: `loaded ${formatTime(config.loaded_at)}` }, `${config.path || "rules"} · version ${config.version}`),
    failed ? el("span", { class: "tag warn", title: (reload.errors || []).map(describeError).join("\n") }, "last reload refused: old rules serving") : null,
  );
  notice(
    $("console-status"),
    failed ? `The last edit of ${config.path} was refused, the previous rules keep serving: ${(reload.errors || []).map(describeError).join("; ")}` : "",
    "warning",
  );
}

function describeError(error) {
  return `line ${error.line}, column ${error.column}: ${error.path ? `${error.path}: ` : ""}${error.message}`;
}

init();
