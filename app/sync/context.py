"""What a run's steps and the Save & Sync preflight share: one context for both."""

import json

import sqlalchemy as sa

from app.extensions import db
from app.models import SyncItem, SyncRun
from app.sync import failures, runs

# The run's counter each successful action adds to: a void changes their record.
COUNTED = {
    "created": "created",
    "updated": "updated",
    "voided": "updated",
    "deleted": "updated",
    "linked": "linked",
}
NOT_READ = object()  # a value read from the package once, when first needed


class Stop(Exception):
    """End the run early: cancelled, or the package cannot be worked with now."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class RunContext:
    """The company, the package, our options, what was read from the package and
    what failed. With a run it also records items and progress; without one (the
    preflight) it only checks."""

    def __init__(self, connection, provider, options, run=None):
        self.run = run
        self.company_id = connection.company_id
        self.connection = connection
        self.provider = provider  # the package's client (app.providers.base)
        self.provider_key = connection.provider  # "xero": links and runs say so
        self.provider_label = connection.provider_name  # the label people read
        self.options = options
        self.codes = None  # app.sync.codes.build(), once read
        self.remote_customers = None  # {normal name: [remote customers]}, once read
        self.unreadable = []  # the package's records we could not read
        self.linked_customers = set()  # our customer ids linked there, as it pulls
        self.default_sales = NOT_READ  # the options' sales code, if the package has it
        self.failed = {kind: set() for kind in ("customer", "invoice", "credit_note")}
        self.progress = json.loads(run.progress or "{}") if run is not None else {}
        # {kind: {local ids}} for a retry, else None: everything may be touched.
        self.only = runs.retry_scope(run) if run is not None else None

    def wanted(self, kind, local_id):
        return self.only is None or local_id in self.only.get(kind, ())

    def record(self, kind, local_id, label, action, *, status=SyncItem.OK,
               error=None, code=None, note=None, remote_id=None, url=None):  # fmt: skip
        """Add one item's outcome and keep the run's counters in step."""
        message, request_id = None, None
        if error is not None:
            code = code or failures.classify(
                self.provider_key, error.code, error.message
            )
            message, request_id = error.message or None, error.request_id
        db.session.add(
            SyncItem(
                run_id=self.run.id,
                kind=kind,
                local_id=local_id,
                label=(label or "")[:250],
                action=action,
                status=status,
                error_code=code,
                provider_message=(message or "")[:4000] or None,
                note=note,
                request_id=request_id,
                remote_id=remote_id,
                remote_url=url,
            )
        )
        if status != SyncItem.OK and kind in self.failed:
            self.failed[kind].add(local_id)  # what depends on it is held back too
        if status == SyncItem.FAILED:
            self.run.failed += 1
        elif status == SyncItem.SKIPPED:
            self.run.skipped += 1
        elif action in COUNTED:
            column = COUNTED[action]
            setattr(self.run, column, getattr(self.run, column) + 1)

    def advance(self, kind, done=1):
        """Count work done on a kind, save it, and stop here if asked to."""
        pair = self.progress.setdefault(kind, [0, 0])
        pair[0] += done
        pair[1] = max(pair[1], pair[0])
        self.run.progress = json.dumps(self.progress)
        db.session.commit()
        cancelled = db.session.scalar(
            sa.select(SyncRun.cancel_requested).where(SyncRun.id == self.run.id)
        )
        if cancelled:
            raise Stop(SyncRun.CANCELLED, "cancelled", "Cancelled by a user.")

    def set_total(self, kind, total):
        pair = self.progress.setdefault(kind, [0, 0])
        pair[1] = total
        self.run.progress = json.dumps(self.progress)
