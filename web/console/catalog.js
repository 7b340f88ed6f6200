// Catalog tab: one product as a channel sees it (GET /v1/products/{id}?channel=…), its
// stock, listings and prices per channel, and its "similar" and "bought together" lists.

import { api, withQuery } from "./api.js";
import { el, fill, notice, errorText, formatInt, formatMoney, formatPrice, formatScore } from "./dom.js";
import { currentConfig, onConfigChange, channelsOf } from "./rules.js";

const $ = (id) => document.getElementById(id);

// Called by console.js to bring this tab to the front when another tab links a product.
let bringToFront = () => {};

export function init({ open }) {
  bringToFront = open;
  $("lookup-form").addEventListener("submit", (event) => {
    event.preventDefault();
    lookup();
  });
  document.addEventListener("console:lookup", (event) => {
    $("product-id").value = event.detail.productId;
    bringToFront();
    lookup();
  });
  onConfigChange((config) => fillChannels(config));
}

export function show() {
  const config = currentConfig();
  if (config) fillChannels(config);
  $("product-id").focus();
}

export function hide() {}

export function reset() {
  for (const id of ["lookup-channel", "product-detail", "product-similar", "product-fbt"]) $(id).replaceChildren();
  $("lookup-form").reset();
  $("product-lists").hidden = true;
  notice($("lookup-status"), "");
}

function fillChannels(config) {
  const select = $("lookup-channel");
  const previous = select.value;
  const channels = channelsOf(config.rules_yaml);
  fill(select, channels.map((channel) => el("option", { value: channel }, channel)));
  if (channels.includes(previous)) select.value = previous;
}

async function lookup() {
  const id = $("product-id").value.trim();
  const channel = $("lookup-channel").value;
  const status = $("lookup-status");
  if (!id) {
    notice(status, "Enter a product id, e.g. P0042.");
    return;
  }
  $("lookup").disabled = true;
  notice(status, `Looking up ${id}…`, "info");
  try {
    const path = withQuery(`/v1/products/${encodeURIComponent(id)}`, { channel, include: "similar,bought_together" });
    const product = await api(path);
    if ($("product-id").value.trim() !== id) return; // a newer lookup is under way
    render(product);
    notice(status, "");
  } catch (error) {
    for (const target of ["product-detail", "product-similar", "product-fbt"]) $(target).replaceChildren();
    $("product-lists").hidden = true;
    notice(status, error.code === "unknown_product" ? `No product ${id} in the catalog.` : errorText(error));
  } finally {
    $("lookup").disabled = false;
  }
}

function render(product) {
  const stock = product.stock || {};
  const stockText = `${formatInt(stock.available)} available${stock.allow_backorder ? ", backorder allowed" : ""}`;
  const prices = new Map((product.prices || []).filter((price) => !price.variant_id).map((price) => [price.channel, price]));
  const listings = product.listings || [];
  const channels = [...new Set([...listings.map((listing) => listing.channel), ...prices.keys()])];

  fill(
    $("product-detail"),
    el("h3", {}, product.title || "(untitled)", " ", el("code", { class: "product-id" }, product.id)),
    el(
      "dl",
      { class: "facts" },
      fact("Brand", product.brand || "—"),
      fact("Categories", (product.categories || []).join(", ") || "—"),
      fact("Tags", (product.tags || []).join(", ") || "—"),
      fact("Attributes", Object.entries(product.attributes || {}).map(([key, value]) => `${key}: ${value}`).join(", ") || "—"),
      fact("Stock", stockText),
      fact(`On ${product.channel || "this channel"}`, `${product.available ? "can be sold" : "cannot be sold"}, price ${formatPrice(product.price)}`),
      product.variants?.length ? fact("Variants", product.variants.map((variant) => variant.id).join(", ")) : null,
    ),
    el(
      "table",
      { class: "listings" },
      el("thead", {}, el("tr", {}, ["Channel", "Published", "Visible in listings", "Price"].map((heading) => el("th", { scope: "col" }, heading)))),
      el(
        "tbody",
        {},
        channels.map((channel) => {
          const listing = listings.find((entry) => entry.channel === channel);
          const price = prices.get(channel);
          return el(
            "tr",
            { dataset: { channel } },
            el("th", { scope: "row" }, channel),
            el("td", {}, listing ? (listing.published ? "yes" : "no") : "not listed"),
            el("td", {}, listing && listing.visible === false ? "no (hidden)" : listing ? "yes" : "—"),
            el("td", { class: "num" }, price ? formatMoney(price.amount_minor, price.currency) : "no price"),
          );
        }),
      ),
    ),
  );
  const lists = product.recommendations || {};
  productList($("product-similar"), lists.similar);
  productList($("product-fbt"), lists.bought_together);
  $("product-lists").hidden = false;
}

function productList(list, items = []) {
  fill(
    list,
    items.length
      ? items.map((item) =>
        el(
          "li",
          { class: "product-item", dataset: { productId: item.product_id } },
          el("button", {
            type: "button",
            class: "link product-id",
            title: `look up ${item.product_id}`,
            onclick: () => document.dispatchEvent(new CustomEvent("console:lookup", { detail: { productId: item.product_id } })),
          }, item.product_id),
          el("span", { class: "title" }, item.title || "(untitled)"),
          el("span", { class: "price" }, formatPrice(item.price)),
          el("span", { class: "score muted" }, `score ${formatScore(item.score)}`),
        ))
      : el("li", { class: "muted empty" }, "No items."),
  );
}

function fact(name, value) {
  return [el("dt", {}, name), el("dd", {}, value)];
}
