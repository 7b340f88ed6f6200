"""The demo storefront in headless Chromium, end to end, checked against the API.

    python3 Tests/Browser/demo_test.py .build/debug/affinity

A new visitor opens /demo, follows a recommendation and two more products, adds one to the
cart and checks out, then logs in as the demo user. The test checks through the API (secret
key) that the page's events reached the server with the page's own ids, that the home list
changed, that the click and the impression carry the list's recommendation_id, that the
order exists, and that the logged-in user's history list works with its user token. The
console must stay free of errors and failed requests on every page.

By default the server serves its embedded web files; with AFFINITY_TEST_WEB_DIR set it
serves web/ from disk (for runs before scripts/embed-web.sh and a rebuild).
"""
import hashlib
import hmac
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (PUBLIC, ROOT, SCREENSHOTS, TOKEN_SECRET, Server, browser, check,  # noqa: E402
                     console_errors, failures, screenshot, wait_for)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

USER = "U00042"
checks = 0


def record(ok, what):
    global checks
    checks += 1
    return check(ok, what)


def page_clean(driver, page):
    errors = console_errors(driver)
    record(not errors, "%s: no console errors or failed requests%s" % (page, "" if not errors else ": %s" % errors))


def list_state(driver, element_id):
    """The list's recommendation id and product ids once it has rendered, else None."""
    return driver.execute_script("""
        const el = document.getElementById(arguments[0]);
        if (!el || !el.dataset.recommendationId || el.getAttribute('aria-busy') === 'true') return null;
        return {rec: el.dataset.recommendationId,
                ids: [...el.querySelectorAll('.affinity-item')].map(n => n.dataset.productId),
                positions: [...el.querySelectorAll('.affinity-item')].map(n => Number(n.dataset.position))};
    """, element_id)


def wait_list(driver, element_id, other_than=None, timeout=30):
    """Waits for a rendered list (a new one when `other_than` names the previous rec id)."""
    return wait_for(lambda: (lambda s: s if s and s["rec"] != other_than else None)(list_state(driver, element_id)),
                    timeout=timeout)


def storage(driver, key):
    return driver.execute_script("return localStorage.getItem(arguments[0])", key)


def current_product(driver):
    return driver.execute_script("""
        const m = /^#\\/product\\/([^?]+)/.exec(location.hash);
        const title = document.getElementById('product-title');
        return m && title && title.textContent ? decodeURIComponent(m[1]) : null;""")


def open_product_from(driver, list_id, seen, first=0):
    """Clicks the first item from position `first` on not yet visited; answers (product id, position, list state)."""
    state = wait_list(driver, list_id)
    if not state or not state["ids"]:
        return None, None, state
    position = next((p for p, pid in zip(state["positions"], state["ids"]) if pid not in seen and p >= first),
                    state["positions"][0])
    product = state["ids"][position]
    item = driver.find_element(By.CSS_SELECTOR, '#%s .affinity-item[data-position="%d"]' % (list_id, position))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", item)
    item.click()
    wait_for(lambda: current_product(driver) == product, timeout=20)
    return product, position, state


def events_of(server, anonymous_id, kind):
    return [e for e in server.latest_events(100) if e.get("anonymous_id") == anonymous_id and e["type"] == kind]


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: demo_test.py BINARY")
    web_dir = os.path.join(ROOT, "web") if os.environ.get("AFFINITY_TEST_WEB_DIR") else None
    server = Server(os.path.abspath(sys.argv[1]), web_dir=web_dir)
    driver = browser()
    try:
        run(server, driver)
    except Exception as error:  # a page that never rendered: say so and still print the summary
        record(False, "the test stopped: %s" % (str(error).splitlines() or [repr(error)])[0])
    finally:
        driver.quit()
        server.stop()
    print("screenshots in %s" % SCREENSHOTS)
    print("demo browser test: %d checks, %d failed" % (checks, len(failures)))
    return 1 if failures else 0


def run(server, driver):
    # The binary serves what scripts/embed-web.sh embedded (or web/ with AFFINITY_TEST_WEB_DIR).
    for path in ["sdk/affinity.js", "demo/index.html", "demo/demo.js", "demo/demo.css"]:
        status, body, _ = server.api("GET", "/" + path.replace("/index.html", ""), key=None)
        with open(os.path.join(ROOT, "web", path), "rb") as source:
            same = status == 200 and body == source.read()
        record(same, "the server's /%s is web/%s%s" % (path, path, "" if same else
               " (stale embedded copy? run scripts/embed-web.sh and rebuild, or set AFFINITY_TEST_WEB_DIR=1)"))

    # ---- home, as a new visitor ----
    driver.get(server.base + "/demo")
    before = wait_list(driver, "home-for-you")
    trending = wait_list(driver, "home-trending")
    record(bool(before and before["ids"]), "home: 'Recommended for you' rendered %d items" % len(before["ids"] if before else []))
    record(bool(trending and trending["ids"]), "home: 'Trending now' rendered")
    anonymous_id = storage(driver, "affinity.anonymous_id")
    record(bool(anonymous_id) and len(anonymous_id) == 36, "home: a random anonymous id in localStorage (%s)" % anonymous_id)
    status, sdk, headers = server.api("GET", "/sdk/affinity.js", key=None)
    record(status == 200 and headers.get("X-Affinity-SDK-Version") == driver.execute_script("return window.Affinity && Affinity.version"),
           "the SDK's Affinity.version matches X-Affinity-SDK-Version (%s)" % headers.get("X-Affinity-SDK-Version"))
    screenshot(driver, "home")
    page_clean(driver, "home")
    if not before or not before["ids"]:
        return

    # ---- three product pages: a home recommendation, then a similar item, then bought together ----
    seen = []
    # position 1, not 0: a position that is always 0 would go unnoticed
    clicked, clicked_position, home = open_product_from(driver, "home-for-you", seen, first=1)
    record(clicked is not None and current_product(driver) == clicked, "product 1: %s opened from the home list" % clicked)
    seen.append(clicked)
    screenshot(driver, "product-1")
    page_clean(driver, "product 1")
    for number, list_id in [(2, "similar"), (3, "fbt")]:
        product, _, state = open_product_from(driver, list_id, seen)
        if product is None:  # an empty list: fall back on the other one
            product, _, state = open_product_from(driver, "similar", seen)
        record(product is not None and current_product(driver) == product,
               "product %d: %s opened from #%s" % (number, product, list_id))
        seen.append(product)
        screenshot(driver, "product-%d" % number)
        page_clean(driver, "product %d" % number)
    wait_list(driver, "similar")
    wait_list(driver, "fbt")
    price = driver.find_element(By.ID, "product-price").text
    record(bool(price), "product 3: title and price shown (%s)" % price)
    driver.find_element(By.ID, "add-to-cart").click()
    added = wait_for(lambda: driver.find_element(By.ID, "cart-count").text == "1", timeout=15)
    record(bool(added), "product 3: added to the cart (header count 1)")
    page_clean(driver, "product 3 after add to cart")

    # ---- the events reached the server under the page's anonymous id ----
    viewed = wait_for(lambda: (lambda got: got if set(seen) <= got else None)(
        {pid for e in events_of(server, anonymous_id, "product_view") for pid in e["product_ids"]}), timeout=15)
    record(bool(viewed), "API: product_view events for %s stored with the page's anonymous id" % ", ".join(seen))
    status, recent, _ = server.api("GET", "/v1/recommendations?strategy=recently_viewed&channel=web&anonymous_id=%s"
                                   % urllib.parse.quote(anonymous_id))
    recent_ids = [item["product_id"] for item in recent.get("items", [])] if status == 200 else []
    record(recent_ids[:3] == seen[::-1], "API: recently_viewed for the anonymous id is %s (got %s)" % (seen[::-1], recent_ids[:3]))
    clicks = wait_for(lambda: [e for e in events_of(server, anonymous_id, "rec_click") if e["product_ids"] == [clicked]],
                      timeout=15)
    record(bool(clicks), "API: a rec_click for %s stored" % clicked)
    carts = wait_for(lambda: events_of(server, anonymous_id, "add_to_cart"), timeout=15) or []
    record(len(carts) == 1 and carts[0]["product_ids"] == [seen[2]],
           "API: exactly one add_to_cart (the carts API's own; the page sends none): %d" % len(carts))

    # ---- back home: for_you has followed the clicks ----
    driver.find_element(By.CSS_SELECTOR, "a.brand").click()
    after = wait_list(driver, "home-for-you", other_than=before["rec"])
    record(bool(after) and after["ids"] != before["ids"],
           "home: 'Recommended for you' changed after the clicks (%s → %s)"
           % (before["ids"][:4], after["ids"][:4] if after else None))
    screenshot(driver, "home-after")
    page_clean(driver, "home again")

    # ---- a category page, re-ranked ----
    category_link = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "#categories a[data-category]"))
    category = category_link.get_attribute("data-category")
    category_link.click()
    listing = wait_list(driver, "category-list")
    status, page, _ = server.api("GET", "/v1/products?channel=web&limit=100&category=%s" % category)
    members = {p["id"] for p in page.get("items", [])}
    record(bool(listing and listing["ids"]) and set(listing["ids"]) <= members,
           "category %s: %d of its %d products, re-ranked" % (category, len(listing["ids"]) if listing else 0, len(members)))
    screenshot(driver, "category")
    page_clean(driver, "category")

    # ---- cart and checkout ----
    driver.find_element(By.ID, "cart-link").click()
    lines = wait_for(lambda: [e.get_attribute("data-product-id")
                              for e in driver.find_elements(By.CSS_SELECTOR, "#cart-lines .cart-line")])
    record(lines == [seen[2]], "cart: one line, %s (got %s)" % (seen[2], lines))
    complements = wait_list(driver, "cart-complements")
    record(bool(complements and complements["ids"]) and seen[2] not in complements["ids"],
           "cart: 'You may also like' rendered without the cart's product")
    screenshot(driver, "cart")
    page_clean(driver, "cart")
    driver.find_element(By.ID, "checkout").click()
    order_id = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "#order-confirmation #order-id").text, timeout=20)
    record(bool(order_id), "checkout: order confirmation shown (%s)" % order_id)
    status, order, _ = server.api("GET", "/v1/orders/%s" % urllib.parse.quote(order_id or "none"))
    record(status == 200 and [line["product_id"] for line in order.get("lines", [])] == [seen[2]]
           and order.get("anonymous_id") == anonymous_id, "API: GET /v1/orders/%s has the line and the shopper" % order_id)
    purchases = wait_for(lambda: events_of(server, anonymous_id, "purchase"), timeout=15) or []
    record(len(purchases) == 1, "API: one purchase event (logged by checkout)")
    record(driver.find_element(By.ID, "cart-count").text == "0", "checkout: the header's cart is empty again")
    screenshot(driver, "confirmation")
    page_clean(driver, "confirmation")

    # ---- log in as the demo user ----
    Select(driver.find_element(By.ID, "shopper")).select_by_value("user")
    wait_for(lambda: USER in driver.find_element(By.ID, "shopper-status").text, timeout=15)
    token = storage(driver, "affinity.user_token")
    expected = hmac.new(TOKEN_SECRET.encode(), USER.encode(), hashlib.sha256).hexdigest()
    record(storage(driver, "affinity.user_id") == USER and token == expected,
           "login: user id and the user token minted by /demo/session kept by the SDK")
    record(storage(driver, "affinity.anonymous_id") == anonymous_id, "login: the anonymous id is kept (to be linked)")
    identify = wait_for(lambda: [e for e in events_of(server, anonymous_id, "identify") if e.get("user_id") == USER],
                        timeout=15)
    record(bool(identify) and identify[0]["product_ids"] == [], "API: an identify event links the anonymous id to %s" % USER)
    driver.find_element(By.CSS_SELECTOR, "a.brand").click()
    mine = wait_list(driver, "home-recent")
    record(bool(mine) and mine["ids"][:3] == seen[::-1],
           "home as %s: 'Recently viewed' (user_id + user_token) shows the visitor's views (%s)"
           % (USER, mine["ids"][:3] if mine else None))
    screenshot(driver, "home-user")
    page_clean(driver, "home as the user")
    path = "/v1/recommendations?strategy=recently_viewed&channel=web&user_id=%s" % USER
    status, _, _ = server.api("GET", path, key=PUBLIC)
    record(status == 403, "API: recently_viewed for %s with the public key and no token is 403 (%d)" % (USER, status))
    status, body, _ = server.api("GET", path + "&user_token=" + (token or ""), key=PUBLIC)
    record(status == 200 and [i["product_id"] for i in body.get("items", [])][:3] == seen[::-1],
           "API: with the page's user token it is 200 with the visitor's views")

    # ---- attribution: the stored payloads carry the list's recommendation_id ----
    status, export, _ = server.api("GET", "/v1/users/%s/export" % USER)
    events = export.get("events", []) if status == 200 else []
    record(any(e["type"] == "rec_impression" and e.get("recommendation_id") == home["rec"]
               and [i["product_id"] for i in e["items"]] == home["ids"] for e in events),
           "API: a rec_impression with the home list's recommendation_id (%s) and its items" % home["rec"])
    record(any(e["type"] == "rec_click" and e.get("recommendation_id") == home["rec"]
               and e["items"] == [{"product_id": clicked, "position": clicked_position, "recommendation_id": home["rec"]}]
               for e in events),
           "API: the rec_click has the element's data-recommendation-id and the item's position %d" % clicked_position)
    impressions = [e for e in events if e["type"] == "rec_impression" and e.get("recommendation_id") == home["rec"]]
    record(len(impressions) == 1, "API: one rec_impression for that list (got %d)" % len(impressions))
    record(bool(listing) and any(e["type"] == "rec_impression" and e.get("recommendation_id") == listing["rec"]
                                 for e in events),
           "API: a rec_impression for the category list too")
    time.sleep(1.5)  # one flush interval: the last impressions go out
    record(storage(driver, "affinity.queue") is None, "SDK: nothing left in the event queue")
    page_clean(driver, "end")


if __name__ == "__main__":
    sys.exit(main())
