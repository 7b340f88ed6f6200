"""Browser test of the marketer console (/console) in headless Chromium.

Usage: python3 Tests/Browser/console_test.py BINARY

Starts BINARY on a fresh demo store (harness.Server) and walks the console as a marketer
would: a wrong key is refused and stores nothing; the secret key signs in and lives in
sessionStorage only; the placements tab lists every placement of GET /v1/admin/config
with its YAML, previews one for a demo shopper with explanations, and "what if" shows a
located error for a broken rules file and candidate + live lists for a valid edit; the
experiment report has its table and SVG charts (before and after traffic); activity has
its chart and latest events and refreshes itself; the catalog lookup shows P0042 with its
lists; sign-out forgets the key. After every step the browser console must hold no error
and no failed request. With AFFINITY_TEST_WEB_DIR set the server serves web/ from disk
(for editing the console without a rebuild); otherwise the binary's embedded copy.
"""
import datetime
import os
import re
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import console_errors, screenshot, wait_for  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

BLOCK_KEYS = ("filters", "boosts", "pins", "diversity", "fallback")
checks_run = 0


def check(ok, what):
    """harness.check, counted for the summary line."""
    global checks_run
    checks_run += 1
    return harness.check(ok, what)


def no_console_errors(driver, step):
    errors = console_errors(driver)
    check(not errors, "%s: no console errors or failed requests%s" % (step, "" if not errors else " — %s" % errors))


def texts(driver, selector):
    return [element.text for element in driver.find_elements(By.CSS_SELECTOR, selector)]


def count(driver, selector):
    return len(driver.find_elements(By.CSS_SELECTOR, selector))


def screenshot_page(driver, name):
    """The whole tab, not just the first screen: the window grows to the page for the shot."""
    size = driver.get_window_size()
    height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 8000)")
    driver.set_window_size(size["width"], max(height + 100, size["height"]))
    path = screenshot(driver, name)
    driver.set_window_size(size["width"], size["height"])
    return path


def storage(driver, kind):
    """Every value of localStorage or sessionStorage."""
    return driver.execute_script(
        "const s = window[arguments[0]]; return Array.from({length: s.length}, (_, i) => s.getItem(s.key(i)));", kind)


def paste(driver, element, text):
    """Puts `text` into a textarea as a paste would (one input event), faster than typing 7 KB."""
    driver.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        element, text)


def type_into(driver, element_id, text):
    element = driver.find_element(By.ID, element_id)
    element.clear()
    element.send_keys(text)


def serve_some_traffic(server):
    """Lists of the experiment's placement, clicks and purchases attributed to them."""
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    events = []
    for n in range(1, 31):
        user = "U%05d" % n
        status, body, _ = server.api("GET", "/v1/recommendations?placement=home_hero&channel=web&user_id=%s&count=5" % user)
        if status != 200 or not body.get("items"):
            continue
        rid, first = body["recommendation_id"], body["items"][0]
        if n % 3 == 0:
            events.append({"event_id": "click-%d" % n, "type": "rec_click", "occurred_at": now, "channel": "web",
                           "user_id": user, "recommendation_id": rid, "items": [{"product_id": first["product_id"]}]})
        if n % 5 == 0 and first.get("price"):
            events.append({"event_id": "buy-%d" % n, "type": "purchase", "occurred_at": now, "channel": "web",
                           "user_id": user, "items": [{"product_id": first["product_id"], "quantity": 1,
                                                        "price_minor": first["price"]["amount_minor"],
                                                        "currency": first["price"]["currency"],
                                                        "recommendation_id": rid}]})
    status, _, _ = server.api("POST", "/v1/events", {"events": events})
    return status == 200


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: console_test.py BINARY")
    web_dir = os.path.join(harness.ROOT, "web") if os.environ.get("AFFINITY_TEST_WEB_DIR") else None
    server = harness.Server(os.path.abspath(sys.argv[1]), web_dir=web_dir)
    driver = None
    try:
        driver = harness.browser()
        run(server, driver)
    except Exception as error:  # a missing element and the like: a failure, not a crash
        check(False, "the walk-through ran to its end (%s: %s)" % (type(error).__name__, str(error).splitlines()[0]))
    finally:
        if driver:
            driver.quit()
        server.stop()
    print("screenshots in %s" % harness.SCREENSHOTS)
    print("console browser test: %d checks, %d failed" % (checks_run, len(harness.failures)))
    sys.exit(1 if harness.failures else 0)


def run(server, driver):
    status, config, _ = server.api("GET", "/v1/admin/config")
    if not check(status == 200, "GET /v1/admin/config answers 200"):
        return
    rules = config["rules_yaml"]
    placement_ids = sorted(p["id"] for p in config["placements"])
    hero_count = next(p["count"] for p in config["placements"] if p["id"] == "home_hero")

    # ---- headers (urllib) ----
    with urllib.request.urlopen(server.base + "/console", timeout=30) as response:
        headers = {name.lower(): value for name, value in response.headers.items()}
        page = response.read().decode()
    csp = headers.get("content-security-policy", "")
    check("script-src 'self'" in csp and "frame-ancestors 'none'" in csp, "/console sends Content-Security-Policy: %s" % csp)
    check(headers.get("x-frame-options") == "DENY", "/console sends X-Frame-Options: DENY")
    check(not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) and " style=" not in page,
          "index.html has no inline script and no style attribute (the CSP would block them)")

    # ---- sign-in ----
    driver.get(server.base + "/console")
    if not check(wait_for(lambda: driver.find_element(By.ID, "key").is_displayed()), "the sign-in form shows"):
        return
    no_console_errors(driver, "page load")

    type_into(driver, "key", "sk_wrong_key")
    driver.find_element(By.ID, "sign-in").click()
    error = wait_for(lambda: driver.find_element(By.ID, "sign-in-error").is_displayed()
                     and driver.find_element(By.ID, "sign-in-error").text)
    check(bool(error) and "not valid" in error, "a wrong key shows an error: %r" % error)
    check(not storage(driver, "sessionStorage") and not storage(driver, "localStorage"),
          "a wrong key stores nothing in sessionStorage or localStorage")
    check(not driver.find_element(By.ID, "console-view").is_displayed(), "a wrong key does not open the console")
    screenshot_page(driver, "sign-in-refused")
    # The wrong key's GET /v1/admin/stats is a deliberate 401, which the browser logs as a
    # failed request: read the log here and discard exactly that, so later steps start clean.
    expected = [e for e in console_errors(driver) if "401" not in e]
    check(not expected, "the wrong key caused no error but its 401%s" % ("" if not expected else ": %s" % expected))

    type_into(driver, "key", harness.SECRET)
    driver.find_element(By.ID, "sign-in").click()
    if not check(wait_for(lambda: driver.find_element(By.ID, "console-view").is_displayed()), "the secret key opens the console"):
        return
    check(harness.SECRET in storage(driver, "sessionStorage"), "the key is in sessionStorage")
    check(harness.SECRET not in "".join(v or "" for v in storage(driver, "localStorage")), "the key is not in localStorage")
    check(harness.SECRET not in driver.current_url, "the key is not in the URL (%s)" % driver.current_url)
    check(driver.find_element(By.ID, "key").get_attribute("value") == "", "the key field is emptied after sign-in")

    # ---- placements ----
    wait_for(lambda: count(driver, ".placement[data-placement-id]") == len(placement_ids))
    shown = sorted(e.get_attribute("data-placement-id") for e in driver.find_elements(By.CSS_SELECTOR, ".placement"))
    check(shown == placement_ids, "the placements tab lists every placement of the config: %s" % shown)
    for placement in config["placements"]:
        card = driver.find_element(By.CSS_SELECTOR, '.placement[data-placement-id="%s"]' % placement["id"])
        text = card.text
        check(placement["strategy"] in text and "%d items" % placement["count"] in text,
              "%s shows strategy %s and count %d" % (placement["id"], placement["strategy"], placement["count"]))
    hero = driver.find_element(By.CSS_SELECTOR, '.placement[data-placement-id="home_hero"] pre.yaml').text
    check(all(key + ":" in hero for key in BLOCK_KEYS) and "count: %d" % hero_count in hero and "pdp_similar:" not in hero,
          "home_hero's YAML block shows its filters, boosts, pins, diversity and fallback, and only its own lines")
    screenshot_page(driver, "placements")
    no_console_errors(driver, "placements tab")

    Select(driver.find_element(By.ID, "preview-placement")).select_by_value("home_hero")
    type_into(driver, "preview-user", "U00042")
    Select(driver.find_element(By.ID, "preview-channel")).select_by_value("web")
    driver.find_element(By.ID, "preview-run").click()
    check(wait_for(lambda: count(driver, "#preview-results .preview-item") >= 1), "the preview for U00042 shows items")
    items = driver.find_elements(By.CSS_SELECTOR, "#preview-results .preview-item")
    check(len(items) == hero_count, "home_hero previews its count of %d items (%d)" % (hero_count, len(items)))
    check(all(item.find_elements(By.CSS_SELECTOR, ".explain") for item in items), "every previewed item has an explanation")
    first = items[0].text
    check("P0042" in first and "pins[0]" in first and "pinned" in first, "item 1 is the pinned P0042, explained by pins[0]")
    check(any(re.search(r"(cooccurrence|vectors|popularity|sequence|content|recency)\s+\d", item.text) for item in items),
          "previewed items show their sources with contributions")
    check(count(driver, "#preview-results .removed-item") >= 1, "the preview lists removed items with reasons")
    no_console_errors(driver, "preview")

    # A product page placement for an item: seeds ("because of") appear.
    Select(driver.find_element(By.ID, "preview-placement")).select_by_value("pdp_similar")
    type_into(driver, "preview-item", "P0042")
    driver.find_element(By.ID, "preview-run").click()
    seeded = wait_for(lambda: "Because of" in driver.find_element(By.ID, "preview-results").text
                      and driver.find_element(By.ID, "preview-results").text)
    check(bool(seeded) and "P0042" in seeded, "pdp_similar for P0042 explains its seed items")
    no_console_errors(driver, "pdp preview")
    Select(driver.find_element(By.ID, "preview-placement")).select_by_value("home_hero")
    type_into(driver, "preview-item", "")

    # What if: a broken count, at the line the text says.
    area = driver.find_element(By.ID, "whatif-yaml")
    check(area.get_attribute("value") == rules, "the what-if box is prefilled with the live rules")
    lines = rules.split("\n")
    hero_line = next(i for i, line in enumerate(lines) if line.strip() == "home_hero:")
    count_text = "count: %d" % hero_count
    count_line = next(i for i in range(hero_line, len(lines)) if re.match(r"\s+%s\b" % count_text, lines[i]))
    column = lines[count_line].index(count_text) + len("count: ") + 1
    broken = "\n".join(lines[:count_line] + [lines[count_line].replace(count_text, "count: twelve", 1)] + lines[count_line + 1:])
    paste(driver, area, broken)
    driver.find_element(By.ID, "whatif-run").click()
    problems = wait_for(lambda: texts(driver, "#whatif-errors .rules-error"))
    expected_text = "line %d, column %d: placements.home_hero.count" % (count_line + 1, column)
    check(bool(problems) and expected_text in problems[0], "the broken rules show %r (%s)" % (expected_text, problems))
    check(not driver.find_element(By.ID, "whatif-compare").is_displayed(), "no preview is shown for invalid rules")
    # The 422 of the invalid candidate is the answer under test, logged as a failed request:
    # discard exactly that one.
    unexpected = [e for e in console_errors(driver) if "422" not in e]
    check(not unexpected, "the broken rules caused no error but their 422%s" % ("" if not unexpected else ": %s" % unexpected))
    screenshot_page(driver, "whatif-error")

    new_count = 5 if hero_count != 5 else 4
    edited = broken.replace("count: twelve", "count: %d" % new_count, 1)
    paste(driver, area, edited)
    driver.find_element(By.ID, "whatif-run").click()
    check(wait_for(lambda: driver.find_element(By.ID, "whatif-compare").is_displayed()), "a valid edit shows the comparison")
    candidate = count(driver, "#whatif-candidate .preview-item")
    live = count(driver, "#whatif-live .preview-item")
    check(candidate == new_count and live == hero_count,
          "candidate (count %d) and live (count %d) lists side by side: %d and %d" % (new_count, hero_count, candidate, live))
    check(not texts(driver, "#whatif-errors .rules-error"), "the errors of the broken edit are gone")
    screenshot_page(driver, "whatif-compare")
    no_console_errors(driver, "what-if")

    # ---- experiments: no impressions yet (previews record nothing), then some traffic ----
    driver.find_element(By.ID, "tab-experiments").click()
    experiment_ids = [e["id"] for e in config["experiments"]]
    options = [o.get_attribute("value") for o in driver.find_elements(By.CSS_SELECTOR, "#experiment-select option")]
    check(options == experiment_ids, "the experiment select lists the rules' experiments: %s" % options)
    check(wait_for(lambda: count(driver, "#experiment-report svg.chart") >= 2), "the report shows SVG charts")
    report_text = driver.find_element(By.ID, "experiment-report").text
    check("No impressions yet" in report_text and "NaN" not in report_text,
          "zero impressions read as 'no impressions yet', with no NaN (previews added no impressions)")
    no_console_errors(driver, "experiment report, empty")

    check(serve_some_traffic(server), "served home_hero lists with clicks and purchases through the API")
    driver.find_element(By.ID, "experiment-refresh").click()
    check(wait_for(lambda: "No impressions yet" not in driver.find_element(By.ID, "experiment-report").text
                   and count(driver, "#experiment-report svg.chart rect.bar") >= 2),
          "after traffic the charts draw bars")
    _, report, _ = server.api("GET", "/v1/admin/experiments/%s" % experiment_ids[0])
    rows = driver.find_elements(By.CSS_SELECTOR, "#experiment-report table tbody tr")
    check(len(rows) == len(report["variants"]), "the table has a row per variant (%d)" % len(rows))
    table = driver.find_element(By.CSS_SELECTOR, "#experiment-report table").text
    for variant in report["variants"]:
        check(variant["variant"] in table and "{:,}".format(variant["impressions"]) in table,
              "variant %s with its %d impressions is in the table" % (variant["variant"], variant["impressions"]))
    check(count(driver, "#experiment-report svg.chart .whisker") >= 3, "the charts draw 95% interval whiskers")
    check(" to " in table and "%" in table, "the table shows rates with 95% intervals")
    screenshot_page(driver, "experiments")
    no_console_errors(driver, "experiment report")

    # ---- activity ----
    driver.find_element(By.ID, "tab-activity").click()
    check(wait_for(lambda: count(driver, "#activity-chart svg") == 1), "the activity chart is an SVG")
    check(wait_for(lambda: count(driver, "#latest-events tbody tr[data-sequence]") >= 1), "latest events have rows")
    check(count(driver, "#activity-legend li") >= 1, "the chart has a legend")
    _, activity, _ = server.api("GET", "/v1/admin/activity?minutes=5&latest=1")
    catalog_text = driver.find_element(By.ID, "catalog-counts").text
    digits = re.sub(r"\D", "", catalog_text)
    check(str(activity["catalog"]["products"]) in digits and all(c in catalog_text for c in activity["catalog"]["published_by_channel"]),
          "catalog counts show products and publication per channel")
    check("State" in driver.find_element(By.ID, "model-status").text, "the model's state shows")
    # A new event appears by itself within one refresh (10 s).
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    server.api("POST", "/v1/events", {"event_id": "console-live-1", "type": "product_view", "occurred_at": now,
                                      "channel": "kiosk", "anonymous_id": "console-visitor", "items": [{"product_id": "P0007"}]})
    check(wait_for(lambda: "console-visitor" in driver.find_element(By.ID, "latest-events").text, timeout=15),
          "a new event shows up by the 10 s refresh")
    screenshot_page(driver, "activity")
    no_console_errors(driver, "activity")

    # ---- catalog lookup ----
    driver.find_element(By.ID, "tab-catalog").click()
    _, product, _ = server.api("GET", "/v1/products/P0042?channel=web&include=similar,bought_together")
    type_into(driver, "product-id", "P0042")
    Select(driver.find_element(By.ID, "lookup-channel")).select_by_value("web")
    driver.find_element(By.ID, "lookup").click()
    check(wait_for(lambda: product["title"] in driver.find_element(By.ID, "product-detail").text),
          "P0042's detail shows its title")
    detail = driver.find_element(By.ID, "product-detail").text
    check(all(listing["channel"] in detail for listing in product["listings"]) and "available" in detail,
          "the detail shows stock and listings per channel")
    similar = count(driver, "#product-similar .product-item")
    check(similar == len(product["recommendations"]["similar"]) and similar >= 1, "the similar list has %d items" % similar)
    check(count(driver, "#product-fbt .product-item") == len(product["recommendations"]["bought_together"]),
          "the frequently-bought-together list matches the API")
    screenshot_page(driver, "catalog")
    no_console_errors(driver, "catalog lookup")

    # ---- sign out, from the activity tab whose refresh must stop with the session ----
    driver.find_element(By.ID, "tab-activity").click()
    wait_for(lambda: count(driver, "#latest-events tbody tr[data-sequence]") >= 1)
    driver.find_element(By.ID, "sign-out").click()
    check(wait_for(lambda: driver.find_element(By.ID, "key").is_displayed()), "sign-out shows the sign-in form")
    check(harness.SECRET not in storage(driver, "sessionStorage"), "sign-out removes the key from sessionStorage")
    check(not driver.find_element(By.ID, "placement-list").text, "sign-out clears the page")
    calls = "return performance.getEntriesByType('resource').filter(e => e.name.includes('/v1/')).length"
    before = driver.execute_script(calls)
    time.sleep(11)  # longer than one activity refresh
    check(driver.execute_script(calls) == before, "after sign-out the console makes no more API calls")
    no_console_errors(driver, "after sign-out")


if __name__ == "__main__":
    main()
