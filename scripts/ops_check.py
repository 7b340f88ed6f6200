#!/usr/bin/env python3
"""Operations check for `affinity serve`: metrics, request ids and JSON logs, Segment and GA4
ingestion, feeds and batch exports, checked from the outside.

Starts `BINARY serve` on the demo store (a fresh data directory, 127.0.0.1, a free port,
`--log-format json`, the repository's affinity.yaml) and checks:

  metrics   GET /metrics needs the secret key; the body parses with prometheus_client's
            text parser (the reference implementation, from PyPI); after traffic (events,
            recommendations by strategy and placement, a 404) the HTTP, ingestion,
            group-commit and recommendation histograms and counters moved by exactly
            what was sent, and a random path did not become a label;
  logs      every line on standard error is one JSON object with ts, level, message; a
            request sent with X-Request-Id gets it back, and the server's log line for
            that request carries it as hb.request.id (needs --log-level debug);
  integrations
            a Segment batch signed with X-Signature (HMAC-SHA1 of the body with the
            shared secret) stores its two events and ignores the page call; the same batch
            again (secret key) is all duplicates; a wrong signature is a 401; a GA4
            purchase with api_secret is stored, and sent again is a duplicate;
  feeds     GET /v1/feeds/{channel}.{format} for google, meta and csv: the documented
            required columns are present and filled in every row, exactly the products
            published and priced in the channel appear (compared with the catalog API),
            prices are the channel's, availability follows stock; a public key is
            refused; the feed token works as ?token=, a wrong one is a 401;
  export    `affinity export recommendations` over the demo shoppers (after stopping the
            server, on the same data directory): one row per shopper, each with a
            recommendation_id, items available and priced in the channel's currency;
            --users and --format csv; `affinity export feed` writes the Meta columns;
  export10k a store generated with ≥ 10,000 users: the export streams one list per user,
            every item published in the channel, sellable and at the catalog's price.

Usage: ops_check.py BINARY [--keep] [--only metrics,logs,integrations,feeds,export,export10k]
Prints one line per check ("ok   ..." / "FAIL ...") and a summary; exits non-zero on any
failure. Needs prometheus_client (`python3 -m pip install prometheus_client`).
"""
import argparse
import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

from prometheus_client.parser import text_string_to_metric_families

PUBLIC, SECRET = "pk_ops_check", "sk_ops_check"
SEGMENT_SECRET, GA4_SECRET, FEED_TOKEN = "ops-segment-secret", "ops-ga4-secret", "ops-feed-token"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

failures = []
passed = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    (passed if ok else failures).append(what)
    return ok


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, data, port, log_path):
        self.base = "http://127.0.0.1:%d" % port
        env = dict(os.environ, AFFINITY_PUBLIC_KEY=PUBLIC, AFFINITY_SECRET_KEY=SECRET,
                   AFFINITY_SEGMENT_SECRET=SEGMENT_SECRET, AFFINITY_GA4_API_SECRET=GA4_SECRET,
                   AFFINITY_FEED_TOKEN=FEED_TOKEN)
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(
            [binary, "serve", "--data-dir", data, "--port", str(port), "--config",
             os.path.join(ROOT, "affinity.yaml"), "--log-format", "json", "--log-level", "debug"],
            stdout=subprocess.DEVNULL, stderr=self.log, env=env, cwd=ROOT)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if self.request("GET", "/health/ready", key=None)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("the server did not become ready")

    def request(self, method, path, body=None, key=SECRET, headers=None, content_type="application/json"):
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if key:
            req.add_header("Authorization", "Bearer " + key)
        if data is not None:
            req.add_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            req.add_header(name, value)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, resp.read(), dict(resp.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def samples(text):
    """{(name, frozenset(labels)): value} of every sample."""
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, frozenset(s.labels.items()))] = s.value
    return out


def value(parsed, name, **labels):
    return parsed.get((name, frozenset(labels.items())), 0.0)


def check_metrics(server):
    status, _, _ = server.request("GET", "/metrics", key=None)
    check(status == 401, "GET /metrics without a key is 401 (got %d)" % status)
    status, _, _ = server.request("GET", "/metrics", key=PUBLIC)
    check(status == 403, "GET /metrics with the public key is 403 (got %d)" % status)
    status, body, headers = server.request("GET", "/metrics")
    check(status == 200 and headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"),
          "GET /metrics with the secret key answers the text format")
    before = samples(body.decode())
    check(len(before) > 10, "the exposition parses with prometheus_client (%d samples)" % len(before))
    run = uuid.uuid4().hex[:8]
    events = [{"event_id": "ops-%s-%d" % (run, i), "type": "product_view", "occurred_at": "2026-11-30T10:00:00Z",
               "anonymous_id": "ops-%s" % run, "items": [{"product_id": "P%04d" % (i + 1)}]} for i in range(5)]
    status, _, _ = server.request("POST", "/v1/events", {"events": events}, key=PUBLIC)
    check(status == 200, "5 events accepted")
    server.request("POST", "/v1/events", {"events": events[:2]}, key=PUBLIC)  # duplicates
    bad = dict(events[0], event_id="ops-%s-bad" % run, type="no_such_type")
    status, _, _ = server.request("POST", "/v1/events", bad, key=PUBLIC)
    check(status == 422, "an event of an unknown type is 422")
    for _ in range(4):
        server.request("GET", "/v1/recommendations?strategy=trending&count=5", key=PUBLIC)
    for _ in range(3):
        server.request("GET", "/v1/recommendations?placement=home_hero&anonymous_id=ops-%s" % run, key=PUBLIC)
    junk = "/definitely/not/a/route/%s" % run
    server.request("GET", junk, key=PUBLIC)
    # A request's HTTP metrics are recorded once its body is written, which may be just
    # after the client has read it: give the last ones a moment to land.
    for _ in range(50):
        status, body, _ = server.request("GET", "/metrics")
        text = body.decode()
        after = samples(text)
        recorded = value(after, "affinity_http_request_duration_seconds_count", route="/v1/recommendations",
                         method="GET", status_class="2xx") - value(
            before, "affinity_http_request_duration_seconds_count", route="/v1/recommendations", method="GET",
            status_class="2xx")
        unmatched = value(after, "affinity_http_request_duration_seconds_count", route="unmatched", method="GET",
                          status_class="4xx") - value(
            before, "affinity_http_request_duration_seconds_count", route="unmatched", method="GET",
            status_class="4xx")
        if recorded >= 7 and unmatched >= 1:
            break
        time.sleep(0.1)

    def moved(name, expected, **labels):
        delta = value(after, name, **labels) - value(before, name, **labels)
        check(abs(delta - expected) < 1e-9,
              "%s{%s} moved by %g (expected %g)" % (name, ",".join("%s=%s" % kv for kv in labels.items()), delta, expected))

    moved("affinity_events_ingested_total", 5, type="product_view", outcome="accepted")
    moved("affinity_events_ingested_total", 2, type="product_view", outcome="duplicate")
    moved("affinity_events_ingested_total", 1, type="other", outcome="rejected")
    moved("affinity_recommendation_duration_seconds_count", 4, strategy="trending", placement="none")
    # home_hero runs an experiment whose variants may change the strategy: sum over strategies.
    def placement_lists(parsed):
        return sum(v for (name, labels), v in parsed.items()
                   if name == "affinity_recommendation_duration_seconds_count" and ("placement", "home_hero") in labels)
    lists = placement_lists(after) - placement_lists(before)
    check(lists == 3, "affinity_recommendation_duration_seconds_count{placement=home_hero} moved by %g (expected 3)"
          % lists)
    moved("affinity_http_request_duration_seconds_count", 7, route="/v1/recommendations", method="GET",
          status_class="2xx")
    moved("affinity_http_request_duration_seconds_count", 2, route="/v1/events", method="POST", status_class="2xx")
    moved("affinity_http_request_duration_seconds_count", 1, route="/v1/events", method="POST", status_class="4xx")
    moved("affinity_http_request_duration_seconds_count", 1, route="unmatched", method="GET", status_class="4xx")
    groups = value(after, "affinity_commit_group_events_count") - value(before, "affinity_commit_group_events_count")
    check(groups >= 1, "group commits were recorded (%d)" % groups)
    sizes = value(after, "affinity_commit_group_events_sum") - value(before, "affinity_commit_group_events_sum")
    check(sizes == 7, "group-commit sizes add up to the 7 events committed (got %g)" % sizes)
    bucket = value(after, "affinity_http_request_duration_seconds_bucket", route="/v1/recommendations",
                   method="GET", status_class="2xx", le="+Inf")
    check(bucket >= 7, "the HTTP histogram's +Inf bucket counts the requests (%g)" % bucket)
    scored = value(after, "affinity_recommendation_candidates_scored_sum", strategy="trending") - \
        value(before, "affinity_recommendation_candidates_scored_sum", strategy="trending")
    check(scored > 0, "candidates scored per request are recorded (%g for 4 trending lists)" % scored)
    check(junk not in text, "a random path does not become a label value")
    for part in ["shoppers", "cooccurrence", "popularity", "content", "model", "other"]:
        check(("affinity_core_memory_bytes", frozenset({("part", part)})) in after,
              "core memory is reported for part %s" % part)
    for part in ["shoppers", "cooccurrence", "popularity", "content"]:
        bytes_ = value(after, "affinity_core_memory_bytes", part=part)
        check(bytes_ > 0, "the demo store's %s take memory (%d bytes)" % (part, bytes_))
    check(value(after, "affinity_process_resident_memory_bytes") > 0, "resident memory is reported")
    check(value(after, "affinity_ready") == 1, "affinity_ready is 1")


def check_logs(server, log_path):
    rid = "ops-check-%s" % uuid.uuid4().hex[:12]
    status, _, headers = server.request("GET", "/health/live", key=None, headers={"X-Request-Id": rid})
    check(headers.get("X-Request-Id") == rid, "X-Request-Id is echoed")
    status, _, headers = server.request("GET", "/health/live", key=None)
    check(bool(headers.get("X-Request-Id")), "a request without X-Request-Id gets a generated one")
    time.sleep(0.3)
    lines = open(log_path, "rb").read().decode(errors="replace").splitlines()
    parsed, bad = [], 0
    for line in lines:
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not {"ts", "level", "message"} <= set(obj):
                bad += 1
            parsed.append(obj)
        except ValueError:
            bad += 1
    check(parsed and bad == 0, "every log line is a JSON object with ts, level, message (%d lines, %d bad)"
          % (len(parsed), bad))
    check(any(obj.get("hb.request.id") == rid for obj in parsed), "the request's log line carries its request id")


REQUIRED = {
    "google": ["id", "title", "description", "link", "image_link", "availability", "price", "brand", "condition"],
    "meta": ["id", "title", "description", "availability", "condition", "price", "link", "image_link", "brand"],
    "csv": ["id", "title", "availability", "price_minor", "currency"],
}
AVAILABILITY = {
    "google": {"in_stock", "out_of_stock", "backorder"},
    "meta": {"in stock", "out of stock", "available for order"},
    "csv": {"in_stock", "out_of_stock", "backorder"},
}
CURRENCY = {"web": "EUR", "app": "USD", "kiosk": "GBP"}


def catalog(server, channel):
    """{id: product view} of every product published in `channel`, through the API."""
    out, cursor = {}, None
    while True:
        path = "/v1/products?limit=500&channel=" + channel + ("&cursor=" + cursor if cursor else "")
        status, body, _ = server.request("GET", path, key=PUBLIC)
        page = json.loads(body)
        for item in page["items"]:
            out[item["id"]] = item
        cursor = page.get("next_cursor")
        if not cursor:
            return out


def parse_feed(text, fmt):
    reader = csv.DictReader(io.StringIO(text), delimiter="\t" if fmt == "google" else ",")
    return reader.fieldnames or [], list(reader)


def expected_availability(view, fmt):
    stock = view["stock"]
    if stock["available"] > 0:
        return {"google": "in_stock", "meta": "in stock", "csv": "in_stock"}[fmt]
    if stock.get("allow_backorder"):
        return {"google": "backorder", "meta": "available for order", "csv": "backorder"}[fmt]
    return {"google": "out_of_stock", "meta": "out of stock", "csv": "out_of_stock"}[fmt]


def check_feeds(server):
    status, _, _ = server.request("GET", "/v1/feeds/web.google", key=PUBLIC)
    check(status == 403, "a feed with the public key is 403 (got %d)" % status)
    status, _, _ = server.request("GET", "/v1/feeds/nowhere.csv")
    check(status == 404, "a feed for an unknown channel is 404 (got %d)" % status)
    kiosk = catalog(server, "kiosk")
    for channel in ["kiosk", "app"]:
        published = kiosk if channel == "kiosk" else catalog(server, channel)
        for fmt in ["google", "meta", "csv"]:
            status, body, headers = server.request("GET", "/v1/feeds/%s.%s" % (channel, fmt))
            columns, rows = parse_feed(body.decode(), fmt)
            what = "feed %s.%s" % (channel, fmt)
            check(status == 200 and rows, "%s answers %d rows (%s)" % (what, len(rows), headers.get("Content-Type")))
            check(all(c in columns for c in REQUIRED[fmt]), "%s has every required column" % what)
            empty = [(r.get("id"), c) for r in rows for c in REQUIRED[fmt] if not (r.get(c) or "").strip()]
            check(not empty, "%s fills the required columns in every row %s" % (what, empty[:3]))
            ids = [r["id"] for r in rows]
            priced = {i for i, v in published.items() if v.get("price") and v["price"]["currency"] == CURRENCY[channel]}
            check(set(ids) == priced and len(ids) == len(set(ids)),
                  "%s lists exactly the %d products published and priced in %s" % (what, len(priced), channel))
            currency = CURRENCY[channel]
            if fmt == "csv":
                bad = [r["id"] for r in rows if r["currency"] != currency or
                       int(r["price_minor"]) != published[r["id"]]["price"]["amount_minor"]]
            else:
                bad = [r["id"] for r in rows if not r["price"].endswith(" " + currency) or
                       round(float(r["price"].split()[0]) * 100) != published[r["id"]]["price"]["amount_minor"]]
            check(not bad, "%s prices are the channel's, in %s %s" % (what, currency, bad[:3]))
            wrong = [r["id"] for r in rows if r["availability"] != expected_availability(published[r["id"]], fmt)]
            check(not wrong and {r["availability"] for r in rows} <= AVAILABILITY[fmt],
                  "%s availability follows stock %s" % (what, wrong[:3]))
    unpublished = [i for i in catalog(server, "web") if i not in kiosk]
    check(len(unpublished) > 0, "the demo store has products not published in kiosk (%d)" % len(unpublished))


def check_export(binary, data, work):
    out = os.path.join(work, "lists.ndjson")
    started = time.time()
    proc = subprocess.run([binary, "export", "recommendations", "--data-dir", data, "--config",
                           os.path.join(ROOT, "affinity.yaml"), "--placement", "home_hero", "--channel", "app",
                           "--out", out, "--quiet"], capture_output=True, text=True, cwd=ROOT)
    check(proc.returncode == 0, "export recommendations exits 0 (%s)" % proc.stderr.strip()[-200:])
    lines = [json.loads(line) for line in open(out)] if os.path.exists(out) else []
    users = [line["user_id"] for line in lines]
    check(len(lines) > 100 and len(users) == len(set(users)),
          "one list per shopper (%d lists in %.1f s)" % (len(lines), time.time() - started))
    check(all(line["recommendation_id"].startswith("rec_") for line in lines), "every list has a recommendation_id")
    ids = [line["recommendation_id"] for line in lines]
    check(len(ids) == len(set(ids)), "recommendation ids are unique")
    items = [item for line in lines for item in line["items"]]
    check(items and all(item.get("available") and item["price"]["currency"] == "USD" for item in items),
          "every exported item is in stock and priced in USD (%d items)" % len(items))
    check(all(line["placement"] == "home_hero" and line["channel"] == "app" for line in lines),
          "rows name the placement and the channel")
    feed = os.path.join(work, "feed.csv")
    proc = subprocess.run([binary, "export", "feed", "--data-dir", data, "--config", os.path.join(ROOT, "affinity.yaml"),
                           "--channel", "kiosk", "--format", "meta", "--out", feed], capture_output=True, text=True,
                          cwd=ROOT)
    columns, rows = parse_feed(open(feed).read() if os.path.exists(feed) else "", "meta")
    check(proc.returncode == 0 and rows and all(c in columns for c in REQUIRED["meta"]),
          "export feed writes the Meta columns (%d rows)" % len(rows))
    users_file = os.path.join(work, "users.txt")
    with open(users_file, "w") as f:
        f.write("\n".join(users[:5] + ["never-seen-user"]) + "\n")
    proc = subprocess.run([binary, "export", "recommendations", "--data-dir", data, "--config",
                           os.path.join(ROOT, "affinity.yaml"), "--placement", "home_hero", "--users", users_file,
                           "--format", "csv", "--quiet"], capture_output=True, text=True, cwd=ROOT)
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    check(proc.returncode == 0 and [r["user_id"] for r in rows] == users[:5] + ["never-seen-user"],
          "--users exports the listed shoppers in order, a new one included (CSV)")
    check(all(r["recommendation_id"].startswith("rec_") and r["product_1_id"] for r in rows),
          "CSV rows carry a recommendation_id and product columns")


def check_integrations(server):
    import hashlib
    import hmac
    run = uuid.uuid4().hex[:8]
    stats = lambda: json.loads(server.request("GET", "/v1/admin/stats")[1])["events"]
    before = stats()
    batch = {"batch": [
        {"type": "track", "event": "Product Viewed", "messageId": "ops-%s-1" % run, "anonymousId": "ops-seg-%s" % run,
         "timestamp": "2026-11-30T10:00:00Z", "properties": {"product_id": "P0042", "price": 19.99, "currency": "EUR"}},
        {"type": "track", "event": "Order Completed", "messageId": "ops-%s-2" % run, "userId": "ops-u-%s" % run,
         "anonymousId": "ops-seg-%s" % run, "timestamp": "2026-11-30T10:05:00Z",
         "properties": {"order_id": "ops-o-%s" % run, "revenue": 39.98, "currency": "EUR",
                        "products": [{"product_id": "P0042", "price": 19.99, "quantity": 2}]}},
        {"type": "page", "messageId": "ops-%s-3" % run, "anonymousId": "ops-seg-%s" % run, "name": "Home"}]}
    body = json.dumps(batch).encode()
    signature = hmac.new(SEGMENT_SECRET.encode(), body, hashlib.sha1).hexdigest()
    status, answer, _ = server.request("POST", "/v1/integrations/segment", body, key=None,
                                       headers={"X-Signature": signature})
    statuses = [r["status"] for r in json.loads(answer).get("results", [])] if status == 200 else []
    check(statuses == ["accepted", "accepted", "ignored"],
          "a signed Segment batch: two events stored, the page ignored (%d %s)" % (status, statuses))
    status, answer, _ = server.request("POST", "/v1/integrations/segment", body, key=SECRET)
    statuses = [r["status"] for r in json.loads(answer).get("results", [])] if status == 200 else []
    check(statuses == ["duplicate", "duplicate", "ignored"], "the same batch again is all duplicates %s" % statuses)
    status, _, _ = server.request("POST", "/v1/integrations/segment", body, key=None,
                                  headers={"X-Signature": "00" * 20})
    check(status == 401, "a wrong Segment signature is 401 (got %d)" % status)
    ga4 = {"client_id": "ops-ga4-%s" % run, "user_id": "ops-u-%s" % run, "timestamp_micros": 1795000000000000,
           "events": [{"name": "purchase", "params": {"transaction_id": "ops-t-%s" % run, "value": 10.0,
                                                      "currency": "EUR", "items": [{"item_id": "P0007", "price": 10.0}]}}]}
    path = "/v1/integrations/ga4?api_secret=" + GA4_SECRET
    status, answer, _ = server.request("POST", path, ga4, key=None)
    first = json.loads(answer).get("results", [{}])[0] if status == 200 else {}
    check(first.get("status") == "accepted" and first.get("type") == "purchase",
          "a GA4 purchase with api_secret is stored as a purchase")
    status, answer, _ = server.request("POST", path, ga4, key=None)
    again = json.loads(answer).get("results", [{}])[0] if status == 200 else {}
    check(again.get("status") == "duplicate", "the GA4 purchase sent again is a duplicate")
    check(stats() - before == 3, "exactly 3 events were stored (got %d)" % (stats() - before))


def check_feed_token(server):
    status, body, _ = server.request("GET", "/v1/feeds/web.csv?token=" + FEED_TOKEN, key=None)
    check(status == 200 and body.count(b"\n") > 1, "a feed with the feed token answers 200")
    status, _, _ = server.request("GET", "/v1/feeds/web.csv?token=wrong", key=None)
    check(status == 401, "a wrong feed token is 401 (got %d)" % status)


def check_export_10k(binary, work):
    """A store with ≥ 10,000 users: the export streams one consistent list for each."""
    store, data = os.path.join(work, "store10k"), os.path.join(work, "data10k")
    config = os.path.join(ROOT, "affinity.yaml")
    for command in ([binary, "datasets", "demo", "--shoppers", "15000", "--out", store],
                    [binary, "import", "catalog", os.path.join(store, "products.ndjson"), "--data-dir", data,
                     "--config", config, "--quiet"],
                    [binary, "import", "events", os.path.join(store, "events.csv"), "--data-dir", data, "--quiet"]):
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    out = os.path.join(work, "lists10k.ndjson")
    proc = subprocess.run([binary, "export", "recommendations", "--data-dir", data, "--config", config,
                           "--placement", "home_hero", "--channel", "kiosk", "--out", out, "--quiet"],
                          capture_output=True, text=True, cwd=ROOT)
    lines = [json.loads(line) for line in open(out)] if proc.returncode == 0 else []
    users = {line["user_id"] for line in lines}
    check(len(lines) >= 10000 and len(users) == len(lines),
          "export of %d shoppers: one list each (%s)" % (len(lines), proc.stderr.strip().splitlines()[-1:]))
    products = {}
    for line in open(os.path.join(store, "products.ndjson")):
        product = json.loads(line)
        products[product["id"]] = product
    bad = []
    for line in lines:
        for item in line["items"]:
            product = products.get(item["product_id"])
            listing = {l["channel"]: l["published"] for l in product.get("listings", [])} if product else {}
            price = next((p for p in (product or {}).get("prices", []) if p["channel"] == "kiosk"), None)
            stock = (product or {}).get("stock", {})
            sellable = stock.get("available", 0) > 0 or stock.get("allow_backorder", False)
            if not (listing.get("kiosk") and price and item["price"]["currency"] == "GBP"
                    and item["price"]["amount_minor"] == price["amount_minor"] and sellable):
                bad.append(item["product_id"])
    check(lines and not bad, "every exported item is published in kiosk, sellable and priced as the catalog says "
          "(%d items checked; bad %s)" % (sum(len(line["items"]) for line in lines), bad[:3]))


CHECKS = ["metrics", "logs", "integrations", "feeds", "export", "export10k"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--only", default=",".join(CHECKS), help="comma-separated: " + ", ".join(CHECKS))
    args = parser.parse_args()
    only = set(args.only.split(","))
    unknown = only - set(CHECKS)
    if unknown:
        parser.error("unknown checks: %s (known: %s)" % (", ".join(sorted(unknown)), ", ".join(CHECKS)))
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="affinity-ops-")
    data = os.path.join(work, "data")
    log_path = os.path.join(work, "server.log")
    server = Server(binary, data, free_port(), log_path)
    try:
        if "metrics" in only:
            check_metrics(server)
        if "logs" in only:
            check_logs(server, log_path)
        if "integrations" in only:
            check_integrations(server)
        if "feeds" in only:
            check_feeds(server)
            check_feed_token(server)
    finally:
        server.stop()
    if "export" in only:
        check_export(binary, data, work)
    if "export10k" in only:
        check_export_10k(binary, work)
    if args.keep:
        print("kept " + work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    ran = len(passed) + len(failures)
    print("ops check: %d checks, %d failed" % (ran, len(failures)))
    sys.exit(1 if failures or ran == 0 else 0)


if __name__ == "__main__":
    main()
