"""Shared set-up for the browser tests (standard library + selenium from PyPI).

`Server(binary)` starts `BINARY serve` on the demo store in a fresh data directory on
127.0.0.1 (a free port) with the repository's affinity.yaml and fixed keys
(`SECRET` for the console and API checks), `AFFINITY_WEB_DIR` unset (the embedded pages)
unless `web_dir` is given. `browser()` starts headless Chromium from Debian's packages
(`/usr/bin/chromium` with `/usr/bin/chromedriver`; no browser downloads) with its console
log captured. `console_errors(driver)` returns the console's errors and failed requests
since the last call. `screenshot(driver, name)` writes `NAME.png` into `SCREENSHOTS`
(a temporary folder, printed at the end, never committed).
"""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

PUBLIC, SECRET, TOKEN_SECRET = "pk_browser", "sk_browser", "uts_browser"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCREENSHOTS = tempfile.mkdtemp(prefix="affinity-screenshots-")

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)
    return ok


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, extra_args=(), env=None, web_dir=None):
        self.work = tempfile.mkdtemp(prefix="affinity-browser-")
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        environment = dict(os.environ, AFFINITY_PUBLIC_KEY=PUBLIC, AFFINITY_SECRET_KEY=SECRET,
                           AFFINITY_USER_TOKEN_SECRET=TOKEN_SECRET, AFFINITY_LOG_LEVEL="warning")
        environment.pop("AFFINITY_WEB_DIR", None)
        if web_dir:
            environment["AFFINITY_WEB_DIR"] = web_dir
        environment.update(env or {})
        self.log = open(os.path.join(self.work, "server.log"), "wb")
        self.proc = subprocess.Popen(
            [binary, "serve", "--data-dir", os.path.join(self.work, "data"), "--port", str(self.port),
             "--config", os.path.join(ROOT, "affinity.yaml"), *extra_args],
            stdout=self.log, stderr=self.log, env=environment, cwd=ROOT)
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                if self.api("GET", "/health/ready", key=None)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit("the server did not become ready; log in " + self.work)

    def api(self, method, path, body=None, key=SECRET, headers=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if key:
            request.add_header("Authorization", "Bearer " + key)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read()
                return response.status, (json.loads(text) if text[:1] in (b"{", b"[") else text), dict(response.headers)
        except urllib.error.HTTPError as error:
            text = error.read()
            return error.code, (json.loads(text) if text[:1] == b"{" else text), dict(error.headers)

    def latest_events(self, count=100):
        status, body, _ = self.api("GET", "/v1/admin/activity?minutes=5&latest=%d" % count)
        return body["latest_events"] if status == 200 else []

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        shutil.rmtree(self.work, ignore_errors=True)


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                 "--disable-gpu"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


def console_errors(driver):
    """Console errors and failed requests (HTTP ≥ 400 or network failures) since the last call."""
    errors = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    urls = getattr(driver, "_affinity_request_urls", {})
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            urls[params.get("requestId")] = params.get("request", {}).get("url", "")
        elif message["method"] == "Network.responseReceived":
            response = params["response"]
            if response["status"] >= 400:
                errors.append("HTTP %d %s" % (response["status"], response["url"]))
        elif message["method"] == "Network.loadingFailed" and not params.get("canceled"):
            errors.append("request failed: %s %s" % (params.get("errorText"), urls.get(params.get("requestId"), "")))
    driver._affinity_request_urls = urls
    return errors


def screenshot(driver, name):
    path = os.path.join(SCREENSHOTS, name + ".png")
    driver.save_screenshot(path)
    return path


def wait_for(condition, timeout=10, interval=0.2):
    """Polls `condition` until it returns something truthy (returned) or the time is up (None)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception:  # the page is still rendering
            pass
        time.sleep(interval)
    return None
