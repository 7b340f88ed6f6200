#!/usr/bin/env python3
"""Privacy and access-control system check for `affinity serve` (standard library only).

Starts `BINARY serve --empty` on 127.0.0.1 (a free port) in a fresh data directory, with
a rules file written to that directory (one `web` channel, `rate_limits.public` of 5/s
with a burst of 10) and AFFINITY_USER_TOKEN_SECRET set, PUTs a small catalog, then checks:

  scopes       a public key on /v1/events/bulk, product writes, export, erasure, consent
               (without a user_token) and /v1/admin/keys is a 403; no key is a 401;
  user tokens  with the public key, recently_viewed / buy_again for a user_id need the
               user's token (HMAC-SHA256 of the user_id, hex): none → 403
               user_token_required, a wrong one → 403 invalid_user_token, the right one
               → 200; for_you, the secret key and anonymous ids need none;
  kiosk        user A browses and buys on device "kiosk-1", then user B logs in there:
               B's recently_viewed / buy_again hold nothing of A's, B's for_you equals
               that of a control user C with B's events on another device, and A's own
               lists still hold A's items (read with the secret key, so that these do not
               depend on the user-token checks);
  consent      PUT /v1/users/{id}/consent {"personalization": false} → 200 and that
               user's recently_viewed stays empty, even after new views;
  keys (CLI)   `keys add` prints the new key on its last line and the running server
               accepts it within 1 s; `keys list --json` shows it (never the key itself);
               `keys revoke` makes it a 401 within 1 s — no restart;
  keys (API)   POST /v1/admin/keys → 201 with the key, GET lists it, DELETE → 200 and a 401
               at once;
  rate limits  a public key gets 10 requests at once, then about 5/s, with 429s carrying a
               whole-second Retry-After ≥ 1; a second key is unaffected meanwhile;
  erasure      user E is the only shopper to view X and Y (so X↔Y co-occurrence exists only
               through E): similar_items for X holds Y; DELETE /v1/users/E → 202, the job
               completes, the server is killed with SIGKILL and restarted on the same data
               directory; E's original events re-sent through /v1/events and /v1/events/bulk
               answer "erased" and are not stored; /v1/admin/stats lost exactly E's events;
               E's export is empty; similar_items for X no longer links Y to X; E's
               for_you equals a never-seen shopper's, E's recently_viewed and buy_again
               (and recently_viewed of E's anonymous id) are empty.

A small catalog pads every list with all products (shared content features,
popularity), so "Y is no longer in similar_items for X" is checked with explain=true:
Y may be listed, but without co-occurrence, sequence or vectors evidence or seeds.

Usage: privacy_check.py BINARY [--verbose] [--keep]
Prints one line per check ("ok   ..." / "FAIL ...") and a summary; exits non-zero on
any failure. --keep leaves the temporary data directory (and server logs) in place.
"""
import argparse
import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

PUBLIC, SECRET = "pk_privacy_check", "sk_privacy_check"
TOKEN_SECRET = "privacy-check-user-token-secret"
RULES = """\
channels:
  - {id: web, kind: web, currency: EUR, locale: de-DE}
rate_limits:
  public: {rate: 5, burst: 10}
"""
RATE, BURST = 5, 10
RUN = "pc%d" % (int(time.time()) % 100000)  # event-id prefix


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def user_token(user_id):
    return hmac.new(TOKEN_SECRET.encode(), user_id.encode(), hashlib.sha256).hexdigest()


class Server:
    """One `affinity serve` process over a data directory; its stderr goes to a log file."""

    def __init__(self, binary, work, data_dir, port, config):
        self.binary, self.work, self.data_dir, self.port, self.config = binary, work, data_dir, port, config
        self.proc, self.starts = None, 0

    def start(self):
        self.starts += 1
        self.log = os.path.join(self.work, f"server-{self.starts}.log")
        env = dict(os.environ, AFFINITY_PUBLIC_KEY=PUBLIC, AFFINITY_SECRET_KEY=SECRET,
                   AFFINITY_USER_TOKEN_SECRET=TOKEN_SECRET, AFFINITY_LOG_LEVEL="info")
        with open(self.log, "w") as log:
            self.proc = subprocess.Popen(
                [self.binary, "serve", "--empty", "--data-dir", self.data_dir, "--port", str(self.port),
                 "--config", self.config],
                cwd=self.work, env=env, stdout=log, stderr=log)
        started = time.time()
        deadline = started + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health/ready", timeout=1) as r:
                    if r.status == 200:
                        return time.time() - started
            except Exception:
                time.sleep(0.1)
        self.kill()
        raise SystemExit("the server did not become ready: " + open(self.log).read()[-2000:])

    def kill(self, sig=signal.SIGKILL):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def stop(self):
        """SIGTERM (graceful: drains and writes a snapshot), SIGKILL if it hangs."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


class Check:
    def __init__(self, binary, verbose):
        self.binary, self.verbose = binary, verbose
        self.port = None
        self.passed, self.failed = [], []
        self.throttled = 0  # 429s the helper waited out outside the rate-limit check

    # ---- reporting -------------------------------------------------------------------

    def ok(self, name, condition, detail=""):
        if condition:
            self.passed.append(name)
            print(f"ok   {name}" + (f"  ({detail})" if detail and self.verbose else ""))
        else:
            self.failed.append(name)
            print(f"FAIL {name}" + (f": {detail}" if detail else ""))
        sys.stdout.flush()
        return bool(condition)

    def info(self, text):
        if self.verbose:
            print(f"     {text}")

    # ---- HTTP ------------------------------------------------------------------------

    def http(self, method, path, body=None, key=PUBLIC, ctype="application/json", headers=None, wait_429=True):
        """(status, parsed JSON or text, response headers). With wait_429 a 429 is waited out
        (Retry-After) and retried: every check but the rate-limit one shares the public key."""
        data = None
        if body is not None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        all_headers = {"Authorization": f"Bearer {key}"} if key else {}
        if data is not None:
            all_headers["Content-Type"] = ctype
        all_headers.update(headers or {})
        for _ in range(20):
            req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                         headers=all_headers)
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    status, raw, hdrs = r.status, r.read(), r.headers
            except urllib.error.HTTPError as e:
                status, raw, hdrs = e.code, e.read(), e.headers
            if status == 429 and wait_429:
                self.throttled += 1
                time.sleep(min(5.0, max(0.2, float(hdrs.get("Retry-After") or 1))))
                continue
            try:
                parsed = json.loads(raw) if raw else {}
            except ValueError:
                parsed = raw.decode(errors="replace")
            return status, parsed, hdrs
        return status, parsed, hdrs

    def get(self, path, key=SECRET, **kw):
        return self.http("GET", path, key=key, **kw)

    def recs(self, key=SECRET, **params):
        """(status, [product ids], body) of GET /v1/recommendations."""
        params.setdefault("channel", "web")
        params.setdefault("count", 20)
        status, body, _ = self.get("/v1/recommendations?" + urllib.parse.urlencode(params), key=key)
        ids = [item.get("product_id") for item in body.get("items", [])] if isinstance(body, dict) else []
        return status, ids, body

    def send(self, events, key=PUBLIC):
        return self.http("POST", "/v1/events", {"events": events}, key=key)[:2]

    def bulk(self, events, key=SECRET):
        return self.http("POST", "/v1/events/bulk", "\n".join(json.dumps(e) for e in events) + "\n", key=key,
                         ctype="application/x-ndjson")[:2]

    def stats(self):
        status, body, _ = self.get("/v1/admin/stats")
        if status != 200:
            raise RuntimeError(f"GET /v1/admin/stats answered {status}: {body}")
        return body

    def settle(self, timeout=15):
        """Waits until the serving state has applied every stored event."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            s = self.stats()
            if s.get("applied_sequence", 0) >= s.get("last_sequence", 0):
                return s
            time.sleep(0.05)
        return self.stats()

    def cli(self, *args):
        """Runs `BINARY args...`: (exit code, stdout, stderr)."""
        p = subprocess.run([self.binary, *args], capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, AFFINITY_LOG_LEVEL="warning"))
        return p.returncode, p.stdout, p.stderr

    def poll_status(self, key, want, limit=1.0, then=5.0):
        """Seconds until GET popular with `key` answers `want` (polling every 0.1 s, a 429
        counts as "still accepted"), or None when it did not within `then` s."""
        started = time.time()
        while True:
            status = self.get("/v1/recommendations?strategy=popular&channel=web&count=1", key=key,
                              wait_429=False)[0]
            elapsed = time.time() - started
            if status == want:
                return elapsed
            if elapsed > then:
                return None
            time.sleep(0.1)


# ---- data ----------------------------------------------------------------------------

PRODUCTS = ["KA1", "KA2", "KA3", "KB1", "X", "Y", "Z", "W", "D1", "D2", "F1", "F2", "F3"]
BASE = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=3)
_clock = [0]


def at(offset=None):
    """RFC 3339 times in the recent past, one second apart in call order."""
    if offset is None:
        _clock[0] += 1
        offset = _clock[0]
    return (BASE + timedelta(seconds=offset)).strftime("%Y-%m-%dT%H:%M:%SZ")


_ids = [0]


def ev(kind, product, user=None, anon=None, when=None, **extra):
    _ids[0] += 1
    e = {"event_id": f"{RUN}-{_ids[0]}", "type": kind, "occurred_at": when or at(), "channel": "web",
         "items": [{"product_id": product, "quantity": 1, "price_minor": 1000, "currency": "EUR"}]}
    if kind in ("product_view",):
        e["items"] = [{"product_id": product}]
    if user:
        e["user_id"] = user
    if anon:
        e["anonymous_id"] = anon
    e.update(extra)
    return e


def evidence(body, product):
    """The behavioural evidence (`explain=true` sources other than catalog content and
    popularity, and seeds) behind `product` in a list: empty when it is only padding."""
    for item in body.get("items", []) if isinstance(body, dict) else []:
        if item.get("product_id") == product:
            explain = item.get("explain") or item.get("explanation") or {}
            found = {k: v for k, v in (explain.get("sources") or {}).items()
                     if k in ("cooccurrence", "sequence", "vectors") and abs(v) > 1e-3}
            if explain.get("seeds"):
                found["seeds"] = [s.get("product_id") for s in explain["seeds"]]
            return found
    return {}


def statuses(answer):
    return [r.get("status") for r in answer.get("results", [])] if isinstance(answer, dict) else []


# ---- sections ------------------------------------------------------------------------

def catalog(c):
    bad = []
    for pid in PRODUCTS:
        body = {"title": f"Product {pid}", "categories": [f"cat-{pid.lower()}"],
                "listings": [{"channel": "web", "published": True}],
                "prices": [{"channel": "web", "amount_minor": 1000, "currency": "EUR"}],
                "stock": {"available": 100}}
        status, answer, _ = c.http("PUT", f"/v1/products/{pid}", body, key=SECRET)
        if status not in (200, 201):
            bad.append(f"{pid}: {status} {answer}")
    c.ok(f"PUT /v1/products/{{id}} (secret) stores the {len(PRODUCTS)}-product catalog", not bad, "; ".join(bad[:3]))
    status, answer, _ = c.http("PUT", "/v1/products/NOPE", {"title": "x"}, key=PUBLIC)
    c.ok("PUT /v1/products with the public key → 403", status == 403, f"{status} {answer}")


def scopes(c):
    status, answer = c.bulk([ev("product_view", "F1", user="scope-user")], key=PUBLIC)
    c.ok("POST /v1/events/bulk with the public key → 403 insufficient_scope",
         status == 403 and error_code(answer) == "insufficient_scope", f"{status} {answer}")
    for method, path, body in [("GET", "/v1/users/scope-user/export", None),
                               ("DELETE", "/v1/users/scope-user", None),
                               ("GET", "/v1/users/scope-user/erasure", None),
                               ("PUT", "/v1/users/scope-user/consent", {"personalization": False}),
                               ("POST", "/v1/admin/keys", {"scope": "public", "label": "nope"}),
                               ("GET", "/v1/admin/keys", None)]:
        status, answer, _ = c.http(method, path, body, key=PUBLIC)
        how = " (and no user_token)" if path.endswith("/consent") else ""
        c.ok(f"{method} {path.replace('scope-user', '{id}')} with the public key{how} → 403", status == 403,
             f"{status} {answer}")
    status, answer, _ = c.http("GET", "/v1/recommendations?strategy=popular&channel=web", key=None)
    c.ok("a request without a key → 401", status == 401, f"{status} {answer}")


def error_code(answer):
    if not isinstance(answer, dict):
        return None
    if isinstance(answer.get("error"), dict):
        return answer["error"].get("code")
    return answer.get("code") or answer.get("error")


def kiosk(c):
    a_events = [ev("product_view", "KA1", "ann", "kiosk-1"), ev("product_view", "KA2", "ann", "kiosk-1"),
                ev("product_view", "KA3", "ann", "kiosk-1"), ev("add_to_cart", "KA1", "ann", "kiosk-1"),
                ev("purchase", "KA1", "ann", "kiosk-1")]
    status, answer = c.send(a_events)
    c.ok("user A's 5 kiosk events are accepted", status == 200 and answer.get("accepted") == 5, f"{status} {answer}")
    when = at()
    b_events = [ev("product_view", "KB1", "ben", "kiosk-1", when=when)]
    c_events = [ev("product_view", "KB1", "cem", "tablet-7", when=when)]  # control: B's events, another device
    status, answer = c.send(b_events + c_events)
    c.ok("user B's login view on kiosk-1 and control C's on another device are accepted",
         status == 200 and answer.get("accepted") == 2, f"{status} {answer}")
    c.settle()
    a_items = {"KA1", "KA2", "KA3"}

    # user tokens (public key)
    for strategy in ("recently_viewed", "buy_again"):
        status, _, body = c.recs(PUBLIC, strategy=strategy, user_id="ann")
        c.ok(f"{strategy} for a user_id with the public key and no user_token → 403 user_token_required",
             status == 403 and error_code(body) == "user_token_required", f"{status} {body}")
        status, _, body = c.recs(PUBLIC, strategy=strategy, user_id="ann", user_token=user_token("ben"))
        c.ok(f"{strategy} with another user's user_token → 403 invalid_user_token",
             status == 403 and error_code(body) == "invalid_user_token", f"{status} {body}")
    status, _, body = c.recs(PUBLIC, strategy="recently_viewed", user_id="ann", user_token="00" * 32)
    c.ok("recently_viewed with a made-up user_token → 403 invalid_user_token",
         status == 403 and error_code(body) == "invalid_user_token", f"{status} {body}")
    for strategy in ("recently_viewed", "buy_again"):
        status, _, body = c.recs(PUBLIC, strategy=strategy, user_id="ann", user_token=user_token("ann"))
        c.ok(f"{strategy} with the user's own token (HMAC under AFFINITY_USER_TOKEN_SECRET) → 200",
             status == 200, f"{status} {body}")
    status, _, body = c.recs(PUBLIC, strategy="for_you", user_id="ann")
    c.ok("for_you for a user_id with the public key needs no user_token → 200", status == 200, f"{status} {body}")
    status, _, body = c.recs(SECRET, strategy="recently_viewed", user_id="ann")
    c.ok("recently_viewed for a user_id with the secret key needs no user_token → 200", status == 200,
         f"{status} {body}")
    status, _, body = c.recs(PUBLIC, strategy="recently_viewed", anonymous_id="tablet-7")
    c.ok("recently_viewed for an anonymous_id with the public key needs no user_token → 200", status == 200,
         f"{status} {body}")

    # no leak from A to B through the shared device (read with the secret key: these
    # checks must not depend on the user-token ones above)
    status, b_recent, body = c.recs(SECRET, strategy="recently_viewed", user_id="ben")
    c.ok("B's recently_viewed (after logging in on A's kiosk) holds nothing A viewed",
         status == 200 and not (a_items & set(b_recent)), f"{status} got {b_recent or body}")
    c.ok("B's recently_viewed holds B's own view (KB1)", "KB1" in b_recent, f"got {b_recent}")
    status, b_again, body = c.recs(SECRET, strategy="buy_again", user_id="ben")
    c.ok("B's buy_again holds nothing A bought", status == 200 and not (a_items & set(b_again)),
         f"{status} got {b_again or body}")
    status, a_recent, body = c.recs(SECRET, strategy="recently_viewed", user_id="ann")
    c.ok("A's recently_viewed still holds A's views (KA1-KA3)", status == 200 and a_items <= set(a_recent),
         f"{status} got {a_recent or body}")
    status, a_again, body = c.recs(SECRET, strategy="buy_again", user_id="ann")
    c.ok("A's buy_again still holds A's purchase (KA1)", status == 200 and "KA1" in a_again,
         f"{status} got {a_again or body}")
    # The equality below only means something if for_you is personal in this store.
    _, a_for, _ = c.recs(SECRET, strategy="for_you", user_id="ann")
    _, c_for, _ = c.recs(SECRET, strategy="for_you", user_id="cem")
    c.ok("precondition: for_you is personal here (A's differs from C's)", a_for and a_for != c_for,
         f"A {a_for} vs C {c_for}")
    for key, name in ((SECRET, "secret"), (PUBLIC, "public")):
        b_for = c_for = None
        for _ in range(3):  # a model swap between the two reads would differ for both alike
            sb, b_for, bb = c.recs(key, strategy="for_you", user_id="ben")
            sc, c_for, cb = c.recs(key, strategy="for_you", user_id="cem")
            if b_for == c_for:
                break
            time.sleep(0.5)
        c.ok(f"B's for_you equals control C's (same events, another device; {name} key)",
             sb == 200 and sc == 200 and b_for == c_for, f"B {sb} {b_for} vs C {sc} {c_for}")


def consent(c):
    status, answer = c.send([ev("product_view", "D1", "dora", "dora-laptop")])
    c.ok("dora's first view is accepted", status == 200 and answer.get("accepted") == 1, f"{status} {answer}")
    c.settle()
    status, before, body = c.recs(SECRET, strategy="recently_viewed", user_id="dora")
    c.ok("precondition: dora's recently_viewed holds D1 before she withdraws consent",
         status == 200 and "D1" in before, f"{status} {before or body}")
    status, answer, _ = c.http("PUT", "/v1/users/dora/consent", {"personalization": False}, key=SECRET)
    c.ok('PUT /v1/users/{id}/consent {"personalization": false} (secret) → 200', status == 200, f"{status} {answer}")
    c.settle()
    status, after, body = c.recs(SECRET, strategy="recently_viewed", user_id="dora")
    c.ok("after withdrawing consent dora's recently_viewed is empty", status == 200 and after == [],
         f"{status} {after or body}")
    status, answer = c.send([ev("product_view", "D2", "dora", "dora-laptop")])
    c.ok("a new view by dora is answered 200", status == 200, f"{status} {answer}")
    c.settle()
    status, later, body = c.recs(SECRET, strategy="recently_viewed", user_id="dora")
    c.ok("dora's recently_viewed stays empty after a new view", status == 200 and later == [],
         f"{status} {later or body}")
    status, answer, _ = c.get("/v1/users/dora/export")
    if status == 200 and isinstance(answer, dict):
        c.info(f"dora's export consent: {answer.get('consent')}")


def cli_keys(c, data_dir):
    code, out, err = c.cli("keys", "add", "--scope", "public", "--label", "privacy-cli", "--data-dir", data_dir)
    lines = [line.strip() for line in out.strip().splitlines() if line.strip()]
    key = lines[-1] if lines else ""
    if not c.ok("`keys add --scope public` exits 0 and prints a pk_ key alone on the last line",
                code == 0 and key.startswith("pk_") and " " not in key, f"exit {code}: {(out + err).strip()[-300:]}"):
        return
    took = c.poll_status(key, 200)
    c.ok("the running server accepts the CLI-added key within 1 s", took is not None and took <= 1.0,
         "never within 5 s" if took is None else f"after {took:.2f} s")
    code, out, err = c.cli("keys", "list", "--data-dir", data_dir, "--json")
    try:
        listed = json.loads(out)
    except ValueError:
        listed = None
    mine = [k for k in listed if isinstance(k, dict) and k.get("label") == "privacy-cli"] \
        if isinstance(listed, list) else []
    c.ok("`keys list --json` is an array holding the new key's id and label",
         code == 0 and len(mine) == 1 and mine[0].get("id"), f"exit {code}: {(out + err).strip()[:300]}")
    c.ok("`keys list` never shows a key itself", key not in out and PUBLIC not in out and SECRET not in out)
    code, text, err = c.cli("keys", "list", "--data-dir", data_dir)
    c.ok("`keys list` (text) exits 0 and never shows a key itself", code == 0 and key not in text + err,
         f"exit {code}: {(text + err).strip()[:200]}")
    if not mine:
        return
    code, out, err = c.cli("keys", "revoke", mine[0]["id"], "--data-dir", data_dir)
    c.ok("`keys revoke KEY_ID` exits 0", code == 0, f"exit {code}: {(out + err).strip()[:300]}")
    took = c.poll_status(key, 401)
    c.ok("the running server answers 401 to the CLI-revoked key within 1 s", took is not None and took <= 1.0,
         "never within 5 s" if took is None else f"after {took:.2f} s")
    code, out, err = c.cli("keys", "list", "--data-dir", data_dir, "--json")
    try:
        row = [k for k in json.loads(out) if k.get("id") == mine[0]["id"]]
    except (ValueError, AttributeError, TypeError):
        row = []
    c.info(f"revoked key as listed: {row}")


def api_keys(c):
    status, made, _ = c.http("POST", "/v1/admin/keys", {"scope": "public", "label": "privacy-api"}, key=SECRET)
    key = made.get("key", "") if isinstance(made, dict) else ""
    if not c.ok('POST /v1/admin/keys {"scope":"public"} (secret) → 201 with an id and a pk_ key',
                status == 201 and made.get("id") and key.startswith("pk_"), f"{status} {made}"):
        return
    status = c.get("/v1/recommendations?strategy=popular&channel=web&count=1", key=key, wait_429=False)[0]
    c.ok("the API-created key works at once", status == 200, f"{status}")
    status, listed, _ = c.get("/v1/admin/keys")
    keys = listed.get("keys", []) if isinstance(listed, dict) else []
    c.ok("GET /v1/admin/keys lists it", status == 200 and any(k.get("id") == made["id"] for k in keys),
         f"{status} {str(listed)[:300]}")
    c.ok("GET /v1/admin/keys never shows a key itself",
         status == 200 and all(s not in json.dumps(listed) for s in (key, PUBLIC, SECRET)))
    status, answer, _ = c.http("DELETE", f"/v1/admin/keys/{made['id']}", key=SECRET)
    c.ok("DELETE /v1/admin/keys/{id} → 200", status == 200, f"{status} {answer}")
    status = c.get("/v1/recommendations?strategy=popular&channel=web&count=1", key=key, wait_429=False)[0]
    c.ok("the API-revoked key answers 401 at once", status == 401, f"{status}")
    status, answer, _ = c.http("DELETE", "/v1/admin/keys/key_000000000000", key=SECRET)
    c.ok("DELETE /v1/admin/keys/{unknown id} → 404", status == 404, f"{status} {answer}")


def second_key(c, data_dir):
    """A second public key for the rate-limit check: `keys add`, else the admin API."""
    code, out, _ = c.cli("keys", "add", "--scope", "public", "--label", "privacy-rate-second", "--data-dir", data_dir)
    lines = out.strip().splitlines()
    if code == 0 and lines and lines[-1].strip().startswith("pk_"):
        key = lines[-1].strip()
        if c.poll_status(key, 200) is not None:
            return key, "keys add"
    status, made, _ = c.http("POST", "/v1/admin/keys", {"scope": "public", "label": "privacy-rate-second"},
                             key=SECRET)
    if status == 201 and isinstance(made, dict) and made.get("key"):
        return made["key"], "POST /v1/admin/keys"
    return None, None


def rate_limits(c, data_dir):
    other, how = second_key(c, data_dir)
    time.sleep(BURST / RATE + 0.5)  # let the public key's bucket fill up
    path = "/v1/recommendations?strategy=popular&channel=web&count=1"

    def one(_):
        status, _, headers = c.get(path, key=PUBLIC, wait_429=False)
        return status, headers.get("Retry-After")

    with ThreadPoolExecutor(max_workers=BURST + 6) as pool:
        burst = list(pool.map(one, range(BURST + 6)))
    other_status = c.get(path, key=other, wait_429=False)[0] if other else None
    oks = sum(1 for s, _ in burst if s == 200)
    limited = [(s, ra) for s, ra in burst if s == 429]
    c.ok(f"{BURST + 6} requests at once with a public key: {BURST} pass (burst), the rest → 429",
         BURST <= oks <= BURST + 2 and len(limited) >= 3 and oks + len(limited) == len(burst),
         f"{oks} passed, statuses {sorted(s for s, _ in burst)}")
    bad = [ra for _, ra in limited if not (ra and ra.isdigit() and int(ra) >= 1)]
    c.ok("every 429 has a Retry-After of whole seconds ≥ 1", limited and not bad,
         f"Retry-After values {[ra for _, ra in limited]}")
    if other:
        c.ok(f"a second public key (from {how}) is unaffected while the first is over its limit",
             other_status == 200, f"{other_status}")
    else:
        c.ok("a second public key (from keys add / the admin API) is unaffected", False,
             "could not create a second key")
    # sustained: about RATE per second once the burst is spent
    started, passed = time.time(), 0
    while time.time() - started < 3.0:
        if c.get(path, key=PUBLIC, wait_429=False)[0] == 200:
            passed += 1
        time.sleep(0.03)
    rate = passed / (time.time() - started)
    c.ok(f"after the burst the public key passes about {RATE}/s", RATE * 0.6 <= rate <= RATE * 1.4,
         f"{passed} passed in 3 s = {rate:.1f}/s")
    time.sleep(BURST / RATE + 0.2)  # leave a full bucket for the checks after this one


def erasure(c, server):
    e_events = [ev("product_view", "X", "erin", "erin-phone"), ev("product_view", "Y", "erin", "erin-phone"),
                ev("product_view", "X", "erin", "erin-phone"), ev("add_to_cart", "Z", "erin", "erin-phone"),
                ev("purchase", "Z", "erin", "erin-phone")]
    before = c.settle()
    status, answer = c.send(e_events)
    c.ok("E's events are accepted", status == 200 and answer.get("accepted") == len(e_events), f"{status} {answer}")
    status, cart, _ = c.http("POST", "/v1/carts", {"channel": "web", "user_id": "erin", "anonymous_id": "erin-phone"})
    if status == 201 and isinstance(cart, dict) and cart.get("id"):
        status, answer, _ = c.http("POST", f"/v1/carts/{cart['id']}/items", {"product_id": "W", "quantity": 1})
        c.info(f"E's cart {cart['id']}: add W → {status}")
    else:
        c.info(f"E's cart could not be made: {status} {cart}")
    loaded = c.settle()
    status, similar, body = c.recs(SECRET, strategy="similar_items", item_id="X", explain="true")
    found = evidence(body, "Y")
    c.ok("precondition: similar_items for X holds Y, with co-occurrence evidence (only E made it)",
         status == 200 and "Y" in similar and found.get("cooccurrence", 0) > 0,
         f"{status} {similar or body}; Y's evidence {found}")
    status, export, _ = c.get("/v1/users/erin/export")
    e_stored = len(export.get("events", [])) if status == 200 and isinstance(export, dict) else None
    c.ok("precondition: E's export (secret) holds E's events, anonymous id and cart",
         status == 200 and export.get("user_id") == "erin" and e_stored and e_stored >= len(e_events)
         and "erin-phone" in export.get("anonymous_ids", []) and export.get("carts"),
         f"{status} {str(export)[:400]}")
    if e_stored is None:
        e_stored = loaded["events"] - before["events"]
    c.info(f"stats events before E {before['events']}, with E {loaded['events']}; E's export lists {e_stored}")

    status, job, _ = c.http("DELETE", "/v1/users/erin", key=SECRET)
    c.ok("DELETE /v1/users/{id} (secret) → 202 with job_id and state",
         status == 202 and isinstance(job, dict) and job.get("job_id") and job.get("state"), f"{status} {job}")
    states, progress, deadline = [], {}, time.time() + 60
    while time.time() < deadline:
        status, progress, _ = c.get("/v1/users/erin/erasure")
        state = progress.get("state") if isinstance(progress, dict) else None
        if not states or states[-1] != state:
            states.append(state)
        if state == "completed" or status != 200:
            break
        time.sleep(0.5)
    c.ok("GET /v1/users/{id}/erasure reaches \"completed\" within 60 s",
         states and states[-1] == "completed", f"states seen {states}; last {status} {progress}")
    c.info(f"erasure states seen: {states}; final {progress}")
    ok_states = {"erasing", "retraining", "completed"}
    c.ok("the erasure states are erasing / retraining / completed", set(states) <= ok_states, f"{states}")
    deleted = progress.get("events_deleted") if isinstance(progress, dict) else None
    c.ok(f"the erasure job reports events_deleted = E's {e_stored} stored events", deleted == e_stored,
         f"events_deleted {deleted}")
    after_erasure = c.settle()
    # The live server, before any restart: the job is over (or timed out above).
    status, mine, body = c.recs(SECRET, strategy="recently_viewed", user_id="erin")
    c.ok("before the restart: E's recently_viewed (secret) is empty", status == 200 and mine == [],
         f"{status} {mine or body}")
    status, similar, body = c.recs(SECRET, strategy="similar_items", item_id="X", explain="true")
    found = evidence(body, "Y")
    c.ok("before the restart: similar_items for X no longer links Y to X",
         status == 200 and ("Y" not in similar or not found), f"{status} {similar}; Y's evidence {found}")

    server.kill(signal.SIGKILL)
    took = server.start()
    c.info(f"killed -9 and restarted in {took:.1f} s")
    restarted = c.settle()
    c.ok("after kill -9 and restart, stats counts the events without E's",
         restarted["events"] == loaded["events"] - e_stored,
         f"before E {before['events']}, with E {loaded['events']}, after erasure {after_erasure['events']}, "
         f"after restart {restarted['events']}, E had {e_stored}")

    status, answer = c.send(e_events)
    st = statuses(answer)
    c.ok("E's original events re-sent to POST /v1/events answer status \"erased\" (and erased: n)",
         status == 200 and st == ["erased"] * len(e_events) and answer.get("erased") == len(e_events)
         and answer.get("accepted") == 0, f"{status} {answer}")
    status, answer = c.bulk(e_events, key=SECRET)
    st = statuses(answer)
    c.ok("E's original events re-sent to POST /v1/events/bulk (secret) answer status \"erased\"",
         status == 200 and st == ["erased"] * len(e_events) and answer.get("accepted") == 0,
         f"{status} {str(answer)[:400]}")
    final = c.settle()
    c.ok("the re-sent events are not stored (stats events unchanged)", final["events"] == restarted["events"],
         f"{restarted['events']} → {final['events']}")
    status, export, _ = c.get("/v1/users/erin/export")
    empty = status == 200 and isinstance(export, dict) and all(
        export.get(k) == [] for k in ("events", "anonymous_ids", "carts"))
    c.ok("E's export after erasure has no events, anonymous ids or carts", empty, f"{status} {str(export)[:400]}")
    # A small catalog pads every list with all products (content similarity, popularity),
    # so "Y is gone" means: Y is absent or listed without any evidence from E's events.
    status, similar, body = c.recs(SECRET, strategy="similar_items", item_id="X", explain="true")
    found = evidence(body, "Y")
    c.ok("similar_items for X no longer links Y to X (no co-occurrence, sequence or vectors evidence)",
         status == 200 and ("Y" not in similar or not found),
         f"{status} {similar or body}; Y's evidence {found}")
    mine = cold = None
    for _ in range(3):
        status, mine, body = c.recs(SECRET, strategy="for_you", user_id="erin")
        status2, cold, _ = c.recs(SECRET, strategy="for_you", user_id=f"{RUN}-never-seen")
        if mine == cold:
            break
        time.sleep(0.5)
    c.ok("E's for_you (secret) equals a never-seen shopper's (nothing of E's history left)",
         status == 200 and status2 == 200 and mine == cold, f"E {status} {mine or body} vs new {status2} {cold}")
    for strategy in ("recently_viewed", "buy_again"):
        status, mine, body = c.recs(SECRET, strategy=strategy, user_id="erin")
        c.ok(f"E's {strategy} (secret) is empty", status == 200 and mine == [], f"{status} {mine or body}")
    status, mine, body = c.recs(SECRET, strategy="recently_viewed", anonymous_id="erin-phone")
    c.ok("recently_viewed for E's anonymous id is empty", status == 200 and mine == [], f"{status} {mine or body}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="affinity-privacy-")
    data_dir = os.path.join(work, "data")
    config = os.path.join(work, "rules.yaml")
    with open(config, "w") as f:
        f.write(RULES)
    c = Check(binary, args.verbose)
    c.port = free_port()
    server = Server(binary, work, data_dir, c.port, config)
    started = time.time()
    try:
        took = server.start()
        c.info(f"server ready in {took:.1f} s on port {c.port}, data in {data_dir}")
        sections = [("catalog", lambda: catalog(c)), ("scopes", lambda: scopes(c)), ("kiosk", lambda: kiosk(c)),
                    ("consent", lambda: consent(c)), ("keys CLI", lambda: cli_keys(c, data_dir)),
                    ("keys API", lambda: api_keys(c)), ("rate limits", lambda: rate_limits(c, data_dir)),
                    ("erasure", lambda: erasure(c, server))]
        for name, run in sections:
            try:
                run()
            except Exception as e:  # a broken section must not hide the others
                c.ok(f"{name}: the section ran to its end", False, f"{type(e).__name__}: {e}")
                if server.proc is None or server.proc.poll() is not None:
                    server.start()
    finally:
        server.stop()
        if args.keep or c.failed:
            print(f"data directory and server logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    note = f"; {c.throttled} 429s waited out outside the rate-limit check" if c.throttled else ""
    print(f"{len(c.passed) + len(c.failed)} privacy checks, {len(c.failed)} failed, "
          f"{time.time() - started:.0f} s{note}")
    if c.failed:
        print("failed:\n  " + "\n  ".join(c.failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
