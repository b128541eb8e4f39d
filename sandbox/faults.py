"""Fault injection shared by both emulators; each maps outcomes to its wire format."""

import random
import socket
import time

import sqlalchemy as sa
from flask import current_app, request

from sandbox.storage import Fault, sandbox_db

THROTTLE = "throttle"
RESET = "reset"
TIMEOUT = "timeout"
ERROR = "error"


def fault_for(provider, tenant):
    return sandbox_db.session.scalar(
        sa.select(Fault).where(Fault.provider == provider, Fault.tenant == tenant)
    )


def draw(provider, tenant):
    """Apply latency and pick this call's fault, or None for a normal reply."""
    fault = fault_for(provider, tenant)
    if fault is None:
        return None
    if fault.latency_ms:
        time.sleep(fault.latency_ms / 1000)
    if fault.throttle_burst > 0:
        # Atomic decrement: several workers share one burst.
        sandbox_db.session.execute(
            sa.update(Fault)
            .where(Fault.id == fault.id, Fault.throttle_burst > 0)
            .values(throttle_burst=Fault.throttle_burst - 1)
        )
        sandbox_db.session.commit()
        return THROTTLE
    rng = (
        random.Random()
        if fault.seed is None
        else random.Random(f"{fault.seed}-{time.monotonic_ns()}")
    )
    roll = rng.random()
    for outcome, share in (
        (RESET, fault.reset_rate),
        (TIMEOUT, fault.timeout_rate),
        (ERROR, fault.error_rate),
    ):
        if roll < share:
            return outcome
        roll -= share
    return None


def hang():
    """Hold the request past any sane client timeout."""
    time.sleep(current_app.config.get("FAULT_HANG_SECONDS", 35))


def reset_connection():
    """Drop the TCP connection under the client, as a load balancer reset would."""
    sock = request.environ.get("werkzeug.socket") or request.environ.get(
        "gunicorn.socket"
    )
    if sock is not None:
        try:
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
