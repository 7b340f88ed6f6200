#!/usr/bin/env python3
"""The SDK's delivery promises in a real browser: events tracked while the network is
down stay queued (in localStorage, with their event ids), survive a page reload, and reach
the server once it is back, each id stored exactly once; `reset()` starts a new anonymous
id.

Opens `/demo` (a page of this server that loads `/sdk/affinity.js`), takes the network
down with the DevTools protocol, tracks three events, checks they are queued and not
stored, reloads the page with the network back, and checks the queued ids are stored once
each and the queue is empty.

Usage: sdk_test.py BINARY
"""
import json
import os
import sys

import harness
from harness import check


def queue(driver):
    return json.loads(driver.execute_script("return localStorage.getItem('affinity.queue') || '[]'"))


def network(driver, online):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": not online, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def main():
    binary = os.path.abspath(sys.argv[1])
    web_dir = os.path.join(harness.ROOT, "web") if os.environ.get("AFFINITY_TEST_WEB_DIR") else None
    server = harness.Server(binary, web_dir=web_dir)
    driver = None
    try:
        driver = harness.browser()
        driver.get(server.base + "/demo")
        check(harness.wait_for(lambda: driver.execute_script("return !!(window.Affinity && Affinity.anonymousId())"),
                               timeout=20), "the demo page loads the SDK")
        harness.wait_for(lambda: driver.find_elements("css selector", "#home-for-you .affinity-item"), timeout=20)
        driver.execute_async_script("Affinity.flush().then(arguments[0], arguments[0])")
        anonymous = driver.execute_script("return Affinity.anonymousId()")
        harness.console_errors(driver)

        network(driver, online=False)
        driver.execute_async_script("""
            const done = arguments[0];
            for (const id of ['P0001', 'P0002', 'P0003']) Affinity.track('product_view', {items: [{product_id: id}]});
            Affinity.flush().then(done, done);""")
        queued = [event["event_id"] for event in queue(driver)
                  if event.get("type") == "product_view" and event.get("anonymous_id") == anonymous]
        check(len(queued) == 3, "offline, the three events stay queued in localStorage with their ids (%d)" % len(queued))
        stored = {e["event_id"] for e in server.latest_events(100)}
        check(not (set(queued) & stored), "nothing of them reached the server while offline")
        harness.console_errors(driver)  # the refused requests of the offline phase are the point

        network(driver, online=True)
        driver.refresh()  # a new page: the queue comes back from localStorage
        found = harness.wait_for(lambda: [e for e in server.latest_events(100) if e["event_id"] in queued]
                                 if len([e for e in server.latest_events(100) if e["event_id"] in queued]) == 3
                                 else None, timeout=20)
        check(bool(found) and sorted(e["event_id"] for e in found) == sorted(queued),
              "after the reload each queued event is stored, under its own id, exactly once")
        check(all(e.get("anonymous_id") == anonymous for e in found or []), "under the same anonymous id")
        left = [event for event in queue(driver) if event["event_id"] in queued]
        check(not left, "the queue no longer holds them")
        errors = harness.console_errors(driver)
        check(not errors, "no console errors once the network is back %s" % errors[:3])

        driver.execute_script("Affinity.reset()")
        fresh = driver.execute_script("return Affinity.anonymousId()")
        check(fresh and fresh != anonymous, "reset() starts a new anonymous id")
        harness.screenshot(driver, "sdk-after-reload")
    finally:
        if driver:
            driver.quit()
        server.stop()
    print("screenshots in " + harness.SCREENSHOTS)
    print("sdk browser test: %s" % ("all checks passed" if not harness.failures else "%d failed" % len(harness.failures)))
    sys.exit(1 if harness.failures else 0)


if __name__ == "__main__":
    main()
