// The demo storefront: a small shop built only on the Affinity SDK (/sdk/affinity.js) and
// the public API, with the demo store's public key from /demo/config.json.
// Hash routes: #/  #/category/<name>  #/product/<id>[?rec=<recommendation_id>]  #/cart
// #/order/<id>.
'use strict';

const DEMO = { returningAnonymousId: 'A00042', userId: 'U00042' };
const SHOPPER_KEY = 'affinity-demo.shopper';
const CATALOG_KEY = 'affinity-demo.catalog';
const view = document.getElementById('view');
const shopperSelect = document.getElementById('shopper');
let publicKey = '';
let productCategory = {}; // product id → first category, to colour product pictures
let routeCount = 0;

// ---- small helpers ----

// Browser storage, or memory when it is blocked (it throws then), as the SDK does.
function storageArea(name) {
  const memory = new Map();
  return {
    getItem(key) { try { return window[name].getItem(key); } catch { return memory.get(key) ?? null; } },
    setItem(key, value) { try { window[name].setItem(key, value); } catch { memory.set(key, value); } },
    removeItem(key) { memory.delete(key); try { window[name].removeItem(key); } catch { /* blocked */ } },
  };
}
const saved = storageArea('localStorage');
const session = storageArea('sessionStorage');

// h('a', {href: '#/'}, 'Home'): an element with attributes and children (strings are text).
function h(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) el.setAttribute(name, value);
  }
  el.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return el;
}

// The public API with the demo store's public key; failures throw the server's message.
async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const response = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${publicKey}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body && JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = answer.error || {};
    throw Object.assign(new Error(error.message || `HTTP ${response.status}`), { status: response.status, code: error.code });
  }
  return answer;
}

const label = (category) => category.charAt(0).toUpperCase() + category.slice(1).replace(/-/g, ' ');
const money = (amountMinor, currency) => Affinity.formatPrice({ amount_minor: amountMinor, currency });

// The demo catalog's image URLs do not resolve, so pictures are drawn here: an SVG data:
// URI (allowed by the page's img-src) in a colour of the product's category.
function productImage(productId) {
  const category = productCategory[productId] || '';
  let hash = 0;
  for (const char of category || productId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  const initials = category ? category.split('-').map((word) => word[0].toUpperCase()).join('') : '?';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 120">
    <rect width="160" height="120" fill="hsl(${hue} 60% 92%)"/>
    <circle cx="80" cy="54" r="32" fill="hsl(${hue} 50% 55%)"/>
    <text x="80" y="63" font-family="sans-serif" font-size="24" font-weight="700" fill="#fff" text-anchor="middle">${initials}</text>
    <text x="80" y="110" font-family="sans-serif" font-size="11" fill="hsl(${hue} 40% 30%)" text-anchor="middle">${productId}</text>
  </svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

// A titled list: an <affinity-recommendations> with the shared card template inside.
function shelf(title, attributes, note) {
  const template = document.getElementById('card-template').cloneNode(true);
  template.removeAttribute('id');
  return h('section', { class: 'shelf' }, h('h2', {}, title), note && h('p', { class: 'note' }, note),
    h('affinity-recommendations', { class: 'cards', ...attributes }, template));
}

// ---- the catalog index: categories for the nav, categories for the pictures ----

async function loadCatalog() {
  const cached = session.getItem(CATALOG_KEY);
  if (cached) return JSON.parse(cached);
  const index = {};
  let cursor = null;
  do {
    const page = await api(`/v1/products?channel=web&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const product of page.items) index[product.id] = product.categories[0] || '';
    cursor = page.next_cursor;
  } while (cursor);
  session.setItem(CATALOG_KEY, JSON.stringify(index));
  return index;
}

function renderNav(current) {
  const categories = [...new Set(Object.values(productCategory).filter(Boolean))].sort();
  const nav = document.getElementById('categories');
  if (nav.childElementCount !== categories.length) {
    nav.replaceChildren(...categories.map((c) => h('a', { href: `#/category/${c}`, 'data-category': c }, label(c))));
  }
  for (const link of nav.children) {
    if (link.dataset.category === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

// ---- shoppers ----

async function switchShopper(kind) {
  if (kind === 'user') {
    // What a shop's back end does at login: mint the user token (HMAC of the user id).
    const response = await fetch('/demo/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_id: DEMO.userId }) });
    if (!response.ok) throw new Error(`login failed: HTTP ${response.status}`);
    const login = await response.json();
    // Logging in keeps this browser's anonymous id: identify links it to the user, so
    // what the visitor just browsed follows the account.
    Affinity.identify(login.user_id, login.user_token);
  } else {
    Affinity.reset(); // logout: forget the user, start a fresh anonymous id
    if (kind === 'returning') Affinity.setAnonymousId(DEMO.returningAnonymousId);
  }
  saved.setItem(SHOPPER_KEY, kind);
}

function showShopper() {
  const user = Affinity.userId();
  const anonymous = Affinity.anonymousId();
  shopperSelect.value = saved.getItem(SHOPPER_KEY) || 'new';
  document.getElementById('shopper-status').textContent = user
    ? `signed in as ${user}`
    : `anonymous ${anonymous.length > 12 ? `${anonymous.slice(0, 8)}…` : anonymous}`;
}

// ---- cart: one per shopper, kept by id in localStorage ----

const cartKey = () => `affinity-demo.cart:${Affinity.userId() || Affinity.anonymousId()}`;

async function currentCart() {
  const id = saved.getItem(cartKey());
  if (!id) return null;
  try {
    const cart = await api(`/v1/carts/${encodeURIComponent(id)}`);
    if (cart.status === 'open') return cart;
  } catch (error) {
    if (error.status !== 404) throw error;
  }
  saved.removeItem(cartKey());
  return null;
}

async function addToCart(productId, recommendationId) {
  let cart = await currentCart();
  if (!cart) {
    const user = Affinity.userId();
    cart = await api('/v1/carts', { method: 'POST',
      body: { channel: 'web', anonymous_id: Affinity.anonymousId(), ...(user ? { user_id: user } : {}) } });
    saved.setItem(cartKey(), cart.id);
  }
  // The carts API logs add_to_cart itself (and remove_from_cart, and the checkout's
  // purchase), so the page tracks none of them: they would count twice. The list the
  // product came from goes on the line, for attribution.
  return api(`/v1/carts/${cart.id}/items`, { method: 'POST',
    body: { product_id: productId, quantity: 1, ...(recommendationId ? { recommendation_id: recommendationId } : {}) } });
}

function showCartCount(cart) {
  document.getElementById('cart-count').textContent = String(cart ? cart.item_count : 0);
}

// ---- pages ----

function renderHome() {
  document.title = 'Affinity demo shop';
  view.replaceChildren(
    h('h1', { class: 'visually-hidden' }, 'Home'),
    shelf('Recommended for you', { id: 'home-for-you', placement: 'home_hero', count: 8 },
      'The home_hero placement: for_you for this shopper, re-asked on every visit. Click around and come back.'),
    shelf('Trending now', { id: 'home-trending', placement: 'trending_now', count: 8 }),
    shelf('Recently viewed', { id: 'home-recent', strategy: 'recently_viewed', count: 8 }));
}

async function renderCategory(category, isCurrent) {
  document.title = `${label(category)} · Affinity demo shop`;
  view.replaceChildren(h('h1', {}, label(category)), h('p', { class: 'note' }, 'Loading…'));
  const page = await api(`/v1/products?channel=web&category=${encodeURIComponent(category)}&limit=100`);
  if (!isCurrent()) return;
  const ids = page.items.map((product) => product.id);
  if (!ids.length) {
    view.replaceChildren(h('h1', {}, label(category)), h('p', { class: 'note' }, 'No products in this category.'));
    return;
  }
  // The category's listing re-ranked for this shopper by the rerank strategy (products
  // that cannot be sold on web right now are left out by the server).
  const template = document.getElementById('card-template').cloneNode(true);
  template.removeAttribute('id');
  const note = h('p', { class: 'note' }, `${ids.length} products`);
  const list = h('affinity-recommendations', { id: 'category-list', class: 'cards', strategy: 'rerank',
    candidates: ids.join(','), count: Math.min(ids.length, 100) }, template);
  list.addEventListener('affinity:rendered', ({ detail }) => {
    const shown = detail.items.length;
    note.textContent = `${shown} of ${ids.length} products${shown < ids.length ? ' (the others cannot be sold right now)' : ''}, ` +
      'in the order Affinity ranks them for you (strategy rerank).';
  });
  view.replaceChildren(h('h1', {}, label(category)), note, list);
}

async function renderProduct(id, recommendationId, isCurrent) {
  const product = await api(`/v1/products/${encodeURIComponent(id)}?channel=web`);
  if (!isCurrent()) return;
  const category = product.categories[0] || '';
  const price = product.price || {};
  Affinity.track('product_view', { items: [{ product_id: id, price_minor: price.amount_minor, currency: price.currency,
    recommendation_id: recommendationId || undefined }] });
  document.title = `${product.title} · Affinity demo shop`;
  const button = h('button', { id: 'add-to-cart', type: 'button', class: 'primary', disabled: !product.available },
    product.available ? 'Add to cart' : 'Out of stock');
  const status = h('p', { id: 'add-status', class: 'note', role: 'status' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      showCartCount(await addToCart(id, recommendationId));
      status.replaceChildren('Added. ', h('a', { href: '#/cart' }, 'Go to the cart'));
    } catch (error) {
      status.textContent = `Could not add it: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  });
  view.replaceChildren(
    h('article', { class: 'product' },
      h('img', { class: 'product-image', src: productImage(id), alt: '' }),
      h('div', { class: 'product-info' },
        category && h('a', { class: 'crumb', href: `#/category/${category}` }, label(category)),
        h('h1', { id: 'product-title' }, product.title),
        h('p', { class: 'brand' }, product.brand || ''),
        h('p', { id: 'product-price', class: 'price' }, money(price.amount_minor, price.currency)),
        button, status)),
    shelf('Similar items', { id: 'similar', placement: 'pdp_similar', 'item-id': id, exclude: id, count: 8 }),
    shelf('Frequently bought together', { id: 'fbt', strategy: 'frequently_bought_together', 'item-id': id, count: 6 }));
  renderNav(category);
}

async function renderCart(isCurrent) {
  document.title = 'Cart · Affinity demo shop';
  const cart = await currentCart();
  const lines = cart ? cart.lines : [];
  const products = await Promise.all(lines.map((line) => api(`/v1/products/${encodeURIComponent(line.product_id)}?channel=web`)));
  if (!isCurrent()) return;
  showCartCount(cart);
  const status = h('p', { id: 'checkout-status', class: 'note', role: 'status' });
  // Quantity changes and removals go through the carts API, which logs remove_from_cart.
  const change = async (line, quantity) => {
    await api(`/v1/carts/${cart.id}/items/${encodeURIComponent(line.line_id)}`,
      quantity > 0 ? { method: 'PATCH', body: { quantity } } : { method: 'DELETE' });
    route();
  };
  const rows = lines.map((line, i) => {
    const buttons = [['−', line.quantity - 1, 'Decrease'], ['+', line.quantity + 1, 'Increase'], ['Remove', 0, 'Remove']]
      .map(([text, quantity, what]) => {
        const button = h('button', { type: 'button', class: 'small', 'aria-label': `${what} ${products[i].title}` }, text);
        button.addEventListener('click', () => change(line, quantity).catch((e) => { status.textContent = e.message; }));
        return button;
      });
    return h('li', { class: 'cart-line', 'data-product-id': line.product_id, 'data-line-id': line.line_id },
      h('img', { class: 'thumb', src: productImage(line.product_id), alt: '' }),
      h('a', { class: 'line-title', href: `#/product/${line.product_id}` }, products[i].title),
      h('span', { class: 'quantity' }, `× ${line.quantity}`), h('span', { class: 'line-buttons' }, buttons),
      h('span', { class: 'line-total' }, money(line.line_total_minor, cart.currency)));
  });
  const checkout = h('button', { id: 'checkout', type: 'button', class: 'primary', disabled: !lines.length }, 'Check out');
  checkout.addEventListener('click', async () => {
    checkout.disabled = true;
    // One idempotency key per cart, kept until the order exists: a retry after a lost
    // answer (or a double click) gets the same order instead of a second one.
    const keyName = `affinity-demo.checkout:${cart.id}`;
    const key = saved.getItem(keyName) || `checkout-${Date.now()}-${Math.random().toString(16).slice(2)}`;
    saved.setItem(keyName, key);
    try {
      const order = await api(`/v1/carts/${cart.id}/checkout`, { method: 'POST', headers: { 'Idempotency-Key': key },
        body: { payment_reference: `demo-${key.slice(0, 8)}` } });
      saved.removeItem(keyName);
      saved.removeItem(cartKey());
      session.setItem(`affinity-demo.order:${order.id}`, JSON.stringify(order));
      location.hash = `#/order/${order.id}`;
    } catch (error) {
      status.textContent = `Checkout failed: ${error.message}`;
      checkout.disabled = false;
    }
  });
  view.replaceChildren(h('h1', {}, 'Your cart'),
    lines.length ? h('ul', { id: 'cart-lines', class: 'cart-lines' }, rows)
      : h('div', { id: 'cart-lines', class: 'cart-lines empty' }, h('p', {}, 'Your cart is empty.')),
    h('div', { class: 'cart-summary' },
      h('span', {}, 'Subtotal ', h('strong', { id: 'cart-subtotal' }, money(cart ? cart.subtotal_minor : 0, cart ? cart.currency : 'EUR'))),
      checkout),
    status,
    // cart_complements asks frequently_bought_together about the cart's products; an
    // empty cart has none to ask about, so it gets the trending strip instead.
    lines.length
      ? shelf('You may also like', { id: 'cart-complements', placement: 'cart_complements', 'cart-id': cart.id })
      : shelf('Trending now', { id: 'cart-trending', placement: 'trending_now', count: 6 }));
}

function renderOrder(id) {
  document.title = 'Thank you · Affinity demo shop';
  const order = JSON.parse(session.getItem(`affinity-demo.order:${id}`) || 'null');
  showCartCount(null);
  view.replaceChildren(
    h('section', { id: 'order-confirmation', class: 'confirmation' },
      h('h1', {}, 'Thank you for your order'),
      h('p', {}, 'Order ', h('strong', { id: 'order-id' }, id), ' is placed.'),
      order && h('ul', { class: 'order-lines' }, order.lines.map((line) => h('li', {},
        h('a', { href: `#/product/${line.product_id}` }, line.product_id), ` × ${line.quantity} `,
        money(line.line_total_minor, order.currency)))),
      order && h('p', {}, 'Total ', h('strong', {}, money(order.total_minor, order.currency))),
      h('p', { class: 'note' }, 'The carts API placed the order and logged the purchase event; the page sent nothing itself.')),
    shelf('Picked for you next', { id: 'order-for-you', placement: 'home_hero', count: 8 }));
}

// ---- router ----

async function route() {
  const current = ++routeCount;
  const isCurrent = () => current === routeCount; // a later click replaced this page
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const [page, argument] = path.split('/').filter(Boolean).map(decodeURIComponent);
  document.body.dataset.page = page || 'home';
  showShopper();
  renderNav(page === 'category' ? argument : null);
  window.scrollTo(0, 0);
  // No flush is needed before re-rendering lists: Affinity.recommend() sends the queued
  // events first, so a list asked for right after a click already reflects it.
  try {
    if (page === 'category' && argument) await renderCategory(argument, isCurrent);
    else if (page === 'product' && argument) await renderProduct(argument, new URLSearchParams(query).get('rec'), isCurrent);
    else if (page === 'cart') await renderCart(isCurrent);
    else if (page === 'order' && argument) renderOrder(argument);
    else renderHome();
  } catch (error) {
    if (isCurrent()) view.replaceChildren(h('h1', {}, 'Something went wrong'), h('p', { class: 'note' }, error.message));
  }
}

async function start() {
  const config = await fetch('/demo/config.json').then((response) => response.json());
  publicKey = config.public_key;
  Affinity.init({
    publicKey, channel: config.channel,
    // Lists link to this page's routes (with the list's id, to attribute a later
    // add-to-cart) and show the drawn pictures.
    productUrl: (item, recommendationId) => `#/product/${item.product_id}${recommendationId ? `?rec=${recommendationId}` : ''}`,
    imageUrl: (item) => productImage(item.product_id),
  });
  if (!saved.getItem(SHOPPER_KEY)) saved.setItem(SHOPPER_KEY, 'new');
  if (saved.getItem(SHOPPER_KEY) === 'user' && !Affinity.userId()) await switchShopper('user');
  shopperSelect.addEventListener('change', async () => {
    shopperSelect.disabled = true;
    try {
      await switchShopper(shopperSelect.value);
      showCartCount(await currentCart());
      await route();
    } catch (error) {
      document.getElementById('shopper-status').textContent = `could not switch: ${error.message}`;
    } finally {
      shopperSelect.disabled = false;
    }
  });
  try {
    productCategory = await loadCatalog();
  } catch (error) {
    console.warn('the catalog index could not be loaded; pictures are coloured by product id', error);
  }
  addEventListener('hashchange', route);
  await route();
  showCartCount(await currentCart().catch(() => null));
}

start();
