// The rules in force (GET /v1/admin/config), shared by the tabs, and the little YAML
// reading the console needs: each placement's block of the file and the channel ids.
//
// This is not a YAML parser. The server validates and explains the rules; the console
// only cuts the marketer's own text into pieces to show next to each placement, so the
// comments and the layout they wrote stay as they wrote them.

import { api } from "./api.js";

let config = null;
const listeners = new Set();

/** Reads the rules in force; listeners hear about it when the version or load time changed. */
export async function refreshConfig() {
  const next = await api("/v1/admin/config");
  const changed = !config || config.version !== next.version || config.loaded_at !== next.loaded_at;
  config = next;
  if (changed) for (const listener of listeners) listener(config);
  return config;
}

export function currentConfig() {
  return config;
}

/** `listener(config)` runs whenever a different rules file is in force. */
export function onConfigChange(listener) {
  listeners.add(listener);
}

/** Sign-out: the next sign-in reads the rules again. */
export function forgetConfig() {
  config = null;
}

const indentOf = (line) => line.length - line.trimStart().length;
const isBlank = (line) => line.trim() === "";
const isComment = (line) => line.trimStart().startsWith("#");

/** `key:` at the start of a line (plain or quoted), or null. */
function keyOf(line) {
  const match = /^\s*(?:"([^"]*)"|'([^']*)'|([^\s"'#:][^:#]*?))\s*:(?:\s|$)/.exec(line);
  return match ? (match[1] ?? match[2] ?? match[3]).trim() : null;
}

/** The lines of a top-level section (`placements:`), without its own key line. */
function sectionLines(lines, name) {
  const start = lines.findIndex((line) => indentOf(line) === 0 && keyOf(line) === name);
  if (start < 0) return { start: -1, body: [] };
  let end = start + 1;
  // The section runs until the next top-level key; comments at column 0 stay inside.
  while (end < lines.length && (isBlank(lines[end]) || isComment(lines[end]) || indentOf(lines[end]) > 0)) end++;
  return { start, body: lines.slice(start + 1, end) };
}

/**
 * Each placement's block of `yaml`: its key line under `placements:` and every
 * more-indented line after it (comments and blank lines inside included, trailing
 * blank lines dropped). Answers Map(id → {line (1-based), lines: [text], keys: [child keys]}).
 */
export function placementBlocks(yaml) {
  const lines = String(yaml || "").split("\n");
  const { start, body } = sectionLines(lines, "placements");
  const blocks = new Map();
  let keyIndent = null;
  let current = null;
  body.forEach((line, offset) => {
    if (isBlank(line)) {
      if (current) current.lines.push(line);
      return;
    }
    const indent = indentOf(line);
    if (current && indent > keyIndent) {
      current.lines.push(line);
      return;
    }
    // A line at the placements' own indent (or less) ends the block before it: a
    // comment there introduces the next placement, a key line is the next placement.
    current = null;
    if (isComment(line)) return;
    const id = keyOf(line);
    if (id === null) return;
    keyIndent ??= indent;
    current = { line: start + 2 + offset, lines: [line], keys: [] };
    blocks.set(id, current);
  });
  for (const block of blocks.values()) {
    while (block.lines.length > 1 && isBlank(block.lines[block.lines.length - 1])) block.lines.pop();
    // Child keys (strategy, filters, boosts, …) sit at the first more-indented key's indent.
    const children = block.lines.slice(1).filter((line) => !isBlank(line) && !isComment(line));
    const childIndent = children.length ? indentOf(children[0]) : 0;
    block.keys = children.filter((line) => indentOf(line) === childIndent).map(keyOf).filter(Boolean);
  }
  return blocks;
}

/** The channel ids of the rules file (`- {id: web, …}` or `- id: web`); the demo's three without any. */
export function channelsOf(yaml) {
  const lines = String(yaml || "").split("\n");
  const ids = [];
  for (const line of sectionLines(lines, "channels").body) {
    if (isComment(line)) continue;
    const match = /(?:^\s*-\s*\{?\s*|[{,]\s*|^\s+)id\s*:\s*["']?([A-Za-z0-9_.-]+)/.exec(line);
    if (match && !ids.includes(match[1])) ids.push(match[1]);
  }
  return ids.length ? ids : ["web", "app", "kiosk"];
}

/**
 * Splits a YAML line into its content and its trailing `# comment`, so the comment can
 * be shown dimmed. A `#` counts only outside quotes and after a space, as in YAML.
 */
export function splitComment(line) {
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) {
      return [line.slice(0, i), line.slice(i)];
    }
  }
  return [line, ""];
}
