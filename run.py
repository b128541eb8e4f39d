#!/usr/bin/env python3
"""The two commands.

    python3 run.py         start LedgerBridge with demo data (web + worker + Redis)
    python3 run.py test    install everything and run the whole test suite (pytest)

Only Python 3.11+ is needed: the first run makes .venv/ and installs into it.
"""

import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"


def ensure_venv(extras):
    """Create .venv and (re)install the project when pyproject.toml changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - run.py may start on an old python3
        sys.exit("LedgerBridge needs Python 3.11 or newer.")
    if not PYTHON.exists():
        print("Creating the virtualenv in .venv/ ...", flush=True)
        venv.create(VENV, with_pip=True)
    spec = f".[{extras}]" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamps = {name: VENV / f".installed-{name}" for name in ("dev", "demo")}
    wanted = ["dev"] if extras == "dev" else ["dev", "demo"]  # dev holds demo's
    if any(stamps[n].exists() and stamps[n].read_text() == digest for n in wanted):
        return
    print(f"Installing LedgerBridge {spec} into .venv/ ...", flush=True)
    pip = [
        str(PYTHON),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)  # noqa: S603
    subprocess.run([*pip, "-e", spec], check=True, cwd=ROOT)  # noqa: S603
    stamps[extras].write_text(digest)


def ensure_node_tools():
    """Install the pinned npm tools of tests/package-lock.json (the HTML checker),
    where npm is present and the lockfile changed since the last install."""
    lockfile = ROOT / "tests" / "package-lock.json"
    npm = shutil.which("npm")
    if npm is None or not lockfile.exists():
        return
    digest = hashlib.sha256(lockfile.read_bytes()).hexdigest()
    stamp = ROOT / "tests" / "node_modules" / ".installed"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print("Installing the test tools from tests/package-lock.json ...", flush=True)
    # --ignore-scripts: vnu-jar's postinstall would fetch a Java of its own.
    subprocess.run(  # noqa: S603
        [npm, "ci", "--prefix", "tests", "--ignore-scripts", "--no-audit", "--no-fund"],
        check=True,
        cwd=ROOT,
    )
    stamp.write_text(digest)


def free_port(preferred):
    """The preferred port if it is free on loopback, else any free one."""
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise SystemExit("No free port on 127.0.0.1.")


def wait_until_up(url, processes, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our loopback URL
                return True
        except OSError:
            time.sleep(0.2)
    return False


def serve():
    """Start Redis, migrate, seed the demo if empty, start the worker and the web."""
    os.environ.setdefault("SESSION_COOKIE_SECURE", "0")  # plain http on loopback
    sys.path.insert(0, str(ROOT))
    from app import create_app
    from app.config import INSTANCE, keep_private
    from demo import embedded_redis
    from demo.data import ADMIN, OFFICE
    from sandbox import product_settings

    keep_private()  # instance/ and everything the children make: owner-only

    embedded = not os.environ.get("REDIS_URL")
    if embedded:  # the demo's own Redis, which the web and the worker join
        os.environ["REDIS_URL"] = embedded_redis.ensure_running(INSTANCE)
    app = create_app()
    with app.app_context():
        import flask_migrate
        import sqlalchemy as sa

        from app.extensions import db
        from app.models import Company
        from demo.seed import seed

        flask_migrate.upgrade()
        if db.session.scalar(sa.select(sa.func.count(Company.id))) == 0:
            seed()
            print("Demo data loaded.", flush=True)
        db.engine.dispose()

    port = free_port(int(os.environ.get("PORT", "5000")))
    url = f"http://127.0.0.1:{port}/"
    env = {
        **os.environ,
        "REDIS_URL": app.config["REDIS_URL"],
        # The demo's packages are the sandboxes demo_web mounts: their URLs and
        # the client apps registered with them, as a real install sets Xero's.
        **product_settings(f"{url}sandbox"),
        # The sandbox admin API (faults, clocks, the request log) wants this key.
        "SANDBOX_ADMIN_KEY": os.environ.get("SANDBOX_ADMIN_KEY")
        or secrets.token_urlsafe(24),
        # Redirect URIs name the port actually served, not a Host header.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL") or url.rstrip("/"),
    }
    worker = subprocess.Popen([str(PYTHON), str(ROOT / "worker.py")], env=env)  # noqa: S603
    web = subprocess.Popen(  # noqa: S603
        [
            str(PYTHON),
            "-m",
            "flask",
            "--app",
            "run:demo_web()",
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-reload",
        ],
        env=env,
        cwd=ROOT,
    )
    children = [web, worker]

    def stop(*_args):
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        if embedded:
            embedded_redis.shutdown(app.instance_path)
        print("\nLedgerBridge stopped.", flush=True)
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    if not wait_until_up(url + "healthz", children):
        print("LedgerBridge did not start; see the messages above.", flush=True)
        stop()
    print(
        f"\n  LedgerBridge is running at {url}\n"
        f"    admin:  {ADMIN[0]} / {ADMIN[1]}\n"
        f"    office: {OFFICE[0]} / {OFFICE[1]}\n"
        f"  Sandbox admin API key (X-Sandbox-Admin-Key): {env['SANDBOX_ADMIN_KEY']}\n"
        "  Press Ctrl-C to stop.\n",
        flush=True,
    )
    while all(child.poll() is None for child in children):
        time.sleep(0.5)
    print("A LedgerBridge process exited; stopping the others.", flush=True)
    stop()


def demo_web():
    """The demo's web app: LedgerBridge with the sandboxes under /sandbox, and
    `flask --app "run:demo_web()" seed-demo` to load the demo company."""
    from app import create_app
    from demo.seed import seed_demo
    from sandbox import mount

    app = create_app()
    app.cli.add_command(seed_demo)
    mount(app)
    return app


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else "serve"
    if command not in {"serve", "test"}:
        sys.exit(__doc__)
    inside = Path(sys.prefix).resolve() == VENV.resolve()
    if not inside:
        ensure_venv("dev" if command == "test" else "demo")
        os.execv(PYTHON, [str(PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])  # noqa: S606
    if command == "test":
        os.chdir(ROOT)
        ensure_node_tools()
        import pytest

        sys.exit(pytest.main(sys.argv[2:]))
    serve()


if __name__ == "__main__":
    main()
