// Building DOM nodes and formatting numbers.
//
// Every string from the API reaches the page as a text node or an attribute value set
// through the DOM, never as HTML, so a product title like "<img onerror=…>" stays text.

const SVG_NS = "http://www.w3.org/2000/svg";

function build(node, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "dataset") Object.assign(node.dataset, value);
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** `el("td", {class: "num"}, "12")`: an HTML element with attributes and children. */
export function el(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** The same for SVG, whose elements need their namespace. */
export function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Replaces a node's children; like el(), it flattens arrays and skips null and false. */
export function fill(node, ...children) {
  node.replaceChildren();
  return build(node, {}, children);
}

/** Shows `message` in a notice element (or hides it when empty). */
export function notice(node, message, kind = "error") {
  node.replaceChildren();
  node.hidden = !message;
  node.className = `notice ${kind}`;
  if (message) node.textContent = message;
}

/** The message to show for a failed call, with the request id support can look up. */
export function errorText(error) {
  const id = error && error.requestId ? ` (request ${error.requestId})` : "";
  return `${(error && error.message) || error}${id}`;
}

const integers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export function formatInt(n) {
  return typeof n === "number" && Number.isFinite(n) ? integers.format(n) : "—";
}

/** 0.0834 → "8.34%"; two significant decimals are plenty for CTR and conversion. */
export function formatPercent(x, digits = 2) {
  if (typeof x !== "number" || !Number.isFinite(x)) return "—";
  return `${(x * 100).toFixed(digits)}%`;
}

/** A lift of 0.12 → "+12.0%", with the sign spelled out so "−3%" is not misread. */
export function formatLift(x) {
  if (typeof x !== "number" || !Number.isFinite(x)) return "—";
  const text = `${Math.abs(x * 100).toFixed(1)}%`;
  return x > 0 ? `+${text}` : x < 0 ? `−${text}` : text;
}

/** A score or contribution: three significant digits, no exponent for small values. */
export function formatScore(x) {
  if (typeof x !== "number" || !Number.isFinite(x)) return "—";
  return String(Number(x.toPrecision(3))); // 1 → "1", 0.08677 → "0.0868", 3.1177 → "3.12"
}

const currencyFormats = new Map();

function currencyFormat(currency) {
  if (!currencyFormats.has(currency)) {
    let format = null;
    try {
      format = new Intl.NumberFormat(undefined, { style: "currency", currency });
    } catch {
      format = null; // not an ISO 4217 code: shown as "1999 XYZ" below
    }
    currencyFormats.set(currency, format);
  }
  return currencyFormats.get(currency);
}

/** Minor units (1999) in a currency → "€19.99"; the currency decides its decimals (JPY has none). */
export function formatMoney(minor, currency) {
  if (typeof minor !== "number" || !Number.isFinite(minor) || !currency) return "—";
  const format = currencyFormat(currency);
  if (!format) return `${minor} ${currency}`;
  const digits = format.resolvedOptions().maximumFractionDigits;
  return format.format(minor / 10 ** digits);
}

/** A `{amount_minor, currency}` price, or a dash when the channel has none. */
export function formatPrice(price) {
  return price ? formatMoney(price.amount_minor, price.currency) : "—";
}

/** An ISO timestamp in the reader's time zone, e.g. "01/12/2026, 21:39:09". */
export function formatTime(iso, options = { dateStyle: "short", timeStyle: "medium" }) {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString(undefined, options);
}

/** 4000 seconds → "1 h 6 min": an age a person reads at a glance. */
export function formatDuration(seconds) {
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  // Two units at most, and no "0 h" tail: a 24 h attribution window reads "1 d".
  const pair = (big, bigUnit, small, smallUnit) => (small ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`);
  if (s < 3600) return pair(Math.floor(s / 60), "min", s % 60, "s");
  if (s < 86400) return pair(Math.floor(s / 3600), "h", Math.floor((s % 3600) / 60), "min");
  return pair(Math.floor(s / 86400), "d", Math.floor((s % 86400) / 3600), "h");
}

/** A `{value, ci95_low, ci95_high}` estimate as "8.00% (6.60–9.70%)". */
export function formatEstimate(estimate, format = formatPercent) {
  if (!estimate || typeof estimate.value !== "number") return "—";
  const { value, ci95_low: low, ci95_high: high } = estimate;
  if (typeof low !== "number" || typeof high !== "number") return format(value);
  return `${format(value)} (${format(low)} to ${format(high)})`;
}
