"""Automatic sync: a tick job the RQ scheduler re-runs, and the `flask sync` command."""

import logging
from datetime import timedelta

import sqlalchemy as sa
from redis.exceptions import RedisError

from app import tasks
from app.extensions import db
from app.models import AccountsConnection, SyncOptions, SyncRun
from app.models.base import utcnow
from app.sync import runs

log = logging.getLogger("ledgerbridge.sync")

TICK = "app.sync.schedule.tick"
TICK_SECONDS = 300
CHAIN_KEY = "lb:sync:tick-chain"


def requests_for(options):
    """The requests the company's options turn on."""
    from app.integrations.options import FLAGS

    return [flag for flag in FLAGS if getattr(options, flag)]


def due(now=None):
    """(company id, provider, options) for each company whose automatic sync is due."""
    now = now or utcnow()
    rows = db.session.execute(
        sa.select(SyncOptions, AccountsConnection)
        .join(
            AccountsConnection,
            AccountsConnection.company_id == SyncOptions.company_id,
        )
        .where(
            AccountsConnection.status == AccountsConnection.CONNECTED,
            SyncOptions.auto_sync != "off",
        )
    ).all()
    for options, connection in rows:
        every = SyncOptions.SCHEDULES.get(options.auto_sync)
        if not every:
            continue
        last = db.session.scalar(
            sa.select(sa.func.max(SyncRun.created_at)).where(
                SyncRun.company_id == options.company_id
            )
        )
        if last is None or runs.aware(last) <= now - timedelta(seconds=every):
            yield options.company_id, connection.provider, options


def start_due(now=None):
    """Start every due automatic sync; the ids of the runs started."""
    started = []
    for company_id, provider, options in list(due(now)):
        run, created = runs.start(
            company_id, provider, requests_for(options), trigger="schedule"
        )
        if created:
            started.append(run.id)
    return started


def tick():
    """The scheduled job: start what is due, then book the next tick."""
    try:
        started = start_due()
        if started:
            log.info("Automatic sync started runs %s", started)
    finally:
        book_next(force=True)


def book_next(force=False):
    """Keep exactly one tick booked: the chain key says one is already waiting."""
    try:
        redis = tasks.redis_connection()
        claimed = redis.set(CHAIN_KEY, "1", ex=TICK_SECONDS * 3, nx=not force)
        if claimed:
            tasks.queue().enqueue_in(
                timedelta(seconds=TICK_SECONDS),
                TICK,
                job_timeout=tasks.JOB_TIMEOUT,
                result_ttl=tasks.RESULT_TTL,
                failure_ttl=tasks.FAILURE_TTL,
            )
    except RedisError:
        log.warning("Could not book the next automatic sync tick")
