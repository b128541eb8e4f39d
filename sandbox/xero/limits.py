"""Xero's rate limits per tenant: a minute, a day, five at once; and the app minute.

Windows are fixed and run on a time scale (TIME_SCALE=60: a minute is a second).
Counts live in the database so several processes share them.

The day limit depends on the app's tier since Xero's pricing of 2 March 2026
(developer.xero.com/pricing: Starter, Core, Plus, Advanced, Enterprise); as
reported (provider-apis.md A4, domain-research.md) Starter has 1,000 calls a day
per organisation and the higher tiers the 5,000 of developer.xero.com/faq/limits.
XERO_TIER (or SANDBOX_XERO_TIER in the environment) picks one; unset, the limits
page's 5,000 holds. XERO_DAY_LIMIT overrides both.
"""

import math
import os
import time

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from sandbox.storage import sandbox_db
from sandbox.xero.models import XeroCallCount, XeroCallInFlight

STALE_SECONDS = 120  # an in-flight row older than this belongs to a dead worker
DAY_LIMIT = 5000  # developer.xero.com/faq/limits
TIER_DAY_LIMITS = {
    "starter": 1000,
    "core": 5000,
    "plus": 5000,
    "advanced": 5000,
    "enterprise": 5000,
}


def day_limit(config):
    """XERO_DAY_LIMIT, else the XERO_TIER's, else the documented 5,000."""
    if config.get("XERO_DAY_LIMIT") is not None:
        return int(config["XERO_DAY_LIMIT"])
    tier = config.get("XERO_TIER") or os.environ.get("SANDBOX_XERO_TIER") or ""
    tier = tier.strip().lower()
    if not tier:
        return DAY_LIMIT
    if tier not in TIER_DAY_LIMITS:
        known = ", ".join(TIER_DAY_LIMITS)
        raise ValueError(f"XERO_TIER {tier!r} is not one of {known}")
    return TIER_DAY_LIMITS[tier]


def settings():
    config = current_app.config
    scale = float(config.get("TIME_SCALE", 1.0)) or 1.0
    return {
        "minute": (config.get("XERO_MINUTE_LIMIT", 60), 60 / scale),
        "day": (day_limit(config), 86400 / scale),
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


def scopes_of(tenant_id, client_id):
    return {"minute": tenant_id, "day": tenant_id, "appminute": f"app:{client_id}"}


def remaining_headers(limits, counts):
    return {
        "X-MinLimit-Remaining": str(max(0, limits["minute"][0] - counts["minute"])),
        "X-DayLimit-Remaining": str(max(0, limits["day"][0] - counts["day"])),
        "X-AppMinLimit-Remaining": str(
            max(0, limits["appminute"][0] - counts["appminute"])
        ),
    }


def peek(tenant_id, client_id):
    """The three Remaining headers without counting a call: for answers that refuse
    the call before it is counted (Xero sends the headers on every response)."""
    limits = settings()
    moment = time.time()
    counts = {}
    for window, scope in scopes_of(tenant_id, client_id).items():
        counts[window] = (
            sandbox_db.session.scalar(
                sa.select(XeroCallCount.count).where(
                    XeroCallCount.scope == scope,
                    XeroCallCount.window == window,
                    XeroCallCount.started == int(moment // limits[window][1]),
                )
            )
            or 0
        )
    return remaining_headers(limits, counts)


def take(tenant_id, client_id):
    """Count this call; returns (headers, problem, retry_after, in_flight_id)."""
    limits = settings()
    moment = time.time()
    scopes = scopes_of(tenant_id, client_id)
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
    headers = remaining_headers(limits, counts)
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
