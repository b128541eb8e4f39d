"""Check the Xero sandbox's traffic against Xero's official OpenAPI documents.

Reads GET /_admin/requests and validates every request body the sandbox accepted
and every reply it sent: accounting calls against xero_accounting.yaml, token and
connections replies against xero-identity.yaml. The specs live in ../shared
(beside the repository); without them the check is skipped, saying why.
"""

import functools
import json
import re
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
SPECS = REPO.parent / "shared" / "specs" / "xero"
SKIP_REASON = f"Xero OpenAPI specs not found at {SPECS} (../shared is absent)"
API_PREFIX = "/xero/api.xro/2.0"
NOT_FOUND_TEXT = "The resource you're looking for cannot be found"
OAUTH_ERRORS = {
    "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
    "unsupported_grant_type", "invalid_scope",
}  # fmt: skip
PROBLEM_KEYS = {"Type", "Title", "Status", "Detail", "Instance", "Extensions"}
LOG_LIMIT = 20_000  # the request log keeps this many characters of a body


def specs_available():
    return (SPECS / "xero_accounting.yaml").is_file()


def _nullable(node):
    """OpenAPI 3.0 `nullable: true` as JSON Schema's null type."""
    if isinstance(node, list):
        return [_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable(value) for key, value in node.items()}
    if node.pop("nullable", False):
        if "type" in node:
            node["type"] = [node["type"], "null"]
            if "enum" in node:
                node["enum"] = [*node["enum"], None]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


@functools.cache
def _spec(name):
    import yaml  # dev dependency: PyYAML

    with open(SPECS / name, encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)
    spec["components"] = _nullable(spec.get("components", {}))
    return spec


@functools.cache
def _operations():
    """[(method, regex, operation)] for the accounting API, specific paths first."""
    spec = _spec("xero_accounting.yaml")
    found = []
    for path, item in spec["paths"].items():
        pattern = re.escape(path)
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", pattern)
        literal = len([p for p in path.split("/") if p and "{" not in p])
        for method, operation in item.items():
            if method in ("get", "put", "post", "delete"):
                found.append(
                    (literal, method.upper(), re.compile(f"^{pattern}$"), operation)
                )
    found.sort(key=lambda entry: -entry[0])
    return [(method, regex, op) for _literal, method, regex, op in found]


def _resolve(spec, node):
    while isinstance(node, dict) and "$ref" in node:
        target = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _errors(spec_name, schema, instance):
    import jsonschema  # dev dependency

    spec = _spec(spec_name)
    root = {**_nullable(schema), "components": spec["components"]}
    validator = jsonschema.Draft4Validator(
        root, format_checker=jsonschema.FormatChecker(formats=("uuid",))
    )
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '<root>'}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


def _schema_of(spec, content_holder):
    content = _resolve(spec, content_holder or {}).get("content", {})
    return content.get("application/json", {}).get("schema")


def check_entry(entry):
    """Problems with one logged call; an empty list when it matches the spec."""
    path, method, status = entry["path"], entry["method"], entry["status"]
    body = entry["response_body"]
    if len(body) >= LOG_LIMIT or len(entry["request_body"]) >= LOG_LIMIT:
        return []  # truncated by the request log: cannot be parsed whole
    if path == "/xero/connect/token" or path == "/xero/connect/revocation":
        return _check_oauth(path, status, body)
    if path.startswith("/xero/connections"):
        return _check_connections(method, status, body)
    if not path.startswith(API_PREFIX):
        return []
    return _check_api(
        path[len(API_PREFIX) :], method, status, entry["request_body"], body
    )


def _check_oauth(path, status, body):
    if status == 200 and path.endswith("/token"):
        spec = _spec("xero-identity.yaml")
        return _errors(
            "xero-identity.yaml",
            spec["components"]["schemas"]["AccessToken"],
            json.loads(body),
        )
    if status == 200:
        return [] if body == "" else ["revocation must reply with an empty body"]
    data = json.loads(body)
    return [] if data.get("error") in OAUTH_ERRORS else [f"not an OAuth error: {body}"]


def _check_connections(method, status, body):
    if method == "GET" and status == 200:
        spec = _spec("xero-identity.yaml")
        schema = spec["paths"]["/Connections"]["get"]["responses"]["200"]
        return _errors("xero-identity.yaml", _schema_of(spec, schema), json.loads(body))
    return _check_common(status, body)


def _check_common(status, body):
    if status == 404:
        return (
            [] if body == NOT_FOUND_TEXT else [f"404 body is not Xero's text: {body!r}"]
        )
    if status in (204, 302, 406):
        return []
    data = json.loads(body)
    if status in (401, 403, 429) or status >= 500:
        return [] if set(data) == PROBLEM_KEYS else [f"not a problem body: {body}"]
    return [f"unexpected status {status}"]


def _check_api(sub_path, method, status, request_body, body):
    spec = _spec("xero_accounting.yaml")
    operation = next(
        (op for m, regex, op in _operations() if m == method and regex.match(sub_path)),
        None,
    )
    if operation is None:
        return (
            _check_common(status, body)
            if status != 200
            else [f"no spec operation for {method} {sub_path}"]
        )
    problems = []
    if status < 400 and request_body and "requestBody" in operation:
        schema = _schema_of(spec, operation["requestBody"])
        problems += [
            f"request {e}"
            for e in _errors("xero_accounting.yaml", schema, json.loads(request_body))
        ]
    if status in (200, 400):
        reply = operation["responses"].get(str(status))
        if reply is None and status == 200:
            return problems + [f"the spec has no 200 reply for {method} {sub_path}"]
        # GETs list no 400 in the spec; Xero's errors there use the same Error.
        schema = _schema_of(spec, reply) or spec["components"]["schemas"]["Error"]
        problems += [
            f"reply {e}"
            for e in _errors("xero_accounting.yaml", schema, json.loads(body))
        ]
        return problems
    return problems + _check_common(status, body)


def check_traffic(base_url):
    """Assert every logged Xero call so far matches the official documents."""
    if not specs_available():
        return
    entries = requests.get(
        f"{base_url}/_admin/requests",
        params={"provider": "xero", "limit": 5000},
        timeout=30,
    ).json()
    failures = []
    for entry in entries:
        for problem in check_entry(entry):
            call = f"#{entry['id']} {entry['method']} {entry['path']}"
            failures.append(f"{call} -> {entry['status']}: {problem}")
    assert not failures, "\n".join(failures[:20])
