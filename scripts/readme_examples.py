#!/usr/bin/env python3
"""Runs every curl example of README.md against a fresh demo store and compares the
answers with what the README shows (standard library only).

Starts `BINARY serve` on 127.0.0.1 (a free port) in a fresh data directory, with the
repository's affinity.yaml and the README's keys (pk_demo / sk_demo, user-token secret uts_demo), then runs the
README's ```sh blocks in document order: every statement that calls curl on
localhost:8080 is run with bash (the address rewritten to the test server), and the
`# ...` comment lines right after it are the expected answer.

An expected answer is JSON written the README's way, optionally behind a status
(`422 {...}`); `…` stands for "more": `{"a":1,…}` allows other keys, `[x, …]` more
elements, `"rec_…"` any string with that prefix and suffix, and a bare `…` any value.
Without `…` an object must have exactly the keys shown and an array exactly the
elements shown. Strings, booleans, null and integers must be equal; scores and other
non-integers only need to be numbers (they decay with time). Text after `←` is a remark.
Comment lines that are not JSON are prose and are not compared, but the command must
still answer 2xx (or the status shown).

Usage: readme_examples.py BINARY [--readme README.md] [--verbose]
Prints one line per example and a summary; exits non-zero on any mismatch.
"""
import argparse
import itertools
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ELLIPSIS = "…"


class More:
    """The `…` of a pattern."""

    def __repr__(self):
        return ELLIPSIS


MORE = More()


class Pattern:
    """A recursive-descent reader for JSON with the README's ellipses."""

    def __init__(self, text):
        self.text, self.i = text, 0

    def parse(self):
        value = self.value()
        self.space()
        if self.i != len(self.text):
            raise ValueError(f"trailing text at {self.i}: {self.text[self.i:self.i + 30]!r}")
        return value

    def space(self):
        while self.i < len(self.text) and self.text[self.i] in " \t\r\n":
            self.i += 1

    def peek(self):
        self.space()
        return self.text[self.i] if self.i < len(self.text) else ""

    def expect(self, c):
        if self.peek() != c:
            raise ValueError(f"expected {c!r} at {self.i}: {self.text[self.i:self.i + 30]!r}")
        self.i += 1

    def value(self):
        c = self.peek()
        if c == "{":
            return self.obj()
        if c == "[":
            return self.arr()
        if c == '"':
            return self.string()
        if c == ELLIPSIS:
            self.i += 1
            return MORE
        m = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null").match(self.text, self.i)
        if not m:
            raise ValueError(f"unexpected {self.text[self.i:self.i + 30]!r}")
        self.i = m.end()
        return json.loads(m.group(0))

    def string(self):
        start = self.i
        self.i += 1
        while self.text[self.i] != '"':
            self.i += 2 if self.text[self.i] == "\\" else 1
        self.i += 1
        return json.loads(self.text[start:self.i])

    def obj(self):
        self.expect("{")
        out = {}
        while self.peek() != "}":
            if self.peek() == ELLIPSIS:
                self.i += 1
                out[MORE] = MORE
            else:
                key = self.string()
                self.expect(":")
                out[key] = self.value()
            if self.peek() == ",":
                self.i += 1
        self.expect("}")
        return out

    def arr(self):
        self.expect("[")
        out = []
        while self.peek() != "]":
            out.append(self.value())
            if self.peek() == ",":
                self.i += 1
        self.expect("]")
        return out


def match(pattern, actual, path="$"):
    """None when `actual` fits `pattern`, else a description of the first difference."""
    if pattern is MORE:
        return None
    if isinstance(pattern, dict):
        if not isinstance(actual, dict):
            return f"{path}: expected an object, got {json.dumps(actual)[:80]}"
        for key, sub in pattern.items():
            if key is MORE:
                continue
            if key not in actual:
                return f"{path}: missing key {key!r}"
            problem = match(sub, actual[key], f"{path}.{key}")
            if problem:
                return problem
        if MORE not in pattern:
            extra = sorted(set(actual) - set(pattern))
            if extra:
                return f"{path}: keys the README does not show: {extra}"
        return None
    if isinstance(pattern, list):
        if not isinstance(actual, list):
            return f"{path}: expected an array, got {json.dumps(actual)[:80]}"
        shown = [p for p in pattern if p is not MORE]
        open_ended = len(shown) != len(pattern)
        if len(actual) < len(shown) or (not open_ended and len(actual) != len(shown)):
            return f"{path}: {len(actual)} elements, the README shows {len(shown)}{' or more' if open_ended else ''}"
        for index, sub in enumerate(shown):
            problem = match(sub, actual[index], f"{path}[{index}]")
            if problem:
                return problem
        return None
    if isinstance(pattern, str):
        if not isinstance(actual, str):
            return f"{path}: expected a string, got {json.dumps(actual)[:80]}"
        if ELLIPSIS in pattern:
            head, tail = pattern.split(ELLIPSIS, 1)
            tail = tail.split(ELLIPSIS)[-1]
            if actual.startswith(head) and actual.endswith(tail):
                return None
        elif actual == pattern:
            return None
        return f"{path}: expected {pattern!r}, got {actual!r}"
    if isinstance(pattern, bool) or pattern is None:
        return None if actual == pattern else f"{path}: expected {json.dumps(pattern)}, got {json.dumps(actual)}"
    if isinstance(pattern, (int, float)):
        if isinstance(actual, bool) or not isinstance(actual, (int, float)):
            return f"{path}: expected a number, got {json.dumps(actual)[:80]}"
        exact = isinstance(pattern, int) and not path.endswith(".score")
        if exact and actual != pattern:
            return f"{path}: expected {pattern}, got {actual}"
        return None
    return f"{path}: cannot compare {pattern!r}"


def statements(readme):
    """The README's ```sh blocks that talk to the server, in order, each as a list of
    (line number, command, expected comment lines). A block with a curl on
    localhost:8080 runs whole, in one shell, so that its set-up lines and variables
    (`cart=$(curl …)`) serve the commands after them."""
    out, block, in_sh = [], [], False
    for number, line in enumerate(open(readme, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if line.startswith("```"):
            if in_sh and any("curl" in text and "localhost:8080" in text for _, text in block):
                out.append(split_block(block))
            in_sh, block = line.strip() == "```sh", []
            continue
        if in_sh:
            block.append((number, line))
    return out


def split_block(lines):
    result, current, start, comments = [], [], None, []
    for number, line in lines:
        stripped = line.strip()
        if not current and stripped.startswith("#"):
            if result:
                result[-1][2].append(stripped[1:])
            continue
        if not stripped and not current:
            continue
        if not current:
            start = number
        current.append(line)
        if not line.endswith("\\") and not line.rstrip().endswith("|") and balanced("\n".join(current)):
            result.append((start, "\n".join(current), []))
            current = []
    return result


def balanced(text):
    """Whether single and double quotes are closed (the README's quoting is simple)."""
    quote = None
    for c in text:
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
    return quote is None


def expected(comments):
    """(status or None, pattern or None) from the comment lines after a command: the
    first comment line and the lines indented under it (later ones are prose or
    alternatives, such as the answer to a variant of the command)."""
    group = comments[:1] + [line for line in itertools.takewhile(lambda l: l.startswith("  "), comments[1:])]
    text = " ".join(line.split("←")[0].strip() for line in group).strip()
    status = None
    m = re.match(r"^(\d{3})\s+(.*)$", text)
    if m:
        status, text = int(m.group(1)), m.group(2)
    if not text.startswith("{"):
        return status, None
    try:
        return status, Pattern(text).parse()
    except ValueError:
        return status, None


class Shell:
    """One bash process for a README block: statements share its variables."""

    def __init__(self, cwd):
        self.errors = tempfile.NamedTemporaryFile(prefix="affinity-readme-err-", delete=False).name
        self.process = subprocess.Popen(["bash"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True)

    def run(self, command):
        marker = "__readme_example_done__"
        self.process.stdin.write("{\n" + command + "\n} 2>" + self.errors + "\n" +
                                 f"printf '\\n{marker}%d\\n' $?\n")
        self.process.stdin.flush()
        lines = []
        while True:
            line = self.process.stdout.readline()
            if not line:
                return 255, "".join(lines), "the shell ended"
            if line.startswith(marker):
                output = "".join(lines)
                if output.endswith("\n"):
                    output = output[:-1]
                return int(line[len(marker):]), output, open(self.errors).read()
            lines.append(line)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)
        os.unlink(self.errors)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--readme", default="README.md")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    root = os.path.dirname(os.path.abspath(args.readme))
    data = tempfile.mkdtemp(prefix="affinity-readme-")
    port = free_port()
    env = dict(os.environ, AFFINITY_PUBLIC_KEY="pk_demo", AFFINITY_SECRET_KEY="sk_demo",
               AFFINITY_USER_TOKEN_SECRET="uts_demo", AFFINITY_LOG_LEVEL="warning")
    log = open(os.path.join(data, "server.log"), "w")
    server = subprocess.Popen([binary, "serve", "--data-dir", os.path.join(data, "d"), "--port", str(port)],
                              cwd=root, env=env, stdout=log, stderr=log)
    try:
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=1) as r:
                    if r.status == 200:
                        break
            except Exception:
                if time.time() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not become ready: " + open(log.name).read()[-2000:])
                time.sleep(0.2)
        ran = compared = 0
        failures = []
        for block in statements(args.readme):
            shell_process = Shell(root)
            for line, command, comments in block:
                status, pattern = expected(comments)
                shell = command.replace("localhost:8080", f"127.0.0.1:{port}")
                # The status is read when curl's output is the statement's output.
                at = shell.find("curl -s")
                direct = at >= 0 and "$(" not in shell[:at] and "|" not in shell[at:]
                if direct:
                    shell = shell[:at] + "curl -s -w '\\n%{http_code}'" + shell[at + len("curl -s"):]
                returncode, output, errors = shell_process.run(shell)
                ran += 1
                body, code = output.rstrip("\n"), None
                if direct:
                    body, _, text = body.rpartition("\n")
                    code = int(text) if text.isdigit() else 0
                problem = None
                if returncode != 0:
                    problem = f"the command failed ({returncode}): {errors.strip()[:200]}"
                elif code is not None and ((status is None and not 200 <= code < 300) or (status and code != status)):
                    problem = f"status {code}, the README shows {status or '2xx'}: {body[:200]}"
                elif pattern is not None:
                    compared += 1
                    try:
                        problem = match(pattern, json.loads(body))
                    except json.JSONDecodeError:
                        problem = f"the answer is not JSON: {body[:200]}"
                first = command.splitlines()[0][:90]
                if problem:
                    failures.append(f"README.md:{line}: {first}\n    {problem}")
                    print(f"FAIL README.md:{line}: {problem}")
                elif args.verbose:
                    print(f"ok   README.md:{line}: {first}")
            shell_process.close()
        print(f"{ran} README examples run, {compared} answers compared with the README, {len(failures)} differ")
        if failures:
            print("\n".join(failures))
            sys.exit(1)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
