"""Software we did not write, run unchanged against the sandboxes over HTTP.

The vendors' Node clients (xero-node, node-quickbooks) come from
tests/package-lock.json; `python3 run.py test` installs them where npm is
present. Each client script runs its calls in order against one sandbox and
reports one line of JSON per call; each call is then its own test.
"""

import json
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from sandbox import create_sandbox_app
from sandbox.storage import sandbox_db
from tests.serving import serve_wsgi

HERE = Path(__file__).parent
NODE_MODULES = HERE.parent / "node_modules"


def node_or_skip(package):
    """The node binary, once `package` is installed; skip (or fail in CI) if not."""
    node = shutil.which("node")
    if node and (NODE_MODULES / package / "package.json").exists():
        return node
    why = f"node and tests/node_modules/{package} are needed (npm ci --prefix tests)"
    if os.environ.get("REQUIRE_NODE_CLIENTS"):
        pytest.fail(f"REQUIRE_NODE_CLIENTS is set but {why}")
    pytest.skip(why)


def run_client(package, script, config, timeout=240):
    """Run tests/clients/<script> with `config` as JSON on stdin.

    Returns {call name: {"ok": bool, "detail": ...}} from the lines it printed.
    A script that dies part way reports the calls it reached; the rest are
    missing, and their tests say so.
    """
    node = node_or_skip(package)
    done = subprocess.run(  # noqa: S603 - our own script, our own node
        [node, str(HERE / script)],
        input=json.dumps(config),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=HERE.parent,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
        check=False,
    )
    results = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            results[entry["call"]] = entry
    results["_stderr"] = done.stderr[-4000:]
    return results


def assert_call_held(results, call):
    entry = results.get(call)
    assert entry is not None, (
        f"the client never reported {call!r}; its stderr:\n{results['_stderr']}"
    )
    assert entry["ok"], json.dumps(entry.get("detail"), indent=2)[:4000]


@contextmanager
def served_sandbox(folder):
    """A sandbox with its own database on a loopback port; yields its base URL."""
    app = create_sandbox_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'sandbox.db'}",
            "TIME_SCALE": 60.0,
        }
    )
    served = serve_wsgi(app)
    try:
        yield served.url
    finally:
        served.close()
        with app.app_context():
            sandbox_db.engine.dispose()


@pytest.fixture(scope="module")
def client_sandbox_url(tmp_path_factory):
    """One sandbox on a loopback port for a whole client script (its calls build
    on each other: create, then update, then void)."""
    with served_sandbox(tmp_path_factory.mktemp("client-sandbox")) as url:
        yield url


@pytest.fixture(scope="module")
def client_http():
    with requests.Session() as session:
        yield session
