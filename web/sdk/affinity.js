// Affinity storefront SDK: shopper events, recommendations and the
// <affinity-recommendations> element. A classic script with no dependencies and no build
// step: <script src="https://YOUR-AFFINITY/sdk/affinity.js"></script> defines
// window.Affinity. `import "/sdk/affinity.js"` works too (it only sets window.Affinity).
(() => {
  'use strict';

  const VERSION = '0.9.0'; // the server's release, as its X-Affinity-SDK-Version header says
  // The fixed strategy names of GET /v1/recommendations; any other name is a placement
  // of the rules file (affinity.yaml), so new placements need no SDK change.
  const STRATEGIES = new Set(['for_you', 'similar_items', 'frequently_bought_together', 'others_also_viewed',
    'trending', 'popular', 'recently_viewed', 'buy_again', 'rerank']);
  const KEY = { anonymous: 'affinity.anonymous_id', user: 'affinity.user_id', token: 'affinity.user_token',
    linked: 'affinity.linked', queue: 'affinity.queue' };
  const MAX_QUEUE = 5000;          // a long offline spell must not fill the shop's storage
  const MAX_BATCH = 1000;          // the server's limit per POST /v1/events
  const KEEPALIVE_BYTES = 60000;   // browsers cap in-flight keepalive bodies at 64 KiB
  const BATCH_BYTES = 512 * 1024;  // well under the server's 1 MiB body limit

  // The default endpoint is the origin this file came from: a shop on its own domain loads
  // the SDK from its Affinity server. Read now: currentScript is only set while it runs.
  const script = document.currentScript;
  const scriptOrigin = script && script.src ? new URL(script.src).origin : location.origin;

  // localStorage, else memory: storage throws when blocked (private modes, sandboxed
  // frames, cookies off) or full; the SDK then works for this page's lifetime.
  const memory = new Map();
  const store = {
    get(key) { try { return memory.has(key) ? memory.get(key) : localStorage.getItem(key); } catch { return null; } },
    set(key, value) { try { localStorage.setItem(key, value); memory.delete(key); } catch { memory.set(key, value); } },
    remove(key) { memory.delete(key); try { localStorage.removeItem(key); } catch { /* not stored there */ } },
  };

  // crypto.randomUUID exists only in secure contexts (https, localhost); plain-http shops
  // get a v4 UUID built from getRandomValues.
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  let config = null;
  let markReady;
  const ready = new Promise((resolve) => { markReady = resolve; });

  function init(options = {}) {
    if (!options.publicKey) throw new TypeError('Affinity.init: publicKey is required');
    config = {
      endpoint: (options.endpoint || scriptOrigin).replace(/\/+$/, ''),
      publicKey: options.publicKey,
      channel: options.channel,
      batchSize: Math.max(1, Math.min(MAX_BATCH, options.batchSize ?? 20)),
      flushInterval: Math.max(0, options.flushInterval ?? 1000),
      // How a list item links and what picture it shows (default: the catalog's url and
      // image_url); a shop whose catalog URLs are not its page URLs passes its own.
      productUrl: options.productUrl || ((item) => item.url || '#'),
      imageUrl: options.imageUrl || ((item) => item.image_url || ''),
    };
    anonymousId();
    if (readQueue().length) schedule(0); // events a previous page could not send
    markReady();
    return Affinity;
  }

  function requireInit() {
    if (!config) throw new Error('Affinity: call Affinity.init({publicKey, …}) first');
  }

  function anonymousId() {
    let id = store.get(KEY.anonymous);
    if (!id) store.set(KEY.anonymous, (id = uuid()));
    return id;
  }

  // For shops that already have a visitor id (their analytics cookie, a kiosk's device id).
  function setAnonymousId(id) {
    store.set(KEY.anonymous, String(id));
    store.remove(KEY.linked);
  }

  // Login: later events and lists are the user's. The identify event (both ids, no items)
  // links this browser's anonymous id to the user, so what the visitor browsed before
  // logging in follows them; it changes no list by itself. Sent once per pair, so calling
  // identify on every page load costs nothing.
  function identify(userId, userToken) {
    requireInit();
    if (!userId) throw new TypeError('Affinity.identify: userId is required');
    store.set(KEY.user, String(userId));
    if (userToken) store.set(KEY.token, userToken); else store.remove(KEY.token);
    const pair = `${anonymousId()}\n${userId}`;
    if (store.get(KEY.linked) !== pair) {
      track('identify');
      store.set(KEY.linked, pair);
    }
  }

  // Logout: forget the user and start a new anonymous id, so the next shopper on this
  // device is not linked to the last one. Queued events keep the ids they were made with.
  function reset() {
    store.remove(KEY.user);
    store.remove(KEY.token);
    store.remove(KEY.linked);
    store.set(KEY.anonymous, uuid());
    return anonymousId();
  }

  // ---- Events: a queue in localStorage, sent in batches, retried with the same ids ----

  function readQueue() {
    try {
      const queue = JSON.parse(store.get(KEY.queue) || '[]');
      return Array.isArray(queue) ? queue : [];
    } catch { return []; }
  }

  function writeQueue(queue) {
    if (queue.length) store.set(KEY.queue, JSON.stringify(queue.slice(-MAX_QUEUE)));
    else store.remove(KEY.queue);
  }

  // Removes sent events by id, re-reading the queue: another tab or a track() call may
  // have added events while the request was out.
  function forget(events) {
    const sent = new Set(events.map((e) => e.event_id));
    writeQueue(readQueue().filter((e) => !sent.has(e.event_id)));
  }

  function track(type, fields = {}) {
    requireInit();
    const event = { event_id: uuid(), type, occurred_at: new Date().toISOString(), channel: config.channel,
      anonymous_id: anonymousId(), user_id: store.get(KEY.user) || undefined, ...fields };
    for (const key of Object.keys(event)) if (event[key] === undefined) delete event[key];
    const queue = readQueue();
    queue.push(event);
    writeQueue(queue);
    if (queue.length >= config.batchSize) flush(); else schedule(config.flushInterval);
    return event.event_id;
  }

  let timer = null, failures = 0, chain = Promise.resolve(true);

  function schedule(ms) {
    if (timer === null) timer = setTimeout(() => { timer = null; flush(); }, ms);
  }

  // The oldest events that fit in one request.
  function nextBatch(maxBytes) {
    const batch = [];
    let bytes = 16;
    for (const event of readQueue()) {
      bytes += JSON.stringify(event).length + 1;
      if (batch.length && (bytes > maxBytes || batch.length >= MAX_BATCH)) break;
      batch.push(event);
    }
    return batch;
  }

  // One POST. Answers {done: events to remove from the queue} or {retry: ms}.
  async function post(events, keepalive) {
    let response;
    try {
      response = await fetch(`${config.endpoint}/v1/events`, {
        method: 'POST', keepalive, body: JSON.stringify({ events }),
        headers: { Authorization: `Bearer ${config.publicKey}`, 'Content-Type': 'application/json' },
      });
    } catch {
      return { retry: backoff() }; // offline, or the page is going away
    }
    if (response.ok) return { done: events };
    const after = Number(response.headers.get('Retry-After')); // 429 and 503 say when
    if (response.status === 429 || response.status >= 500) return { retry: after > 0 ? after * 1000 : backoff() };
    // Any other 4xx would fail the same way forever: drop it and say why. A batch is
    // atomic on the server, so when the error names one event (events[3].occurred_at)
    // only that one is dropped and the others go again.
    const error = (await response.json().catch(() => ({}))).error || {};
    const index = /^events\[(\d+)\]/.exec(error.field || '');
    const dropped = index && events[Number(index[1])] ? [events[Number(index[1])]] : events;
    console.warn(`Affinity: the server refused ${dropped.length} event(s) and they were dropped: ` +
      `${response.status} ${error.code || ''} ${error.message || ''}`.trim(), dropped);
    return { done: dropped };
  }

  function backoff() {
    failures += 1;
    return Math.min(60000, 1000 * 2 ** (failures - 1)) * (0.5 + Math.random() / 2);
  }

  async function drain() {
    clearTimeout(timer);
    timer = null;
    for (;;) {
      const batch = nextBatch(BATCH_BYTES);
      if (!batch.length) return true;
      const outcome = await post(batch, false);
      if (outcome.retry !== undefined) {
        schedule(outcome.retry); // same events, same ids: the server answers duplicates
        return false;
      }
      failures = 0;
      forget(outcome.done);
    }
  }

  // Sends everything queued. Resolves true when the queue is empty, false when the server
  // could not be reached (the events stay queued and a retry is scheduled); never rejects.
  // Flushes run one after another, so a caller always waits for its own events.
  function flush(options = {}) {
    if (!config) return Promise.resolve(true);
    if (options.keepalive) return sendKeepalive();
    chain = chain.then(drain, drain);
    return chain;
  }

  // For a page that is about to go away. navigator.sendBeacon cannot send an Authorization
  // header, and /v1/events takes the key only as `Authorization: Bearer` (README, "Keys and
  // scopes"), so a beacon would be a 401. fetch with keepalive outlives the page like a
  // beacon and keeps the header. If the page dies before the answer, the events are still
  // in localStorage and the next page resends them (the server dedups by event_id).
  function sendKeepalive() {
    const batch = nextBatch(KEEPALIVE_BYTES);
    if (!batch.length) return Promise.resolve(true);
    return post(batch, true).then((outcome) => {
      if (outcome.done) forget(outcome.done);
      return Boolean(outcome.done);
    });
  }

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush({ keepalive: true });
  });
  addEventListener('pagehide', () => flush({ keepalive: true }));

  // ---- Recommendations ----

  const CONTEXT = { itemId: 'item_id', itemIds: 'item_ids', cartId: 'cart_id', count: 'count',
    category: 'category', exclude: 'exclude', candidates: 'candidates' };
  const LISTS = new Set(['item_ids', 'exclude', 'candidates']);

  async function recommend(name, context = {}) {
    await ready;
    const params = { [STRATEGIES.has(name) ? 'strategy' : 'placement']: name, channel: config.channel,
      anonymous_id: anonymousId(), user_id: store.get(KEY.user), user_token: store.get(KEY.token) };
    for (const [key, value] of Object.entries(context)) {
      if (!CONTEXT[key]) throw new TypeError(`Affinity.recommend: unknown context '${key}'`);
      params[CONTEXT[key]] = value;
    }
    const fields = Object.entries(params).filter(([, value]) => value != null && value !== '');
    // "An acknowledged event changes the very next recommendation": send what is queued
    // first, so a list asked for right after a click already reflects it.
    if (readQueue().length) await flush();
    const headers = { Authorization: `Bearer ${config.publicKey}` };
    // String(array) joins with commas, as the query string wants lists.
    let url = `${config.endpoint}/v1/recommendations?${new URLSearchParams(fields.map(([k, v]) => [k, String(v)]))}`;
    let init = { headers };
    if (url.length > 2000) { // long candidate lists: the same fields as a JSON body
      const body = Object.fromEntries(fields.map(([k, v]) =>
        [k, LISTS.has(k) ? String(v).split(',') : k === 'count' ? Number(v) : v]));
      url = `${config.endpoint}/v1/recommendations`;
      init = { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    }
    const response = await fetch(url, init);
    const answer = await response.json().catch(() => null);
    if (!response.ok) {
      const error = (answer && answer.error) || {};
      throw Object.assign(new Error(`Affinity: ${response.status} ${error.code || ''}: ${error.message || ''}`),
        { status: response.status, code: error.code, field: error.field });
    }
    return answer;
  }

  // Minor units → "€12.99" in the browser's locale, with the currency's own digits.
  function formatPrice(price) {
    if (!price || price.amount_minor == null) return '';
    const format = new Intl.NumberFormat(undefined, { style: 'currency', currency: price.currency });
    return format.format(price.amount_minor / 10 ** format.resolvedOptions().maximumFractionDigits);
  }

  // ---- <affinity-recommendations placement="home_hero" count="8"> ----
  // No styles are injected (a strict Content-Security-Policy blocks inline <style>): the
  // page styles .affinity-item and the default card's .affinity-image/-title/-price.

  // The card used when the element has no <template> child.
  const DEFAULT_CARD = document.createElement('template');
  DEFAULT_CARD.innerHTML = '<a data-field="url"><img class="affinity-image" data-field="image" alt="" loading="lazy">' +
    '<span class="affinity-title" data-field="title"></span><span class="affinity-price" data-field="price"></span></a>';

  const ATTRIBUTES = { 'item-id': 'itemId', 'item-ids': 'itemIds', 'cart-id': 'cartId', count: 'count',
    category: 'category', exclude: 'exclude', candidates: 'candidates' };

  class AffinityRecommendations extends HTMLElement {
    static get observedAttributes() { return ['placement', 'strategy', ...Object.keys(ATTRIBUTES)]; }

    constructor() {
      super();
      this.result = null;
      this.renders = 0;
      this.addEventListener('click', (event) => this.clicked(event));
    }

    connectedCallback() {
      this.template = this.template || this.querySelector(':scope > template');
      // Many thresholds: a list taller than the window never reaches a 50% ratio, so it
      // also counts as seen once it fills half of the window (see visible()).
      this.observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => visible(entry))) this.impress();
      }, { threshold: Array.from({ length: 21 }, (_, i) => i / 20) });
      this.refresh();
    }

    disconnectedCallback() { this.observer.disconnect(); }

    attributeChangedCallback(name, before, after) { if (this.isConnected && before !== after) this.refresh(); }

    // Attributes set together render once: the fetch starts after the current task.
    refresh() {
      this.pending = this.pending || Promise.resolve().then(() => { this.pending = null; return this.render(); });
      return this.pending;
    }

    async render() {
      const render = ++this.renders;
      const context = {};
      for (const [attribute, key] of Object.entries(ATTRIBUTES)) {
        if (this.hasAttribute(attribute)) context[key] = this.getAttribute(attribute);
      }
      this.setAttribute('aria-busy', 'true');
      let answer;
      try {
        answer = await recommend(this.getAttribute('placement') || this.getAttribute('strategy') || 'for_you', context);
      } catch (error) {
        if (render !== this.renders) return;
        this.removeAttribute('aria-busy');
        this.dataset.error = error.code || 'network';
        console.warn(error.message);
        this.dispatchEvent(new CustomEvent('affinity:error', { bubbles: true, detail: { error } }));
        return;
      }
      if (render !== this.renders) return; // a newer render is on its way: drop this answer
      this.show(answer);
    }

    show(answer) {
      // Looked up here, not only when connected: a plain <script> runs before the parser
      // has added the element's children, so the <template> may not exist yet then.
      this.template = this.template || this.querySelector(':scope > template');
      const items = answer.items || [];
      this.result = answer;
      this.impressed = false;
      this.removeAttribute('aria-busy');
      delete this.dataset.error;
      this.dataset.recommendationId = answer.recommendation_id;
      this.toggleAttribute('data-empty', items.length === 0);
      const nodes = items.map((item, position) => {
        const node = fromTemplate(this.template || DEFAULT_CARD, item, answer.recommendation_id);
        node.classList.add('affinity-item');
        node.dataset.productId = item.product_id;
        node.dataset.position = String(position);
        return node;
      });
      this.replaceChildren(...(this.template ? [this.template] : []), ...nodes);
      this.dispatchEvent(new CustomEvent('affinity:rendered', { bubbles: true,
        detail: { recommendationId: answer.recommendation_id, items } }));
      // observe() always reports the current state once, so a list that is already on
      // screen counts at once, measured with its new size.
      if (this.isConnected) {
        this.observer.unobserve(this);
        this.observer.observe(this);
      }
    }

    // One rec_impression per list, the first time it is seen.
    impress() {
      const answer = this.result;
      if (!answer || this.impressed || !answer.items.length) return;
      this.impressed = true;
      track('rec_impression', { recommendation_id: answer.recommendation_id,
        items: answer.items.map((item, position) => ({ product_id: item.product_id, position })) });
    }

    clicked(event) {
      const node = event.target.closest('.affinity-item');
      if (!node || node.parentElement !== this || !this.result) return;
      const position = Number(node.dataset.position);
      const id = this.result.recommendation_id;
      this.impress(); // clicked means seen, even if the observer has not said so yet
      track('rec_click', { recommendation_id: id,
        items: [{ product_id: node.dataset.productId, position, recommendation_id: id }] });
      // A click usually leaves the page: send now with keepalive, without holding up the
      // navigation. The event is already in localStorage, so nothing is lost either way.
      flush({ keepalive: true });
    }
  }

  function visible({ isIntersecting, intersectionRatio, intersectionRect, rootBounds }) {
    return isIntersecting && (intersectionRatio >= 0.5 || (rootBounds && intersectionRect.height * 2 >= rootBounds.height));
  }

  // Clones the template's first element and fills every [data-field] in it (itself too).
  function fromTemplate(template, item, recommendationId) {
    const node = template.content.firstElementChild.cloneNode(true);
    for (const el of [node, ...node.querySelectorAll('[data-field]')]) {
      const field = el.dataset.field;
      if (field === 'url') {
        const url = safeUrl(config.productUrl(item, recommendationId)) || '#';
        if (el instanceof HTMLAnchorElement) el.href = url;
        else el.textContent = url;
      } else if (field === 'image') {
        const src = safeUrl(config.imageUrl(item, recommendationId));
        if (!src) el.remove();
        else if (el instanceof HTMLImageElement) el.src = src;
        else el.style.backgroundImage = `url(${JSON.stringify(src)})`; // element.style is allowed by CSP
      } else if (field === 'title') el.textContent = item.title || '';
      else if (field === 'price') el.textContent = formatPrice(item.price);
      else if (field === 'product_id') el.textContent = item.product_id;
    }
    return node;
  }

  // Catalog URLs come from upstream data: only http(s), data: images and same-site
  // paths may become a link or a picture (never javascript: or other schemes).
  function safeUrl(value) {
    if (!value) return '';
    try {
      const url = new URL(String(value), location.href);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
      if (url.protocol === 'data:' && /^data:image\//.test(url.href)) return url.href;
    } catch (error) { /* not a URL */ }
    return '';
  }

  if (!customElements.get('affinity-recommendations')) {
    customElements.define('affinity-recommendations', AffinityRecommendations);
  }

  const Affinity = Object.freeze({ version: VERSION, init, identify, reset, track, flush, recommend, formatPrice,
    setAnonymousId, anonymousId: () => (requireInit(), anonymousId()), userId: () => store.get(KEY.user), ready });
  window.Affinity = Affinity;
})();
