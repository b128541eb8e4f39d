"""The sandbox in a process of its own, on a loopback port, pinned to one core.

    python -m bench._sandbox_proc PORT DATABASE LIMITS TIME_SCALE

LIMITS is "lifted" (every rate limit out of the way) or "real" (the emulators'
own limits, running on TIME_SCALE: 60 makes a sandbox minute last one second).
"""

import html
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[1]
UNLIMITED = 10**9
LIMIT_NAMES = (
    "XERO_MINUTE_LIMIT",
    "XERO_DAY_LIMIT",
    "XERO_CONCURRENT_LIMIT",
    "XERO_APP_MINUTE_LIMIT",
    "QBO_MINUTE_LIMIT",
    "QBO_CONCURRENT_LIMIT",
    "QBO_BATCH_MINUTE_LIMIT",
)
SANDBOX_CORE = 0


def serve(port, database, limits, time_scale, nice=0):
    """The sandbox process: one core, limits lifted or real on a time scale, and
    at a lower CPU priority when asked (nice > 0)."""
    sys.path.insert(0, str(ROOT))
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {SANDBOX_CORE})
    if nice > 0:
        os.nice(nice)
    from werkzeug.serving import run_simple

    from sandbox import create_sandbox_app

    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"}
    if limits == "lifted":
        config.update(dict.fromkeys(LIMIT_NAMES, UNLIMITED))
    else:
        config["TIME_SCALE"] = float(time_scale)
    run_simple("127.0.0.1", port, create_sandbox_app(config), threaded=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running(folder, limits="lifted", time_scale=1.0, nice=0):
    """Start the sandbox on a free port with a fresh database; yield its base URL.
    nice > 0 lowers its CPU priority: it stands in for the provider's servers, so
    where it shares a machine with what is measured it should take what is left."""
    port = free_port()
    log = open(Path(folder) / "sandbox.log", "wb")  # closed once the server stops
    server = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "bench._sandbox_proc",
            str(port),
            str(Path(folder) / "sandbox.db"),
            limits,
            str(time_scale),
            str(nice),
        ],
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def wait_until_up(base, server, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            requests.get(base + "/_admin/requests?limit=1", timeout=2)
            return
        except requests.ConnectionError:
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("The sandbox did not start; see sandbox.log (use --keep).")
            time.sleep(0.1)


def consent(location, provider):
    """Press Allow on the consent page at location; the app's callback path."""
    hidden = r'<input type="hidden" name="([^"]+)" value="([^"]*)">'
    choice = "tenant" if provider == "xero" else "realm_id"
    with requests.Session() as http:
        page = http.get(location, timeout=30)
        found = re.findall(rf'name="{choice}" value="([^"]+)"', page.text)
        if page.status_code != 200 or not found:
            sys.exit(f"No consent page at {location}: {page.text[:300]}")
        fields = {k: html.unescape(v) for k, v in re.findall(hidden, page.text)}
        fields.update({choice: found[0], "action": "allow"})
        reply = http.post(location.split("?")[0], data=fields, allow_redirects=False)
        if reply.status_code != 302:
            sys.exit(f"The consent was refused: {reply.text[:300]}")
    back = urlsplit(reply.headers["Location"])
    return f"{back.path}?{back.query}"


def last_log_id(base):
    """The newest request log entry's id, so a later read takes only what follows."""
    last = 0
    while entries := requests.get(
        base + "/_admin/requests",
        params={"since_id": last, "limit": 5000},
        timeout=60,
    ).json():
        last = entries[-1]["id"]
    return last


def logged_calls(base, provider, since_id):
    """From the request log after since_id: endpoint -> calls, kind -> writes
    answered, the throttled or failed replies, and the units the minute limit
    metered (Xero: calls it answered; QuickBooks: every call, each batch item)."""
    endpoints, writes, refused, metered = Counter(), Counter(), Counter(), 0
    last = since_id
    while entries := requests.get(
        base + "/_admin/requests",
        params={"provider": provider, "since_id": last, "limit": 500},
        timeout=120,
    ).json():
        last = entries[-1]["id"]
        for entry in entries:
            endpoint, kind, items = describe(provider, entry)
            endpoints[endpoint] += 1
            if entry["status"] == 429:
                refused["throttled (429)"] += 1
                metered += provider == "quickbooks"
                continue  # refused, so not one of the calls that did the work
            metered += items
            if entry["status"] >= 400:
                refused[f"failed ({entry['status']})"] += 1
            if entry["method"] != "GET":
                writes[kind] += 1
    return endpoints, writes, refused, metered


WRITE_KINDS = {
    "Contacts": "customers",
    "Invoices": "invoices",
    "Payments": "payments",
    "Customer": "customers",
    "Invoice": "invoices",
    "Payment": "payments",
}


def describe(provider, entry):
    """("METHOD endpoint", kind written or "other", records in it) for one entry."""
    method, path = entry["method"], entry["path"]
    if provider == "xero":
        name = path.split("/api.xro/2.0/", 1)[-1]
        name = re.sub(r"/[0-9a-f-]{36}", "/{id}", name)
        return f"{method} {name}", WRITE_KINDS.get(name, "other"), 1
    name = re.sub(r"^.*/v3/company/[^/]+/", "", path)
    name = re.sub(r"^companyinfo/.*", "companyinfo/{realm}", name)
    entity, items = "", [{}]
    if name == "query":
        text = parse_qs(entry["query"]).get("query", [""])[0]
        found = re.search(r"from\s+(\w+)", text, re.IGNORECASE)
        entity = found.group(1) if found else ""
    elif name == "batch":
        try:
            items = json.loads(entry["request_body"]).get("BatchItemRequest") or [{}]
        except ValueError:
            pass
        entity = next((k for k in items[0] if k not in ("bId", "operation")), "")
    kind = WRITE_KINDS.get(entity, "other") if name == "batch" else "other"
    return f"{method} {name} {entity}".strip(), kind, len(items)


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
