#!/usr/bin/env python3
"""The README's SDK snippet, pasted into a blank page on another origin, works when that
origin is allowed (--cors-origin) and is refused when it is not.

Starts `BINARY serve` on the demo store with `--cors-origin http://127.0.0.1:PORT_A`,
serves a blank HTML page holding the README's snippet (the ```html block after the
`<!-- sdk-snippet -->` marker, with its endpoint and key replaced by the test server's)
from two other origins (PORT_A, allowed, and PORT_B, not), opens each in headless
Chromium and checks: on the allowed origin the list renders, the events the snippet sends
reach the server with the page's anonymous id, and the console shows no errors; on the
other origin the API answers no CORS header, so the browser refuses the calls (console
errors) and nothing from that page is stored.

Usage: cors_test.py BINARY
"""
import functools
import http.server
import os
import re
import sys
import threading
import time

import harness
from harness import check


def readme_snippet():
    text = open(os.path.join(harness.ROOT, "README.md"), encoding="utf-8").read()
    match = re.search(r"<!-- sdk-snippet -->\s*```html\n(.*?)```", text, re.S)
    if not match:
        raise SystemExit("README.md has no ```html block after <!-- sdk-snippet -->")
    return match.group(1)


def serve_page(directory, port):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=directory)
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    binary = os.path.abspath(sys.argv[1])
    allowed_port, other_port = harness.free_port(), harness.free_port()
    allowed = "http://127.0.0.1:%d" % allowed_port
    server = harness.Server(binary, extra_args=["--cors-origin", allowed])
    pages = []
    driver = None
    try:
        snippet = readme_snippet()
        page = snippet.replace("http://localhost:8080", server.base).replace("pk_demo", harness.PUBLIC)
        check(server.base in page and harness.PUBLIC in page, "the README snippet names the endpoint and the key")
        folder = os.path.join(server.work, "page")
        os.makedirs(folder)
        with open(os.path.join(folder, "index.html"), "w") as f:
            # An empty icon, so the browser asks this page server for no /favicon.ico.
            f.write("<!doctype html>\n<html><head><meta charset=utf-8><title>blank</title>"
                    "<link rel=icon href=\"data:,\"></head><body>\n"
                    + page + "\n</body></html>\n")
        pages = [serve_page(folder, allowed_port), serve_page(folder, other_port)]
        driver = harness.browser()

        driver.get(allowed + "/index.html")
        items = harness.wait_for(lambda: driver.find_elements("css selector", "affinity-recommendations .affinity-item"),
                                 timeout=20)
        check(bool(items), "on an allowed origin the snippet's list renders (%d items)" % len(items or []))
        # The page's own <template> is used (its spans have no class; the default card's do).
        templated = driver.find_elements(
            "css selector", "affinity-recommendations[placement=home_hero] .affinity-item span[data-field=title]")
        check(bool(templated) and all(not span.get_attribute("class") for span in templated)
              and all(span.text for span in templated),
              "the snippet's <template> renders each item (%d titles)" % len(templated))
        anonymous = driver.execute_script("return localStorage.getItem('affinity.anonymous_id')")
        check(bool(anonymous), "the SDK keeps an anonymous id in first-party storage")
        driver.execute_script("return window.Affinity && Affinity.flush && Affinity.flush()")
        stored = harness.wait_for(
            lambda: [e for e in server.latest_events(100) if e.get("anonymous_id") == anonymous], timeout=15)
        check(bool(stored), "the page's events reached the server (%s)" % sorted({e["type"] for e in stored or []}))
        # The demo catalog's image URLs name a host that does not exist (demo.affinity.local):
        # those misses are the demo data's, not the SDK's or CORS's.
        errors = [e for e in harness.console_errors(driver) if "demo.affinity.local" not in e]
        check(not errors, "no console errors or failed requests on the allowed origin %s" % errors[:3])
        harness.screenshot(driver, "cors-allowed")

        other = "http://127.0.0.1:%d" % other_port
        driver.get(other + "/index.html")
        time.sleep(3)
        foreign = driver.execute_script("return localStorage.getItem('affinity.anonymous_id')")
        rendered = driver.find_elements("css selector", "affinity-recommendations .affinity-item")
        check(not rendered, "on another origin the browser refuses the API's answers (no list)")
        driver.execute_script("return window.Affinity && Affinity.flush && Affinity.flush()")
        time.sleep(2)
        check(bool(foreign) and foreign != anonymous, "the other origin's page has an anonymous id of its own")
        leaked = [e for e in server.latest_events(100) if e.get("anonymous_id") == foreign]
        check(not leaked, "nothing from the other origin's page was stored")
        errors = harness.console_errors(driver)
        check(any("CORS" in e or "Access-Control" in e or "failed" in e for e in errors),
              "the browser reports the refused calls (%d errors)" % len(errors))
        harness.screenshot(driver, "cors-refused")
    finally:
        if driver:
            driver.quit()
        for page_server in pages:
            page_server.shutdown()
        server.stop()
    print("screenshots in " + harness.SCREENSHOTS)
    total = len(harness.failures)
    print("cors browser test: %s" % ("all checks passed" if not total else "%d failed" % total))
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
