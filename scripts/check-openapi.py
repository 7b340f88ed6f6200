#!/usr/bin/env python3
"""Checks docs/openapi.yaml; .ci/run runs it after the tests and fails on any problem.

1. YAML pitfalls the OpenAPI validator cannot see inside schemas: a flow-mapping key
   without a value (an unquoted comma, `{description: a, b}`, makes `b` a key and cuts the
   description short), duplicate keys (the last one silently wins) and keys that are not
   strings (an unquoted `200:` is a number, and JSON has no such key).
2. openapi-spec-validator, OpenAPI 3.1: every error, with where it is.
3. The embedded texts (Sources/AffinityHTTP/OpenAPI/OpenAPIDocument+Text.swift and
   +JSON.swift) are what scripts/embed-openapi.sh makes of the document now.

Needs PyYAML and openapi-spec-validator (`python3 -m pip install openapi-spec-validator`).
Usage: python3 scripts/check-openapi.py
"""

import difflib
import pathlib
import subprocess
import sys
import tempfile

import yaml
from openapi_spec_validator import OpenAPIV31SpecValidator

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "docs/openapi.yaml"
EMBEDDED = ROOT / "Sources/AffinityHTTP/OpenAPI"
GENERATED = ["OpenAPIDocument+Text.swift", "OpenAPIDocument+JSON.swift"]
NAME = DOCUMENT.relative_to(ROOT)


def yaml_problems(text):
    """Flow-mapping keys without a value and duplicate keys, as `file:line:column: ...`."""
    problems = []

    def where(mark):
        return f"{NAME}:{mark.line + 1}:{mark.column + 1}"

    def walk(node):
        if isinstance(node, yaml.MappingNode):
            seen = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        problems.append(
                            f"{where(key.start_mark)}: duplicate key {key.value!r} "
                            f"(first at line {seen[key.value] + 1})")
                    seen.setdefault(key.value, key.start_mark.line)
                    if not key.tag.endswith(":str"):
                        problems.append(f"{where(key.start_mark)}: key {key.value} is not a string: quote it")
                    empty = isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null") and not value.value
                    if node.flow_style and empty:
                        problems.append(
                            f"{where(key.start_mark)}: {key.value!r} has no value: an unquoted comma in "
                            "a {...} mapping? quote the text")
                walk(key)
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    walk(yaml.compose(text))
    return problems


def validator_problems(document):
    if not str(document.get("openapi", "")).startswith("3.1."):
        return [f"{NAME}: openapi is {document.get('openapi')!r}, expected 3.1.x"]
    problems = []
    try:
        for error in OpenAPIV31SpecValidator(document).iter_errors():
            path = "".join(
                f"[{part}]" if isinstance(part, int) else f".{part}" if part.isidentifier() else f'["{part}"]'
                for part in error.path)
            problems.append(f"{NAME}: {path or '.'}: {error.message}")
    except Exception as error:  # it crashes on some malformed documents, e.g. on non-string keys
        problems.append(f"{NAME}: openapi-spec-validator failed: {type(error).__name__}: {error}")
    return problems


def embedding_problems():
    with tempfile.TemporaryDirectory() as directory:
        run = subprocess.run(
            [str(ROOT / "scripts/embed-openapi.sh"), directory], capture_output=True, text=True)
        if run.returncode != 0:
            return [f"scripts/embed-openapi.sh failed: {run.stderr.strip()}"]
        problems = []
        for name in GENERATED:
            fresh = (pathlib.Path(directory) / name).read_text(encoding="utf-8")
            committed_path = EMBEDDED / name
            committed = committed_path.read_text(encoding="utf-8") if committed_path.exists() else ""
            if fresh != committed:
                diff = list(difflib.unified_diff(
                    committed.splitlines(), fresh.splitlines(),
                    f"{committed_path.relative_to(ROOT)} (committed)", f"{name} (from {NAME})", lineterm=""))
                shown = "\n".join(diff[:40]) + ("\n…" if len(diff) > 40 else "")
                problems.append(
                    f"{committed_path.relative_to(ROOT)} is out of date: run scripts/embed-openapi.sh\n{shown}")
        return problems


def main():
    text = DOCUMENT.read_text(encoding="utf-8")
    problems = yaml_problems(text)
    problems += validator_problems(yaml.safe_load(text))
    problems += embedding_problems()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{NAME}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{NAME}: valid OpenAPI 3.1, no YAML pitfalls, embedded texts up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
