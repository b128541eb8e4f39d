"""Intuit's throttles per realm: calls a minute, batch calls a minute, in flight.

Counts live in the database so several server processes share them; a
"minute" lasts 60 / TIME_SCALE real seconds.
"""

import time

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from sandbox.quickbooks.models import QboCounter
from sandbox.storage import sandbox_db

MINUTE = "minute"
BATCH = "batch"
INFLIGHT = "inflight"


def settings():
    config = current_app.config
    return {
        MINUTE: config.get("QBO_MINUTE_LIMIT", 500),
        # Intuit raised the batch throttle from 40 to 120 a minute (Oct 2025).
        BATCH: config.get("QBO_BATCH_MINUTE_LIMIT", 120),
        INFLIGHT: config.get("QBO_CONCURRENT_LIMIT", 10),
    }


def window():
    """The current throttle minute; QBO_CLOCK_OFFSET (sandbox seconds) lets tests
    move to the next minute without waiting for it."""
    scale = float(current_app.config.get("TIME_SCALE", 1.0) or 1.0)
    offset = float(current_app.config.get("QBO_CLOCK_OFFSET", 0.0))
    return int((time.time() * scale + offset) // 60)


def bump(realm_id, kind, at, by=1):
    """Add to a counter in one upsert and return the value this call made."""
    dialect = sqlite if sandbox_db.engine.dialect.name == "sqlite" else postgresql
    upsert = (
        dialect.insert(QboCounter)
        .values(realm_id=realm_id, kind=kind, window=at, count=by)
        .on_conflict_do_update(
            index_elements=["realm_id", "kind", "window"],
            set_={"count": QboCounter.count + by},
        )
        .returning(QboCounter.count)
    )
    value = sandbox_db.session.execute(upsert).scalar()
    if value == by and kind != INFLIGHT:
        # A new window began: forget the ones before the last.
        sandbox_db.session.execute(
            sa.delete(QboCounter).where(
                QboCounter.realm_id == realm_id,
                QboCounter.kind == kind,
                QboCounter.window < at - 1,
            )
        )
    return value


def enter(realm_id, batch=False):
    """Count this call; False when a throttle is exceeded (the caller sends 429)."""
    limit = settings()
    at = window()
    over = bump(realm_id, MINUTE, at) > limit[MINUTE]
    if batch:
        over = bump(realm_id, BATCH, at) > limit[BATCH] or over
    in_flight = bump(realm_id, INFLIGHT, 0)
    sandbox_db.session.commit()
    return not over and in_flight <= limit[INFLIGHT]


def meter_items(realm_id, count):
    """Each batch item is metered like a call of its own."""
    if count > 1:
        bump(realm_id, MINUTE, window(), count - 1)
        sandbox_db.session.commit()


def leave(realm_id):
    sandbox_db.session.rollback()
    bump(realm_id, INFLIGHT, 0, -1)
    sandbox_db.session.commit()
