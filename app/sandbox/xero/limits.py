"""Xero's rate limits per tenant: a minute, a day, five at once; and the app minute.

Windows are fixed and run on a time scale (TIME_SCALE=60: a minute is a second).
Counts live in the database so several processes share them.
"""

import math
import time

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from app.sandbox.storage import sandbox_db
from app.sandbox.xero.models import XeroCallCount, XeroCallInFlight

STALE_SECONDS = 120  # an in-flight row older than this belongs to a dead worker


def settings():
    config = current_app.config
    scale = float(config.get("TIME_SCALE", 1.0)) or 1.0
    return {
        "minute": (config.get("XERO_MINUTE_LIMIT", 60), 60 / scale),
        "day": (config.get("XERO_DAY_LIMIT", 5000), 86400 / scale),
        "appminute": (config.get("XERO_APP_MINUTE_LIMIT", 10000), 60 / scale),
        "concurrent": config.get("XERO_CONCURRENT_LIMIT", 5),
    }


def _bump(scope, window, started, step):
    """Add step to one window's count in one upsert; returns the new count."""
    dialect = sandbox_db.engine.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(XeroCallCount).values(
        scope=scope, window=window, started=started, count=step
    )
    statement = statement.on_conflict_do_update(
        index_elements=["scope", "window", "started"],
        set_={"count": XeroCallCount.count + step},
    ).returning(XeroCallCount.count)
    count = sandbox_db.session.execute(statement).scalar_one()
    if count == step == 1:
        # First call of a new window: the old windows of this scope are history.
        sandbox_db.session.execute(
            sa.delete(XeroCallCount).where(
                XeroCallCount.scope == scope,
                XeroCallCount.window == window,
                XeroCallCount.started < started,
            )
        )
    return count


def take(tenant_id, client_id):
    """Count this call; returns (headers, problem, retry_after, in_flight_id)."""
    limits = settings()
    moment = time.time()
    scopes = {"minute": tenant_id, "day": tenant_id, "appminute": f"app:{client_id}"}
    counts, problem, retry = {}, None, None
    for window, scope in scopes.items():
        limit, length = limits[window]
        started = int(moment // length)
        counts[window] = _bump(scope, window, started, 1)
        if counts[window] > limit and problem is None:
            problem = window
            retry = max(1, math.ceil((started + 1) * length - moment))
    if problem is not None:
        for window, scope in scopes.items():
            _bump(scope, window, int(moment // limits[window][1]), -1)
            counts[window] -= 1
    headers = {
        "X-MinLimit-Remaining": str(max(0, limits["minute"][0] - counts["minute"])),
        "X-DayLimit-Remaining": str(max(0, limits["day"][0] - counts["day"])),
        "X-AppMinLimit-Remaining": str(
            max(0, limits["appminute"][0] - counts["appminute"])
        ),
    }
    in_flight = None
    sandbox_db.session.execute(
        sa.delete(XeroCallInFlight).where(
            XeroCallInFlight.tenant_id == tenant_id,
            XeroCallInFlight.started <= moment - STALE_SECONDS,
        )
    )
    if problem is None:
        row = XeroCallInFlight(tenant_id=tenant_id, started=moment)
        sandbox_db.session.add(row)
        sandbox_db.session.flush()
        busy = sandbox_db.session.scalar(
            sa.select(sa.func.count(XeroCallInFlight.id)).where(
                XeroCallInFlight.tenant_id == tenant_id,
                XeroCallInFlight.started > moment - STALE_SECONDS,
            )
        )
        if busy > limits["concurrent"]:
            sandbox_db.session.delete(row)
            problem, retry = "concurrent", 1
        else:
            in_flight = row.id
    sandbox_db.session.commit()
    return headers, problem, retry, in_flight


def release(in_flight_id):
    """The call is done: free its place among the five."""
    sandbox_db.session.rollback()
    sandbox_db.session.execute(
        sa.delete(XeroCallInFlight).where(XeroCallInFlight.id == in_flight_id)
    )
    sandbox_db.session.commit()
