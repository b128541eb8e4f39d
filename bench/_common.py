"""Helpers the scale benches share: app config, a throwaway PostgreSQL database,
percentiles, per-statement timing and a process's resident memory."""

import math
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]

PASSWORD = "bench-password-1"  # noqa: S105 - a throwaway bench login


def run_in_temp_folder(prefix, keep, bench):
    """bench(folder) in a fresh temporary folder, removed afterwards unless keep;
    exits 0 when it says the figures met their targets, else 1."""
    folder = tempfile.mkdtemp(prefix=prefix)
    try:
        ok = bench(folder)
    finally:
        if keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0 if ok else 1)


def percentile(values, share):
    """The nearest-rank percentile of values (share 0.5 is the median)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def app_config(instance, database_uri, **extra):
    """Settings for a bench app: fast password hashes, no CSRF, quiet logs."""
    return {
        "SECRET_KEY": secrets.token_urlsafe(32),
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "INSTANCE_PATH": str(instance),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def sqlite_uri(folder, name="bench.db"):
    return f"sqlite:///{Path(folder) / name}"


@contextmanager
def database(folder, pg_name):
    """Yield a database URI: a SQLite file in folder, or, when DATABASE_URL is set,
    a PostgreSQL database pg_name created on that server and dropped afterwards
    (the database DATABASE_URL names is only used to connect, never written)."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield sqlite_uri(folder)
        return
    from app.config import database_url

    server = urlsplit(database_url(url, folder))
    admin = sa.create_engine(urlunsplit(server), isolation_level="AUTOCOMMIT")
    quoted = f'"{pg_name}"'
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        conn.exec_driver_sql(f"CREATE DATABASE {quoted}")
    try:
        yield urlunsplit(server._replace(path=f"/{pg_name}"))
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        admin.dispose()


class StatementTimer:
    """Every SQL statement the engine runs while on: its text, parameters, time."""

    def __init__(self, engine):
        self.engine = engine
        self.statements = []
        self._started = None
        sa.event.listen(engine, "before_cursor_execute", self._before)
        sa.event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, _conn, _cursor, _statement, _params, _context, _many):
        self._started = time.perf_counter()

    def _after(self, _conn, _cursor, statement, params, _context, _many):
        seconds = time.perf_counter() - self._started
        self.statements.append((seconds, statement, params))

    def take(self):
        """The statements recorded since the last take."""
        taken, self.statements = self.statements, []
        return taken


def explain(engine, statement, params):
    """The database's plan for one recorded statement, as lines of text."""
    dialect = engine.dialect.name
    prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN ANALYZE "
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(prefix + statement, params).all()
    if dialect == "sqlite":
        return [f"{row[-1]}" for row in rows]
    return [row[0] for row in rows]


def measure(client, timer, path, headers, expect, count, profiler=None):
    """Times in ms of count requests after a warm-up, and the last one's SQL."""
    for _ in range(3):
        reply = client.get(path, headers=headers)
        body = reply.get_data(as_text=True)
        if reply.status_code != 200 or expect not in body:
            raise SystemExit(f"GET {path} answered {reply.status_code}: {body[:400]}")
    times = []
    for _ in range(count):
        timer.take()
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        client.get(path, headers=headers)
        times.append(1000 * (time.perf_counter() - started))
        if profiler:
            profiler.disable()
    return times, timer.take()


def rss_kb(pid):
    """(VmRSS, VmHWM) of a live process in kB, or None once it has gone."""
    found = {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0])
    return found.get("VmRSS", 0), found.get("VmHWM", 0)


def children(pid):
    """Ids of a process's direct children (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not (entry.name.isascii() and entry.name.isdigit()):
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_web(folder, config):
    """gunicorn with the deploy settings on a free loopback port; (process, base)."""
    port = free_port()
    env = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
        "INSTANCE_PATH": config["INSTANCE_PATH"],
        "SECRET_KEY": config["SECRET_KEY"],
        "REDIS_URL": config["REDIS_URL"],
        "SESSION_COOKIE_SECURE": "0",
        "LOG_LEVEL": "WARNING",
    }
    log = open(Path(folder) / "web.log", "wb")  # noqa: SIM115 - open while it runs
    gunicorn = Path(sys.executable).parent / "gunicorn"
    web = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, fixed arguments
        [str(gunicorn), "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(base + "/login", timeout=5).status_code == 200:
                return web, base
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline or web.poll() is not None:
            web.terminate()
            sys.exit(f"gunicorn did not start; see {folder}/web.log (use --keep).")
        time.sleep(0.2)


class Sampler(threading.Thread):
    """Resident memory of the web processes and the worker every 0.5 s."""

    def __init__(self, web_pid, worker_pid):
        super().__init__(daemon=True)
        self.web_pid, self.worker_pid = web_pid, worker_pid
        self.peak = {"web master": 0, "web workers (sum)": 0, "worker": 0}
        self.hwm = {}
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.5):
            pids = {"web master": [self.web_pid], "worker": [self.worker_pid]}
            pids["web workers (sum)"] = children(self.web_pid)
            for name, group in pids.items():
                readings = [r for r in map(rss_kb, group) if r]
                total = sum(rss for rss, _hwm in readings)
                self.peak[name] = max(self.peak[name], total)
                for pid, (_rss, hwm) in zip(group, readings, strict=False):
                    self.hwm[pid] = max(self.hwm.get(pid, 0), hwm)
