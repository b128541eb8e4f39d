"""Stoplight Prism, in proxy mode with Xero's official OpenAPI, in front of the sandbox.

    client ──► front ──► Prism ──► switch ──► the sandbox a test attached

Prism checks every request against Xero's `xero_accounting.yaml` (../shared/specs),
forwards it, checks the reply, and names each violation in an `sl-violations`
header. Its upstream is fixed when it starts (about half a minute, so once a
session), while each test has a sandbox of its own: the switch forwards to
whichever sandbox is attached. The front keeps what Prism reported per exchange.
"""

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from werkzeug.wrappers import Request, Response

from tests.serving import serve_wsgi

TESTS = Path(__file__).parent
PRISM = TESTS / "node_modules" / "@stoplight" / "prism-cli" / "dist" / "index.js"
# Makes Prism bundle every $ref, so that request bodies are checked at all
# (stoplightio/prism#2574; the file says how).
PRISM_REFS = TESTS / "prism_refs.js"
XERO_OPENAPI = Path(
    os.environ.get("XERO_OPENAPI")
    or TESTS.parent.parent / "shared" / "specs" / "xero" / "xero_accounting.yaml"
)
XERO_API_PATH = "/xero/api.xro/2.0"  # where the sandbox serves the Accounting API
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
    "content-encoding",  # requests hands us the body already decoded
    "accept-encoding",
}


def prism_or_skip():
    """The node binary, once Prism and Xero's OpenAPI are here; skip (or fail in CI)."""
    node = shutil.which("node")
    if node and PRISM.exists() and XERO_OPENAPI.exists():
        return node
    why = (
        "node, tests/node_modules/@stoplight/prism-cli (npm ci --prefix tests) "
        f"and {XERO_OPENAPI} are needed for the Prism pass"
    )
    if os.environ.get("REQUIRE_NODE_CLIENTS"):
        pytest.fail(f"REQUIRE_NODE_CLIENTS is set but {why}")
    pytest.skip(why)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Exchange:
    """One request through Prism and what Prism said of it."""

    method: str
    path: str  # as the client sent it, below the API base, query included
    status: int
    violations: list = field(default_factory=list)
    planted: bool = False  # a test broke the spec on purpose, to see Prism catch it

    def describe(self, violation):
        where = ".".join(str(part) for part in violation.get("location", []))
        return (
            f"{self.method} {self.path} → {self.status}: [{where}] "
            f"{violation.get('message')}"
        )


def parse_violations(header):
    """sl-violations is a JSON list; Prism cuts one past 8 KB to "Too many…"."""
    try:
        found = json.loads(header)
    except ValueError:
        return [{"location": ["?"], "severity": "Error", "message": header[:2000]}]
    return found if isinstance(found, list) else [{"message": str(found)}]


class Forwarder:
    """A small threaded HTTP proxy on a loopback port: each request goes to
    target() + its own path and query, and the reply comes back unchanged."""

    def __init__(self, target, on_reply=None, drop_get_bodies=False):
        self.target, self.on_reply = target, on_reply
        self.drop_get_bodies = drop_get_bodies
        self.served = serve_wsgi(self.wsgi)
        self.url = self.served.url

    def wsgi(self, environ, start_response):
        request = Request(environ)
        base = self.target()
        if base is None:
            return Response("nothing is attached", status=502)(environ, start_response)
        body = request.get_data()
        if self.drop_get_bodies and request.method in ("GET", "HEAD"):
            # xero-node sends `{}` with its GETs and Prism's proxy refuses to
            # forward a GET with a body (stoplightio/prism#2259).
            body = b""
        headers = {
            name: value
            for name, value in request.headers.items()
            if name.lower() not in HOP_BY_HOP
        }
        headers["Accept-Encoding"] = "identity"
        raw_path = environ.get("RAW_URI") or environ.get("REQUEST_URI") or "/"
        reply = requests.request(
            request.method,
            base + raw_path,
            headers=headers,
            data=body or None,
            allow_redirects=False,
            timeout=120,
        )
        if self.on_reply:
            self.on_reply(request.method, raw_path, reply)
        kept = [
            (name, value)
            for name, value in reply.headers.items()
            if name.lower() not in HOP_BY_HOP
        ]
        response = Response(reply.content, status=reply.status_code, headers=kept)
        return response(environ, start_response)

    def close(self):
        self.served.close()


class Prism:
    """`prism proxy SPEC UPSTREAM` as a child process on a free loopback port."""

    def __init__(self, node, spec, upstream, log_path, start_timeout=180):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.log = open(log_path, "w")  # noqa: SIM115 - open while Prism runs
        self.process = subprocess.Popen(  # noqa: S603 - the pinned Prism, our spec
            [node, "--require", str(PRISM_REFS), str(PRISM), "proxy", str(spec)]
            + [upstream]
            + ["--host", "127.0.0.1", "--port", str(self.port), "--errors", "false"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=TESTS,
        )
        self.wait_until_up(start_timeout)

    def wait_until_up(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                requests.get(self.url + "/_prism_is_up", timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.2)  # polling a child process that is still starting
        self.close()
        raise RuntimeError(f"Prism did not start; its log:\n{self.log_tail()}")

    def log_tail(self, chars=4000):
        self.log.flush()
        return Path(self.log_path).read_text(errors="replace")[-chars:]

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


class XeroThroughPrism:
    """Prism with Xero's OpenAPI in front of whichever Xero sandbox is attached.

    `url` is an API base to give a client in place of the sandbox's own.
    """

    def __init__(self, node, log_path):
        self.attached = None
        self.exchanges = []
        self.lock = threading.Lock()
        self.switch = Forwarder(lambda: self.attached)
        try:
            self.prism = Prism(
                node, XERO_OPENAPI, self.switch.url + XERO_API_PATH, log_path
            )
        except Exception:
            self.switch.close()
            raise
        self.front = Forwarder(
            lambda: self.prism.url, on_reply=self.record, drop_get_bodies=True
        )
        self.url = self.front.url

    def record(self, method, path, reply):
        header = reply.headers.get("sl-violations")
        exchange = Exchange(method, path, reply.status_code)
        if header:
            exchange.violations = parse_violations(header)
        with self.lock:
            self.exchanges.append(exchange)

    def attach(self, sandbox_url):
        """Send Prism's traffic to this sandbox; returns a mark for since()."""
        self.attached = sandbox_url
        return len(self.exchanges)

    def detach(self):
        self.attached = None

    def mark(self):
        """A mark for since(): the exchanges from now on."""
        with self.lock:
            return len(self.exchanges)

    def since(self, mark):
        with self.lock:
            return list(self.exchanges[mark:])

    def plant(self, mark):
        """The exchanges since mark broke the spec on purpose: the session's
        summary counts them apart from the traffic it vouches for."""
        with self.lock:
            for exchange in self.exchanges[mark:]:
                exchange.planted = True

    def close(self):
        self.front.close()
        self.prism.close()
        self.switch.close()
