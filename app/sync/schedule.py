"""Automatic sync: a tick job the RQ scheduler re-runs, the `flask sync` command, and
a run booked to carry on when the package's long rate limit lifts."""

import logging
from datetime import timedelta

import sqlalchemy as sa
from redis.exceptions import RedisError

from app import tasks
from app.extensions import db
from app.models import AccountsConnection, SyncOptions, SyncRun
from app.models.base import utcnow
from app.sync import runs
from app.sync.kinds import switched_on

log = logging.getLogger("ledgerbridge.sync")

TICK = "app.sync.schedule.tick"
RESUME = "app.sync.schedule.resume"
TICK_SECONDS = 300
CHAIN_KEY = "lb:sync:tick-chain"


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
            company_id, provider, switched_on(options), trigger="schedule"
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
            tasks.enqueue(TICK, delay=timedelta(seconds=TICK_SECONDS))
    except RedisError:
        log.warning("Could not book the next automatic sync tick")


def book_resume(run, wait_seconds):
    """The package asked for a wait too long to sit out inside a run (Xero's day
    limit): book a run to carry on when it lifts. Returns the sentence that tells
    the person so. A resumed run that stopped again having done nothing books no
    other, so a limit that never lifts cannot start runs for ever."""
    if run.trigger == "resume" and not (run.created or run.updated or run.linked):
        return "It stopped again before doing anything, so it waits for the next sync."
    wait = max(60, int(wait_seconds or 0))
    try:
        tasks.enqueue(RESUME, run.id, job_id=f"lb-resume-{run.id}",
                      delay=timedelta(seconds=wait))  # fmt: skip
    except RedisError:
        log.warning("Could not book run %s to carry on", run.id)
        return "Sync again later to carry on."
    return f"It carries on by itself in about {in_words(wait)}."


def in_words(seconds):
    """A wait as a person would say it: "3 hours", "20 minutes", "a minute"."""
    hours, minutes = round(seconds / 3600), round(seconds / 60)
    if hours >= 2:
        return f"{hours} hours"
    if minutes >= 2:
        return f"{minutes} minutes"
    return "a minute"


def resume(run_id):
    """Booked by book_resume: the stopped run's requests again, unless a run is
    going (it does the work) or the package was disconnected meanwhile."""
    stopped = db.session.get(SyncRun, run_id)
    if stopped is None:
        return None
    connected = db.session.scalar(
        AccountsConnection.for_company(stopped.company_id).where(
            AccountsConnection.provider == stopped.provider,
            AccountsConnection.status == AccountsConnection.CONNECTED,
        )
    )
    if connected is None:
        log.info("Run %s does not carry on: the package was disconnected", run_id)
        return None
    run, created = runs.start(
        stopped.company_id, stopped.provider, stopped.kind_list,
        user=stopped.started_by, trigger="resume",
    )  # fmt: skip
    return run.id if created else None
