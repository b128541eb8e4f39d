"""Starting, cancelling, ending and recovering sync runs: one active per company."""

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from redis.exceptions import RedisError
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy.exc import IntegrityError

from app import tasks
from app.extensions import db
from app.models import SyncItem, SyncRun
from app.models.base import utcnow
from app.notifications.services import admin_ids, notify
from app.sync import counts
from app.sync.kinds import REQUESTS, in_run_order

log = logging.getLogger("ledgerbridge.sync")

JOB = "app.sync.engine.run_sync"
DEAD_JOB = {JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED}
RETRIED = (SyncItem.FAILED, SyncItem.SKIPPED)
# Which request brings each failed item back in a retry. A customer the pull could
# not take is not ours to send again: the next full pull looks at it afresh.
REQUEST_OF = {
    kind: request
    for request, kinds in REQUESTS.items()
    for kind in kinds
    if request != "pull_customers"
}
REQUEST_OF["customer"] = "push_invoices"


def active_run(company_id):
    """The company's queued or running run, after clearing any that died."""
    recover_stale(company_id)
    return db.session.scalar(
        SyncRun.for_company(company_id).where(SyncRun.status.in_(SyncRun.ACTIVE))
    )


def start(company_id, provider, kinds, user=None, trigger="manual", retry_of=None,
          enqueue=True):  # fmt: skip
    """(run, created): a new queued run, or the one already active."""
    current = active_run(company_id)
    if current is not None:
        return current, False
    run = SyncRun(
        company_id=company_id,
        provider=provider,
        kinds=",".join(in_run_order(kinds)),
        trigger=trigger,
        started_by_id=user.id if user is not None else None,
        retry_of_id=retry_of.id if retry_of is not None else None,
    )
    db.session.add(run)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a second Proceed at the same moment: one run wins
        return active_run(company_id), False
    if not enqueue:
        return run, True
    try:
        job = tasks.enqueue(JOB, run.id, job_id=f"lb-sync-{run.id}")
    except RedisError:
        log.exception("Could not queue sync run %s", run.id)
        finish(run.id, SyncRun.FAILED, "queue_unavailable",
               "The background queue is not reachable, so the sync could not "
               "start. Check that Redis and the worker are running.")  # fmt: skip
        return run, True
    run.job_id = job.id
    db.session.commit()
    return run, True


def retry_kinds(run):
    """The requests a retry of this run's failed and skipped items needs."""
    kinds = db.session.scalars(
        sa.select(SyncItem.kind)
        .where(SyncItem.run_id == run.id, SyncItem.status.in_(RETRIED))
        .distinct()
    )
    return {REQUEST_OF[kind] for kind in kinds if kind in REQUEST_OF}


def retry_scope(run):
    """For a retry run, {kind: local ids} it may touch; None for a full run."""
    if run.retry_of_id is None:
        return None
    scope = {}
    rows = db.session.execute(
        sa.select(SyncItem.kind, SyncItem.local_id).where(
            SyncItem.run_id == run.retry_of_id, SyncItem.status.in_(RETRIED)
        )
    )
    for kind, local_id in rows:
        scope.setdefault(kind, set()).add(local_id)
    if "allocation" in scope:
        scope.setdefault("credit_note", set())
    scope.setdefault("customer", set()).update(customers_of(run.company_id, scope))
    return scope


def customers_of(company_id, scope):
    """The customers the documents in scope belong to: they may need pushing."""
    from app.models import CreditNote, Payment, SalesInvoice

    found = set()
    for model, kind in ((SalesInvoice, "invoice"), (CreditNote, "credit_note")):
        ids = scope.get(kind) or scope.get(
            "allocation" if kind == "credit_note" else ""
        )
        if ids:
            found.update(
                db.session.scalars(
                    sa.select(model.customer_id).where(model.id.in_(list(ids)))
                )
            )
    if scope.get("payment"):
        found.update(
            db.session.scalars(
                sa.select(SalesInvoice.customer_id)
                .join(Payment, Payment.invoice_id == SalesInvoice.id)
                .where(Payment.id.in_(list(scope["payment"])))
            )
        )
    return found


def cancel(run):
    """Queued: cancelled now. Running: stops after the batch in flight."""
    if run.status == SyncRun.QUEUED:
        finish(run.id, SyncRun.CANCELLED, "cancelled", "Cancelled before it started.")
    elif run.status == SyncRun.RUNNING:
        run.cancel_requested = True
        db.session.commit()


def finish(run_id, status, code=None, message=None):
    """End a run once: its status, its time, and a bell for the people it concerns."""
    run = db.session.get(SyncRun, run_id)
    if run is None or run.status in SyncRun.ENDED:
        return run
    run.status, run.finished_at = status, utcnow()
    run.error_code, run.message = code, message
    notify_ended(run)
    db.session.commit()
    return run


def notify_ended(run):
    """Tell whoever started it, and every admin, how the run ended."""
    name = run.provider_name
    titles = {
        SyncRun.SUCCEEDED: f"{name} sync succeeded",
        SyncRun.WITH_ERRORS: f"{name} sync completed with {run.failed} "
        f"error{'s' if run.failed != 1 else ''}",
        SyncRun.FAILED: f"{name} sync failed",
        SyncRun.CANCELLED: f"{name} sync cancelled",
    }
    body = f"{counts.summary(run)}."
    if run.message:
        body = f"{run.message} {body}"
    people = set(admin_ids(run.company_id))
    if run.started_by_id:
        people.add(run.started_by_id)
    notify(
        run.company_id,
        sorted(people),
        titles.get(run.status, f"{name} sync ended"),
        body,
        "history.index",
        run=run.id,
        _anchor=f"run-{run.id}",
    )


def recover_stale(company_id=None, now=None):
    """Fail runs whose worker died: no heartbeat for a while, or RQ says the job
    is dead or gone. Returns how many were recovered."""
    now = now or utcnow()
    stale = timedelta(seconds=current_app.config.get("SYNC_STALE_SECONDS", 60))
    query = sa.select(SyncRun).where(SyncRun.status.in_(SyncRun.ACTIVE))
    if company_id is not None:
        query = query.where(SyncRun.company_id == company_id)
    recovered = 0
    for run in db.session.scalars(query).all():
        last = aware(run.heartbeat_at or run.started_at or run.created_at)
        dead_job = job_is_dead(run)
        if dead_job or (run.status == SyncRun.RUNNING and last < now - stale):
            finish(run.id, SyncRun.FAILED, "worker_stopped",
                   "The background worker stopped during this sync. Nothing sent "
                   "twice: the next sync finishes the work.")  # fmt: skip
            recovered += 1
    return recovered


def job_is_dead(run):
    """True when RQ knows the job failed or no longer has it at all."""
    if not run.job_id:
        return False
    try:
        job = Job.fetch(run.job_id, connection=tasks.redis_connection())
        return job.get_status(refresh=False) in DEAD_JOB
    except NoSuchJobError:
        return True
    except RedisError:
        return False  # cannot tell; the heartbeat rule still applies


def aware(moment):
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
