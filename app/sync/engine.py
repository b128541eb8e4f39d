"""run_sync(run_id): the RQ job that pulls, then pushes, recording every item."""

import logging
import threading

import sqlalchemy as sa

from app import logs
from app.extensions import db
from app.integrations import services as connections
from app.integrations.clients import provider_for
from app.models import AccountsConnection, SyncRun
from app.models.base import utcnow
from app.providers.base import ProviderError
from app.sync import codes, counts, failures, pull, push, runs, schedule
from app.sync.context import RunContext, Stop
from app.sync.options import options_for

log = logging.getLogger("ledgerbridge.sync")

HEARTBEAT_SECONDS = 5
# Only a refusal of the connection itself asks for a reconnect; a token that
# lapsed twice inside one call fails this run and the next one refreshes.
RECONNECT = {"auth_revoked"}


def run_sync(run_id):
    """The job: one SyncRun from queued to an end, whatever happens on the way."""
    with logs.for_run(run_id):
        sync_run(run_id)


def sync_run(run_id):
    """Claim the run, do its steps and end it, recording how it went."""
    claimed = db.session.execute(
        sa.update(SyncRun)
        .where(SyncRun.id == run_id, SyncRun.status == SyncRun.QUEUED)
        .values(status=SyncRun.RUNNING, started_at=utcnow(), heartbeat_at=utcnow())
    ).rowcount
    db.session.commit()
    if not claimed:  # cancelled while queued, or another process has it
        log.info("Sync run %s is not queued; nothing to do", run_id)
        return
    run = db.session.get(SyncRun, run_id)
    db.session.refresh(run)
    beat = Heartbeat(run.id)
    beat.start()
    session = db.session()
    # Only this job writes the rows it loads, so a commit need not expire them:
    # reloading each row after every batch cost more than the rest of the engine.
    expiring, session.expire_on_commit = session.expire_on_commit, False
    try:
        outcome = execute(run)
    except Exception:
        db.session.rollback()
        runs.finish(
            run_id,
            SyncRun.FAILED,
            "internal",
            "The sync stopped on an unexpected problem; the next run will finish "
            "the work.",
        )
        raise  # RQ records the traceback; the run row already says what happened
    finally:
        session.expire_on_commit = expiring
        beat.stop()
    runs.finish(run_id, *outcome)


def execute(run):
    """Run the steps; (status, error code, message) for runs.finish."""
    connection = db.session.scalar(
        AccountsConnection.for_company(run.company_id).where(
            AccountsConnection.provider == run.provider
        )
    )
    if connection is None or not connection.is_connected:
        return (
            SyncRun.FAILED,
            "needs_reconnect",
            "The accounts package is not connected; reconnect it in Settings.",
        )
    context = RunContext(
        connection, provider_for(connection), options_for(run.company_id), run
    )
    try:
        prepare(context)
        for step in steps(run):
            step(context)
    except Stop as stop:
        db.session.rollback()
        return stop.status, stop.code, stop.message
    except ProviderError as error:
        db.session.rollback()
        code = failures.classify(run.provider, error.code, error.message)
        if error.code in RECONNECT:
            connections.mark_needs_reconnect(connection.id, error.message)
        message = failures.explain(code, error.message)
        if code == "rate_limited":
            message = f"{message} {schedule.book_resume(run, error.retry_after)}"
        return SyncRun.FAILED, code, message
    if run.failed:
        return SyncRun.WITH_ERRORS, None, None
    return SyncRun.SUCCEEDED, None, None


def prepare(context):
    """Read what the plan needs from the package: lock date and codes."""
    organisation = context.provider.organisation()
    context.connection.lock_date = organisation.lock_date
    if organisation.name:
        context.connection.organisation_name = organisation.name
    context.codes = codes.build(context.company_id, context.options, context.provider)
    for kind, total in counts.totals(context).items():
        context.set_total(kind, total)
    db.session.commit()


def steps(run):
    """The steps the run asked for, in dependency order."""
    asked, kinds = set(run.kind_list), run.pushed_kinds
    chosen = []
    if "pull_codes" in asked:
        chosen.append(pull.pull_codes)
    if "pull_customers" in asked:
        chosen.append(pull.pull_customers)
    if kinds:
        chosen.append(push.push_customers)
    # Deletions and voids first: the package will not void an invoice that still
    # has a payment or an allocated credit note on it.
    if "payment" in kinds:
        chosen.append(push.push_payment_deletions)
    if "credit_note" in kinds:
        chosen.append(push.push_credit_note_voids)
    if "invoice" in kinds:
        chosen.extend((push.push_invoices, push.push_invoice_voids))
    if "credit_note" in kinds:
        chosen.extend((push.push_credit_notes, push.push_allocations))
    if "payment" in kinds:
        chosen.append(push.push_payments)
    return chosen


class Heartbeat:
    """Touch the run every few seconds from a thread, so a dead worker shows."""

    def __init__(self, run_id):
        self.run_id = run_id
        self.engine = db.engine
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.beat, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.done.set()
        self.thread.join(timeout=HEARTBEAT_SECONDS * 2)

    def beat(self):
        while not self.done.wait(HEARTBEAT_SECONDS):
            try:
                with self.engine.begin() as connection:
                    connection.execute(
                        sa.update(SyncRun)
                        .where(SyncRun.id == self.run_id)
                        .values(heartbeat_at=utcnow())
                    )
            except sa.exc.SQLAlchemyError:
                log.warning("Heartbeat for run %s missed", self.run_id)
